import type { Graph, HostTensor } from '@layerspec/spec';
import type { Tensor, Variable } from '@tensorflow/tfjs';

export const BACKENDS = ['ref', 'tfjs-cpu', 'tfjs-wasm', 'onnx-web', 'onnx-node'] as const;
export type BackendName = (typeof BACKENDS)[number];

export const CASE_IDS = ['mha', 'mha-long', 'mha-decode', 'layernorm', 'attention-wrapper'] as const;
export type CaseId = (typeof CASE_IDS)[number];

/** 'backward' times a forward and a backward pass together (gradients of every weight). */
export const PASSES = ['forward', 'backward'] as const;
export type Pass = (typeof PASSES)[number];

export type Sizes = Readonly<Record<string, number>>;

/** One benchmark case, built: the layer's graph, its weights and its inputs. */
export interface CaseSetup {
  id: CaseId;
  title: string;
  sizes: Sizes;
  graph: Graph;
  weights: Record<string, HostTensor>;
  feeds: Record<string, HostTensor>;
  forwardFlops: number;
}

/** A computation ready to run on TensorFlow.js: its forward pass and the variables it trains. */
export interface TfjsRunnable {
  forward(): Tensor;
  variables: readonly Variable[];
  dispose(): void;
}

/** The same computation written directly in TensorFlow.js, as a user would without this library. */
export interface TfjsPeer {
  name: string;
  /** Why this peer cannot run a setup at all (it would run out of memory, say), if it cannot. */
  skip?(setup: CaseSetup): string | undefined;
  prepare(setup: CaseSetup, weights: Readonly<Record<string, Variable>>, inputs: Readonly<Record<string, Tensor>>): Promise<TfjsRunnable>;
}

/** The same computation as an ONNX model built by hand, with the feeds it takes. */
export interface OnnxPeer {
  name: string;
  model(setup: CaseSetup): { bytes: Uint8Array; feeds: Record<string, HostTensor> };
}

export interface BenchCase {
  id: CaseId;
  /** Every size `--sizes` may set, with its default. */
  defaults: Sizes;
  passes: readonly Pass[];
  runs: number;
  setup(sizes: Sizes): CaseSetup;
  tfjsPeers: readonly TfjsPeer[];
  onnxPeers: readonly OnnxPeer[];
}

/** One contender prepared for one pass. */
export interface Runner {
  once(): Promise<void>;
  /** The forward output, flattened (forward runners only). */
  output(): Promise<ArrayLike<number>>;
  /** Backend-specific measurements of the last run, such as the reference engine's tensor memory. */
  stats?(): Record<string, number>;
  dispose(): Promise<void>;
}

export interface Contender {
  name: string;
  backend: BackendName;
  /** This library, as opposed to a peer. */
  ours: boolean;
  passes: readonly Pass[];
  prepare(pass: Pass): Promise<Runner>;
}
