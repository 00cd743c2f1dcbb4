import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LayerNormalization, graphToJSON } from '@layerspec/spec';
import { conformanceCommand, parseConformanceArgs, pickTargets, replayCommand } from './conformance-command.js';

describe('layerspec conformance', () => {
  it('parses its flags and rejects bad ones', () => {
    expect(parseConformanceArgs(['--backends', 'tfjs-cpu, onnx-web@23', '--runs', '7', '--seed', '3', '--path', '1:0'])).toMatchObject({
      backends: ['tfjs-cpu', 'onnx-web@23'],
      runs: 7,
      seed: 3,
      path: '1:0',
    });
    expect(() => parseConformanceArgs(['--runs', '0'])).toThrow("--runs takes an integer from 1 to 1000000, got '0'");
    expect(() => parseConformanceArgs(['--nope', '1'])).toThrow(/unknown flag '--nope'/);
    expect(parseConformanceArgs(['--graph', 'm.json', '--dim', 'batch=1..4', '--dim', 'seq=16'])).toMatchObject({
      graph: 'm.json',
      dims: { batch: [1, 4], seq: [16, 16] },
    });
    expect(() => parseConformanceArgs(['--graph', 'm.json', '--dim', 'seq=1-16'])).toThrow(/expected name=lo..hi/);
    expect(() => parseConformanceArgs(['--dim', 'seq=1..2'])).toThrow(/--dim needs --graph/);
  });

  it('checks a serialized graph with --graph and --dim, forward and gradient cells side by side', async () => {
    const graph = new LayerNormalization({}).build({ input: { dtype: 'float32', shape: ['batch', 3] } });
    const file = join(mkdtempSync(join(tmpdir(), 'conformance-')), 'model.json');
    writeFileSync(file, JSON.stringify(graphToJSON(graph)));
    const lines: string[] = [];
    const log = console.log;
    console.log = (...args: unknown[]) => void lines.push(args.join(' '));
    try {
      expect(await conformanceCommand(['--backends', 'tfjs-cpu', '--graph', file, '--dim', 'batch=1..3', '--runs', '3'])).toBe(0);
    } finally {
      console.log = log;
    }
    expect(lines.join('\n')).toMatch(/graph:LayerNormalization\s+tfjs-cpu\s+matches ref\s+3\s+\S+\s+pass/);
    expect(lines.join('\n')).toMatch(/graph:LayerNormalization\s+tfjs-cpu\s+gradient matches ref\s+3\s+\S+\s+pass/);
  });

  it('expands a backend name to all its targets and names unknown ones', () => {
    const all = [
      { name: 'tfjs-cpu', backend: 'tfjs-cpu' },
      { name: 'onnx-web@17', backend: 'onnx-web' },
      { name: 'onnx-web@23', backend: 'onnx-web' },
    ];
    expect(pickTargets(['onnx-web'], all).map((t) => t.name)).toEqual(['onnx-web@17', 'onnx-web@23']);
    expect(() => pickTargets(['tfjs-gpu'], all)).toThrow(/unknown backend or target 'tfjs-gpu'/);
  });

  it('prints a replay command that its own parser accepts, without --path when there is none', () => {
    const line = replayCommand('onnx-node@23', 'RNN', -1234, '3:0:1');
    expect(line).toBe('npx layerspec conformance --backends onnx-node@23 --layers RNN --seed -1234 --path 3:0:1');
    expect(parseConformanceArgs(line.split(' ').slice(3))).toMatchObject({
      backends: ['onnx-node@23'],
      layers: ['RNN'],
      seed: -1234,
      path: '3:0:1',
    });
    expect(parseConformanceArgs(replayCommand('tfjs-cpu', 'RNN', 0, '').split(' ').slice(3))).toMatchObject({ seed: 0, path: undefined });
  });

  it('runs, prints a table and exits 0 when everything passes', async () => {
    const lines: string[] = [];
    const log = console.log;
    console.log = (...args: unknown[]) => void lines.push(args.join(' '));
    try {
      expect(await conformanceCommand(['--backends', 'tfjs-cpu', '--layers', 'LayerNormalization', '--runs', '3'])).toBe(0);
    } finally {
      console.log = log;
    }
    expect(lines.join('\n')).toMatch(/LayerNormalization\s+tfjs-cpu\s+matches ref\s+3\s+\S+\s+pass/);
    expect(lines[lines.length - 1]!.trim()).toMatch(/^\d+ passed, 0 failed$/);
  });
});
