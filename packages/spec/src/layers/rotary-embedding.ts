import { LayerspecError } from '../errors.js';
import type { GraphBuilder, Value } from '../graph/builder.js';
import { tensor } from '../tensor.js';
import { expectDim, staticDim } from './checks.js';
import { fields } from './config.js';
import { declareLayer } from './declaration.js';
import { Layer } from './layer.js';
import { positionsAlong } from './positions.js';

export interface RotaryEmbeddingConfig {
  maxWavelength: number;
  scalingFactor: number;
  interleaved: boolean;
}

export interface RotaryEmbeddingBuildOptions {
  startIndex?: number;
}

const NAME = 'RotaryEmbedding';

const DECLARATION = declareLayer<RotaryEmbeddingConfig, RotaryEmbeddingBuildOptions>({
  name: NAME,
  doc: 'rotary position embedding (RoPE) of a (B, T, D) or (B, H, T, D) input, ONNX RotaryEmbedding semantics',
  config: {
    maxWavelength: fields.number('the base of the rotation frequencies', { positive: true, default: 10000 }),
    scalingFactor: fields.number('positions are divided by it', { positive: true, default: 1 }),
    interleaved: fields.bool('rotate pairs (x0, x1), (x2, x3), ... (else the halves (x_i, x_{i+D/2}))', false),
  },
  inputs: [
    { name: 'input', dtype: 'float32', ranks: [3, 4] },
    { name: 'position_ids', dtype: 'int32', ranks: [2], optional: true },
  ],
  buildOptions: {
    startIndex: fields.int('added to every position', { default: 0 }),
  },
});

/**
 * RoPE as ONNX's RotaryEmbedding (opset 23) computes it, full rotary dim: with p the position
 * (`position_ids`, else 0..T-1, plus `startIndex`) divided by `scalingFactor` and
 * theta_i = p * maxWavelength^(-2i / D), i < D/2, each pair (x1_i, x2_i) becomes
 * (x1 cos - x2 sin, x1 sin + x2 cos). The rotation is a composite region, exported as the native op
 * at opset 23.
 */
export class RotaryEmbedding extends Layer<RotaryEmbeddingConfig, RotaryEmbeddingBuildOptions> {
  static readonly className = NAME;
  static readonly declaration = DECLARATION;

  constructor(config: Partial<RotaryEmbeddingConfig> = {}) {
    super(DECLARATION, config);
  }

  protected apply(b: GraphBuilder, inputs: Readonly<Record<string, Value>>, options: RotaryEmbeddingBuildOptions): Record<string, Value> {
    const x = inputs['input']!;
    const rank = x.type.shape.length;
    const tAxis = rank - 2;
    const d = staticDim(NAME, 'input', x, -1);
    if (d % 2 !== 0) throw new LayerspecError(NAME, `input 'input' feature size (last dim) must be even, got ${d}`);
    const half = d / 2;
    const ids = inputs['position_ids'];
    if (ids) {
      expectDim(NAME, 'position_ids', ids, 0, x.type.shape[0]!, "the input's batch size");
      expectDim(NAME, 'position_ids', ids, 1, x.type.shape[tAxis]!, "the input's sequence length");
    }
    // (B, T, 1) or (T, 1) positions times (D/2) frequencies
    const positions = ids
      ? b.op1('Unsqueeze', [b.op1('Cast', [ids], { to: 'float32' })], { axes: [-1] })
      : b.op1('Unsqueeze', [positionsAlong(b, x, tAxis)], { axes: [-1] });
    const shifted = options.startIndex ? b.op1('Add', [positions, b.scalar(options.startIndex)]) : positions;
    const scale = 1 / this.config.scalingFactor;
    const frequencies = Array.from({ length: half }, (_, i) => scale * this.config.maxWavelength ** ((-2 * i) / d));
    let angles = b.op1('Mul', [shifted, b.constant(tensor(frequencies, [half]))]);
    if (!ids) {
      const shape = b.op1(
        'Concat',
        [b.op1('Shape', [x], { start: 0, end: 1 }), b.op1('Shape', [x], { start: tAxis, end: tAxis + 1 }), b.ints([half])],
        { axis: 0 },
      );
      angles = b.op1('Expand', [angles, shape]);
    }
    const cos = b.op1('Cos', [angles]);
    const sin = b.op1('Sin', [angles]);
    const attrs = { interleaved: this.config.interleaved ? 1 : 0, ...(rank === 3 ? { num_heads: 1 } : {}) };
    const [output] = b.composite('RotaryEmbedding', { sinceOpset: 23, attrs }, [x, cos, sin], () => [this.rotate(b, x, cos, sin, d)]);
    return { output: output! };
  }

  /** The rotation of x by (B, T, D/2) cos and sin; a (B, H, T, D) input reads them per head. */
  private rotate(b: GraphBuilder, x: Value, cos: Value, sin: Value, d: number): Value {
    const rank = x.type.shape.length;
    const perHead = (v: Value): Value => (rank === 4 ? b.op1('Unsqueeze', [v], { axes: [1] }) : v);
    const c = perHead(cos);
    const s = perHead(sin);
    const slice = (start: number, end: number, step: number): Value =>
      b.op1('Slice', [x], { starts: [start], ends: [end], axes: [-1], steps: [step] });
    const interleaved = this.config.interleaved;
    const x1 = interleaved ? slice(0, d, 2) : slice(0, d / 2, 1);
    const x2 = interleaved ? slice(1, d, 2) : slice(d / 2, d, 1);
    const real = b.op1('Sub', [b.op1('Mul', [x1, c]), b.op1('Mul', [x2, s])]);
    const imag = b.op1('Add', [b.op1('Mul', [x1, s]), b.op1('Mul', [x2, c])]);
    if (!interleaved) return b.op1('Concat', [real, imag], { axis: -1 });
    const pairs = b.op1('Concat', [b.op1('Unsqueeze', [real], { axes: [-1] }), b.op1('Unsqueeze', [imag], { axes: [-1] })], { axis: -1 });
    return b.op1('Reshape', [pairs], { shape: [...Array(rank - 1).fill(0), d] });
  }
}
