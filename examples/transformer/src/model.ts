import { GraphBuilder, LayerNormalization, MultiHeadAttention, tensor, type Graph, type Value } from '@layerspec/spec';
import { PAD, VOCAB } from './data.js';

export interface ModelConfig {
  dModel: number;
  numHeads: number;
  ff: number;
  encoderLayers: number;
  decoderLayers: number;
  /** source and target window length */
  length: number;
  vocab: number;
}

export const DEFAULT_MODEL: Omit<ModelConfig, 'length'> = {
  dModel: 64, numHeads: 4, ff: 128, encoderLayers: 2, decoderLayers: 2, vocab: VOCAB,
};

/** PE(pos, 2i) = sin(pos / 10000^(2i/d)), PE(pos, 2i+1) = cos(...): (L, d). */
export function sinusoidalPositions(length: number, d: number): Float32Array {
  const pe = new Float32Array(length * d);
  for (let pos = 0; pos < length; pos++) {
    for (let i = 0; i < d; i += 2) {
      const angle = pos / Math.pow(10000, i / d);
      pe[pos * d + i] = Math.sin(angle);
      if (i + 1 < d) pe[pos * d + i + 1] = Math.cos(angle);
    }
  }
  return pe;
}

/**
 * The whole encoder-decoder as one spec graph.
 * inputs: `src` (batch, L) int32, `tgt` (batch, L) int32 (BOS + shifted target, PAD after);
 * output: `logits` (batch, L, vocab).
 */
export function buildTransformer(cfg: ModelConfig): Graph {
  const { dModel: d, numHeads, ff, length: L, vocab } = cfg;
  const b = new GraphBuilder('Transformer');
  const src = b.input('src', { dtype: 'int32', shape: ['batch', L] });
  const tgt = b.input('tgt', { dtype: 'int32', shape: ['batch', L] });
  const table = b.param('embedding', { dtype: 'float32', shape: [vocab, d] }, { name: 'glorotUniform' });
  const positions = b.constant(tensor(sinusoidalPositions(L, d), [L, d]));
  const scale = b.scalar(Math.sqrt(d));

  const vocabIds = b.ints([...Array(vocab).keys()]);
  // The lookup is a one-hot product, (B, L, V) @ (V, d): the same rows a Gather would pick, and its
  // gradient is a plain MatMul (TensorFlow.js's wasm backend has no kernel for Gather's gradient).
  const lookup = (ids: Value): Value =>
    b.op1('MatMul', [b.op1('Cast', [b.op1('Equal', [b.op1('Unsqueeze', [ids], { axes: [-1] }), vocabIds])], { to: 'float32' }), table]);
  const embed = (ids: Value): Value => b.op1('Add', [b.op1('Mul', [lookup(ids), scale]), positions]);
  /** (batch, L) ids -> (batch, 1, L) bool, true where the key is a real token. */
  const keyMask = (ids: Value): Value =>
    b.op1('Unsqueeze', [b.op1('Not', [b.op1('Equal', [ids, b.scalar(PAD, 'int32')])])], { axes: [1] });
  const dense = (name: string, x: Value, din: number, dout: number): Value =>
    b.scope(name, () => {
      const k = b.param('kernel', { dtype: 'float32', shape: [din, dout] }, { name: 'glorotUniform' });
      const bias = b.param('bias', { dtype: 'float32', shape: [dout] }, 'zeros');
      return b.op1('Add', [b.op1('MatMul', [x, k]), bias]);
    });
  const feedForward = (x: Value): Value =>
    dense('ff2', b.op1('Relu', [dense('ff1', x, d, ff)]), ff, d);
  /** post-LN: LayerNorm(x + sublayer(x)) */
  const residual = (name: string, x: Value, y: Value): Value =>
    new LayerNormalization({ epsilon: 1e-6 }).call(b, { input: b.op1('Add', [x, y]) }, {}, name)['output']!;
  const mha = (): MultiHeadAttention => new MultiHeadAttention({ numHeads, keyDim: d / numHeads });

  const srcMask = keyMask(src);
  const tgtMask = keyMask(tgt);

  let memory = embed(src);
  for (let i = 0; i < cfg.encoderLayers; i++) {
    memory = b.scope(`encoder_${i}`, () => {
      const att = mha().call(b, { query: memory, value: memory, attention_mask: srcMask }, {}, 'self_attention')['output']!;
      const x = residual('norm_1', memory, att);
      return residual('norm_2', x, b.scope('ffn', () => feedForward(x)));
    });
  }

  let y = embed(tgt);
  for (let i = 0; i < cfg.decoderLayers; i++) {
    y = b.scope(`decoder_${i}`, () => {
      const self = mha().call(b, { query: y, value: y, attention_mask: tgtMask }, { useCausalMask: true }, 'self_attention')['output']!;
      const x1 = residual('norm_1', y, self);
      const cross = mha().call(b, { query: x1, value: memory, attention_mask: srcMask }, {}, 'cross_attention')['output']!;
      const x2 = residual('norm_2', x1, cross);
      return residual('norm_3', x2, b.scope('ffn', () => feedForward(x2)));
    });
  }
  b.output('logits', dense('output_projection', y, d, vocab));
  return b.build();
}
