import type { Compiled, HostTensor } from '@layerspec/spec';
import { PAD, type Batch } from './data.js';

/** Teacher-forced masked token accuracy: argmax of the logits against non-PAD targets. */
export async function tokenAccuracy(compiled: Compiled, weights: Record<string, HostTensor>, batch: Batch): Promise<number> {
  const { logits } = await compiled.run({ src: batch.src, tgt: batch.tgtIn }, weights);
  const data = logits!.data as Float32Array;
  const V = logits!.shape[2]!;
  const labels = batch.tgtOut.data as Int32Array;
  let ok = 0;
  let n = 0;
  labels.forEach((label, p) => {
    if (label === PAD) return;
    let best = 0;
    for (let v = 1; v < V; v++) if (data[p * V + v]! > data[p * V + best]!) best = v;
    n++;
    if (best === label) ok++;
  });
  return ok / n;
}
