import { MultiHeadAttention, Random, initWeights, type HostTensor } from '@layerspec/spec';
import { backend as ref } from '@layerspec/backend-ref';
import { endProgress, median, progress, table } from './format.js';
import { mhaByHandTfjs, type MhaSizes } from './mha-by-hand-tfjs.js';

interface Timing {
  name: string;
  medianMs: number;
  gflops: number;
}

/** Multiply-adds of one MultiHeadAttention forward pass, counted as 2 flops each. */
function mhaFlops({ batch, seq, model }: MhaSizes): number {
  const projections = 4 * 2 * batch * seq * model * model;
  const attention = 2 * 2 * batch * seq * seq * model;
  return projections + attention;
}

interface Contender {
  name: string;
  once: () => Promise<void>;
}

/**
 * Runs the contenders in alternation (after one warm-up each), so a slow stretch of a noisy machine
 * hits all of them alike, and reports each one's median.
 */
async function timeInterleaved(contenders: readonly Contender[], runs: number, flops: number): Promise<Timing[]> {
  for (const c of contenders) await c.once();
  const samples = contenders.map(() => [] as number[]);
  for (let i = 0; i < runs; i++) {
    progress(`run ${i + 1}/${runs}`);
    for (const [j, c] of contenders.entries()) {
      const start = performance.now();
      await c.once();
      samples[j]!.push(performance.now() - start);
    }
  }
  return contenders.map((c, j) => {
    const medianMs = median(samples[j]!);
    return { name: c.name, medianMs, gflops: flops / (medianMs * 1e6) };
  });
}

function parseRuns(args: readonly string[]): number {
  const at = args.indexOf('--runs');
  const runs = at >= 0 ? Number(args[at + 1]) : 7;
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs needs a positive integer, got ${args[at + 1]}`);
  return runs;
}

/** The reference engine's MultiHeadAttention forward beside hand-written TensorFlow.js on its cpu backend. */
export async function bench(args: readonly string[]): Promise<void> {
  const runs = parseRuns(args);
  const sizes: MhaSizes = { batch: 4, seq: 128, model: 256, heads: 8 };
  const graph = new MultiHeadAttention({ numHeads: sizes.heads, keyDim: sizes.model / sizes.heads }).build({
    query: { dtype: 'float32', shape: [sizes.batch, sizes.seq, sizes.model] },
    value: { dtype: 'float32', shape: [sizes.batch, sizes.seq, sizes.model] },
  });
  const weights = initWeights(graph, { seed: 1 });
  const rng = new Random(3);
  const x: HostTensor = {
    dtype: 'float32',
    shape: [sizes.batch, sizes.seq, sizes.model],
    data: Float32Array.from({ length: sizes.batch * sizes.seq * sizes.model }, () => rng.normal()),
  };
  const flops = mhaFlops(sizes);

  const compiled = await ref.compile(graph);
  const tf = await import('@tensorflow/tfjs');
  tf.enableProdMode();
  await tf.setBackend('cpu');
  const forward = mhaByHandTfjs(tf, sizes, weights);
  const input = tf.tensor(x.data as Float32Array, x.shape);
  let refOut: HostTensor | undefined;
  let tfOut: Float32Array | undefined;
  const [refTiming, tfTiming] = await timeInterleaved([
    { name: 'layerspec ref', once: async () => void (refOut = (await compiled.run({ query: x, value: x }, weights))['output']) },
    {
      name: 'tfjs cpu, by hand',
      once: async () => {
        const y = forward(input);
        tfOut = (await y.data()) as Float32Array;
        y.dispose();
      },
    },
  ], runs, flops);
  compiled.dispose();
  input.dispose();
  endProgress();

  let maxDiff = 0;
  refOut!.data.forEach((v, i) => (maxDiff = Math.max(maxDiff, Math.abs(v - tfOut![i]!))));
  console.log(`MultiHeadAttention forward, batch ${sizes.batch}, seq ${sizes.seq}, model ${sizes.model}, heads ${sizes.heads}; median of ${runs} interleaved runs after warm-up`);
  console.log(table([
    ['implementation', 'median ms', 'GFLOP/s', 'speed vs tfjs cpu'],
    ...[refTiming!, tfTiming!].map((t) => [t.name, t.medianMs.toFixed(1), t.gflops.toFixed(2), (tfTiming!.medianMs / t.medianMs).toFixed(2) + 'x']),
  ]));
  console.log(`max |ref - tfjs| over the output: ${maxDiff.toExponential(2)}`);
}
