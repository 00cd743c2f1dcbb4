/**
 * A small causal decoder for the decoding benchmark: blocks of MultiHeadAttention (self-attention,
 * causal, with or without key/value caches) + LayerNormalization + a ReLU MatMul feed-forward, each
 * with a residual, then logits over a vocabulary. Token embeddings are looked up on the host.
 */
import { GraphBuilder, LayerNormalization, MultiHeadAttention, Random, type Graph, type HostTensor, type Value } from '@layerspec/spec';

export interface DecoderSizes {
  readonly blocks: number;
  readonly dModel: number;
  readonly heads: number;
  readonly vocab: number;
  /** Static batch: the caches' batch dim must be known to make them empty. */
  readonly batch: number;
}

export const DEFAULT_DECODER: DecoderSizes = { blocks: 2, dModel: 256, heads: 4, vocab: 512, batch: 1 };

/** The decoder over x (B, T, d): `cache` adds `block<i>/past_*` inputs and `block<i>/present_*` outputs. */
export function decoderGraph(s: DecoderSizes, cache: boolean): Graph {
  const b = new GraphBuilder(cache ? 'decoder_step' : 'decoder');
  const keyDim = s.dModel / s.heads;
  let x: Value = b.input('x', { dtype: 'float32', shape: [s.batch, 't', s.dModel] });
  for (let i = 0; i < s.blocks; i++) {
    const scope = `block${i}`;
    const inputs: Record<string, Value> = { query: x, value: x };
    if (cache) {
      for (const n of ['past_key', 'past_value'])
        inputs[n] = b.input(`${scope}/${n}`, { dtype: 'float32', shape: [s.batch, s.heads, 'p', keyDim] });
    }
    const mha = b.scope(scope, () =>
      new MultiHeadAttention({ numHeads: s.heads, keyDim }).call(b, inputs, { useCausalMask: true, cache }, 'mha'),
    );
    if (cache) for (const n of ['present_key', 'present_value']) b.output(`${scope}/${n}`, mha[n]!);
    const h = b.scope(scope, () => new LayerNormalization().call(b, { input: b.value(x).add(mha['output']!) }, {}, 'ln1'))['output']!;
    const ff = b.scope(`${scope}/ff`, () => {
      const w1 = b.param('w1', { dtype: 'float32', shape: [s.dModel, 4 * s.dModel] }, 'glorotUniform');
      const w2 = b.param('w2', { dtype: 'float32', shape: [4 * s.dModel, s.dModel] }, 'glorotUniform');
      return b.value(h).matMul(w1).relu().matMul(w2);
    });
    x = b.scope(scope, () => new LayerNormalization().call(b, { input: b.value(h).add(ff) }, {}, 'ln2'))['output']!;
  }
  const head = b.param('logits/kernel', { dtype: 'float32', shape: [s.dModel, s.vocab] }, 'glorotUniform');
  b.output('logits', b.value(x).matMul(head));
  return b.build();
}

/** A seeded (vocab, d) embedding table. */
export function embeddingTable(s: DecoderSizes, seed = 3): Float32Array {
  const rng = new Random(seed);
  return Float32Array.from({ length: s.vocab * s.dModel }, () => rng.normal());
}

/** (B, tokens[0].length, d): the embeddings of each batch row's tokens. */
export function embed(s: DecoderSizes, table: Float32Array, tokens: readonly (readonly number[])[]): HostTensor {
  const t = tokens[0]!.length;
  const data = new Float32Array(s.batch * t * s.dModel);
  tokens.forEach((row, bi) =>
    row.forEach((tok, ti) => data.set(table.subarray(tok * s.dModel, (tok + 1) * s.dModel), (bi * t + ti) * s.dModel)),
  );
  return { dtype: 'float32', shape: [s.batch, t, s.dModel], data };
}

/** Each batch row's argmax over the last position's logits (B, T, V). */
export function lastArgmax(logits: HostTensor): number[] {
  const [batch = 1, t = 1, v = 1] = logits.shape;
  return Array.from({ length: batch }, (_, bi) => {
    const off = (bi * t + t - 1) * v;
    let best = 0;
    for (let j = 1; j < v; j++) if (logits.data[off + j]! > logits.data[off + best]!) best = j;
    return best;
  });
}
