/**
 * Show, Attend and Tell, small: a CNN encoder to a 4x4 grid of annotation vectors, an LSTM decoder inside
 * layerspec's AttentionWrapper (Bahdanau attention over the 16 annotations at every step), its initial
 * state from the mean annotation through two dense layers, and a softmax over the vocabulary.
 */
import { LSTMCell, type HostTensor } from '@layerspec/spec';
import { tf, tfl } from '@layerspec/backend-tfjs';
import { DEFAULT_CONFIG, type CaptionerConfig } from './config.js';
import { BOS, IMAGE_SIZE, MAX_LEN, VOCAB } from './data.js';

export { DEFAULT_CONFIG, type CaptionerConfig } from './config.js';

export interface Captioner {
  /** [image, decoderIn] -> probs (B, T, V); what is trained. */
  train: tf.LayersModel;
  /** [image, decoderIn] -> [probs (B, T, V), attention (B, T, 16)]. */
  infer: tf.LayersModel;
}

export function buildCaptioner(cfg: CaptionerConfig = DEFAULT_CONFIG): Captioner {
  let seed = cfg.seed;
  const init = () => tf.initializers.glorotUniform({ seed: seed++ });
  const image = tf.input({ shape: [IMAGE_SIZE, IMAGE_SIZE, 3], name: 'image' });
  // Previous words as one-hot rows: tfjs's embedding gradient (UnsortedSegmentSum) has no wasm kernel.
  const words = tf.input({ shape: [MAX_LEN, VOCAB.length], name: 'words' });

  // Encoder: a convolution with 16x16 kernels at stride 8 (one window centred on each cell of a 4x4 grid,
  // zero-padded at the border), written as im2col + dense, then a 1x1 convolution (a second dense layer).
  // tfjs's wasm backend has no Conv2DBackpropFilter kernel, so tf.layers.conv2d cannot train on it; the
  // dense layer over the window is the same convolution, trained through matMul. im2col: pad to 40x40,
  // take four 32x32 crops shifted by 0/8 px, cut each into 8x8 patches (reshape + permute), concatenate.
  const padded = tf.layers.zeroPadding2d({ padding: 4, name: 'pad' }).apply(image) as tf.SymbolicTensor;
  const quarters: tf.SymbolicTensor[] = [];
  for (const [dy, dx] of [
    [0, 0],
    [0, 8],
    [8, 0],
    [8, 8],
  ] as const) {
    let q = tf.layers
      .cropping2D({
        cropping: [
          [dy, 8 - dy],
          [dx, 8 - dx],
        ],
        name: `crop${dy}${dx}`,
      })
      .apply(padded) as tf.SymbolicTensor;
    q = tf.layers.reshape({ targetShape: [4, 8, 4, 8 * 3], name: `rows${dy}${dx}` }).apply(q) as tf.SymbolicTensor;
    q = tf.layers.permute({ dims: [1, 3, 2, 4], name: `grid${dy}${dx}` }).apply(q) as tf.SymbolicTensor; // (4, 4, 8, 24)
    quarters.push(tf.layers.reshape({ targetShape: [16, 8 * 8 * 3], name: `patches${dy}${dx}` }).apply(q) as tf.SymbolicTensor);
  }
  let x = tf.layers.concatenate({ axis: -1, name: 'windows' }).apply(quarters) as tf.SymbolicTensor; // (16, 768)
  x = tf.layers
    .dense({ units: cfg.filters[0] * 4, activation: 'relu', kernelInitializer: init(), name: 'window_conv' })
    .apply(x) as tf.SymbolicTensor;
  x = tf.layers
    .dense({ units: cfg.filters[2], activation: 'relu', kernelInitializer: init(), name: 'conv_1x1' })
    .apply(x) as tf.SymbolicTensor;
  const C = cfg.filters[2];
  const memory = x; // (B, 16, C)
  void C;

  // Initial state from the mean annotation.
  const mean = tf.layers.globalAveragePooling1d({ name: 'mean_annotation' }).apply(memory) as tf.SymbolicTensor;
  const h0 = tf.layers
    .dense({ units: cfg.units, activation: 'tanh', kernelInitializer: init(), name: 'init_h' })
    .apply(mean) as tf.SymbolicTensor;
  const c0 = tf.layers
    .dense({ units: cfg.units, activation: 'tanh', kernelInitializer: init(), name: 'init_c' })
    .apply(mean) as tf.SymbolicTensor;

  const embedded = tf.layers
    .dense({ units: cfg.embed, useBias: false, kernelInitializer: init(), name: 'embed' })
    .apply(words) as tf.SymbolicTensor;
  const decoder = tfl.attentionWrapper({
    cell: new LSTMCell({ units: cfg.units }),
    mechanism: 'bahdanau',
    units: cfg.attentionUnits,
    returnSequences: true,
    returnAttention: true,
    inputs: ['inputs', 'memory', 'initial_state_h', 'initial_state_c'],
    seed: seed++,
    name: 'decoder',
  });
  const [hs, attention] = decoder.apply([embedded, memory, h0, c0]) as tf.SymbolicTensor[];
  const probs = tf.layers
    .dense({ units: VOCAB.length, activation: 'softmax', kernelInitializer: init(), name: 'word' })
    .apply(hs!) as tf.SymbolicTensor;
  return {
    train: tf.model({ inputs: [image, words], outputs: probs, name: 'captioner' }),
    infer: tf.model({ inputs: [image, words], outputs: [probs, attention!], name: 'captioner_infer' }),
  };
}

