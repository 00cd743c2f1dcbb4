import type { HostTensor } from '@layerspec/spec';
import { toTensor } from '../kernels/sources.js';
import { tf, type Tensor } from '../tf.js';

/**
 * A tfjs initializer whose value is a spec weight from `initWeights`. tfjs does not export its
 * `Initializer` base class, but `addWeight` accepts anything of its shape: a `Serializable` with `apply`.
 * The value is computed on first use, so loading a saved model (where tfjs skips initializers) costs nothing.
 */
export class SpecWeightInitializer extends tf.serialization.Serializable {
  static readonly className = 'LayerspecWeightInitializer';

  constructor(private readonly value: () => HostTensor) {
    super();
  }

  fromConfigUsesCustomObjects(): boolean {
    return false;
  }

  apply(): Tensor {
    return toTensor(this.value());
  }

  getConfig(): tf.serialization.ConfigDict {
    return {};
  }
}
