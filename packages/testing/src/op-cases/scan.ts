/**
 * Scan: running sums over x = seq([2, 3, 2]) (batch 0 steps [1,2] [3,4] [5,6], batch 1 [7,8] [9,10] [11,12])
 * from s_0 = [[10, 20], [30, 40]], several inputs, states, outputs and captures, nested Scans, buildScan,
 * symbolic lengths (one compiled graph run at several lengths, 0 included). Expected values are small
 * integers by hand (each says how), cross-checked with np.cumsum / np.cumprod / np.matmul: exact in float32.
 * The tanh RNN cases compare with the reference engine.
 *
 * Here: one scan input summed along different axes and directions, at several lengths; the bodies with several
 * inputs, states, outputs or captures, nested Scans and buildScan are in scan-bodies.ts.
 */
import type { HostTensor } from '@layerspec/spec';
import { F, f32, seq, zeros } from '../tensors.js';
import { SCAN_BODY_CASES } from './scan-bodies.js';
import { FINAL, FORWARD, INIT, REVERSE, X, at, outs, sumBody, t } from './scan-sums.js';
import { exactly, graph, scan, type ExpectedTensor, type OpCase } from './types.js';

const sum22 = { body: sumBody(f32(2, 2)), numScanInputs: 1 };
const fixedInputs: HostTensor[] = [INIT, X];

/** One compilation with symbolic batch and time, run on the feeds `runs` (inputs x0 = state, x1 = sequence). */
function severalLengths(name: string, runs: Record<string, HostTensor>[], expected: Record<string, ExpectedTensor>[]): OpCase {
  const c = graph(
    name,
    'Scan',
    [INIT, X],
    (b, [s, x]) => {
      const [final, ys] = b.op('Scan', [s!, x!], { body: sumBody(f32('b', 2)), numScanInputs: 1, scanInputAxes: [1], scanOutputAxes: [1] });
      b.output('final', final!);
      b.output('ys', ys!);
    },
    [f32('b', 2), f32('b', 't', 2)],
  );
  return exactly({ ...c, runs, expected });
}

/** Other inputs may bind a body symbol ('b') to another size: it means nothing outside the body. */
const bodySymbol = graph(
  "a body symbol ('b') bound to another size outside",
  'Scan',
  [zeros([5, 1]), INIT, X],
  (b, [other, s, x]) => {
    const [final, ys] = b.op('Scan', [s!, x!], { body: sumBody(f32('b', 2)), numScanInputs: 1, scanInputAxes: [1], scanOutputAxes: [1] });
    b.output('final', final!);
    b.output('ys', ys!);
    b.output('other_out', other!);
  },
  [f32('b', 1), f32(2, 2), f32(2, 't', 2)],
);

