/** In Node, tfjs-wasm's binaries are read from the installed package, never fetched. */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export async function defaultWasmPaths(): Promise<string | undefined> {
  const require = createRequire(import.meta.url);
  return `${join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')}/`;
}
