/**
 * `layerspec conformance --browser`: the same run inside headless Chromium, where the browser backends
 * register (tfjs-webgl, tfjs-webgpu and onnx-webgpu where the page offers WebGL and WebGPU). The page is
 * bundled by esbuild from the installed packages, served on localhost with the runtimes' wasm files, and
 * driven by Playwright; the command picks the targets from the backends the page registers and prints the
 * same table and replay lines. The browser and its flags: ./chromium.ts.
 */
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CellResult, ConformanceOptions } from '@layerspec/conformance';
import type { Plugin } from 'esbuild';
import { CHROMIUM_ARGS, CHROMIUM_INSTALL_HINT, findChromium } from './chromium.js';

const PAGE_ENTRY = `
import { listBackends } from '@layerspec/spec';
import '@layerspec/backend-ref';
import { setWasmPaths as setTfjsWasmPaths } from '@layerspec/backend-tfjs';
import { setWasmPaths as setOnnxWasmPaths } from '@layerspec/backend-onnx';
import { runConformance } from '@layerspec/conformance';
import 'layerspec:page-setup';
setTfjsWasmPaths('/wasm/tfjs/');
setOnnxWasmPaths('/wasm/onnx/');
globalThis.layerspecPage = {
  backends: listBackends(),
  run: (options) => runConformance({ ...options, onProgress: (done, total, label) => globalThis.layerspecProgress(done, total, label) }),
};
`;

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
};

function chromiumPath(): string {
  const found = findChromium();
  if (!found) throw new Error(`--browser needs Chromium or Chrome: ${CHROMIUM_INSTALL_HINT}`);
  return found;
}

/** The directories of the wasm files, resolved from the installed backends as the page's bundle resolves them. */
function wasmDirs(): { tfjs: string; onnx: string } {
  const require = createRequire(import.meta.url);
  const fromTfjs = createRequire(require.resolve('@layerspec/backend-tfjs'));
  const fromOnnx = createRequire(require.resolve('@layerspec/backend-onnx'));
  return {
    tfjs: join(dirname(fromTfjs.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist'),
    onnx: dirname(fromOnnx.resolve('onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm')),
  };
}

async function serve(script: Uint8Array): Promise<{ server: Server; url: string }> {
  const dirs = wasmDirs();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/')
      return res.writeHead(200, { 'content-type': TYPES['.html'] }).end('<!doctype html><script type="module" src="/page.js"></script>');
    if (path === '/page.js') return res.writeHead(200, { 'content-type': TYPES['.js'] }).end(script);
    const mount = path.startsWith('/wasm/tfjs/') ? dirs.tfjs : path.startsWith('/wasm/onnx/') ? dirs.onnx : undefined;
    const name = path.slice(path.lastIndexOf('/') + 1);
    try {
      if (!mount || name !== normalize(name)) throw new Error('not served');
      return res
        .writeHead(200, { 'content-type': TYPES[extname(name)] ?? 'application/octet-stream' })
        .end(readFileSync(join(mount, name)));
    } catch {
      return res.writeHead(404).end();
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/` };
}

interface PageApi {
  backends: string[];
  run(options: Omit<ConformanceOptions, 'onProgress'>): Promise<CellResult[]>;
}

export interface BrowserRunner {
  /** The backends registered in the page. */
  readonly backends: readonly string[];
  run(options: ConformanceOptions): Promise<CellResult[]>;
  close(): Promise<void>;
}

/** The module `layerspec:page-setup` of the page: `source`, resolving imports as the page does. */
function pageSetupModule(source: string): Plugin {
  return {
    name: 'layerspec-page-setup',
    setup(b) {
      b.onResolve({ filter: /^layerspec:page-setup$/ }, () => ({ path: 'page-setup', namespace: 'layerspec' }));
      b.onLoad({ filter: /.*/, namespace: 'layerspec' }, () => ({
        contents: source,
        loader: 'js',
        resolveDir: dirname(fileURLToPath(import.meta.url)),
      }));
    },
  };
}

export interface BrowserRunnerOptions {
  /**
   * A module the page runs after loading the packages, before listing the backends (bundled with them, so it may import them): for a
   * backend of one's own, registered with registerBackend, or a deliberately wrong one in a test.
   */
  readonly pageSetup?: string;
}

/** Starts headless Chromium on a page with every layerspec package loaded. */
export async function openBrowserRunner(options: BrowserRunnerOptions = {}): Promise<BrowserRunner> {
  const executablePath = chromiumPath();
  const { build } = await import('esbuild');
  const { chromium } = await import('playwright-core');
  const bundle = await build({
    stdin: { contents: PAGE_ENTRY, resolveDir: dirname(fileURLToPath(import.meta.url)), loader: 'js' },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    logLevel: 'silent',
    plugins: [pageSetupModule(options.pageSetup ?? '')],
  });
  const { server, url } = await serve(bundle.outputFiles[0]!.contents);
  const browser = await chromium.launch({ executablePath, args: [...CHROMIUM_ARGS] });
  const page = await browser.newPage();
  let onProgress: ConformanceOptions['onProgress'];
  await page.exposeFunction('layerspecProgress', (done: number, total: number, label: string) => onProgress?.(done, total, label));
  const failed = new Promise<never>((_, reject) =>
    page.on('pageerror', (e) => reject(new Error(`the conformance page failed in Chromium: ${String(e)}`))),
  );
  failed.catch(() => undefined);
  await page.goto(url);
  await Promise.race([page.waitForFunction(() => 'layerspecPage' in globalThis, undefined, { timeout: 120_000 }), failed]);
  const backends = await page.evaluate(() => (Reflect.get(globalThis, 'layerspecPage') as PageApi).backends);
  return {
    backends,
    async run({ onProgress: report, ...options }: ConformanceOptions): Promise<CellResult[]> {
      onProgress = report;
      return page.evaluate((o) => (Reflect.get(globalThis, 'layerspecPage') as PageApi).run(o), options);
    },
    async close() {
      await browser.close();
      server.close();
    },
  };
}
