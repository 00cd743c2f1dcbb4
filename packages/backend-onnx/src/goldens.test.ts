/**
 * Every golden case of packages/backend-ref/src/goldens/*.json (numpy float64 values of LAYERS.md),
 * rebuilt with layerFromJSON, exported at opsets 17 and 23 and run on onnxruntime-web and onnxruntime-node.
 */
import { describe, it } from 'vitest';
import { layerFromJSON, type Backend } from '@layerspec/spec';
import { FLOAT32_ILL_CONDITIONED, goldenFiles, readGoldenCases, toHostMap } from '../../backend-ref/src/testing/golden-data.js';
import { nodeBackend, webBackend } from './index.js';
import { expectClose } from './testing/compare.js';

const files = goldenFiles();
const runtimes: Backend[] = [webBackend, ...(nodeBackend ? [nodeBackend] : [])];

const targets = runtimes.flatMap((b) => ([17, 23] as const).map((opset) => ({ b, opset, name: `${b.name}, opset ${opset}` })));

describe.each(targets)('$name', ({ b, opset }) => {
  describe.each(files)('%s', (file) => {
    const cases = readGoldenCases(file);
    it.each(cases.map((c) => ({ c, name: c.name })))('$name', async ({ c }) => {
      const graph = layerFromJSON({ className: c.layer, config: c.config }).build(c.inputTypes, c.buildOptions);
      const compiled = await b.compile(graph, { opset });
      try {
        const out = await compiled.run(toHostMap(c.inputs), toHostMap(c.weights));
        for (const [name, e] of Object.entries(c.expected)) expectClose(`${c.name} / ${name}`, out[name], e, FLOAT32_ILL_CONDITIONED[c.name]);
      } finally {
        compiled.dispose();
      }
    });
  });
});
