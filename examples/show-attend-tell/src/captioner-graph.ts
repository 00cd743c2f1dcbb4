/**
 * The captioner of `model.ts` as one layerspec graph, so its trained weights run on every backend (the
 * reference engine, TensorFlow.js, ONNX Runtime): the same encoder (zero padding, four shifted crops cut
 * into 8x8 patches, the window and 1x1 dense layers), the initial state from the mean annotation, the
 * previous words through `embed/kernel` (a row gather, which is the one-hot matmul of the tfjs model), the
 * AttentionWrapper decoder and the softmax word layer, every param under the tfjs model's weight name.
 *
 * Inputs `image` (batch, 32, 32, 3) float32 and `words` (batch, 7) int32 (`<bos>`, then the words so far);
 * outputs `probs` (batch, 7, vocabulary) and `attention` (batch, 7, 16).
 */
import {
  AttentionWrapper,
  Dense,
  GraphBuilder,
  LSTMCell,
  LayerspecError,
  formatShape,
  type Graph,
  type HostTensor,
  type Value,
} from '@layerspec/spec';
import { GRID } from './attention-overlay.js';
import type { CaptionerConfig } from './config.js';
import { IMAGE_SIZE, MAX_LEN } from './data.js';

/** The image zero-padded by 4 px on every side (B, 40, 40, 3); the zeros are a slice of the image times 0. */
function pad4(b: GraphBuilder, image: Value): Value {
  const zero = b.scalar(0);
  const rows = b
    .value(image)
    .slice({ starts: [0], ends: [4], axes: [1] })
    .mul(zero);
  const tall = rows.concat(image, rows, { axis: 1 });
  const cols = tall.slice({ starts: [0], ends: [4], axes: [2] }).mul(zero);
  return cols.concat(tall, cols, { axis: 2 });
}

/** The 16 windows of 16x16 px at stride 8 as rows of 768 values, in the tfjs model's order (B, 16, 768). */
function windows(b: GraphBuilder, image: Value): Value {
  const padded = b.value(pad4(b, image));
  const quarters = [
    [0, 0],
    [0, 8],
    [8, 0],
    [8, 8],
  ].map(([dy, dx]) =>
    padded
      .slice({ starts: [dy!, dx!], ends: [dy! + IMAGE_SIZE, dx! + IMAGE_SIZE], axes: [1, 2] })
      .reshape({ shape: [0, GRID, 8, GRID, 8 * 3] })
      .transpose({ perm: [0, 1, 3, 2, 4] })
      .reshape({ shape: [0, GRID * GRID, 8 * 8 * 3] }),
  );
  return quarters[0]!.concat(...quarters.slice(1), { axis: -1 });
}

export function buildCaptionerGraph(cfg: CaptionerConfig, vocabularySize: number): Graph {
  const b = new GraphBuilder('ShowAttendTell');
  const image = b.input('image', { dtype: 'float32', shape: ['batch', IMAGE_SIZE, IMAGE_SIZE, 3] });
  const words = b.input('words', { dtype: 'int32', shape: ['batch', MAX_LEN] });
  const dense = (name: string, units: number, activation: 'relu' | 'tanh' | 'softmax', input: Value): Value =>
    new Dense({ units, activation }).call(b, { input }, {}, name)['output']!;
  const window = dense('window_conv', cfg.filters[0] * 4, 'relu', windows(b, image));
  const memory = dense('conv_1x1', cfg.filters[2], 'relu', window);
  const mean = b.value(memory).reduceMean({ axes: [1], keepdims: false });
  const h0 = dense('init_h', cfg.units, 'tanh', mean);
  const c0 = dense('init_c', cfg.units, 'tanh', mean);
  const table = b.scope('embed', () => b.param('kernel', { dtype: 'float32', shape: [vocabularySize, cfg.embed] }, 'glorotUniform'));
  const embedded = table.gather(words, { axis: 0 });
  const decoder = new AttentionWrapper({
    cell: new LSTMCell({ units: cfg.units }),
    mechanism: 'bahdanau',
    units: cfg.attentionUnits,
    returnSequences: true,
    returnAttention: true,
  });
  const out = decoder.call(b, { inputs: embedded, memory, initial_state_h: h0, initial_state_c: c0 }, {}, 'decoder');
  b.output('probs', dense('word', vocabularySize, 'softmax', out['output']!));
  b.output('attention', out['attention']!);
  return b.build();
}

/** Throws a LayerspecError naming the first param of `graph` that `weights` lacks or holds in another shape. */
export function checkCaptionerWeights(graph: Graph, weights: Readonly<Record<string, HostTensor>>): void {
  for (const p of graph.params) {
    const w = weights[p.name];
    if (!w) throw new LayerspecError('captioner weights', `missing '${p.name}' (${formatShape(p.type.shape)})`);
    if (w.dtype !== p.type.dtype || w.shape.join() !== p.type.shape.join())
      throw new LayerspecError(
        'captioner weights',
        `'${p.name}' is ${w.dtype} ${formatShape(w.shape)}, the graph needs ${p.type.dtype} ${formatShape(p.type.shape)}`,
      );
  }
}
