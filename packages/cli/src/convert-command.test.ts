import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LayerspecError, MultiHeadAttention, TransformerEncoder, weightsFromJSON, type HostTensor } from '@layerspec/spec';
import { fromTorch, readKerasWeights, readSafetensors } from '@layerspec/interop';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { convertCommand, parseConvertArgs } from './convert-command.js';
import { runCli } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'layerspec-convert-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** A committed interop fixture (torch state_dicts, Keras files). */
const fixture = (path: string) => fileURLToPath(new URL(`../../interop/fixtures/${path}`, import.meta.url));
const at = (name: string) => join(dir, name);
const quiet = () => vi.spyOn(console, 'log').mockImplementation(() => undefined);
const bits = (w: Record<string, HostTensor>) =>
  Object.fromEntries(Object.entries(w).map(([k, t]) => [k, [t.dtype, ...t.shape, ...new Uint8Array(new Float32Array(t.data).buffer)]]));
const encoderFlags = ['--layer', 'TransformerEncoder', '--intermediateDim', '12', '--numHeads', '2', '--normalizeFirst', 'true'];

describe('layerspec convert', () => {
  it('rewrites safetensors as JSON and back, byte for byte, when no names change', () => {
    quiet();
    convertCommand([fixture('torch/mha.safetensors'), '-o', at('mha.json')]);
    convertCommand([at('mha.json'), '-o', at('mha.safetensors')]);
    expect(readFileSync(at('mha.safetensors'))).toEqual(readFileSync(fixture('torch/mha.safetensors')));
  });

  it('maps a torch state_dict to layerspec names and back to the same state_dict', () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')));
    const sd = readSafetensors(readFileSync(fixture('torch/transformer_pre.safetensors')));
    convertCommand([fixture('torch/transformer_pre.safetensors'), '--from', 'torch', ...encoderFlags, '-o', at('enc.json')]);
    const layer = new TransformerEncoder({ intermediateDim: 12, numHeads: 2, normalizeFirst: true });
    expect(bits(weightsFromJSON(JSON.parse(readFileSync(at('enc.json'), 'utf8'))))).toEqual(bits(fromTorch(layer, sd)));
    expect(lines[0]).toMatch(/^wrote .*enc\.json \(json, layerspec names, 16 tensors, \d+ bytes\)$/);
    expect(lines).toContain('  self_attention/query/kernel: float32[8, 2, 4]');
    convertCommand([at('enc.json'), '--to', 'torch', ...encoderFlags, '-o', at('enc.safetensors')]);
    expect(bits(readSafetensors(readFileSync(at('enc.safetensors'))))).toEqual(bits(sd));
  });

  it('reads a Keras .keras archive and .weights.h5 file for a layer, to layerspec or torch names', () => {
    quiet();
    const mha = ['--layer', 'MultiHeadAttention', '--numHeads', '2', '--keyDim', '4'];
    convertCommand([fixture('keras/model.keras'), ...mha, '-o', at('keras.safetensors')]);
    const layer = new MultiHeadAttention({ numHeads: 2, keyDim: 4 });
    const keras = readKerasWeights(new Uint8Array(readFileSync(fixture('keras/model.weights.h5'))), layer);
    expect(bits(readSafetensors(readFileSync(at('keras.safetensors'))))).toEqual(bits(keras));
    writeFileSync(at('mha.layer.json'), JSON.stringify({ className: 'MultiHeadAttention', config: { numHeads: 2, keyDim: 4 } }));
    convertCommand([
      fixture('keras/model.weights.h5'),
      '--model',
      at('mha.layer.json'),
      '--to',
      'torch',
      '-o',
      at('keras-torch.safetensors'),
    ]);
    // The fixture's Keras weights were made from torch's nn.MultiheadAttention state_dict.
    expect(bits(readSafetensors(readFileSync(at('keras-torch.safetensors'))))).toEqual(
      bits(readSafetensors(readFileSync(fixture('torch/mha.safetensors')))),
    );
  });

  it('leaves the names alone for --from torch --to torch, so no layer is needed', () => {
    expect(parseConvertArgs(['w.safetensors', '--from', 'torch', '--to', 'torch', '-o', at('w.json')])).toMatchObject({
      from: 'layerspec',
      to: 'layerspec',
    });
  });
});

