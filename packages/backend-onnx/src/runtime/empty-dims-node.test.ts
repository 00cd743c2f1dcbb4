/**
 * onnx-node on empty batches and sequences, in a child process: onnxruntime-node dies of SIGFPE (no
 * exception) when a Scan runs empty, so a regression must not take the test runner with it. The child
 * runs the built packages (`npm test` builds them first).
 */
import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadNode } from './ort.js';

const CHILD = `
import { AttentionWrapper, GRUCell, LSTMCell, MultiHeadAttention, RNN, SimpleRNNCell, getBackend, initWeights, zerosTensor } from '@layerspec/spec';
import '@layerspec/backend-onnx';
const seq = { dtype: 'float32', shape: ['b', 't', 2] };
const cases = [];
for (const cell of [new LSTMCell({ units: 3 }), new GRUCell({ units: 3 }), new SimpleRNNCell({ units: 3 })]) {
  const g = new RNN({ cell, returnSequences: true, returnState: true }).build({ inputs: seq });
  cases.push([cell.constructor.name + ' time 0', g, { inputs: zerosTensor([2, 0, 2]) }]);
  cases.push([cell.constructor.name + ' batch 0', g, { inputs: zerosTensor([0, 4, 2]) }]);
}
const aw = new AttentionWrapper({ cell: new LSTMCell({ units: 3 }) }).build({ inputs: seq, memory: { dtype: 'float32', shape: ['b', 'm', 4] } });
cases.push(['AttentionWrapper time 0', aw, { inputs: zerosTensor([2, 0, 2]), memory: zerosTensor([2, 3, 4]) }]);
cases.push(['AttentionWrapper batch 0', aw, { inputs: zerosTensor([0, 4, 2]), memory: zerosTensor([0, 3, 4]) }]);
const mha = new MultiHeadAttention({ numHeads: 2, keyDim: 2 }).build({ query: { dtype: 'float32', shape: ['b', 't', 4] }, value: { dtype: 'float32', shape: ['b', 's', 4] } });
cases.push(['MultiHeadAttention batch 0', mha, { query: zerosTensor([0, 3, 4]), value: zerosTensor([0, 5, 4]) }]);
for (const [label, g, inputs] of cases) {
  const c = await getBackend('onnx-node').compile(g);
  try {
    const out = await c.run(inputs, initWeights(g));
    console.log(JSON.stringify({ label, shape: out.output.shape }));
  } catch (e) {
    console.log(JSON.stringify({ label, error: e.name, message: e.message }));
  }
  c.dispose();
}
`;

const hasNode = (await loadNode()) !== undefined;

describe.skipIf(!hasNode)('onnx-node, empty dims', () => {
  it('returns a result or throws a LayerspecError for every RNN cell, the AttentionWrapper and MHA; the process lives', () => {
    const cwd = dirname(fileURLToPath(import.meta.url));
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', CHILD], { cwd, encoding: 'utf8', timeout: 60_000 });
    expect(child.signal, child.stderr).toBeNull();
    expect(child.status, child.stderr).toBe(0);
    const lines = child.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { label: string; shape?: number[]; error?: string; message?: string });
    expect(lines).toHaveLength(9);
    for (const l of lines) {
      if (l.error !== undefined) {
        expect(l.error, `${l.label}: ${l.message}`).toBe('LayerspecError');
        expect(l.message).toMatch(/dim \d \('[bt]'\) is 0/);
      } else {
        expect(l.shape, l.label).toContain(0);
      }
    }
  });
});
