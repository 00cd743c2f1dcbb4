/**
 * `out/captioner.safetensors`: the trained captioner in a safetensors file (`@layerspec/interop`), with
 * what a page needs to rebuild and show it. Format `layerspec-show-attend-tell`, version 1:
 *
 * - tensors: every param of `buildCaptionerGraph` under its name (float32), and `example/image`
 *   (N, 32, 32, 3) float32 in [0, 1], `example/tokens` (N, 7) int32 (the trained model's greedy caption on
 *   tfjs-wasm, `<pad>` after `<eos>`), `example/attention` (N, 7, 16) float32 (its attention at each word,
 *   zeros after `<eos>`);
 * - `__metadata__` (strings): `format`, `format_version`, `config` (JSON `CaptionerConfig`), `vocabulary`
 *   (JSON list, token id = index), `image_size` ("32"), `grid` ("4"), `max_len` ("7"), `seed` (the run's
 *   `--seed`), `captions` (JSON list of the example captions, for people).
 *
 * A reader rejects another format, a newer version and sizes this graph cannot build.
 */
import { readSafetensorsWithMetadata, writeSafetensors } from '@layerspec/interop';
import { LayerspecError, type HostTensor } from '@layerspec/spec';
import { GRID } from './attention-overlay.js';
import type { CaptionerConfig } from './config.js';
import { IMAGE_SIZE, MAX_LEN } from './data.js';

export const CAPTIONER_FORMAT = 'layerspec-show-attend-tell';
export const CAPTIONER_FORMAT_VERSION = 1;
const WHERE = 'readCaptionerFile';
const EXAMPLE = { image: 'example/image', tokens: 'example/tokens', attention: 'example/attention' } as const;

export interface CaptionerExamples {
  image: HostTensor;
  tokens: HostTensor;
  attention: HostTensor;
}

export interface CaptionerFile {
  config: CaptionerConfig;
  vocabulary: string[];
  /** The `--seed` of the run that trained and saved it. */
  seed: number;
  weights: Record<string, HostTensor>;
  examples: CaptionerExamples;
  /** The example captions (`tokens` as words, up to `<eos>`). */
  captions: string[];
}

export function writeCaptionerFile(file: CaptionerFile): Uint8Array {
  const tensors: Record<string, HostTensor> = { ...file.weights };
  for (const [key, name] of Object.entries(EXAMPLE)) tensors[name] = file.examples[key as keyof CaptionerExamples];
  return writeSafetensors(tensors, {
    format: CAPTIONER_FORMAT,
    format_version: String(CAPTIONER_FORMAT_VERSION),
    config: JSON.stringify(file.config),
    vocabulary: JSON.stringify(file.vocabulary),
    image_size: String(IMAGE_SIZE),
    grid: String(GRID),
    max_len: String(MAX_LEN),
    seed: String(file.seed),
    captions: JSON.stringify(file.captions),
  });
}

function json(meta: Record<string, string>, key: string): unknown {
  const text = meta[key];
  if (text === undefined) throw new LayerspecError(WHERE, `the metadata has no '${key}'`);
  try {
    return JSON.parse(text);
  } catch {
    throw new LayerspecError(WHERE, `metadata '${key}' is not JSON: ${text.slice(0, 80)}`);
  }
}

function isConfig(c: unknown): c is CaptionerConfig {
  if (typeof c !== 'object' || c === null) return false;
  const r = c as Record<string, unknown>;
  const positive = (v: unknown): boolean => Number.isInteger(v) && Number(v) >= 1;
  const filters = r['filters'];
  return (
    Array.isArray(filters) &&
    filters.length === 3 &&
    filters.every(positive) &&
    ['embed', 'units', 'attentionUnits'].every((k) => positive(r[k]))
  );
}

export function readCaptionerFile(bytes: Uint8Array): CaptionerFile {
  const { tensors, metadata: meta } = readSafetensorsWithMetadata(bytes);
  if (meta['format'] !== CAPTIONER_FORMAT)
    throw new LayerspecError(WHERE, `not a ${CAPTIONER_FORMAT} file (its metadata format is ${JSON.stringify(meta['format'] ?? null)})`);
  const version = Number(meta['format_version']);
  if (!Number.isInteger(version) || version < 1 || version > CAPTIONER_FORMAT_VERSION)
    throw new LayerspecError(
      WHERE,
      `format_version ${meta['format_version']} is not one this reader knows (1 to ${CAPTIONER_FORMAT_VERSION})`,
    );
  for (const [key, want] of [
    ['image_size', IMAGE_SIZE],
    ['grid', GRID],
    ['max_len', MAX_LEN],
  ] as const) {
    if (Number(meta[key]) !== want) throw new LayerspecError(WHERE, `metadata ${key} is ${meta[key]}, but this captioner's is ${want}`);
  }
  const config = json(meta, 'config');
  if (!isConfig(config)) throw new LayerspecError(WHERE, `metadata config is not a captioner config: ${meta['config']}`);
  const vocabulary = json(meta, 'vocabulary');
  if (!Array.isArray(vocabulary) || !vocabulary.every((w): w is string => typeof w === 'string'))
    throw new LayerspecError(WHERE, `metadata vocabulary is not a list of words: ${meta['vocabulary']}`);
  const captions = json(meta, 'captions');
  const weights: Record<string, HostTensor> = {};
  for (const [name, t] of Object.entries(tensors)) if (!name.startsWith('example/')) weights[name] = t;
  const example = (name: string): HostTensor => {
    const t = tensors[name];
    if (!t) throw new LayerspecError(WHERE, `the file has no tensor '${name}'`);
    return t;
  };
  return {
    config,
    vocabulary,
    seed: Number(meta['seed']),
    weights,
    examples: { image: example(EXAMPLE.image), tokens: example(EXAMPLE.tokens), attention: example(EXAMPLE.attention) },
    captions: Array.isArray(captions) ? captions.map(String) : [],
  };
}
