import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Tensor, Variable } from '@tensorflow/tfjs';
import { tf } from '@layerspec/backend-tfjs';

/** The constructor options of tfjs-layers' MultiHeadAttention this project uses. */
export interface TfjsLayersMhaArgs {
  numHeads: number;
  keyDim: number;
  valueDim?: number;
  dropout?: number;
  useBias?: boolean;
  outputShape?: number;
  name?: string;
}

export interface TfjsLayersMhaCallOptions {
  value: Tensor;
  /** Default: `value`. */
  key?: Tensor;
  useCausalMask?: boolean;
  training?: boolean;
}

/** A tfjs-layers LayerVariable: a named wrapper around a core `tf.Variable`. */
export interface TfjsLayerVariable {
  readonly name: string;
  read(): Variable;
  dispose(): void;
}

/** tfjs-layers' EinsumDense, the projection sublayer of its MultiHeadAttention. */
export interface TfjsEinsumDense {
  readonly name: string;
  readonly trainableWeights: TfjsLayerVariable[];
  build(inputShape: number[]): void;
  getWeights(): Tensor[];
  setWeights(weights: Tensor[]): void;
}

/**
 * tfjs-layers 4.22's MultiHeadAttention, typed as far as this project uses it. Its weights belong
 * to the four EinsumDense sublayers, which the layer does not track: its own `getWeights()` is
 * empty and its `setWeights` accepts only an empty list.
 */
export interface TfjsLayersMha {
  readonly name: string;
  /**
   * In 4.22 this works on symbolic inputs only: with concrete tensors it hands `[query, value]` to
   * `call` as the query, which fails. Use `call` for eager execution.
   */
  apply(query: Tensor, kwargs: TfjsLayersMhaCallOptions): Tensor | Tensor[];
  call(query: Tensor, kwargs: TfjsLayersMhaCallOptions): Tensor;
  callAndReturnAttentionScores(query: Tensor, kwargs: TfjsLayersMhaCallOptions): [Tensor, Tensor];
  /** The base Layer's no-op build; the weights are created by `buildFromSignature`. */
  build(inputShape: number[] | number[][]): void;
  /** Creates the sublayers (not yet their weights, which their own `build` creates). */
  buildFromSignature(queryShape: number[], valueShape: number[], keyShape?: number[]): void;
  getWeights(): Tensor[];
  setWeights(weights: Tensor[]): void;
  /** Throws unless the layer went through `apply`, which is never the case with eager tensors. */
  dispose(): { refCountAfterDispose: number; numDisposedVariables: number };
  /** Defined once `buildFromSignature` has run. */
  readonly _queryDense: TfjsEinsumDense;
  readonly _keyDense: TfjsEinsumDense;
  readonly _valueDense: TfjsEinsumDense;
  readonly _outputDense: TfjsEinsumDense;
}

export type TfjsLayersMhaClass = new (args: TfjsLayersMhaArgs) => TfjsLayersMha;

type Registration = ReturnType<typeof tf.serialization.SerializationMap.getMap>['classNameMap'][string];

function isMhaClass(value: unknown): value is TfjsLayersMhaClass {
  return typeof value === 'function' && 'className' in value && value.className === 'MultiHeadAttention';
}

let loading: Promise<TfjsLayersMhaClass> | undefined;

/**
 * tfjs-layers' MultiHeadAttention class, which the package ships in dist/layers/nlp/ but leaves out
 * of its bundles. Imported through Node module hooks (tfjs-layers-hooks.mjs); its tfjs-core is the
 * instance `@tensorflow/tfjs` uses. Needs Node 20.6 or later.
 */
