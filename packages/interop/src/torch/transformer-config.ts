import { LayerspecError, TransformerEncoder } from '@layerspec/spec';

/** The arguments of `torch.nn.TransformerEncoderLayer(...)`, under torch's names. */
export interface TorchEncoderLayerArgs {
  d_model: number;
  nhead: number;
  /** torch's default 2048. */
  dim_feedforward?: number;
  /** torch's default 0.1; only used in training (see the README). */
  dropout?: number;
  /** 'relu' (torch's default) or 'gelu'. */
  activation?: string;
  /** torch's default 1e-5. */
  layer_norm_eps?: number;
  /** torch's default is false, (seq, batch, feature) inputs, which the layer cannot take: pass true. */
  batch_first?: boolean;
  /** torch's default false (post-LN). */
  norm_first?: boolean;
  /** torch >= 2.1; false has no equivalent. */
  bias?: boolean;
}

const WHERE = 'transformerEncoderFromTorch';
const KNOWN = ['d_model', 'nhead', 'dim_feedforward', 'dropout', 'activation', 'layer_norm_eps', 'batch_first', 'norm_first', 'bias'];

function fail(detail: string): never {
  throw new LayerspecError(WHERE, detail);
}

/**
 * The `TransformerEncoder` that computes what `nn.TransformerEncoderLayer(**args)` computes in eval mode.
 * An argument the layer cannot express is a `LayerspecError` naming it: `batch_first` false (torch's
 * default: transpose the inputs and pass true), `activation` other than 'relu' or 'gelu', `bias` false,
 * `d_model` not a multiple of `nhead`, or an argument this function does not know.
 */
export function transformerEncoderFromTorch(args: Readonly<TorchEncoderLayerArgs>): TransformerEncoder {
  const unknown = Object.keys(args).filter((k) => !KNOWN.includes(k));
  if (unknown.length > 0) fail(`unknown argument(s) ${unknown.map((k) => `'${k}'`).join(', ')} (known: ${KNOWN.join(', ')})`);
  const { d_model, nhead, dim_feedforward = 2048, dropout = 0.1, activation = 'relu', layer_norm_eps = 1e-5 } = args;
  if (!Number.isInteger(d_model) || !Number.isInteger(nhead) || nhead < 1 || d_model % nhead !== 0) {
    fail(`d_model (${String(d_model)}) must be a multiple of nhead (${String(nhead)}), both positive integers`);
  }
  if (args.batch_first !== true) {
    fail(
      "batch_first: false (torch's default) takes (seq, batch, feature) inputs; the TransformerEncoder takes (batch, seq, feature): pass batch_first: true and feed x.transpose(0, 1) (the weights are the same)",
    );
  }
  if (activation !== 'relu' && activation !== 'gelu') {
    fail(
      `activation '${activation}': torch's TransformerEncoderLayer takes 'relu' or 'gelu' by name; for a callable, make the TransformerEncoder yourself with the matching activation (e.g. 'gelu_approximate', 'silu')`,
    );
  }
  if (args.bias === false) fail("bias: false has no equivalent: the TransformerEncoder's dense and attention layers always have biases");
  return new TransformerEncoder({
    intermediateDim: dim_feedforward,
    numHeads: nhead,
    dropout,
    activation,
    layerNormEpsilon: layer_norm_eps,
    normalizeFirst: args.norm_first === true,
  });
}
