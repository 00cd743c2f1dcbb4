import {
  GRUCell,
  LSTMCell,
  LayerNormalization,
  LayerspecError,
  MultiHeadAttention,
  RNN,
  SimpleRNNCell,
  type RecurrentCell,
} from '@layerspec/spec';
import type { AnyLayer } from '../torch/mapping.js';

/** One Keras (sub)layer's variables: saved as `<layer path>/<sublayer>/vars/0, 1, ...` in this order. */
export interface VarGroup {
  /** The sublayer attribute ('' for the layer's own variables). */
  sublayer: string;
  /** The layerspec weight name of each saved variable, in saved order. */
  names: string[];
}

/** Where a layer's weights live in a Keras 3 weights file. */
export interface KerasLayout {
  /** Snake-case Keras class names the layer is saved under (`layers/<name>` or `layers/<name>_<n>`). */
  kerasNames: string[];
  groups: VarGroup[];
}

type Cell = RecurrentCell<{ units: number }>;

function cellLayout(cell: Cell, where: string): KerasLayout {
  const useBias = (c: { config: { useBias: boolean } }) => c.config.useBias;
  let kerasName: string;
  let bias: boolean;
  if (cell instanceof LSTMCell) [kerasName, bias] = ['lstm', useBias(cell)];
  else if (cell instanceof GRUCell) [kerasName, bias] = ['gru', useBias(cell)];
  else if (cell instanceof SimpleRNNCell) [kerasName, bias] = ['simple_rnn', useBias(cell)];
  else throw new LayerspecError(where, `no Keras layout for cell ${cell.className}`);
  // A cell is saved inside its RNN layer (LSTM, GRU, SimpleRNN, or RNN(cell)), under `cell`.
  return {
    kerasNames: [kerasName, 'rnn'],
    groups: [{ sublayer: 'cell', names: ['kernel', 'recurrent_kernel', ...(bias ? ['bias'] : [])] }],
  };
}

/**
 * The Keras 3 layout of each layer (keras/src/layers/...: MultiHeadAttention's EinsumDense sublayers
 * `_query_dense`, `_key_dense`, `_value_dense`, `_output_dense`, kernel then bias; LayerNormalization's
 * gamma then beta; a recurrent layer's `cell` with kernel, recurrent_kernel, bias).
 */
export function kerasLayout(layer: AnyLayer, where: string): KerasLayout {
  if (layer instanceof MultiHeadAttention) {
    const bias = layer.config.useBias;
    const dense = (sublayer: string, name: string): VarGroup => ({
      sublayer,
      names: [`${name}/kernel`, ...(bias ? [`${name}/bias`] : [])],
    });
    return {
      kerasNames: ['multi_head_attention'],
      groups: [
        dense('_query_dense', 'query'),
        dense('_key_dense', 'key'),
        dense('_value_dense', 'value'),
        dense('_output_dense', 'attention_output'),
      ],
    };
  }
  if (layer instanceof LayerNormalization) {
    const names = [...(layer.config.scale ? ['gamma'] : []), ...(layer.config.center ? ['beta'] : [])];
    return { kerasNames: ['layer_normalization'], groups: [{ sublayer: '', names }] };
  }
  if (layer instanceof RNN) return cellLayout(layer.config.cell, where);
  if (layer instanceof LSTMCell || layer instanceof GRUCell || layer instanceof SimpleRNNCell) return cellLayout(layer, where);
  throw new LayerspecError(
    where,
    `no Keras layout for ${layer.className} (known: MultiHeadAttention, LayerNormalization, RNN, LSTMCell, GRUCell, SimpleRNNCell)`,
  );
}
