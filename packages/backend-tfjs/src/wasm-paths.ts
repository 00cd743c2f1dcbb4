/**
 * Where tfjs-wasm fetches its `.wasm` binaries. In Node they are read from the installed
 * `@tensorflow/tfjs-backend-wasm`; in a browser build the default is the package's files as the bundler
 * emits them (Vite does, from `new URL(..., import.meta.url)`); any other setup calls `setWasmPaths`.
 */
import { setWasmPaths as setTfjsWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { LayerspecError } from '@layerspec/spec';
import { defaultWasmPaths } from '#default-wasm-paths';

/** The three binaries of tfjs-backend-wasm, by file name. */
export type TfjsWasmFile = 'tfjs-backend-wasm.wasm' | 'tfjs-backend-wasm-simd.wasm' | 'tfjs-backend-wasm-threaded-simd.wasm';

/** A URL prefix ending in '/' under which the three files are served, or one URL per file. */
export type TfjsWasmPaths = string | Readonly<Record<TfjsWasmFile, string>>;

let chosen: TfjsWasmPaths | undefined;
let applied = false;

/**
 * Says where tfjs-wasm's `.wasm` files are served; call it before the first tfjs-wasm graph runs.
 * `location` is a URL prefix ending in '/' (e.g. '/wasm/' when the files of
 * `@tensorflow/tfjs-backend-wasm/dist/*.wasm` are copied there) or one URL per file.
 */
export function setWasmPaths(location: TfjsWasmPaths): void {
  if (typeof location === 'string' && !location.endsWith('/')) {
    throw new LayerspecError('setWasmPaths', `the tfjs wasm location must be a URL prefix ending in '/', got '${location}'`);
  }
  if (applied) throw new LayerspecError('setWasmPaths', 'tfjs-wasm has already started; call setWasmPaths before its first run');
  chosen = location;
}

/** Points tfjs-backend-wasm at its binaries (the caller's choice, else the platform default), once. */
export async function prepareWasmPaths(): Promise<void> {
  if (applied) return;
  applied = true;
  const paths = chosen ?? (await defaultWasmPaths());
  if (paths !== undefined) setTfjsWasmPaths(paths);
}
