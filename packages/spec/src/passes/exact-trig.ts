import type { Graph, GraphNode } from '../graph/types.js';
import type { AttrsOf, OpName } from '../ops/table.js';
import { GraphEdit, GraphIndex, inEveryBody, makeNode } from './rewrite.js';

/**
 * pi/2 as C1 + C2 + C3 (Cody–Waite): C1 and C2 have 11 significant bits, so `k * C1` and `k * C2` are exact
 * in float32 for |k| < 2^13, that is |x| < 12867; C3 is the rest rounded to float32 (pi/2 - C1 - C2 - C3 = -1.8e-15).
 */
const PIO2_1 = 1.5703125;
const PIO2_2 = 4.837512969970703e-4;
const PIO2_3 = 7.549790126404332e-8;
const TWO_OVER_PI = 0.6366197466850281;
/** Added before the truncating Cast so it floors: the quadrant is right for |x| < 2^16 * pi/2 (about 1e5). */
const FLOOR_SHIFT = 65536;
/** sin(r) = r + r z (S1 + z (S2 + z S3)) and cos(r) = 1 - z/2 + z^2 (C1 + z (C2 + z C3)), z = r^2, |r| <= pi/4 (Cephes sinf, cosf). */
const SIN = [-1.6666654611e-1, 8.3321608736e-3, -1.9515295891e-4];
const COS = [4.166664568298827e-2, -1.388731625493765e-3, 2.443315711809948e-5];

/** Writes the nodes of one reduction and both polynomials; returns the value for Sin and for Cos of `x`. */
class TrigWriter {
  readonly nodes: GraphNode[] = [];
  private readonly constants = new Map<number, string>();

  constructor(
    private readonly index: GraphIndex,
    private readonly edit: GraphEdit,
    private readonly base: string,
  ) {}

  private name(part: string): string {
    return this.index.fresh(`${this.base}/${part}`, this.edit.taken);
  }

  private num(v: number): string {
    const known = this.constants.get(v);
    if (known) return known;
    const name = this.name('c');
    this.nodes.push(makeNode('Constant', name, [], { value: { dtype: 'float32', shape: [], data: new Float32Array([v]) } }, [name]));
    this.constants.set(v, name);
    return name;
  }

  private op<K extends OpName>(op: K, inputs: string[], attrs: Partial<AttrsOf<K>> = {}): string {
    const name = this.name(op.toLowerCase());
    this.nodes.push(makeNode(op, name, inputs, attrs, [name]));
    return name;
  }

  private add = (a: string, b: string) => this.op('Add', [a, b]);
  private sub = (a: string, b: string) => this.op('Sub', [a, b]);
  private mul = (a: string, b: string) => this.op('Mul', [a, b]);

  /** floor(v) for v > 0 below 2^23: Cast to int32 truncates toward zero. */
  private floor(v: string): string {
    return this.op('Cast', [this.op('Cast', [v], { to: 'int32' })], { to: 'float32' });
  }

  /** c0 + z (c1 + z (c2 + ...)). */
  private horner(z: string, coefs: readonly number[]): string {
    let acc = this.num(coefs[coefs.length - 1]!);
    for (let i = coefs.length - 2; i >= 0; i--) acc = this.add(this.num(coefs[i]!), this.mul(z, acc));
    return acc;
  }

  /** The value of sin(x + q pi/2) for q = 0 (Sin) and q = 1 (Cos), from the quadrant `m = k + FLOOR_SHIFT + q`. */
  private select(m: string, s: string, c: string): string {
    const half = this.floor(this.mul(m, this.num(0.5)));
    const odd = this.sub(m, this.mul(half, this.num(2)));
    const negative = this.sub(half, this.mul(this.floor(this.mul(half, this.num(0.5))), this.num(2)));
    const sign = this.sub(this.num(1), this.mul(negative, this.num(2)));
    const value = this.add(this.mul(this.sub(this.num(1), odd), s), this.mul(odd, c));
    return this.mul(sign, value);
  }

  write(x: string): { sin: string; cos: string } {
    // k = round(x * 2/pi); r = x - k pi/2 in three exact-ish steps.
    const shifted = this.floor(this.add(this.mul(x, this.num(TWO_OVER_PI)), this.num(FLOOR_SHIFT + 0.5)));
    const k = this.sub(shifted, this.num(FLOOR_SHIFT));
    let r = this.sub(x, this.mul(k, this.num(PIO2_1)));
    r = this.sub(r, this.mul(k, this.num(PIO2_2)));
    r = this.sub(r, this.mul(k, this.num(PIO2_3)));
    const z = this.mul(r, r);
    const s = this.add(r, this.mul(this.mul(r, z), this.horner(z, SIN)));
    const c = this.add(this.sub(this.num(1), this.mul(z, this.num(0.5))), this.mul(this.mul(z, z), this.horner(z, COS)));
    return { sin: this.select(shifted, s, c), cos: this.select(this.add(shifted, this.num(1)), s, c) };
  }
}

/**
 * Sin and Cos of float32 values as a range reduction and two polynomials, written with Mul, Add, Sub and
 * Cast only: `k = round(x * 2/pi)`, `r = x - k*C1 - k*C2 - k*C3` (Cody–Waite, exact to float32 for
 * |x| <= 1e4), then sin(r) or cos(r) by the quadrant `k mod 4`. Within 2e-7 of sin/cos on [-1e4, 1e4] in
 * float32 arithmetic; NaN and +-Infinity give NaN. For runtimes whose own sin and cos are imprecise (GPU
 * shaders promise 2^-11 on [-pi, pi]); Sin and Cos of one value share the reduction.
 */
export const exactTrig = inEveryBody((graph: Graph): Graph => {
  const index = new GraphIndex(graph);
  const edit = new GraphEdit();
  const written = new Map<string, { sin: string; cos: string }>();
  for (const node of graph.nodes) {
    if ((node.op !== 'Sin' && node.op !== 'Cos') || !index.isFree(node)) continue;
    const x = node.inputs[0]!;
    if (index.types.get(x)?.dtype !== 'float32') continue;
    let values = written.get(x);
    if (!values) {
      const writer = new TrigWriter(index, edit, `${node.name}/exact`);
      values = writer.write(x);
      for (const added of writer.nodes) edit.insertBefore(node, added);
      written.set(x, values);
    }
    edit.replace(node, makeNode('Identity', node.name, [node.op === 'Sin' ? values.sin : values.cos], {}, [...node.outputs]));
  }
  return edit.empty ? graph : edit.apply(graph);
});
