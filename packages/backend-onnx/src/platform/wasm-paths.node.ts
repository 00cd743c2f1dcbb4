/** In Node, onnxruntime-web reads its `.wasm` files from its installed package: nothing to point at. */
export function defaultWasmPaths(): { wasm: string } | undefined {
  return undefined;
}
