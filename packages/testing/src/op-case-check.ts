/**
 * One op case checked on one target, as every suite that runs the op-case table checks it: each case
 * compiled once and run on the feeds of each of its runs, its outputs compared with the case's values
 * where it gives them, else with the reference engine's; error cases must fail with the case's message.
 */
import { expect } from 'vitest';
import type { HostTensor } from '@layerspec/spec';
import { expectClose } from './compare.js';
import type { OpCase } from './op-cases/types.js';
import { refBackend, type Target } from './targets.js';

type Outputs = Record<string, HostTensor>[];

async function runAll(target: Pick<Target, 'backend' | 'options'>, c: OpCase): Promise<Outputs> {
  const compiled = await target.backend.compile(c.graph, target.options);
  try {
    const outs: Outputs = [];
    for (const feeds of c.runs) outs.push(await compiled.run(feeds, {}));
    return outs;
  } finally {
    compiled.dispose();
  }
}

/** The reference engine's outputs of each case, computed once and shared by the other targets. */
const oracle = new Map<OpCase, Promise<Outputs>>();
function reference(c: OpCase): Promise<Outputs> {
  let p = oracle.get(c);
  if (!p) {
    p = runAll({ backend: refBackend, options: {} }, c);
    oracle.set(c, p);
  }
  return p;
}

export async function checkOpCase(target: Target, c: OpCase): Promise<void> {
  if (c.error) {
    await expect(runAll(target, c)).rejects.toThrow(target.layerspecErrors ? c.error : /./);
    return;
  }
  const isRef = target.backend === refBackend;
  const got = await runAll(target, c);
  const fromOracle = isRef ? undefined : await reference(c);
  const tol = c.tol ?? target.rtol;
  c.runs.forEach((_, r) => {
    for (const o of c.graph.outputs) {
      const label = `run ${r}, output '${o.name}'`;
      const given = c.expected?.[r]?.[o.name];
      if (given) expectClose(label, got[r]![o.name], given, tol);
      else if (fromOracle) expectClose(label, got[r]![o.name], fromOracle[r]![o.name]!, tol);
      else expect(got[r]![o.name]?.dtype, `${label}: dtype`).toBe(o.type.dtype);
    }
  });
}
