/**
 * onnxruntime-web's global settings, applied once before its WebAssembly runtime starts: where its `.wasm`
 * file is served and how many threads it runs. Both are fixed once the first session is created.
 */
import * as ortWeb from 'onnxruntime-web';
import { LayerspecError } from '@layerspec/spec';
import { defaultWasmPaths } from '#default-onnx-wasm-paths';

/** A URL prefix ending in '/' under which onnxruntime-web's files are served, or the URL of its `.wasm` file. */
export type OnnxWasmPaths = string | { readonly wasm: string };

let chosenPaths: OnnxWasmPaths | undefined;
let started: number | undefined;

const isNode = typeof process !== 'undefined' && !!process.versions?.node;

/**
 * Says where onnxruntime-web's `.wasm` file is served (`onnxruntime-web/dist/ort-wasm-simd-threaded.jsep.wasm`);
 * call it before the first onnx-web or onnx-webgpu graph runs. `location` is a URL prefix ending in '/'
 * or `{ wasm: url }`.
 */
export function setWasmPaths(location: OnnxWasmPaths): void {
  if (typeof location === 'string' && !location.endsWith('/')) {
    throw new LayerspecError('setWasmPaths', `the onnxruntime-web wasm location must be a URL prefix ending in '/', got '${location}'`);
  }
  if (started !== undefined)
    throw new LayerspecError('setWasmPaths', 'onnxruntime-web has already started; call setWasmPaths before its first run');
  chosenPaths = location;
}

/**
 * The most threads the runtime may use here: 1 in Node (the threaded build spawns workers there) and in pages
 * that are not cross-origin isolated (no shared memory), else up to 4, as onnxruntime-web itself picks.
 */
export function availableThreads(): number {
  if (isNode || Reflect.get(globalThis, 'crossOriginIsolated') !== true) return 1;
  const cores: unknown = Reflect.get(Reflect.get(globalThis, 'navigator') ?? {}, 'hardwareConcurrency');
  return Math.max(1, Math.min(4, typeof cores === 'number' ? Math.ceil(cores / 2) : 1));
}

/**
 * onnxruntime-web, started with `threads` threads (default availableThreads()) and the chosen wasm location;
 * `where` names the graph for errors. A second request for a different thread count fails: the count is global.
 */
export function startWeb(where: string, threads: number | undefined): typeof ortWeb {
  const most = availableThreads();
  const want = threads ?? started ?? most;
  if (!Number.isInteger(want) || want < 1 || want > most) {
    const why =
      most === 1
        ? isNode
          ? 'onnxruntime-web runs single-threaded in Node'
          : 'threads need a cross-origin isolated page'
        : `at most ${most} here`;
    throw new LayerspecError(where, `option 'threads' must be an integer from 1 to ${most} (${why}), got ${want}`);
  }
  if (started !== undefined && want !== started) {
    throw new LayerspecError(
      where,
      `option 'threads' is ${want}, but onnxruntime-web already runs on ${started} (the count is global, fixed by the first graph)`,
    );
  }
  if (started === undefined) {
    const paths = chosenPaths ?? defaultWasmPaths();
    if (paths !== undefined) ortWeb.env.wasm.wasmPaths = paths;
    ortWeb.env.wasm.numThreads = want;
    started = want;
  }
  return ortWeb;
}
