import { describe, expect, it } from 'vitest';
import { DETAIL_LIMIT, ECHO_LIMIT, LayerspecError, echo } from './errors.js';
import { layerFromJSON } from './layers/from-json.js';

describe('echo', () => {
  it('calls a string a string, so that 17 and "17" read differently', () => {
    expect(echo('17')).toBe('the string "17"');
    expect(echo(17)).toBe('17');
    expect(echo(null)).toBe('null');
  });

  it('cuts a long value and states its length', () => {
    const long = 'x'.repeat(50_000_000);
    const text = echo(long);
    expect(text.length).toBeLessThan(ECHO_LIMIT + 60);
    expect(text).toContain('(50000002 characters in all)');
    expect(echo({ a: 'y'.repeat(1000) }).length).toBeLessThan(ECHO_LIMIT + 60);
  });

  it('survives values JSON cannot write', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(echo(cyclic)).toBe('[object Object]');
    expect(echo(10n)).toBe('10');
  });
});

describe('LayerspecError', () => {
  it('keeps at most DETAIL_LIMIT characters of any detail', () => {
    const e = new LayerspecError('w', 'z'.repeat(1_000_000));
    expect(e.message.length).toBeLessThan(DETAIL_LIMIT + 100);
  });

  it('never repeats a 50 MB config value in full', () => {
    const huge = 'q'.repeat(50_000_000);
    let message = '';
    try {
      layerFromJSON({ className: 'MultiHeadAttention', config: { numHeads: huge, keyDim: 4 } });
    } catch (e) {
      expect(e).toBeInstanceOf(LayerspecError);
      message = (e as Error).message;
    }
    expect(message).toContain('numHeads');
    expect(message.length).toBeLessThan(DETAIL_LIMIT + 400);
  });
});
