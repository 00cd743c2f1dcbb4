import type { GraphBuilder, Value } from '../graph/builder.js';
import type { InitializerLike } from '../init/spec.js';
import { fields } from './config.js';
import { declareLayer } from './declaration.js';
import { Layer } from './layer.js';
import { broadcastWeight, isTrailingRun } from './normalized-axes.js';
import { NORMALIZATION_INPUTS, normalizationSchema, startNormalization, type NormalizationConfig } from './normalization-common.js';

export interface LayerNormalizationConfig extends NormalizationConfig {
  center: boolean;
  betaInitializer: InitializerLike;
}

const NAME = 'LayerNormalization';

const DECLARATION = declareLayer<LayerNormalizationConfig>({
  name: NAME,
  doc: '(x - mean) / sqrt(var + epsilon) * gamma + beta over any axes',
  config: {
    ...normalizationSchema({ doc: 'added to the variance', default: 1e-3 }, { center: fields.bool('add beta', true) }),
    betaInitializer: fields.initializer('initializer of beta', 'zeros'),
  },
  inputs: NORMALIZATION_INPUTS,
  buildOptions: {},
});

/** (x - mean) / sqrt(var + epsilon) * gamma + beta over any axes, population variance. */
export class LayerNormalization extends Layer<LayerNormalizationConfig> {
  static readonly className = NAME;
  static readonly declaration = DECLARATION;

  constructor(config: Partial<LayerNormalizationConfig> = {}) {
    super(DECLARATION, config);
  }

  protected apply(b: GraphBuilder, inputs: Readonly<Record<string, Value>>): Record<string, Value> {
    const { x, n, gamma } = startNormalization(b, NAME, inputs, this.config);
    const { epsilon } = this.config;
    const beta = this.config.center ? b.param('beta', { dtype: 'float32', shape: n.weightShape }, this.config.betaInitializer) : undefined;
    const compute = (): Value[] => {
      const mean = b.op1('ReduceMean', [x], { axes: n.axes, keepdims: true });
      const centered = b.op1('Sub', [x, mean]);
      const variance = b.op1('ReduceMean', [b.op1('Mul', [centered, centered])], { axes: n.axes, keepdims: true });
      const std = b.op1('Sqrt', [b.op1('Add', [variance, b.scalar(epsilon)])]);
      let y = b.op1('Div', [centered, std]);
      if (gamma) y = b.op1('Mul', [y, broadcastWeight(b, gamma, n)]);
      if (beta) y = b.op1('Add', [y, broadcastWeight(b, beta, n)]);
      return [y];
    };
    // ONNX LayerNormalization (opset 17) normalizes from `axis` to the last axis and needs a scale.
    const native = gamma !== undefined && isTrailingRun(n.axes, x.type.shape.length);
    const [y] = native
      ? b.composite(
          'LayerNormalization',
          { sinceOpset: 17, attrs: { axis: n.axes[0]!, epsilon, stash_type: 1 } },
          [x, gamma, beta],
          compute,
        )
      : compute();
    return { output: y! };
  }
}