export const SCAN_CASES: OpCase[] = [
  // by hand: batch 0: 10+1, 20+2 = [11,22]; +[3,4] = [14,26]; +[5,6] = [19,32]. batch 1: [37,48] [46,58] [57,70].
  at(
    scan('forward over axis 1: cumulative sum, final state the total', fixedInputs, { ...sum22, scanInputAxes: [1], scanOutputAxes: [1] }),
    outs(t([2, 2], FINAL), t([2, 3, 2], FORWARD)),
  ),
  // by hand: batch 0: 10+5, 20+6 = [15,26]; +[3,4] = [18,30]; +[1,2] = [19,32]. batch 1: [41,52] [50,62] [57,70].
  at(
    scan('scanInputDirections [1] walks from the end', fixedInputs, {
      ...sum22,
      scanInputAxes: [1],
      scanInputDirections: [1],
      scanOutputAxes: [1],
    }),
    outs(t([2, 2], FINAL), t([2, 3, 2], REVERSE)),
  ),
  // by hand: the forward outputs in reverse order.
  at(
    scan('scanOutputDirections [1] prepends each step', fixedInputs, {
      ...sum22,
      scanInputAxes: [1],
      scanOutputAxes: [1],
      scanOutputDirections: [1],
    }),
    outs(t([2, 2], FINAL), t([2, 3, 2], [19, 32, 14, 26, 11, 22, 57, 70, 46, 58, 37, 48])),
  ),
  // by hand: position t holds init + x_t + ... + x_{T-1}.
  at(
    scan('reverse input and prepended output: suffix sums in place', fixedInputs, {
      ...sum22,
      scanInputAxes: [1],
      scanInputDirections: [1],
      scanOutputAxes: [1],
      scanOutputDirections: [1],
    }),
    outs(t([2, 2], FINAL), t([2, 3, 2], [19, 32, 18, 30, 15, 26, 57, 70, 50, 62, 41, 52])),
  ),
  // by hand: [[1,2],[3,4]], [[6,8],[10,12]], [[15,18],[21,24]].
  at(
    scan('axis 0 of (3,2,2), stacked along axis 0', [zeros([2, 2]), seq([3, 2, 2])], sum22),
    outs(t([2, 2], [15, 18, 21, 24]), t([3, 2, 2], [1, 2, 3, 4, 6, 8, 10, 12, 15, 18, 21, 24])),
  ),
  // by hand: the running sums from zero with T last.
  at(
    scan('scanOutputAxes [-1] gives (B, D, T)', [zeros([2, 2]), X], { ...sum22, scanInputAxes: [1], scanOutputAxes: [-1] }),
    outs(t([2, 2], [9, 12, 27, 30]), t([2, 2, 3], [1, 4, 9, 2, 6, 12, 7, 16, 27, 8, 18, 30])),
  ),
  at(
    scan('negative scan input axis (-2 of rank 3)', fixedInputs, { ...sum22, scanInputAxes: [-2], scanOutputAxes: [1] }),
    outs(t([2, 2], FINAL)),
  ),
  at(
    scan('length 1', [INIT, seq([2, 1, 2])], { ...sum22, scanInputAxes: [1], scanOutputAxes: [1] }),
    outs(t([2, 2], [11, 22, 33, 44]), t([2, 1, 2], [11, 22, 33, 44])),
  ),
  at(
    scan('length 0 (static): final states are the initial ones', [INIT, zeros([2, 0, 2])], {
      ...sum22,
      scanInputAxes: [1],
      scanOutputAxes: [1],
    }),
    outs(t([2, 2], [10, 20, 30, 40]), t([2, 0, 2], [])),
  ),
  at(
    scan(
      'length 0 with symbolic batch and time',
      [F([1, 2, 3, 4, 5, 6], [3, 2]), zeros([3, 0, 2])],
      { body: sumBody(f32('b', 2)), numScanInputs: 1, scanInputAxes: [1], scanOutputAxes: [2] },
      [f32('b', 2), f32('b', 't', 2)],
    ),
    outs(t([3, 2], [1, 2, 3, 4, 5, 6]), t([3, 2, 0], [])),
  ),
  at(bodySymbol, [{ ys: t([2, 3, 2], FORWARD) }]),
  severalLengths(
    'one compiled graph with symbolic time runs lengths 3, 1 and 5',
    [
      { x0: INIT, x1: X },
      { x0: INIT, x1: seq([2, 1, 2]) },
      { x0: seq([3, 2]), x1: seq([3, 5, 2]) },
    ],
    [{ ys: t([2, 3, 2], FORWARD) }, { final: t([2, 2], [11, 22, 33, 44]) }, {}],
  ),
  severalLengths(
    'one compiled graph with symbolic time runs length 3, then 0',
    [
      { x0: INIT, x1: X },
      { x0: INIT, x1: zeros([2, 0, 2]) },
    ],
    [{ ys: t([2, 3, 2], FORWARD) }, { final: t([2, 2], [10, 20, 30, 40]), ys: t([2, 0, 2], []) }],
  ),
  ...SCAN_BODY_CASES,
];
