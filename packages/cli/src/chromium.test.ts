import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, findChromium } from './chromium.js';

describe('findChromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'layerspec-chromium-'));
  const empty = mkdtempSync(join(tmpdir(), 'layerspec-no-chromium-'));
  const exe = (name: string, mode: number): string => {
    const file = join(dir, name);
    writeFileSync(file, '#!/bin/sh\n');
    chmodSync(file, mode);
    return file;
  };
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(empty, { recursive: true, force: true });
  });

  it('takes CHROME_PATH first', () => {
    expect(findChromium({ CHROME_PATH: '/opt/chrome/chrome', PATH: dir })).toBe('/opt/chrome/chrome');
  });

  it('finds an executable chromium-browser on PATH, skipping directories without one and files that cannot run', () => {
    exe('chromium', 0o644);
    const browser = exe('chromium-browser', 0o755);
    expect(findChromium({ PATH: [empty, dir].join(delimiter) })).toBe(browser);
  });

  it('finds nothing on a PATH without one', () => {
    expect(findChromium({ PATH: empty })).toBeUndefined();
  });

  it('asks for WebGPU and SwiftShader', () => {
    expect(CHROMIUM_ARGS).toEqual(expect.arrayContaining(['--no-sandbox', '--enable-unsafe-webgpu']));
  });
});
