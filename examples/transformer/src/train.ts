import { initWeights, tensor, type Graph, type HostTensor } from '@layerspec/spec';
import { runGraph, tf, useRuntime, type TfRuntime } from '@layerspec/backend-tfjs';
import { seededUniform } from '@layerspec/example-common';
import { makeBatch, PAD, randomSequence, type TaskConfig } from './data.js';

/** tfjs's Adam, with its learning rate settable between steps (it reads the field at every update). */
class ScheduledAdam extends tf.AdamOptimizer {
  set rate(value: number) {
    this.learningRate = value;
  }
}

export interface TrainOptions {
  steps: number;
  batchSize: number;
  /** peak learning rate: linear warmup over `warmupSteps`, then cosine decay to 5% at `steps` */
  learningRate: number;
  warmupSteps?: number;
  seed: number;
  /** TensorFlow.js backend to train on (default `wasm`) */
  runtime?: TfRuntime;
  /** sequences (keys `seq.join('')`) never used for training */
  exclude: Set<string>;
  /** called every `logEvery` steps */
  onProgress?: (step: number, loss: number, tokenAccuracy: number, seconds: number) => void;
  logEvery?: number;
  /** stop early once the running token accuracy reaches this */
  stopAtTokenAccuracy?: number;
}

/** Masked softmax cross-entropy (mean over non-PAD targets) and the masked token accuracy. */
function lossAndAccuracy(logits: tf.Tensor, labels: tf.Tensor, vocab: number): { loss: tf.Scalar; correct: tf.Scalar; count: tf.Scalar } {
  const mask = tf.cast(tf.notEqual(labels, tf.scalar(PAD, 'int32')), 'float32');
  const logp = tf.logSoftmax(logits);
  const picked = tf.sum(tf.mul(logp, tf.oneHot(labels as tf.Tensor2D, vocab)), -1);
  const count = tf.sum(mask);
  const loss = tf.div(tf.neg(tf.sum(tf.mul(picked, mask))), count) as tf.Scalar;
  const correct = tf.sum(tf.mul(tf.cast(tf.equal(tf.argMax(logits, -1), labels), 'float32'), mask)) as tf.Scalar;
  return { loss, correct, count: count as tf.Scalar };
}

/** Trains the graph with Adam on freshly generated batches (teacher forcing); returns the weights. */
export async function train(graph: Graph, task: TaskConfig, opts: TrainOptions): Promise<Record<string, HostTensor>> {
  await useRuntime(opts.runtime ?? 'wasm');
  const vocab = graph.outputs[0]!.type.shape[2] as number;
  const init = initWeights(graph, { seed: opts.seed });
  const vars = new Map<string, tf.Variable>();
  for (const p of graph.params) {
    const w = init[p.name]!;
    vars.set(
      p.name,
      tf.variable(tf.tensor(w.data as Float32Array, w.shape, 'float32'), true, `w_${p.name}`.replace(/[^A-Za-z0-9_.\-/]/g, '_')),
    );
  }
  const optimizer = new ScheduledAdam(opts.learningRate, 0.9, 0.98, 1e-9);
  const rand = seededUniform(opts.seed + 1000);
  const start = performance.now();
  let runCorrect = 0;
  let runCount = 0;
  let runLoss = 0;
  let runSteps = 0;
  const logEvery = opts.logEvery ?? 50;
  const warmup = opts.warmupSteps ?? Math.min(100, Math.floor(opts.steps / 10));
  for (let step = 1; step <= opts.steps; step++) {
    const progress = Math.max(0, step - warmup) / Math.max(1, opts.steps - warmup);
    optimizer.rate =
      step <= warmup ? (opts.learningRate * step) / warmup : opts.learningRate * (0.05 + 0.95 * 0.5 * (1 + Math.cos(Math.PI * progress)));
    const seqs: number[][] = [];
    while (seqs.length < opts.batchSize) {
      const s = randomSequence(task, rand);
      if (!opts.exclude.has(s.join(''))) seqs.push(s);
    }
    const batch = makeBatch(task, seqs);
    const src = tf.tensor(batch.src.data as Int32Array, batch.src.shape, 'int32');
    const tgt = tf.tensor(batch.tgtIn.data as Int32Array, batch.tgtIn.shape, 'int32');
    const labels = tf.tensor(batch.tgtOut.data as Int32Array, batch.tgtOut.shape, 'int32');
    let correct = 0;
    let count = 0;
    const lossValue = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => {
        const env = new Map<string, tf.Tensor>([
          ['src', src],
          ['tgt', tgt],
        ]);
        for (const [name, v] of vars) env.set(name, v);
        const [logits] = runGraph(graph, env, true);
        const r = lossAndAccuracy(logits!, labels, vocab);
        correct = r.correct.dataSync()[0]!;
        count = r.count.dataSync()[0]!;
        return r.loss;
      });
      optimizer.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor })));
      return value.dataSync()[0]!;
    });
    src.dispose();
    tgt.dispose();
    labels.dispose();
    runCorrect += correct;
    runCount += count;
    runLoss += lossValue;
    runSteps++;
    if (!Number.isFinite(lossValue)) throw new Error(`training diverged at step ${step} (loss ${lossValue})`);
    if (step % logEvery === 0 || step === opts.steps) {
      const acc = runCorrect / runCount;
      opts.onProgress?.(step, runLoss / runSteps, acc, (performance.now() - start) / 1000);
      const stop = opts.stopAtTokenAccuracy !== undefined && acc >= opts.stopAtTokenAccuracy;
      runCorrect = runCount = runLoss = runSteps = 0;
      if (stop) break;
    }
  }
  const weights: Record<string, HostTensor> = {};
  for (const [name, v] of vars) {
    weights[name] = tensor(v.dataSync() as Float32Array, v.shape as number[], 'float32');
    v.dispose();
  }
  optimizer.dispose();
  return weights;
}
