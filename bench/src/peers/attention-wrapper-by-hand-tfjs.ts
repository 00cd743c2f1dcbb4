import type { Tensor } from '@tensorflow/tfjs';
import { tf } from '@layerspec/backend-tfjs';

export interface AttentionWrapperSizes {
  batch: number;
  steps: number;
  inputSize: number;
  memoryLength: number;
  memorySize: number;
  units: number;
}

function weight(w: Readonly<Record<string, Tensor>>, name: string): Tensor {
  const t = w[name];
  if (!t) throw new Error(`attentionWrapperByHandTfjs: weight '${name}' is missing`);
  return t;
}

/** The sizes of a run, read from the shapes of `inputs (B, T, Din)`, `memory (B, L, Dm)` and the cell's recurrent kernel. */
export function attentionWrapperSizes(inputs: Tensor, memory: Tensor, w: Readonly<Record<string, Tensor>>): AttentionWrapperSizes {
  const [batch, steps, inputSize] = inputs.shape;
  const [memoryBatch, memoryLength, memorySize] = memory.shape;
  const units = weight(w, 'cell/recurrent_kernel').shape[0];
  if (
    inputs.rank !== 3 ||
    memory.rank !== 3 ||
    batch === undefined ||
    steps === undefined ||
    inputSize === undefined ||
    memoryLength === undefined ||
    memorySize === undefined ||
    units === undefined ||
    memoryBatch !== batch
  ) {
    throw new Error(
      `attentionWrapperByHandTfjs: needs inputs (B, T, Din) and memory (B, L, Dm), got [${inputs.shape}] and [${memory.shape}]`,
    );
  }
  return { batch, steps, inputSize, memoryLength, memorySize, units };
}

/**
 * An LSTM with Bahdanau attention over a memory (Show, Attend and Tell) written directly in TensorFlow.js,
 * a JavaScript loop over the steps, computing what the library's
 * `new AttentionWrapper({ cell: new LSTMCell({ units }), mechanism: 'bahdanau' })` computes. At step t, with
 * h and c zeros before the first step:
 *
 *   e[b, l] = v . tanh(memory[b, l] @ Wm + h[b] @ Wq + bias);  alpha = softmax over l;  ctx = alpha @ memory
 *   i, f, g, o = split([x_t ; ctx] @ kernel + h @ recurrent_kernel + cell bias)   (Keras gate order)
 *   c = sigmoid(f) c + sigmoid(i) tanh(g);  h = sigmoid(o) tanh(c)
 *
 * Returns the h of every step, (B, T, units). Reads the library's weight names (`cell/...`, `attention/...`).
 */
export function attentionWrapperByHandTfjs(inputs: Tensor, memory: Tensor, w: Readonly<Record<string, Tensor>>): Tensor {
  const { batch: b, steps, inputSize: din, memoryLength: l, memorySize: dm, units: u } = attentionWrapperSizes(inputs, memory, w);
  const kernel = weight(w, 'cell/kernel');
  const a = weight(w, 'attention/v').shape[0]!;

  // Everything that does not depend on the state, once: the input part of the gates for all steps (with
  // the cell bias) and the memory part of the scores (with the attention bias).
  const xGates = tf.add(tf.matMul(tf.reshape(inputs, [b * steps, din]), tf.slice(kernel, [0, 0], [din, 4 * u])), weight(w, 'cell/bias'));
  const xs = tf.unstack(tf.reshape(xGates, [b, steps, 4 * u]), 1);
  const keys = tf.reshape(
    tf.add(tf.matMul(tf.reshape(memory, [b * l, dm]), weight(w, 'attention/memory_kernel')), weight(w, 'attention/bias')),
    [b, l, a],
  );
  // [ctx ; h] @ [kernel rows of the context ; recurrent_kernel]: one gate product per step.
  const stateKernel = tf.concat([tf.slice(kernel, [din, 0], [dm, 4 * u]), weight(w, 'cell/recurrent_kernel')], 0);
  const queryKernel = weight(w, 'attention/query_kernel');
  const v = tf.reshape(weight(w, 'attention/v'), [a, 1]);

  let h = tf.zeros([b, u]);
  let c = tf.zeros([b, u]);
  const outputs: Tensor[] = [];
  for (const x of xs) {
    const query = tf.reshape(tf.matMul(h, queryKernel), [b, 1, a]);
    const hidden = tf.reshape(tf.tanh(tf.add(keys, query)), [b * l, a]);
    const alpha = tf.softmax(tf.reshape(tf.matMul(hidden, v), [b, l]));
    const context = tf.reshape(tf.matMul(tf.reshape(alpha, [b, 1, l]), memory), [b, dm]);
    const z = tf.add(x, tf.matMul(tf.concat([context, h], 1), stateKernel));
    const [i, f, g, o] = tf.split(z, 4, 1);
    c = tf.add(tf.mul(tf.sigmoid(f!), c), tf.mul(tf.sigmoid(i!), tf.tanh(g!)));
    h = tf.mul(tf.sigmoid(o!), tf.tanh(c));
    outputs.push(h);
  }
  return tf.stack(outputs, 1);
}
