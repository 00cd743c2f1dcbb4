/**
 * How much float32 rounding of the attention logits can move a graph's outputs, measured on the
 * reference engine with the case's own values (the tight replacement for an a-priori bound).
 *
 * A logit is a dot product A_i . B_j (the MatMul whose result reaches a Softmax through masks, scales,
 * softcaps, biases and layout ops). In float32 it carries an absolute error of at most
 * ~LOGIT_ULPS * u * (|A| |B|)_ij: the dot product's accumulation (d terms, ~d u) plus the rounding of
 * the projections that made A and B. The graph is instrumented so that each such MatMul also returns
 * |A| |B| and adds a noise input to its result; the reference engine then runs it once with zero noise
 * (the reference outputs, bit for bit the plain graph's), and PATTERNS times with noise
 * eps_ij * s_ij, eps = LOGIT_ULPS * u * |A||B|, s a random sign pattern. The largest output change,
 * times SIGN_SLACK, is the allowance. It follows the real softmax: a saturated row (weights 0 or 1)
 * passes almost none of the logit error on (dw_ij = w_ij (dl_ij - sum_k w_ik dl_ik)), so its allowance
 * is ~0, unlike a bound built from the logits' size alone.
 *
 * Rounding errors behave like independent signs of size <= eps, which random sign patterns at the
 * full size eps over-cover; SIGN_SLACK = 2 covers a worse alignment than the patterns drew (Tk <= 6 keys
 * per row here).
 */
import {
  Random,
  bindRunTypes,
  verifyGraph,
  type Compiled,
  type Graph,
  type GraphNode,
  type GraphValue,
  type HostTensor,
} from '@layerspec/spec';

export const LOGIT_ULPS = 16;
const U = 2 ** -24;
const PATTERNS = 3;
const SIGN_SLACK = 2;

/** Ops a logit passes through between its MatMul and the Softmax (elementwise with constants, masks, layout). */
const PASS_THROUGH = new Set(['Where', 'Add', 'Sub', 'Mul', 'Div', 'Tanh', 'Identity', 'Reshape', 'Transpose', 'Squeeze', 'Unsqueeze']);

/** The MatMul nodes whose results reach a top-level Softmax as its logits. */
export function logitMatMuls(graph: Graph): GraphNode[] {
  const producer = new Map<string, GraphNode>();
  for (const n of graph.nodes) for (const o of n.outputs) producer.set(o, n);
  const found = new Set<GraphNode>();
  for (const softmax of graph.nodes) {
    if (softmax.op !== 'Softmax') continue;
    let value = softmax.inputs[0] ?? '';
    for (let steps = 0; steps < 32; steps++) {
      const n = producer.get(value);
      if (!n) break;
      if (n.op === 'MatMul') {
        found.add(n);
        break;
      }
      if (!PASS_THROUGH.has(n.op)) break;
      // the logits branch: Where's "then" input; otherwise the first input made by a non-Constant node
      const candidates = n.op === 'Where' ? [n.inputs[1] ?? ''] : n.inputs;
      const next = candidates.find((v) => {
        const p = producer.get(v);
        return p !== undefined && p.op !== 'Constant';
      });
      if (next === undefined) break;
      value = next;
    }
  }
  return [...found];
}

export interface Instrumented {
  graph: Graph;
  /** The graph before instrumenting, whose bound types give the noise its concrete shape. */
  plain: Graph;
  /** Per logit MatMul: its output in `plain`, the extra output holding |A||B| and the extra input taking the noise. */
  sites: { logit: string; absOutput: string; noiseInput: GraphValue }[];
}