/**
 * The trained weights by their names in the model ('window_conv/kernel', 'decoder/cell/kernel', ...), which
 * are the params of `buildCaptionerGraph` (`captioner-graph.ts`): what `out/captioner.safetensors` holds.
 */
export function captionerWeights(model: Captioner): Record<string, HostTensor> {
  const out: Record<string, HostTensor> = {};
  for (const w of model.train.weights) {
    const t = w.read();
    out[w.originalName] = { dtype: 'float32', shape: [...t.shape], data: Float32Array.from(t.dataSync()) };
  }
  return out;
}

/** (N, MAX_LEN) token ids -> the (N, MAX_LEN, V) one-hot input of the model. */
export function wordsInput(tokens: Int32Array, n: number): tf.Tensor3D {
  return tf.tidy(() => tf.oneHot(tf.tensor2d(tokens, [n, MAX_LEN], 'int32'), VOCAB.length).toFloat() as tf.Tensor3D);
}

export interface Decoded {
  /** (N, MAX_LEN) greedy tokens (after `<eos>`: whatever the model said; cut at `<eos>` when reading). */
  tokens: Int32Array;
  /** (N, MAX_LEN, 16): the attention at each generated word. */
  attention: Float32Array;
}

/**
 * Greedy decoding. The decoder is causal, so step t of a run whose words after t are placeholders is the
 * same as step t of the final run: MAX_LEN runs of the full model, each fixing one more word.
 */
export function greedyDecode(model: Captioner, images: tf.Tensor4D): Decoded {
  const n = images.shape[0];
  const words = new Int32Array(n * MAX_LEN);
  for (let i = 0; i < n; i++) words[i * MAX_LEN] = BOS;
  const tokens = new Int32Array(n * MAX_LEN);
  let attention = new Float32Array(0);
  for (let t = 0; t < MAX_LEN; t++) {
    let probs: Int32Array<ArrayBufferLike> = new Int32Array(0);
    let att: Float32Array<ArrayBufferLike> | null = null;
    tf.tidy(() => {
      const [p, a] = model.infer.predict([images, wordsInput(words, n)], { batchSize: n }) as tf.Tensor[];
      probs = tf.argMax(p!, -1).dataSync() as Int32Array;
      if (t === MAX_LEN - 1) att = a!.dataSync() as Float32Array;
    });
    for (let i = 0; i < n; i++) {
      const w = probs[i * MAX_LEN + t]!;
      tokens[i * MAX_LEN + t] = w;
      if (t + 1 < MAX_LEN) words[i * MAX_LEN + t + 1] = w;
    }
    if (att) attention = Float32Array.from(att as Float32Array);
  }
  return { tokens, attention };
}
