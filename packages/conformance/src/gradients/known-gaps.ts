/**
 * Cases the TensorFlow.js gradient cannot take today, measured (tf.grads throws; the forward pass is
 * fine and still checked). The gradient cells leave these cases out, by name, so the gap stays visible
 * here and in the README instead of failing every run; remove an entry when the backend closes it.
 */
import type { LayerCase } from '../types.js';

export interface GradientGap {
  readonly layers: readonly string[];
  /** The backends it applies to (default: every training backend). */
  readonly backends?: readonly string[];
  readonly why: string;
  readonly applies: (c: LayerCase) => boolean;
}

export const GRADIENT_GAPS: readonly GradientGap[] = [
  {
    layers: ['ScaledDotProductAttention'],
    why: "grouped-query heads repeat keys and values with a rank-5 Expand, and tfjs has no gradient for rank-5 Tile ('Gradient for tile operation is not implemented for rank-5 tensors yet')",
    applies: (c) => c.recipe['rank'] === 4 && Number(c.recipe['groups']) > 1,
  },
  {
    layers: ['RNN', 'AttentionWrapper'],
    why: "a Scan over a single time step: the gradient of tfjs's unstack of one slice fails ('Argument tensors passed to stack must be a `Tensor[]`')",
    applies: (c) => c.recipe['time'] === 1,
  },
  {
    layers: ['GRUCell', 'RNN', 'AttentionWrapper'],
    backends: ['tfjs-wasm'],
    why: "a GRU with resetAfter and biases reads its bias rows with Gather, whose gradient needs UnsortedSegmentSum ('Kernel 'UnsortedSegmentSum' not registered for backend 'wasm'')",
    applies: (c) => {
      const cell = c.recipe['cell'];
      return (
        typeof cell === 'object' &&
        cell !== null &&
        'className' in cell &&
        cell.className === 'GRUCell' &&
        'resetAfter' in cell &&
        cell.resetAfter === true &&
        'useBias' in cell &&
        cell.useBias === true
      );
    },
  },
];

export function hasGradientGap(c: LayerCase, backend: string): boolean {
  return GRADIENT_GAPS.some((g) => g.layers.includes(c.layer) && (!g.backends || g.backends.includes(backend)) && g.applies(c));
}
