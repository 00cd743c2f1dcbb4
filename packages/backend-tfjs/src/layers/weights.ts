import { LayerspecError, checkHostTensor, formatShape, type HostTensor } from '@layerspec/spec';
import { toTensor } from '../kernels/sources.js';
import type { Tensor, tf } from '../tf.js';
import type { SpecLayer } from './spec-layer.js';

function where(layer: SpecLayer, what: string): string {
  return `${what}: ${layer.kind.className} '${layer.name}'`;
}

function builtWeights(layer: SpecLayer, what: string): ReadonlyMap<string, tf.LayerVariable> {
  if (!layer.built)
    throw new LayerspecError(where(layer, what), 'the layer is not built yet: apply it to inputs (or build a model with it) first');
  return layer.specWeights;
}

function toHost(t: Tensor): HostTensor {
  const shape = [...t.shape];
  // dataSync may hand back the backend's own buffer: copy it.
  if (t.dtype === 'int32') return { dtype: 'int32', shape, data: Int32Array.from(t.dataSync()) };
  if (t.dtype === 'bool') return { dtype: 'bool', shape, data: Uint8Array.from(t.dataSync()) };
  return { dtype: 'float32', shape, data: Float32Array.from(t.dataSync()) };
}

/**
 * The layer's current weights under their spec names ('query/kernel', ...): what spec `initWeights` makes and
 * every backend's `run` takes, so a layer trained in tfjs runs unchanged on the reference engine or ONNX.
 */
export function exportWeights(layer: SpecLayer): Record<string, HostTensor> {
  const out: Record<string, HostTensor> = {};
  for (const [name, v] of builtWeights(layer, 'exportWeights')) out[name] = toHost(v.read());
  return out;
}

/**
 * Sets the layer's weights from spec-named host tensors (from `exportWeights`, `initWeights`, or another
 * backend). Every weight must be given, with its exact shape and dtype; unknown names are an error.
 * Nothing is written unless all of them check out.
 */
export function importWeights(layer: SpecLayer, weights: Record<string, HostTensor>): void {
  const at = where(layer, 'importWeights');
  const vars = builtWeights(layer, 'importWeights');
  const names = [...vars.keys()];
  const unknown = Object.keys(weights).filter((n) => !vars.has(n));
  if (unknown.length > 0)
    throw new LayerspecError(at, `unknown weight(s) ${unknown.map((n) => `'${n}'`).join(', ')} (weights: ${names.join(', ')})`);
  const missing = names.filter((n) => !(n in weights));
  if (missing.length > 0) throw new LayerspecError(at, `missing weight(s) ${missing.map((n) => `'${n}'`).join(', ')}`);
  for (const [name, v] of vars) {
    const w = weights[name]!;
    checkHostTensor(w, at, `weight '${name}'`);
    const current = v.read();
    if (w.dtype !== current.dtype) throw new LayerspecError(at, `weight '${name}' must be ${current.dtype}, got ${w.dtype}`);
    if (w.shape.length !== current.shape.length || w.shape.some((d, i) => d !== current.shape[i])) {
      throw new LayerspecError(at, `weight '${name}' must have shape ${formatShape(current.shape)}, got ${formatShape(w.shape)}`);
    }
  }
  for (const [name, v] of vars) {
    const w = weights[name]!;
    // A copy: the cpu runtime would otherwise keep the caller's array as the variable's buffer.
    const t = toTensor({
      ...w,
      data: w.dtype === 'bool' ? Uint8Array.from(w.data, (b) => (b !== 0 ? 1 : 0)) : w.data.slice(),
    } as HostTensor);
    v.write(t);
    t.dispose(); // the variable keeps its own reference to the data
  }
}
