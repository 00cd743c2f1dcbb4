import { getBackend, initWeights, formatShape, weightsToJSON, type Graph, type HostTensor } from '@layerspec/spec';
import { exportOnnx } from '@layerspec/backend-onnx';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMOS, demoInputs } from './catalog.js';
import { checksum, endProgress, maxAbsDiff, median, progress, table } from './format.js';

export interface TourOptions {
  /** An absolute directory for the models and their inputs and weights. */
  readonly outDir: string;
  /** Backends compared with the reference engine, which always runs first. */
  readonly backends: readonly string[];
  /** Layer classes to run; all when absent. */
  readonly layers?: readonly string[];
}

/** Runs timed per layer and backend, after one warm-up run; the table shows their median. */
const TIMED_RUNS = 5;

/**
 * How close a backend must come to the reference engine for the verdict, relative to the output's
 * scale: float32 keeps about 7 significant digits, so a correct float32 backend sits near 1e-7 here;
 * a wrong formula shows at 1e-2 or more.
 */
export const TOUR_TOLERANCE = 1e-5;

export const TOUR_LEGEND = `Every layer below runs on the reference engine (ref: plain TypeScript, float64 inside) and on each
other backend, with the same seeded inputs and weights.
  checksum           sum and mean |x| of the output's values, to compare by eye across backends
  max |diff| vs ref  largest |backend - ref| over the output's values. The other backends compute in
                     float32 (about 7 significant digits), so values of size ~1 agree to ~1e-7;
                     1e-2 or more would mean a different formula
  median ms          median wall time of one compiled.run (inputs and weights in, outputs back on the
                     host) over ${TIMED_RUNS} runs after one warm-up; these sizes are tiny, so it mostly
                     measures the per-call overhead of each runtime`;

/** One backend's output of one layer, compared with the reference engine's (`diff` undefined for ref). */
export interface TourResult {
  readonly layer: string;
  readonly backend: string;
  readonly output: string;
  readonly diff: number | undefined;
  /** max(1, max |ref|): the verdict's tolerance scales with it. */
  readonly scale: number;
}

/** One line: every comparison within the tolerance and the largest difference, or which ones are not. */
export function verdict(results: readonly TourResult[]): string {
  const compared = results.filter((r) => r.diff !== undefined);
  const off = compared.filter((r) => !(r.diff! <= TOUR_TOLERANCE * r.scale));
  const worst = Math.max(0, ...compared.map((r) => r.diff!));
  const rule = `|diff| <= ${TOUR_TOLERANCE.toExponential(0)} x max(1, max |ref|)`;
  if (off.length === 0)
    return `verdict: all ${compared.length} backend outputs agree with ref (${rule}); the largest |diff| is ${worst.toExponential(1)}`;
  const listed = off.map((r) => `${r.layer} on ${r.backend} (${r.output}: ${r.diff!.toExponential(1)})`).join(', ');
  return `verdict: ${off.length} of ${compared.length} backend outputs differ from ref by more than ${rule}: ${listed}`;
}

function maxAbs(t: HostTensor): number {
  let m = 0;
  for (const v of t.data) m = Math.max(m, Math.abs(v));
  return m;
}

async function timedRuns(
  backend: string,
  graph: Graph,
  inputs: Record<string, HostTensor>,
  weights: Record<string, HostTensor>,
): Promise<{ outputs: Record<string, HostTensor>; ms: number }> {
  const compiled = await getBackend(backend).compile(graph);
  try {
    let outputs = await compiled.run(inputs, weights);
    const times: number[] = [];
    for (let r = 0; r < TIMED_RUNS; r++) {
      const start = performance.now();
      outputs = await compiled.run(inputs, weights);
      times.push(performance.now() - start);
    }
    return { outputs, ms: median(times) };
  } finally {
    compiled.dispose();
  }
}

/**
 * Builds each layer once, runs it on the reference engine and each backend, prints each output's
 * shape, checksum, largest difference from the reference engine and median time, a verdict, and
 * writes each layer's ONNX model with its inputs and weights as JSON (the format weightsFromJSON reads).
 */
export async function tour(options: TourOptions): Promise<TourResult[]> {
  mkdirSync(options.outDir, { recursive: true });
  const demos = DEMOS.map((demo, i) => ({ demo, graph: demo.build(), number: String(i + 1).padStart(2, '0') })).filter(
    ({ graph }) => options.layers === undefined || options.layers.includes(graph.name),
  );
  const backends = ['ref', ...options.backends.filter((b) => b !== 'ref')];
  const rows: string[][] = [['layer', 'backend', 'output', 'shape', 'checksum', 'max |diff| vs ref', 'median ms']];
  const results: TourResult[] = [];
  const written: string[] = [];
  for (const [i, { demo, graph, number }] of demos.entries()) {
    const weights = initWeights(graph, { seed: 1 });
    const inputs = demoInputs(graph, demo.sizes);
    const base = join(options.outDir, `${number}-${graph.name}`);
    writeFileSync(`${base}.onnx`, exportOnnx(graph, weights, { opset: 17, docString: demo.title }));
    writeFileSync(`${base}.inputs.json`, `${JSON.stringify(weightsToJSON(inputs))}\n`);
    writeFileSync(`${base}.weights.json`, `${JSON.stringify(weightsToJSON(weights))}\n`);
    written.push(base);
    let reference: Record<string, HostTensor> | undefined;
    for (const backend of backends) {
      progress(`[${i + 1}/${demos.length}] ${demo.title} on ${backend}`);
      const { outputs, ms } = await timedRuns(backend, graph, inputs, weights);
      reference ??= outputs;
      for (const [output, t] of Object.entries(outputs)) {
        const ref = reference[output]!;
        const diff = backend === 'ref' ? undefined : maxAbsDiff(t.data, ref.data);
        results.push({ layer: demo.title, backend, output, diff, scale: Math.max(1, maxAbs(ref)) });
        rows.push([
          demo.title,
          backend,
          output,
          formatShape(t.shape),
          checksum(t),
          diff === undefined ? '-' : diff.toExponential(1),
          ms.toFixed(2),
        ]);
      }
    }
  }
  endProgress();
  console.log(`${TOUR_LEGEND}\n\n${table(rows)}\n\n${verdict(results)}`);
  console.log(
    `\nONNX models (opset 17, weights inside), each with its inputs and weights as JSON ({ name: { dtype, shape, data } },\ndata flat in row-major order), to check with any ONNX runtime against the rows above:`,
  );
  for (const base of written) console.log(`  ${base}.onnx  (.inputs.json, .weights.json)`);
  return results;
}
