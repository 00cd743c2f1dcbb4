import { GRUCell, LSTMCell, LayerspecError, RNN, SimpleRNNCell, type RecurrentCell } from '@layerspec/spec';
import { KeyReader } from './state-dict.js';
import { add, concatRows, inverseOrder, reorderBlocks, reshape, rows, transpose, zeros, type Weights } from './tensor-ops.js';
import type { TorchMapping } from './mapping.js';

type Cell = RecurrentCell<{ units: number }>;

interface CellKind {
  torchLayer: string;
  torchCell: string;
  gates: number;
  /** Keras gate block i is torch gate block order[i]. */
  order: readonly number[];
  /** Keras keeps both biases (GRU resetAfter: bias (2, 3u)) or their sum. */
  twoBiases: boolean;
  useBias: boolean;
}

/** Torch's gate orders: LSTM i,f,g,o (Keras i,f,c,o, the same); GRU r,z,n (Keras z,r,h). */
function cellKind(where: string, cell: Cell): CellKind {
  if (cell instanceof LSTMCell)
    return {
      torchLayer: 'nn.LSTM',
      torchCell: 'nn.LSTMCell',
      gates: 4,
      order: [0, 1, 2, 3],
      twoBiases: false,
      useBias: cell.config.useBias,
    };
  if (cell instanceof GRUCell) {
    if (!cell.config.resetAfter) {
      throw new LayerspecError(where, 'torch GRUs apply the reset gate after the recurrent product: the GRUCell needs resetAfter: true');
    }
    return { torchLayer: 'nn.GRU', torchCell: 'nn.GRUCell', gates: 3, order: [1, 0, 2], twoBiases: true, useBias: cell.config.useBias };
  }
  if (cell instanceof SimpleRNNCell) {
    const act = cell.config.activation;
    if (act !== 'tanh' && act !== 'relu')
      throw new LayerspecError(where, `nn.RNN's nonlinearity is tanh or relu; the SimpleRNNCell has activation '${act}'`);
    return { torchLayer: 'nn.RNN', torchCell: 'nn.RNNCell', gates: 1, order: [0], twoBiases: false, useBias: cell.config.useBias };
  }
  throw new LayerspecError(where, `no torch mapping for cell ${cell.className}`);
}

/** Keys a single-layer unidirectional torch RNN does not have, and why they cannot map. */
function hint(module: string) {
  return (key: string): string | undefined => {
    if (/_reverse$/.test(key)) return `${module} with bidirectional=True (key '${key}') is two layers; map one direction at a time`;
    if (/^weight_hr_l/.test(key)) return `${module} with proj_size > 0 (key '${key}') has no Keras equivalent`;
    if (/_l[1-9]\d*$/.test(key)) return `${module} with num_layers > 1 (key '${key}') is a stack; map each layer to its own RNN`;
    return undefined;
  };
}

function cellFromTorch(where: string, cell: Cell, suffix: string, module: string, stateDict: Readonly<Weights>): Weights {
  const kind = cellKind(where, cell);
  const u = cell.units;
  const width = kind.gates * u;
  const sd = new KeyReader(where, `${module} state_dict`, stateDict);
  const wih = sd.takeRank(`weight_ih${suffix}`, 2, `[${width}, input_size]`);
  if (wih.shape[0] !== width)
    throw new LayerspecError(
      where,
      `key 'weight_ih${suffix}' must have ${width} rows (${kind.gates} x units ${u}), got [${wih.shape.join(', ')}]`,
    );
  const out: Weights = {
    kernel: transpose(reorderBlocks(wih, kind.order)),
    recurrent_kernel: transpose(reorderBlocks(sd.take(`weight_hh${suffix}`, [width, u]), kind.order)),
  };
  if (kind.useBias) {
    const bih = reorderBlocks(sd.take(`bias_ih${suffix}`, [width]), kind.order);
    const bhh = reorderBlocks(sd.take(`bias_hh${suffix}`, [width]), kind.order);
    out['bias'] = kind.twoBiases ? reshape(concatRows([bih, bhh]), [2, width]) : add(bih, bhh);
  }
  sd.finish(
    (key) =>
      hint(module)(key) ??
      (/^bias_/.test(key) && !kind.useBias ? `the state_dict has biases ('${key}') but the cell has useBias: false` : undefined),
  );
  return out;
}

/**
 * The inverse. Keras's LSTM and SimpleRNN keep one bias, b_ih + b_hh, which cannot be split again: it
 * all goes to `bias_ih`, and `bias_hh` is zeros (the same sums, so the module computes the same).
 */
function cellToTorch(where: string, cell: Cell, suffix: string, weights: Readonly<Weights>): Weights {
  const kind = cellKind(where, cell);
  const u = cell.units;
  const width = kind.gates * u;
  const back = inverseOrder(kind.order);
  const w = new KeyReader(where, `${cell.className} weights`, weights);
  const kernel = w.takeRank('kernel', 2, `[input_size, ${width}]`);
  if (kernel.shape[1] !== width)
    throw new LayerspecError(where, `weight 'kernel' must have ${width} columns, got [${kernel.shape.join(', ')}]`);
  const out: Weights = {
    [`weight_ih${suffix}`]: reorderBlocks(transpose(kernel), back),
    [`weight_hh${suffix}`]: reorderBlocks(transpose(w.take('recurrent_kernel', [u, width])), back),
  };
  if (kind.useBias) {
    if (kind.twoBiases) {
      const bias = w.take('bias', [2, width]);
      out[`bias_ih${suffix}`] = reorderBlocks(reshape(rows(bias, 0, 1), [width]), back);
      out[`bias_hh${suffix}`] = reorderBlocks(reshape(rows(bias, 1, 2), [width]), back);
    } else {
      out[`bias_ih${suffix}`] = reorderBlocks(w.take('bias', [width]), back);
      out[`bias_hh${suffix}`] = zeros([width]);
    }
  }
  w.finish();
  return out;
}

function bareCellMapping<L extends Cell>(cls: abstract new (...args: never[]) => L, torchCell: string): TorchMapping<L> {
  return {
    layer: cls,
    torchModules: [torchCell],
    fromTorch: (layer, sd) => cellFromTorch(`fromTorch(${layer.className})`, layer, '', torchCell, sd),
    toTorch: (layer, weights) => cellToTorch(`toTorch(${layer.className})`, layer, '', weights),
  };
}

export const lstmCellMapping = bareCellMapping(LSTMCell, 'nn.LSTMCell');
export const gruCellMapping = bareCellMapping(GRUCell, 'nn.GRUCell');
export const simpleRNNCellMapping = bareCellMapping(SimpleRNNCell, 'nn.RNNCell');

/** `RNN` over an LSTM, GRU or SimpleRNN cell <-> single-layer unidirectional `nn.LSTM` / `nn.GRU` / `nn.RNN` (keys `..._l0`). */
export const rnnMapping: TorchMapping<RNN> = {
  layer: RNN,
  torchModules: ['nn.LSTM', 'nn.GRU', 'nn.RNN'],
  fromTorch(layer, sd) {
    const where = 'fromTorch(RNN)';
    const cell = layer.config.cell;
    return cellFromTorch(where, cell, '_l0', cellKind(where, cell).torchLayer, sd);
  },
  toTorch: (layer, weights) => cellToTorch('toTorch(RNN)', layer.config.cell, '_l0', weights),
};
