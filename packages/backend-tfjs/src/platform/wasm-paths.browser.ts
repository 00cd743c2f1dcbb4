/**
 * In a browser build, the binaries as the bundler emits them: Vite (and other bundlers that handle
 * `new URL(specifier, import.meta.url)`) copy each file and rewrite the URL. Where a bundler leaves these
 * URLs as they are (esbuild), the fetch fails and the page calls `setWasmPaths`.
 */
export async function defaultWasmPaths(): Promise<Record<string, string>> {
  return {
    'tfjs-backend-wasm.wasm': new URL('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm', import.meta.url).href,
    'tfjs-backend-wasm-simd.wasm': new URL('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm', import.meta.url).href,
    'tfjs-backend-wasm-threaded-simd.wasm': new URL(
      '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm',
      import.meta.url,
    ).href,
  };
}