export function loadTfjsLayersMha(): Promise<TfjsLayersMhaClass> {
  loading ??= importMha().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

async function importMha(): Promise<TfjsLayersMhaClass> {
  const { register } = await import('node:module');
  if (typeof register !== 'function')
    throw new Error(`loading tfjs-layers' MultiHeadAttention needs Node 20.6 or later (this is ${process.version})`);
  const fromTfjs = createRequire(createRequire(import.meta.url).resolve('@tensorflow/tfjs'));
  const layersDist = pathToFileURL(`${join(dirname(fromTfjs.resolve('@tensorflow/tfjs-layers/package.json')), 'dist')}/`).href;
  const entry = new URL('layers/nlp/multihead_attention.js', layersDist).href;
  const coreURL = pathToFileURL(fromTfjs.resolve('@tensorflow/tfjs-core')).href;
  // From src/peers/ and from dist/peers/ alike this names src/peers/, which the package publishes.
  register(new URL('../../src/peers/tfjs-layers-hooks.mjs', import.meta.url), { data: { layersDist, entry, coreURL } });

  // The imported modules are a second copy of tfjs-layers, sharing tfjs-core's one registry of
  // classes by name. Importing them re-registers Dense, GlorotUniform, Zeros, linear, ... with
  // their own classes, which the bundle behind `tf.layers` would then get when loading a model,
  // while they themselves look up their own classes when building sublayers (and reject the
  // bundle's: their `instanceof` checks). So the bundle's classes are registered again, and the
  // copy's only while it constructs and builds a layer.
  const registry = tf.serialization.SerializationMap.getMap().classNameMap;
  const before = new Map(Object.entries(registry));
  const mod: unknown = await import(/* @vite-ignore */ entry);
  const ownClasses = new Map<string, Registration>();
  for (const [name, registration] of Object.entries(registry)) {
    const previous = before.get(name);
    if (!previous || previous === registration) continue;
    ownClasses.set(name, registration);
    registry[name] = previous;
  }
  /** Registers the copy's classes until the returned function is called. */
  const useOwnClasses = (): (() => void) => {
    const current = new Map([...ownClasses.keys()].map((name) => [name, registry[name]]));
    for (const [name, registration] of ownClasses) registry[name] = registration;
    return () => {
      for (const [name, registration] of current) {
        if (registration) registry[name] = registration;
        else delete registry[name];
      }
    };
  };

  const Base = typeof mod === 'object' && mod !== null && 'MultiHeadAttention' in mod ? mod.MultiHeadAttention : undefined;
  if (!isMhaClass(Base)) throw new Error(`${entry} does not export the MultiHeadAttention class`);
  return class MultiHeadAttention extends Base {
    constructor(args: TfjsLayersMhaArgs) {
      const restore = useOwnClasses();
      try {
        super(args);
      } finally {
        restore();
      }
    }

    override buildFromSignature(queryShape: number[], valueShape: number[], keyShape?: number[]): void {
      const restore = useOwnClasses();
      try {
        super.buildFromSignature(queryShape, valueShape, keyShape);
      } finally {
        restore();
      }
    }
  };
}

export interface TfjsLayersMhaSizes {
  batch: number;
  seq: number;
  model: number;
  heads: number;
}

export interface TfjsLayersMhaPeer {
  /** Self-attention: query = key = value = x (B, T, D). */
  apply(x: Tensor): Tensor;
  /** query kernel, bias; key kernel, bias; value kernel, bias; output kernel, bias. */
  readonly trainableWeights: readonly Variable[];
  readonly layer: TfjsLayersMha;
  dispose(): void;
}

/**
 * tfjs-layers' MultiHeadAttention (numHeads = heads, keyDim = model / heads) holding a copy of
 * `weights`, named and laid out as LAYERS.md says (Keras 3): `query/kernel` (D, H, K),
 * `query/bias` (H, K), likewise `key` and `value`, `attention_output/kernel` (H, K, D),
 * `attention_output/bias` (D). Those are tfjs-layers' layouts too, and the weights map one to one:
 * both layers store the query projection unscaled and apply 1/sqrt(K) at run time (the spec layer
 * multiplies the query kernel and bias by it inside the graph, tfjs-layers the projected query).
 */
export async function tfjsLayersMhaPeer(sizes: TfjsLayersMhaSizes, weights: Readonly<Record<string, Tensor>>): Promise<TfjsLayersMhaPeer> {
  const { batch: b, seq: t, model: d, heads: h } = sizes;
  if (d % h !== 0) throw new Error(`model size ${d} is not a multiple of the number of heads ${h}`);
  const k = d / h;
  const MultiHeadAttention = await loadTfjsLayersMha();
  const layer = new MultiHeadAttention({ numHeads: h, keyDim: k });
  layer.buildFromSignature([b, t, d], [b, t, d]);
  const sublayers: [TfjsEinsumDense, string, number[]][] = [
    [layer._queryDense, 'query', [b, t, d]],
    [layer._keyDense, 'key', [b, t, d]],
    [layer._valueDense, 'value', [b, t, d]],
    [layer._outputDense, 'attention_output', [b, t, h, k]],
  ];
  for (const [dense, name, inputShape] of sublayers) {
    dense.build(inputShape);
    const kernel = weights[`${name}/kernel`];
    const bias = weights[`${name}/bias`];
    if (!kernel || !bias) throw new Error(`missing weight '${name}/${kernel ? 'bias' : 'kernel'}'`);
    dense.setWeights([kernel, bias]);
  }
  const variables = sublayers.flatMap(([dense]) => dense.trainableWeights);
  return {
    apply: (x) => layer.call(x, { value: x }),
    trainableWeights: variables.map((v) => v.read()),
    layer,
    dispose: () => {
      for (const v of variables) v.dispose();
    },
  };
}
