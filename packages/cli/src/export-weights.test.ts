/**
 * `layerspec export --weights` from safetensors, torch state_dicts (`--from torch`) and Keras files: the
 * exported model, run by onnxruntime, reproduces torch's outputs (the interop fixtures hold both).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSafetensors } from '@layerspec/interop';
import type { HostTensor } from '@layerspec/spec';
import * as ort from 'onnxruntime-web';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { exportCommand } from './export-command.js';
import { runCli } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'layerspec-export-weights-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => void vi.spyOn(console, 'log').mockImplementation(() => undefined));
afterEach(() => vi.restoreAllMocks());

const fixture = (path: string) => fileURLToPath(new URL(`../../interop/fixtures/${path}`, import.meta.url));
const io = (name: string) => readSafetensors(readFileSync(fixture(`torch/${name}.io.safetensors`)));

async function run(model: string, feeds: Record<string, HostTensor>): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(readFileSync(model));
  try {
    const fed = Object.fromEntries(
      Object.entries(feeds).map(([k, t]) => [
        k,
        new ort.Tensor(
          t.dtype === 'bool' ? 'bool' : 'float32',
          t.dtype === 'bool' ? Uint8Array.from(t.data) : Float32Array.from(t.data),
          t.shape,
        ),
      ]),
    );
    return (await session.run(fed))['output']!.data as Float32Array;
  } finally {
    await session.release();
  }
}

const maxDiff = (got: Float32Array, want: HostTensor) => Math.max(...Array.from(got, (v, i) => Math.abs(v - want.data[i]!)));

describe('layerspec export --weights', () => {
  it('embeds a torch nn.TransformerEncoderLayer state_dict (--from torch): onnxruntime reproduces torch', async () => {
    const out = join(dir, 'encoder.onnx');
    await exportCommand([
      'TransformerEncoder',
      '--intermediateDim',
      '12',
      '--numHeads',
      '2',
      '--normalizeFirst',
      'true',
      '--activation',
      'gelu',
      '--layerNormEpsilon',
      '1e-6',
      '--input',
      'input=batch,seq,8',
      '--input',
      'padding_mask=batch,seq',
      '--weights',
      fixture('torch/transformer_pre.safetensors'),
      '--from',
      'torch',
      '-o',
      out,
    ]);
    const t = io('transformer_pre');
    expect(maxDiff(await run(out, { input: t['input']!, padding_mask: t['padding_mask']! }), t['output']!)).toBeLessThan(1e-5);
  });

  it('embeds a Keras .keras file and a safetensors file of layerspec names: both reproduce torch', async () => {
    const t = io('mha');
    for (const weights of ['keras/model.keras', 'keras/model.weights.h5']) {
      const out = join(dir, 'mha.onnx');
      await exportCommand([
        'MultiHeadAttention',
        '--numHeads',
        '2',
        '--keyDim',
        '4',
        '--input',
        'query=batch,seq,8',
        '--input',
        'value=batch,seq,8',
        '--build-useCausalMask',
        'true',
        '--weights',
        fixture(weights),
        '-o',
        out,
      ]);
      expect(maxDiff(await run(out, { query: t['query']!, value: t['query']! }), t['output_causal']!), weights).toBeLessThan(1e-5);
    }
  });
});

describe('layerspec export --weights errors name the file, the key or the flag', () => {
  async function rejected(argv: string[], message: RegExp): Promise<void> {
    const stderr: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void stderr.push(a.join(' ')));
    expect(await runCli(['export', ...argv])).toBe(1);
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toMatch(message);
  }
  const mha = [
    'MultiHeadAttention',
    '--numHeads',
    '2',
    '--keyDim',
    '4',
    '--input',
    'query=batch,seq,8',
    '--input',
    'value=batch,seq,8',
    '-o',
    join(dir, 'x.onnx'),
  ];

  it.each<[string, string[], RegExp]>([
    [
      'torch names without --from torch',
      ['--weights', fixture('torch/mha.safetensors')],
      /has no weight 'in_proj_bias' .*for a torch state_dict add --from torch/,
    ],
    ['--from torch without --weights', ['--from', 'torch'], /--from describes a --weights file: give one/],
    ['--keras-path without --weights', ['--keras-path', 'layers/x'], /--keras-path describes a --weights file/],
    [
      '--from torch on a Keras file',
      ['--weights', fixture('keras/model.keras'), '--from', 'torch'],
      /model\.keras': a Keras file holds Keras names/,
    ],
    [
      'a Keras path that is not there',
      ['--weights', fixture('keras/model.keras'), '--keras-path', 'layers/nope'],
      /model\.keras': readKerasWeights: the file has no group 'layers\/nope'/,
    ],
    [
      'a state_dict of another module',
      ['--weights', fixture('torch/lstm.safetensors'), '--from', 'torch'],
      /lstm\.safetensors': fromTorch\(MultiHeadAttention\): .*missing key 'q_proj_weight'/,
    ],
    ['an unknown file type', ['--weights', join(dir, 'w.npz')], /--weights '.*w\.npz': unknown file type/],
  ])('%s', async (_label, argv, message) => {
    await rejected([...mha, ...argv], message);
  });

  it('a file missing a weight names it', async () => {
    writeFileSync(join(dir, 'gamma.json'), JSON.stringify({ gamma: [1, 2, 3, 4] }));
    await rejected(
      ['LayerNormalization', '--input', 'input=batch,4', '--weights', join(dir, 'gamma.json'), '-o', join(dir, 'ln.onnx')],
      /--weights '.*gamma\.json': the file has no weight 'beta' \(the file has: gamma\)/,
    );
  });
});
