/**
 * Directional derivatives on the reference engine by float64 central differences.
 *
 * For f(x) = <r, out(x)> (r a fixed output weighting, x every float input and weight) and a direction
 * v, D = d/dt f(x + t v) at t = 0 is approximated by (f(x + h v) - f(x - h v)) / 2h. The reference
 * engine computes in float64 but rounds its outputs to float32, which would cost u |f| / h ~ 1e-2 of
 * the difference; so the graph is doubled (a "+h" and a "-h" copy of every node) and returns the
 * difference out(x + h v) - out(x - h v), formed in float64 before its one rounding. The error of D
 * is then
 *   - truncation: h^2 / 6 |f'''| (the next term of the Taylor series), and
 *   - float64 rounding: ~eps64 |f| / h (eps64 = 2.2e-16), plus u |D| from rounding the difference,
 * balanced at h ~ cbrt(3 eps64) ~ 8.7e-6; h = 2^-17 ~ 7.6e-6 (a power of two, so x +- h v is formed
 * without an extra rounding) gives ~1e-10 relative, far below the float32 backward pass's ~1e-6
 * (compared in gradient-check.ts). A kink (relu, a mask edge) within h of the point would break the
 * Taylor argument; with continuous random inputs that has probability ~1e-5 per case.
 */
import { outputValue, type Graph, type GraphNode, type GraphValue, type HostTensor } from '@layerspec/spec';

export const STEP = 2 ** -17;

const DIR = (x: string): string => `${x}__direction`;
const DIFF = (o: string): string => `${o}__difference`;

/**
 * The doubled graph: inputs are the graph's inputs plus one direction per name in `wrt`; outputs are
 * out(x + h v) - out(x - h v) for every float output (named `<output>__difference`).
 */
export function differenceGraph(graph: Graph, wrt: readonly string[]): Graph {
  const moved = new Set(wrt);
  const defined = new Set(graph.nodes.flatMap((n) => n.outputs));
  const nodes: GraphNode[] = [];
  const inputs: GraphValue[] = [...graph.inputs];
  const copy = (sign: 1 | -1): ((v: string) => string) => {
    const tag = sign > 0 ? '+h' : '-h';
    const name = (v: string): string => (v !== '' && (defined.has(v) || moved.has(v)) ? `${v}${tag}` : v);
    const step = `__step${tag}`;
    nodes.push({
      op: 'Constant',
      name: step,
      inputs: [],
      attrs: { value: { dtype: 'float32', shape: [], data: new Float32Array([sign * STEP]) } },
      outputs: [step],
    });
    for (const x of wrt) {
      const delta = `${x}__delta${tag}`;
      nodes.push(
        { op: 'Mul', name: delta, inputs: [DIR(x), step], attrs: {}, outputs: [delta] },
        { op: 'Add', name: name(x), inputs: [x, delta], attrs: {}, outputs: [name(x)] },
      );
    }
    for (const n of graph.nodes) nodes.push({ ...n, name: `${n.name}${tag}`, inputs: n.inputs.map(name), outputs: n.outputs.map(name) });
    return name;
  };
  const all = new Map([...graph.inputs, ...graph.params].map((v) => [v.name, v]));
  for (const x of wrt) inputs.push({ name: DIR(x), type: all.get(x)!.type });
  const plus = copy(1);
  const minus = copy(-1);
  const outputs: GraphValue[] = [];
  for (const o of graph.outputs) {
    if (o.type.dtype !== 'float32') continue;
    const v = outputValue(o);
    nodes.push({ op: 'Sub', name: DIFF(o.name), inputs: [plus(v), minus(v)], attrs: {}, outputs: [DIFF(o.name)] });
    outputs.push({ name: DIFF(o.name), type: o.type });
  }
  const { composites: _dropped, ...rest } = graph;
  return { ...rest, name: `${graph.name}__difference`, inputs, outputs, nodes };
}

/** The float32 inputs and weights of a graph: what a gradient is taken with respect to. */
export function differentiable(graph: Graph): string[] {
  return [...graph.inputs, ...graph.params].filter((v) => v.type.dtype === 'float32').map((v) => v.name);
}

/** Feeds for the doubled graph: the inputs plus each direction. */
export function differenceFeeds(inputs: Record<string, HostTensor>, directions: Record<string, HostTensor>): Record<string, HostTensor> {
  const feeds = { ...inputs };
  for (const [x, v] of Object.entries(directions)) feeds[DIR(x)] = v;
  return feeds;
}

/** D = <r, out(x + h v) - out(x - h v)> / 2h from the doubled graph's outputs (in float64). */
export function directionalDerivative(differences: Record<string, HostTensor>, weighting: Record<string, HostTensor>): number {
  let d = 0;
  for (const [o, r] of Object.entries(weighting)) {
    const diff = differences[DIFF(o)];
    if (!diff) continue;
    for (let i = 0; i < r.data.length; i++) d += r.data[i]! * diff.data[i]!;
  }
  return d / (2 * STEP);
}
