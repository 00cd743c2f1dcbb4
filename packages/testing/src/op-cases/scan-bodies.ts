/**
 * Scan bodies with several scan inputs, states, outputs or captures, nested Scans, and buildScan (reverse, a bool
 * scan input, a tanh RNN), over the running sums of scan-sums.ts. Expected values by hand, each says how; the tanh
 * RNN cases compare with the reference engine.
 */
import { buildScan } from '@layerspec/spec';
import { B, F, I, f32, i32, seq, wave, zeros } from '../tensors.js';
import { FINAL, INIT, REVERSE, X, at, outs, t } from './scan-sums.js';
import { body, exactly, failing, graph, scan, type OpCase } from './types.js';

/** A tanh RNN step with captured weights: h' = tanh(x_t W + h U + bias); emits h' and the pre-activation. */
function rnnScan(name: string, reverse: boolean): OpCase {
  return graph(name, 'Scan', [wave([2, 4, 3]), wave([3, 5], 1), wave([5, 5], 2), wave([5], 3), zeros([2, 5])], (b, [x, w, u, bias, h0]) => {
    const r = buildScan(b, {
      states: [{ name: 'h', value: h0! }],
      scanInputs: [{ name: 'x_t', value: x! }],
      captures: [w!, u!, bias!],
      reverse,
      step: (g, [h], [xt], [wc, uc, bc]) => {
        const pre = g.op1('Add', [g.op1('Add', [g.op1('MatMul', [xt!, wc!]), g.op1('MatMul', [h!, uc!])]), bc!]);
        const next = g.op1('Tanh', [pre]);
        return { states: [next], outputs: [next, pre] };
      },
    });
    b.output('h', r.states[0]!);
    b.output('hs', r.outputs[0]!);
    b.output('pre', r.outputs[1]!);
  });
}

/** Two scan inputs of the same length in the type but not at run time. */
const mismatched = scan(
  'scan inputs whose symbolic lengths differ at run time',
  [zeros([2, 2]), X, seq([2, 2, 2])],
  {
    body: body(
      [
        ['s', f32(2, 2)],
        ['a', f32(2, 2)],
        ['b', f32(2, 2)],
      ],
      (b, [s, a, c]) => [['s_next', b.op1('Add', [s!, b.op1('Add', [a!, c!])])]],
    ),
    numScanInputs: 2,
    scanInputAxes: [1, 1],
  },
  [f32(2, 2), f32(2, 't', 2), f32(2, 's', 2)],
);

const withCapturedScale = graph('buildScan with reverse: true and a captured scale', 'Scan', [INIT, X, F([1], [])], (b, [s, x, w]) => {
  const r = buildScan(b, {
    states: [{ name: 'acc', value: s! }],
    scanInputs: [{ name: 'x_t', value: x! }],
    captures: [w!],
    reverse: true,
    step: (g, [acc], [xt], [scale]) => {
      const next = g.op1('Add', [acc!, g.op1('Mul', [xt!, scale!])]);
      return { states: [next], outputs: [next] };
    },
  });
  b.output('final', r.states[0]!);
  b.output('ys', r.outputs[0]!);
});

const withBoolInput = graph(
  'buildScan with a bool scan input and a Where in the body',
  'Scan',
  [INIT, X, B([true, false, true, true, true, false], [2, 3])],
  (b, [s, x, keep]) => {
    const r = buildScan(b, {
      states: [{ name: 'acc', value: s! }],
      scanInputs: [
        { name: 'x_t', value: x! },
        { name: 'keep', value: keep! },
      ],
      captures: [],
      step: (g, [acc], [xt, k]) => {
        const next = g.op1('Where', [g.op1('Unsqueeze', [k!], { axes: [1] }), g.op1('Add', [acc!, xt!]), acc!]);
        return { states: [next], outputs: [next] };
      },
    });
    b.output('final', r.states[0]!);
    b.output('ys', r.outputs[0]!);
  },
);

const twoInputs = body(
  [
    ['s', f32(2, 2)],
    ['a', f32(2, 2)],
    ['b', f32(2, 2)],
  ],
  (b, [s, a, c]) => {
    const next = b.op1('Add', [s!, b.op1('Mul', [a!, c!])]);
    return [
      ['s_next', next],
      ['y', next],
    ];
  },
);
const innerScan = body(
  [
    ['s', f32(2)],
    ['v', f32(2)],
    ['c', f32()],
  ],
  (g, [s, v, cc]) => {
    const next = g.op1('Add', [s!, g.op1('Mul', [v!, cc!])]);
    return [
      ['s_next', next],
      ['y', next],
    ];
  },
  'inner',
);

