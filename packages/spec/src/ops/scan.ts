import { verifyGraph } from '../graph/verify.js';
import type { Graph } from '../graph/types.js';
import { dimsCompatible, normalizeAxis } from '../shape.js';
import { formatType } from '../tensor.js';
import type { Dim, TensorType } from '../types.js';
import { ANY, defineOp, fail, type ValueInfo } from './define.js';

export interface ScanAttrs {
  /** Inputs: N states, M scan slices, C captures. Outputs: N next states, then K scan output slices. */
  body: Graph;
  numScanInputs: number;
  numCaptures: number;
  scanInputAxes: number[];
  scanInputDirections: number[];
  scanOutputAxes: number[];
  scanOutputDirections: number[];
}

function compatible(a: TensorType, b: TensorType): boolean {
  return a.dtype === b.dtype && a.shape.length === b.shape.length && a.shape.every((d, i) => dimsCompatible(d, b.shape[i]!));
}

const at = (list: readonly number[], i: number): number => list[i] ?? 0;

export const Scan = defineOp<ScanAttrs>({
  doc:
    'A loop over one axis of the scan inputs (ONNX Scan). Inputs are N initial states, M scan inputs and ' +
    'C captured values (weights or memories the body reads at every step; an exporter turns them into ' +
    "outer-scope references). Each step runs `body` on the states, the step's slice of every scan input " +
    'and the captures, giving the next states and K output slices. Outputs: the N final states, then the ' +
    'K slices stacked along their scan output axes. Directions: 0 forward, 1 reverse. The scanned length ' +
    'may be symbolic: the loop is one op, not an unrolled copy per step.',
  inputs: [{ name: 'initial_states_scan_inputs_captures', dtypes: ANY, variadic: true }],
  outputs: ['final_states_and_scan_outputs'],
  attrs: {
    body: { kind: 'graph', doc: 'the step, a graph without weights of its own' },
    numScanInputs: { kind: 'int', doc: 'M, the number of scanned inputs (>= 1)' },
    numCaptures: { kind: 'int', default: 0, doc: 'C, the number of captured values after the scan inputs' },
    scanInputAxes: { kind: 'ints', default: [], doc: 'scanned axis per scan input; [] = all 0' },
    scanInputDirections: { kind: 'ints', default: [], doc: '0 forward, 1 reverse, per scan input; [] = all 0' },
    scanOutputAxes: { kind: 'ints', default: [], doc: 'stacking axis per scan output; [] = all 0' },
    scanOutputDirections: { kind: 'ints', default: [], doc: '0 appends, 1 prepends, per scan output; [] = all 0' },
  },
  infer(ins, attrs, where) {
    const { body, numScanInputs: m, numCaptures: c } = attrs;
    const values = ins.map((v, i) => v ?? fail(where, `input ${i} is required`));
    const n = values.length - m - c;
    if (m < 1 || c < 0 || n < 0) fail(where, `${values.length} inputs cannot hold ${m} scan inputs and ${c} captures`);
    if (body.params.length > 0) fail(where, `the body must take weights as captures, not params (it has '${body.params[0]!.name}')`);
    if (body.inputs.length !== values.length) {
      fail(
        where,
        `the body takes ${body.inputs.length} inputs, the Scan has ${values.length} (${n} states, ${m} scan inputs, ${c} captures)`,
      );
    }
    const k = body.outputs.length - n;
    if (k < 0) fail(where, `the body returns ${body.outputs.length} outputs, fewer than its ${n} states`);
    const lists: [keyof ScanAttrs & `scan${string}`, number][] = [
      ['scanInputAxes', m],
      ['scanInputDirections', m],
      ['scanOutputAxes', k],
      ['scanOutputDirections', k],
    ];
    for (const [key, count] of lists) {
      const list = attrs[key];
      if (list.length !== 0 && list.length !== count) fail(where, `${key} has ${list.length} entries, expected 0 or ${count}`);
      if (key.endsWith('Directions')) {
        const bad = list.find((d) => d !== 0 && d !== 1);
        if (bad !== undefined) fail(where, `${key} entries must be 0 or 1, got ${bad}`);
      }
    }
    let length: Dim | undefined;
    /** What each symbol the body declares stands for outside (the first outer dim it met), for the output types. */
    const outer = new Map<string, Dim>();
    values.forEach((v, i) => {
      let expected: TensorType = v;
      if (i >= n && i < n + m) {
        const axis = normalizeAxis(at(attrs.scanInputAxes, i - n), v.shape.length, where);
        const size = v.shape[axis]!;
        if (length !== undefined && !dimsCompatible(length, size)) fail(where, `scan inputs have lengths ${length} and ${size}`);
        if (length === undefined || typeof length === 'string') length = size;
        expected = { dtype: v.dtype, shape: v.shape.filter((_, j) => j !== axis) };
      }
      const declared = body.inputs[i]!;
      if (!compatible(expected, declared.type)) {
        fail(where, `body input '${declared.name}' is ${formatType(declared.type)}, the Scan gives ${formatType(expected)}`);
      }
      declared.type.shape.forEach((d, j) => typeof d === 'string' && !outer.has(d) && outer.set(d, expected.shape[j]!));
    });
    verifyGraph(body);
    const outs: ValueInfo[] = body.outputs.map((o, i) => {
      if (i < n) {
        if (!compatible(o.type, values[i]!)) {
          fail(where, `body state output '${o.name}' is ${formatType(o.type)}, its initial state is ${formatType(values[i]!)}`);
        }
        return { dtype: values[i]!.dtype, shape: [...values[i]!.shape] };
      }
      const shape = o.type.shape.map((d) => (typeof d === 'string' ? (outer.get(d) ?? d) : d));
      const axis = normalizeAxis(at(attrs.scanOutputAxes, i - n), shape.length + 1, where);
      shape.splice(axis, 0, length!);
      return { dtype: o.type.dtype, shape };
    });
    return outs;
  },
});
