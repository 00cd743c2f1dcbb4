import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { userPath } from './paths.js';

describe('userPath', () => {
  it('resolves against INIT_CWD (the directory npm run was started from), else the working directory', () => {
    expect(userPath('f.onnx', { INIT_CWD: '/home/me/project/sub' }, '/home/me/project')).toBe('/home/me/project/sub/f.onnx');
    expect(userPath('out/f.onnx', {}, '/home/me')).toBe(join('/home/me', 'out/f.onnx'));
    expect(userPath('/abs/f.onnx', { INIT_CWD: '/elsewhere' }, '/home/me')).toBe('/abs/f.onnx');
  });
});
