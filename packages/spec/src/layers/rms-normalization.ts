import type { GraphBuilder, Value } from '../graph/builder.js';
import { declareLayer } from './declaration.js';
import { Layer } from './layer.js';
import { broadcastWeight, isTrailingRun } from './normalized-axes.js';
import { NORMALIZATION_INPUTS, normalizationSchema, startNormalization, type NormalizationConfig } from './normalization-common.js';

export type RMSNormalizationConfig = NormalizationConfig;

const NAME = 'RMSNormalization';

const DECLARATION = declareLayer<RMSNormalizationConfig>({
  name: NAME,
  doc: 'x / sqrt(mean(x^2) + epsilon) * gamma over any axes',
  config: normalizationSchema({ doc: 'added to the mean square', default: 1e-6 }, {}),
  inputs: NORMALIZATION_INPUTS,
  buildOptions: {},
});

/** x / sqrt(mean(x^2) + epsilon) * gamma over any axes. */
export class RMSNormalization extends Layer<RMSNormalizationConfig> {
  static readonly className = NAME;
  static readonly declaration = DECLARATION;

  constructor(config: Partial<RMSNormalizationConfig> = {}) {
    super(DECLARATION, config);
  }

  protected apply(b: GraphBuilder, inputs: Readonly<Record<string, Value>>): Record<string, Value> {
    const { x, n, gamma } = startNormalization(b, NAME, inputs, this.config);
    const { epsilon } = this.config;
    const compute = (): Value[] => {
      const meanSquare = b.op1('ReduceMean', [b.op1('Mul', [x, x])], { axes: n.axes, keepdims: true });
      const rms = b.op1('Sqrt', [b.op1('Add', [meanSquare, b.scalar(epsilon)])]);
      const y = b.op1('Div', [x, rms]);
      return [gamma ? b.op1('Mul', [y, broadcastWeight(b, gamma, n)]) : y];
    };
    // ONNX RMSNormalization (opset 23) normalizes from `axis` to the last axis and needs a scale.
    const native = gamma !== undefined && isTrailingRun(n.axes, x.type.shape.length);
    const [y] = native
      ? b.composite('RMSNormalization', { sinceOpset: 23, attrs: { axis: n.axes[0]!, epsilon, stash_type: 1 } }, [x, gamma], compute)
      : compute();
    return { output: y! };
  }
}
