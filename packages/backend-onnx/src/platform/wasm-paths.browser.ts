/**
 * In a browser build, the binary as the bundler emits it: Vite (and other bundlers that handle
 * `new URL(specifier, import.meta.url)`) copy the file and rewrite the URL, also in its dev server, where
 * onnxruntime-web's own reference breaks once its module is pre-bundled. Where a bundler leaves the URL as it
 * is (esbuild), the fetch fails and the page calls `setWasmPaths`.
 */
export function defaultWasmPaths(): { wasm: string } | undefined {
  return { wasm: new URL('onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm', import.meta.url).href };
}
