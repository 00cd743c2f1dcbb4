import type { GraphBuilder, Value } from '../graph/builder.js';
import { tensor } from '../tensor.js';
import { staticDim } from './checks.js';
import { fields } from './config.js';
import { BATCHED_RANKS } from './dense.js';
import { declareLayer } from './declaration.js';
import { Layer } from './layer.js';
import { positionsAlong } from './positions.js';

export interface SinePositionEncodingConfig {
  maxWavelength: number;
}

const NAME = 'SinePositionEncoding';

const DECLARATION = declareLayer<SinePositionEncodingConfig>({
  name: NAME,
  doc: 'the sinusoidal position encoding of a (..., T, D) input, broadcast to its shape (no weights)',
  config: {
    maxWavelength: fields.number('the longest wavelength of the sines', { positive: true, default: 10000 }),
  },
  inputs: [{ name: 'input', dtype: 'float32', ranks: BATCHED_RANKS }],
  buildOptions: {},
});

/**
 * keras-hub's SinePositionEncoding: for position p (axis -2) and feature i (axis -1),
 * angle = p * maxWavelength^(-2 floor(i / 2) / D); even i take sin(angle), odd i cos(angle). The output
 * is the encoding broadcast to the input's shape (add it to the input yourself).
 */
export class SinePositionEncoding extends Layer<SinePositionEncodingConfig> {
  static readonly className = NAME;
  static readonly declaration = DECLARATION;

  constructor(config: Partial<SinePositionEncodingConfig> = {}) {
    super(DECLARATION, config);
  }

  protected apply(b: GraphBuilder, inputs: Readonly<Record<string, Value>>): Record<string, Value> {
    const x = inputs['input']!;
    const d = staticDim(NAME, 'input', x, -1);
    const timescales = Array.from({ length: d }, (_, i) => this.config.maxWavelength ** (-(2 * Math.floor(i / 2)) / d));
    const positions = b.op1('Unsqueeze', [positionsAlong(b, x, -2)], { axes: [1] });
    const angles = b.op1('Mul', [positions, b.constant(tensor(timescales, [1, d]))]);
    const odd = Array.from({ length: d }, (_, i) => i % 2);
    const cosMask = b.constant(tensor(odd, [d]));
    const sinMask = b.constant(
      tensor(
        odd.map((o) => 1 - o),
        [d],
      ),
    );
    const encoding = b.op1('Add', [b.op1('Mul', [b.op1('Sin', [angles]), sinMask]), b.op1('Mul', [b.op1('Cos', [angles]), cosMask])]);
    return { output: b.op1('Expand', [encoding, b.op1('Shape', [x])]) };
  }
}
