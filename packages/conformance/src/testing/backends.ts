/** Every backend installed here, for the tests of the guarantees every backend gives. */
import '@layerspec/backend-ref';
import '@layerspec/backend-tfjs';
import { nodeBackend } from '@layerspec/backend-onnx';
import { getBackend, type Backend } from '@layerspec/spec';

export const BACKEND_NAMES: readonly string[] = ['ref', 'tfjs-cpu', 'tfjs-wasm', 'onnx-web', ...(nodeBackend ? ['onnx-node'] : [])];

export const backends = (): { name: string; b: Backend }[] => BACKEND_NAMES.map((name) => ({ name, b: getBackend(name) }));