export const SCAN_BODY_CASES: OpCase[] = [
  // a = X; b as below. by hand: batch 0 [1,0] [7,4] [7,22]; batch 1 [-7,16] [2,26] [24,26].
  at(
    scan('two scan inputs: s += a_t * b_t', [zeros([2, 2]), X, F([1, 0, 2, 1, 0, 3, -1, 2, 1, 1, 2, 0], [2, 3, 2])], {
      body: twoInputs,
      numScanInputs: 2,
      scanInputAxes: [1, 1],
      scanOutputAxes: [1],
    }),
    outs(t([2, 2], [7, 22, 24, 26]), t([2, 3, 2], [1, 0, 7, 4, 7, 22, -7, 16, 2, 26, 24, 26])),
  ),
  // a = 1, 2, 3 forward on axis 0; b = 30, 20, 10 (reverse on axis 1). by hand: a_t * b_t = 30, 40, 30; the state sums them.
  at(
    scan('two scan inputs of different axes and directions', [F([0], [1]), seq([3]), F([10, 20, 30], [1, 3])], {
      body: body(
        [
          ['s', f32(1)],
          ['a', f32()],
          ['b', f32(1)],
        ],
        (b, [s, a, c]) => {
          const p = b.op1('Mul', [a!, c!]);
          return [
            ['s_next', b.op1('Add', [s!, p])],
            ['y', p],
          ];
        },
      ),
      numScanInputs: 2,
      scanInputAxes: [0, 1],
      scanInputDirections: [0, 1],
    }),
    outs(t([1], [100]), t([3, 1], [30, 40, 30])),
  ),
  // by hand: sums [9,12] [27,30]; products 1*3*5, 2*4*6, 7*9*11, 8*10*12; counter 3.
  at(
    scan('float and int32 states, no scan output', [zeros([2, 2]), F([1, 1, 1, 1], [2, 2]), I([0], []), X], {
      body: body(
        [
          ['sum', f32(2, 2)],
          ['prod', f32(2, 2)],
          ['n', i32()],
          ['x', f32(2, 2)],
        ],
        (b, [sum, prod, n, x]) => [
          ['sum_next', b.op1('Add', [sum!, x!])],
          ['prod_next', b.op1('Mul', [prod!, x!])],
          ['n_next', b.op1('Add', [n!, b.scalar(1, 'int32')])],
        ],
      ),
      numScanInputs: 1,
      scanInputAxes: [1],
    }),
    outs(t([2, 2], [9, 12, 27, 30]), t([2, 2], [15, 48, 693, 960]), t([], [3], 'int32')),
  ),
  // W = [[1,2],[3,4]]. by hand: x_t @ W = [7,10] [15,22] [23,34] | [31,46] [39,58] [47,70], and their running sums.
  at(
    scan('a captured weight: s += x_t @ W, two scan outputs on different axes', [zeros([2, 2]), X, F([1, 2, 3, 4], [2, 2])], {
      body: body(
        [
          ['s', f32(2, 2)],
          ['x', f32(2, 2)],
          ['W', f32(2, 2)],
        ],
        (b, [s, x, w]) => {
          const xw = b.op1('MatMul', [x!, w!]);
          const next = b.op1('Add', [s!, xw]);
          return [
            ['s_next', next],
            ['running', next],
            ['xw', xw],
          ];
        },
      ),
      numScanInputs: 1,
      numCaptures: 1,
      scanInputAxes: [1],
      scanOutputAxes: [1, 0],
    }),
    outs(
      t([2, 2], [45, 66, 117, 174]),
      t([2, 3, 2], [7, 10, 22, 32, 45, 66, 31, 46, 70, 104, 117, 174]),
      t([3, 2, 2], [7, 10, 31, 46, 15, 22, 39, 58, 23, 34, 47, 70]),
    ),
  ),
  at(
    scan('no states: a map over time (x_t * 2)', [X], {
      body: body([['x', f32(2, 2)]], (b, [x]) => [['y', b.op1('Mul', [x!, b.scalar(2)])]]),
      numScanInputs: 1,
      scanInputAxes: [1],
      scanOutputAxes: [1],
    }),
    outs(t([2, 3, 2], [2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24])),
  ),
  exactly(
    scan('a state passed through unchanged', [INIT, X], {
      body: body(
        [
          ['s', f32(2, 2)],
          ['x', f32(2, 2)],
        ],
        (b, [s, x]) => [
          ['s_next', s!],
          ['y', b.op1('Mul', [s!, x!])],
        ],
      ),
      numScanInputs: 1,
      scanInputAxes: [1],
      scanOutputAxes: [1],
    }),
  ),
  exactly(
    scan('emits a captured value', [X, F([2, 3], [2])], {
      body: body(
        [
          ['x', f32(2, 2)],
          ['c', f32(2)],
        ],
        (b, [x, c]) => [
          ['y', b.op1('Add', [x!, c!])],
          ['c_out', c!],
        ],
      ),
      numScanInputs: 1,
      numCaptures: 1,
      scanInputAxes: [1],
      scanOutputAxes: [1, 0],
    }),
  ),
  // The inner Scan starts from the outer state: a running sum of 2 * x over (t, k). by hand: 2, 6, 12, 20, 30, 42 | 114, ..., 214.
  at(
    scan('nested, passing a state and a capture through', [F([0, 100], [2]), seq([2, 2, 3]), F([2], [])], {
      body: body(
        [
          ['tot', f32(2)],
          ['slice', f32(2, 3)],
          ['c', f32()],
        ],
        (b, [tot, slice, c]) => {
          const [final, ys] = b.op('Scan', [tot!, slice!, c!], {
            body: innerScan,
            numScanInputs: 1,
            numCaptures: 1,
            scanInputAxes: [1],
            scanOutputAxes: [1],
          });
          return [
            ['tot_next', final!],
            ['ys', ys!],
          ];
        },
        'outer',
      ),
      numScanInputs: 1,
      numCaptures: 1,
      scanInputAxes: [1],
      scanOutputAxes: [1],
    }),
    outs(t([2], [42, 214]), t([2, 2, 3], [2, 6, 12, 20, 30, 42, 114, 130, 148, 168, 190, 214])),
  ),
  // by hand: as scanInputDirections [1] above.
  at(withCapturedScale, [{ final: t([2, 2], FINAL), ys: t([2, 3, 2], REVERSE) }]),
  exactly(withBoolInput),
  failing(
    mismatched,
    /node 'Scan_0' \(Scan\): 't' = 3 \(input '\w+' dim 1\), 's' = 2 \(input '\w+' dim 1\); scan inputs have lengths 3 and 2/,
  ),
  rnnScan('buildScan: tanh RNN forward with captured weights', false),
  rnnScan('buildScan: tanh RNN reverse with captured weights', true),
];
