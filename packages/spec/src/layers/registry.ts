import { LayerspecError, parseJSONText } from '../errors.js';
import type { Layer, LayerJSON } from './layer.js';
import { LayerNormalization } from './layer-normalization.js';
import { MultiHeadAttention } from './multi-head-attention.js';
import { RMSNormalization } from './rms-normalization.js';
import { ScaledDotProductAttention } from './scaled-dot-product-attention.js';
import { SequenceAttention } from './sequence-attention.js';
import { AttentionWrapper } from './recurrent/attention-wrapper.js';
import { GRUCell } from './recurrent/gru-cell.js';
import { LSTMCell } from './recurrent/lstm-cell.js';
import { RNN } from './recurrent/rnn.js';
import { SimpleRNNCell } from './recurrent/simple-rnn-cell.js';

/** A layer rebuilt from its JSON config; the constructor checks every key. */
type LayerFactory = (config: Record<string, unknown>) => Layer<object, object>;

const factories = new Map<string, LayerFactory>();

export function registerLayer(className: string, factory: LayerFactory): void {
  factories.set(className, factory);
}

registerLayer(ScaledDotProductAttention.className, (c) => new ScaledDotProductAttention(c));
registerLayer(MultiHeadAttention.className, (c) => new MultiHeadAttention(c as ConstructorParameters<typeof MultiHeadAttention>[0]));
registerLayer(LayerNormalization.className, (c) => new LayerNormalization(c));
registerLayer(RMSNormalization.className, (c) => new RMSNormalization(c));
registerLayer(SequenceAttention.className, (c) => new SequenceAttention(c));
registerLayer(SimpleRNNCell.className, (c) => new SimpleRNNCell(c as ConstructorParameters<typeof SimpleRNNCell>[0]));
registerLayer(LSTMCell.className, (c) => new LSTMCell(c as ConstructorParameters<typeof LSTMCell>[0]));
registerLayer(GRUCell.className, (c) => new GRUCell(c as ConstructorParameters<typeof GRUCell>[0]));
registerLayer(RNN.className, (c) => new RNN(c as ConstructorParameters<typeof RNN>[0]));
registerLayer(AttentionWrapper.className, (c) => new AttentionWrapper(c as ConstructorParameters<typeof AttentionWrapper>[0]));

export function layerClassNames(): string[] {
  return [...factories.keys()];
}

/** Rebuilds a layer from `layer.toJSON()` (or its JSON text). */
export function layerFromJSON(json: LayerJSON | string): Layer<object, object> {
  const parsed: unknown = typeof json === 'string' ? parseJSONText(json, 'layerFromJSON') : json;
  if (typeof parsed !== 'object' || parsed === null || !('className' in parsed) || typeof parsed.className !== 'string') {
    throw new LayerspecError('layerFromJSON', 'expected { className, config }');
  }
  const factory = factories.get(parsed.className);
  if (!factory) {
    throw new LayerspecError('layerFromJSON', `unknown layer class '${parsed.className}' (known: ${layerClassNames().join(', ')})`);
  }
  const config = 'config' in parsed && typeof parsed.config === 'object' && parsed.config !== null ? parsed.config : {};
  return factory({ ...config });
}