describe('layerspec convert errors: exit code 1, one line naming the flag, the file or the key, nothing written', () => {
  async function rejected(argv: string[], message: string | RegExp): Promise<void> {
    const stderr: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void stderr.push(a.join(' ')));
    const stdout = quiet();
    expect(await runCli(['convert', ...argv])).toBe(1);
    expect(stdout).not.toHaveBeenCalled();
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toMatch(message);
    expect(existsSync(at('never.json'))).toBe(false);
  }
  const out = ['-o', at('never.json')];
  const mha = fixture('torch/mha.safetensors');

  it.each<[string, string[], string | RegExp]>([
    ['a Keras output', [mha, '-o', at('w.weights.h5')], /-o cannot write .*w\.weights\.h5': Keras files are read, not written/],
    ['an unknown output type', [mha, '-o', at('w.bin')], /cannot tell the format of .*w\.bin'/],
    ['an unknown input type', [at('w.txt'), ...out], /<input> '.*w\.txt': unknown file type/],
    ['a missing input', [at('none.safetensors'), ...out], /<input> '.*none\.safetensors': ENOENT/],
    ['a missing -o', [mha], /-o file is required/],
    ['--from torch without a layer', [mha, '--from', 'torch', ...out], /a torch state_dict is read for a layer: name it/],
    ['--to torch without a layer', [mha, '--to', 'torch', ...out], /--to torch maps the names for a layer/],
    ['a Keras file without a layer', [fixture('keras/model.keras'), ...out], /a Keras file is read for a layer/],
    [
      'a Keras file --from torch',
      [fixture('keras/model.keras'), '--from', 'torch', '--layer', 'Dense', '--units', '2', ...out],
      /drop --from torch/,
    ],
    ['config without --layer', [mha, '--numHeads', '2', ...out], /--numHeads is a layer config value: name the layer with --layer/],
    [
      'an unknown layer',
      [mha, '--layer', 'MultiHeadAtention', ...out],
      /unknown layer 'MultiHeadAtention' \(did you mean MultiHeadAttention\?\)/,
    ],
    ['a bad config', [mha, '--layer', 'Dense', ...out], /--layer Dense: .*units/],
    ['--layer and --model', [mha, '--layer', 'Dense', '--model', 'm.json', ...out], /give --layer or --model, not both/],
    [
      'a misshapen torch key',
      [mha, '--from', 'torch', '--layer', 'MultiHeadAttention', '--numHeads', '4', '--keyDim', '4', ...out],
      /'in_proj_weight' must have shape \[48, 16\], got \[24, 8\]/,
    ],
    [
      'a missing weight for --to torch',
      [mha, '--to', 'torch', '--layer', 'Dense', '--units', '2', ...out],
      /--to torch: toTorch\(Dense\): Dense weights is missing key 'kernel'/,
    ],
    [
      'a damaged safetensors file',
      [fixture('keras/model.keras'), '--layer', 'Dense', '--units', '2', ...out],
      /no Keras layout for Dense|no Dense/,
    ],
  ])('%s', async (_label, argv, message) => {
    await rejected(argv, message);
  });

  it('a truncated safetensors file names the problem', async () => {
    writeFileSync(at('cut.safetensors'), readFileSync(mha).subarray(0, 100));
    await rejected([at('cut.safetensors'), ...out], /<input> '.*cut\.safetensors': readSafetensors: /);
    expect(() => parseConvertArgs([at('x.safetensors'), '-o', at('x.json'), '--from', 'pytorch'])).toThrow(LayerspecError);
  });
});
