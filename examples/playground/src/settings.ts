/**
 * What the page runs: a layer of the layer table with its config and build options, the inputs it is
 * given (shapes), the padding of its masks, a seed and how many timed runs. The starting values of a
 * layer come from its conformance generator (one fixed sample, always a valid case); MultiHeadAttention,
 * the page's first layer, starts from a small causal, padded case.
 */
import { ARBITRARIES, LAYER_FACTS } from '@layerspec/conformance';
import type { DType, LayerName } from '@layerspec/spec';
import fc from 'fast-check';

export interface Settings {
  layer: LayerName;
  config: Record<string, unknown>;
  buildOptions: Record<string, unknown>;
  /** The inputs given, by name, with their concrete shapes. */
  shapes: Record<string, number[]>;
  /** The dtypes of inputs the layer's declaration does not list (a Functional model's, named by its config). */
  dtypes: Record<string, DType>;
  /** The last `padding` positions along the last axis of every bool (mask) input are masked out. */
  padding: number;
  seed: number;
  /** Timed runs per backend after the first. */
  runs: number;
}

const MHA: Omit<Settings, 'layer'> = {
  config: { numHeads: 2, keyDim: 4 },
  buildOptions: { useCausalMask: true, returnAttentionScores: true },
  shapes: { query: [2, 6, 8], value: [2, 6, 8], attention_mask: [2, 6, 6] },
  dtypes: {},
  padding: 1,
  seed: 1,
  runs: 5,
};

const AW_SHAPES: Settings['shapes'] = { inputs: [2, 5, 3], memory: [2, 7, 4], memory_mask: [2, 7] };

/** The starting settings of a layer. */
export function defaultSettings(layer: LayerName): Settings {
  if (layer === 'MultiHeadAttention') return structuredClone({ layer, ...MHA });
  const [sample] = fc.sample(ARBITRARIES[layer], { seed: 7, numRuns: 1 });
  if (!sample) throw new Error(`no sample case for ${layer}`);
  const config = { ...sample.config };
  const buildOptions = { ...sample.buildOptions };
  // An attention layer returns its weights, so the page can draw them.
  const scores = LAYER_FACTS[layer].attention?.scores.on;
  if (scores) (scores.in === 'config' ? config : buildOptions)[scores.key] = true;
  const shapes = Object.fromEntries(Object.entries(sample.inputTypes).map(([name, t]) => [name, t.shape.map(Number)]));
  const dtypes = Object.fromEntries(Object.entries(sample.inputTypes).map(([name, t]) => [name, t.dtype]));
  const settings = { layer, config, buildOptions, shapes, dtypes, padding: 0, seed: 1, runs: 5 };
  // AttentionWrapper: enough steps and memory for the step slider to show something, the memory padded.
  if (layer === 'AttentionWrapper') Object.assign(settings, { shapes: AW_SHAPES, padding: 1 });
  return settings;
}
