import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from './options.js';

describe('bench options', () => {
  it('selects every case, backend and default pass when given nothing', () => {
    const o = parseBenchArgs([]);
    expect(o.cases).toEqual(['mha', 'mha-long', 'layernorm', 'attention-wrapper']);
    expect(o.backends).toEqual(['ref', 'tfjs-cpu', 'tfjs-wasm', 'onnx-web', 'onnx-node']);
    expect(o.passes).toBeUndefined();
    expect(o.memory).toBe(true);
  });

  it('reads lists, sizes, runs, json and --no-memory', () => {
    const o = parseBenchArgs(['--layers', 'layernorm,mha', '--backends', 'onnx-web', '--sizes', 'batch=2,seq=16', '--passes', 'forward', '--runs', '3', '--json', 'b.json', '--no-memory']);
    expect(o).toEqual({ cases: ['mha', 'layernorm'], backends: ['onnx-web'], passes: ['forward'], sizes: { batch: 2, seq: 16 }, runs: 3, json: 'b.json', memory: false });
  });

  it('names what is wrong', () => {
    expect(() => parseBenchArgs(['--layers', 'lstm'])).toThrow("--layers: unknown 'lstm' (one of mha, mha-long, layernorm, attention-wrapper)");
    expect(() => parseBenchArgs(['--layers', 'layernorm', '--sizes', 'heads=4'])).toThrow("--sizes: no selected case has a size 'heads' (sizes: batch, seq, model)");
    expect(() => parseBenchArgs(['--sizes', 'batch=0'])).toThrow("--sizes batch takes an integer from 1 to 2147483647, got '0'");
    expect(() => parseBenchArgs(['--sizes', 'batch'])).toThrow("--sizes takes name=value,... (a name of letters, digits and _, then =), got 'batch'");
    expect(() => parseBenchArgs(['--runs'])).toThrow('--runs needs a value');
    expect(() => parseBenchArgs(['--suite', 'ref'])).toThrow("unknown flag '--suite'");
  });
});
