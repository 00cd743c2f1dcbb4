/**
 * The Show, Attend and Tell view's run: the captioner the example saved (`out/captioner.safetensors` of
 * examples/show-attend-tell, bundled by Vite), its layerspec graph compiled on each chosen backend, and a
 * greedy caption of one example image with the attention over the image grid at every word. `ref`
 * always runs first as the baseline; every compiled graph is disposed whatever happens.
 */
import captionerUrl from '@layerspec/example-show-attend-tell/captioner.safetensors?url';
import {
  buildCaptionerGraph,
  checkCaptionerWeights,
  greedyCaptions,
  readCaptionerFile,
  type CaptionerFile,
  type GreedyCaption,
} from '@layerspec/example-show-attend-tell/captioner';
import { getBackend, type Graph, type HostTensor } from '@layerspec/spec';
import { AGREES } from './run.js';

export interface Captioner {
  file: CaptionerFile;
  graph: Graph;
}

export interface CaptionResult {
  backend: string;
  caption: GreedyCaption;
  /** Largest |difference| of the attention from ref's over the steps both made; NaN when the captions differ. */
  maxDiff: number;
  /** The same words as ref and maxDiff <= 1e-4. */
  agrees: boolean;
  compileMs: number;
  decodeMs: number;
}

let loading: Promise<Captioner> | undefined;

/** The saved captioner and its graph (fetched once); a missing or bad file rejects with what is wrong. */
export function loadCaptioner(): Promise<Captioner> {
  loading ??= (async () => {
    const response = await fetch(captionerUrl);
    if (!response.ok) throw new Error(`could not load the captioner file (${response.status} ${response.statusText})`);
    const file = readCaptionerFile(new Uint8Array(await response.arrayBuffer()));
    const graph = buildCaptionerGraph(file.config, file.vocabulary.length);
    checkCaptionerWeights(graph, file.weights);
    return { file, graph };
  })();
  loading.catch(() => (loading = undefined));
  return loading;
}

/** Example image `k` of the file as a (1, 32, 32, 3) tensor. */
export function exampleImage(file: CaptionerFile, k: number): HostTensor {
  const [, h = 0, w = 0, c = 0] = file.examples.image.shape;
  const size = h * w * c;
  return { dtype: 'float32', shape: [1, h, w, c], data: file.examples.image.data.slice(k * size, (k + 1) * size) };
}

function attentionDiff(a: GreedyCaption, ref: GreedyCaption): number {
  if (a.tokens.join() !== ref.tokens.join()) return Number.NaN;
  let worst = 0;
  a.attention.forEach((row, t) => row.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - ref.attention[t]![j]!)))));
  return worst;
}

async function captionOn(backend: string, captioner: Captioner, image: HostTensor): Promise<Omit<CaptionResult, 'maxDiff' | 'agrees'>> {
  let start = performance.now();
  const compiled = await getBackend(backend).compile(captioner.graph);
  const compileMs = performance.now() - start;
  try {
    start = performance.now();
    const [caption] = await greedyCaptions(compiled, captioner.file.weights, image, captioner.file.vocabulary);
    return { backend, caption: caption!, compileMs, decodeMs: performance.now() - start };
  } finally {
    compiled.dispose();
  }
}

/** Captions example image `k` on `backends` in order (ref first, always), reporting each as it finishes. */
export async function runCaptioner(
  captioner: Captioner,
  k: number,
  backends: readonly string[],
  onResult: (r: CaptionResult) => void,
): Promise<CaptionResult[]> {
  const image = exampleImage(captioner.file, k);
  const ref = await captionOn('ref', captioner, image);
  const results: CaptionResult[] = [];
  for (const backend of backends) {
    const r = backend === 'ref' ? ref : await captionOn(backend, captioner, image);
    const maxDiff = attentionDiff(r.caption, ref.caption);
    const result = { ...r, maxDiff, agrees: maxDiff <= AGREES };
    results.push(result);
    onResult(result);
  }
  return results;
}
