/**
 * What the environment offers the GPU runtimes, checked without starting them: WebGL needs a canvas that
 * gives a WebGL context (a browser page or worker), WebGPU an adapter from `navigator.gpu`. The package
 * compiles without the DOM's types (it also runs in Node), so the globals are looked up and checked here.
 */

type Method = (...args: unknown[]) => unknown;

function method(target: unknown, name: string): Method | undefined {
  if (target === null || (typeof target !== 'object' && typeof target !== 'function')) return undefined;
  const f: unknown = Reflect.get(target, name);
  return typeof f === 'function' ? (...args: unknown[]) => Reflect.apply(f, target, args) : undefined;
}

function canvas(): unknown {
  const Offscreen: unknown = Reflect.get(globalThis, 'OffscreenCanvas');
  if (typeof Offscreen === 'function') return Reflect.construct(Offscreen, [1, 1]);
  return method(Reflect.get(globalThis, 'document'), 'createElement')?.('canvas');
}

/** Whether a canvas gives a WebGL 2 or WebGL 1 context here. */
export function hasWebGL(): boolean {
  try {
    const getContext = method(canvas(), 'getContext');
    return !!getContext && !!(getContext('webgl2') ?? getContext('webgl'));
  } catch {
    return false;
  }
}

/** Whether `navigator.gpu` gives an adapter here (false in Node and in browsers without WebGPU). */
export async function hasWebGPU(): Promise<boolean> {
  try {
    const requestAdapter = method(Reflect.get(Reflect.get(globalThis, 'navigator') ?? {}, 'gpu'), 'requestAdapter');
    return !!requestAdapter && !!(await requestAdapter());
  } catch {
    return false;
  }
}

/** Whether the page may share memory with workers (cross-origin isolated), which threaded wasm needs. */
export function crossOriginIsolated(): boolean {
  return Reflect.get(globalThis, 'crossOriginIsolated') === true;
}
