/**
 * Every op of OPS, in small one-op graphs, exported at opset 17 and 23 and run on onnxruntime-web and
 * onnxruntime-node, against the reference engine: int and bool exact, float32 within 1e-5 * max(1, |ref|).
 */
import { describe, expect, it } from 'vitest';
import { OP_NAMES, type Backend, type HostTensor } from '@layerspec/spec';
import { backend as ref } from '@layerspec/backend-ref';
import { nodeBackend, webBackend } from './index.js';
import { OPSETS } from './export/opset.js';
import { opCases } from './testing/op-cases.js';
import { expectClose } from './testing/compare.js';

const cases = opCases();
const runtimes: Backend[] = [webBackend, ...(nodeBackend ? [nodeBackend] : [])];

async function runOn(backend: Backend, c: (typeof cases)[number], options: object): Promise<Record<string, HostTensor>> {
  const compiled = await backend.compile(c.graph, options);
  try {
    return await compiled.run(c.feeds, {});
  } finally {
    compiled.dispose();
  }
}

it('the cases cover every op of OPS', () => {
  const covered = new Set(cases.flatMap((c) => c.ops));
  expect(OP_NAMES.filter((op) => !covered.has(op))).toEqual([]);
});

it('onnxruntime-node loads here', () => {
  expect(nodeBackend?.name).toBe('onnx-node');
});

describe.each(runtimes.flatMap((b) => OPSETS.map((opset) => ({ b, opset, label: `${b.name} opset ${opset}` }))))('$label', ({ b, opset }) => {
  it.each(cases.map((c) => ({ c, name: c.name })))('$name', async ({ c }) => {
    const want = await runOn(ref, c, {});
    const got = await runOn(b, c, { opset });
    for (const [name, t] of Object.entries(want)) expectClose(`${c.name} / ${name}`, got[name], t);
  });
});