/** The graph with each logit MatMul returning |A||B| too and adding a noise input to its result. */
export function instrumentLogits(graph: Graph): Instrumented {
  const matmuls = new Set(logitMatMuls(graph));
  if (matmuls.size === 0) return { graph, plain: graph, sites: [] };
  const types = verifyGraph(graph);
  const nodes: GraphNode[] = [];
  const sites: Instrumented['sites'] = [];
  const outputs = [...graph.outputs];
  const inputs = [...graph.inputs];
  let k = 0;
  for (const n of graph.nodes) {
    if (n.op !== 'MatMul' || !matmuls.has(n)) {
      nodes.push(n);
      continue;
    }
    const out = n.outputs[0]!;
    const type = types.get(out)!;
    const [a = '', b = ''] = n.inputs;
    const tag = `__sens${k++}`;
    const noise: GraphValue = { name: `${tag}/noise`, type: { dtype: 'float32', shape: [...type.shape] } };
    nodes.push(
      { ...n, outputs: [`${tag}/raw`] },
      { op: 'Add', name: `${tag}/add`, inputs: [`${tag}/raw`, noise.name], attrs: {}, outputs: [out] },
      { op: 'Abs', name: `${tag}/absA`, inputs: [a], attrs: {}, outputs: [`${tag}/absA`] },
      { op: 'Abs', name: `${tag}/absB`, inputs: [b], attrs: {}, outputs: [`${tag}/absB`] },
      { op: 'MatMul', name: `${tag}/absMatMul`, inputs: [`${tag}/absA`, `${tag}/absB`], attrs: {}, outputs: [`${tag}/abs`] },
    );
    inputs.push(noise);
    outputs.push({ name: `${tag}/abs`, type: { dtype: 'float32', shape: [...type.shape] } });
    sites.push({ logit: out, absOutput: `${tag}/abs`, noiseInput: noise });
  }
  const { composites: _composites, ...rest } = graph;
  return { sites, plain: graph, graph: { ...rest, inputs, outputs, nodes } };
}

export interface SensitivityRun {
  /** The reference outputs of the plain graph. */
  reference: Record<string, HostTensor>;
  /** Per output: the largest absolute change float32 logit rounding may cause (already with slack). */
  allowance: Record<string, number>;
  /** Whether any logit MatMul was found (else the caller falls back to an a-priori bound). */
  measured: boolean;
}

/** Runs the instrumented graph on the reference engine (see the top of this file). */
export async function measureSensitivity(
  instrumented: Instrumented,
  compiled: Compiled,
  inputs: Record<string, HostTensor>,
  weights: Record<string, HostTensor>,
  seed: number,
): Promise<SensitivityRun> {
  // Symbolic dims (a cache's P + T) take their sizes from the run's inputs.
  const bound = instrumented.sites.length > 0 ? bindRunTypes(instrumented.plain, inputs, weights).types : undefined;
  const zero = (logit: string): HostTensor => {
    const shape = (bound?.get(logit)?.shape ?? []).map((d) => (typeof d === 'number' ? d : 1));
    return { dtype: 'float32', shape, data: new Float32Array(shape.reduce((a, d) => a * d, 1)) };
  };
  const noiseFree = { ...inputs };
  for (const s of instrumented.sites) noiseFree[s.noiseInput.name] = zero(s.logit);
  const base = await compiled.run(noiseFree, weights);
  const extra = new Set(instrumented.sites.map((s) => s.absOutput));
  const reference: Record<string, HostTensor> = {};
  for (const [name, t] of Object.entries(base)) if (!extra.has(name)) reference[name] = t;
  const allowance: Record<string, number> = Object.fromEntries(Object.keys(reference).map((n) => [n, 0]));
  if (instrumented.sites.length === 0) return { reference, allowance, measured: false };
  const rng = new Random(seed, 31);
  for (let p = 0; p < PATTERNS; p++) {
    const noisy = { ...inputs };
    for (const s of instrumented.sites) {
      const abs = base[s.absOutput]!;
      const data = new Float32Array(abs.data.length);
      for (let i = 0; i < data.length; i++) data[i] = (rng.uniform() < 0.5 ? -1 : 1) * LOGIT_ULPS * U * abs.data[i]!;
      noisy[s.noiseInput.name] = { dtype: 'float32', shape: [...abs.shape], data };
    }
    const out = await compiled.run(noisy, weights);
    for (const [name, r] of Object.entries(reference)) {
      const o = out[name]!;
      let m = 0;
      for (let i = 0; i < r.data.length; i++) {
        const d = Math.abs(o.data[i]! - r.data[i]!);
        if (Number.isFinite(d)) m = Math.max(m, d);
      }
      allowance[name] = Math.max(allowance[name]!, SIGN_SLACK * m);
    }
  }
  return { reference, allowance, measured: true };
}
