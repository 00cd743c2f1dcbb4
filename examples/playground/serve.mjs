// Serves the built playground (dist/, made by `npm run build`) with Vite's preview server at
// http://127.0.0.1:5173, or the port given with --port N, and prints the URL.
import { fileURLToPath } from 'node:url';
import { preview } from 'vite';

const args = process.argv.slice(2);
const at = args.lastIndexOf('--port');
const given = at >= 0 ? args[at + 1] : '5173';
const port = Number(given);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`playground: --port must be an integer from 0 to 65535, got ${JSON.stringify(given ?? '')}`);
  process.exit(2);
}
const unknown = args.filter((a, i) => a !== '--port' && i !== at + 1);
if (unknown.length > 0) {
  console.error(`playground: unknown argument ${JSON.stringify(unknown[0])} (usage: npm run playground -- --port N)`);
  process.exit(2);
}

const root = fileURLToPath(new URL('.', import.meta.url));
const server = await preview({ root, logLevel: 'warn', preview: { host: '127.0.0.1', port, strictPort: true, open: false } });
const url = server.resolvedUrls?.local[0] ?? `http://127.0.0.1:${port}/`;
console.log(`layerspec playground: ${url} (Ctrl+C stops it)`);
