/** Empty batches and sequences: the result ref gives, or a LayerspecError, never a crash or a raw runtime error. */
import { describe, expect, it } from 'vitest';
import { LayerspecError, getBackend, initWeights, type HostTensor } from '@layerspec/spec';
import { BACKEND_NAMES } from '../testing/backends.js';
import { emptyCases } from '../testing/empty-cases.js';

// onnx-node dies of SIGFPE when it fails here: it is tested in a child process by backend-onnx.
const inProcess = BACKEND_NAMES.filter((n) => n !== 'onnx-node');

describe.each(inProcess)('%s', (name) => {
  it.each(emptyCases())("$label: ref's result or a LayerspecError", async ({ graph, inputs }) => {
    const weights = initWeights(graph);
    const expected = await (await getBackend('ref').compile(graph)).run(inputs, weights);
    const c = await getBackend(name).compile(graph);
    let got: Record<string, HostTensor> | undefined;
    try {
      got = await c.run(inputs, weights);
    } catch (e) {
      expect(e, String(e)).toBeInstanceOf(LayerspecError);
    }
    c.dispose();
    if (!got) return;
    for (const [k, v] of Object.entries(expected)) {
      expect(got[k]!.shape, `output '${k}'`).toEqual(v.shape);
      got[k]!.data.forEach((x, i) => expect(x, `output '${k}' value ${i}`).toBeCloseTo(v.data[i]!, 5));
    }
  });
});
