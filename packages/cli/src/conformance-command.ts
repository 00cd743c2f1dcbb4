import { readFileSync } from 'node:fs';
import { listBackends } from '@layerspec/spec';
import '@layerspec/backend-ref';
import '@layerspec/backend-tfjs';
import '@layerspec/backend-onnx';
import { LAYERS, defaultTargets, graphUnderTestFromJSON, runConformance, type CellResult, type Target } from '@layerspec/conformance';
import { endProgress, progress, table } from './format.js';
import { userPath, writeUserFile } from './paths.js';
import { argumentError, echo, flags, parseArgs, defineCommand, type FlagValues } from './args.js';
import { closest } from './did-you-mean.js';
import { usageOf } from './help.js';
import { openBrowserRunner, type BrowserRunner } from './browser-conformance.js';

/** fast-check's replay path: step indices joined by colons. */
const REPLAY_PATH = /^\d+(:\d+)*$/;

/** `lo..hi` (or one size) of a `--dim name=lo..hi`. */
function dimRange(text: string, key: string): readonly [number, number] {
  const m = /^(\d+)(?:\.\.(\d+))?$/.exec(text);
  const lo = m ? Number(m[1]) : Number.NaN;
  const hi = m?.[2] === undefined ? lo : Number(m[2]);
  if (!(lo >= 1 && hi >= lo)) flags.fail(`expected name=lo..hi with 1 <= lo <= hi (for example seq=1..16), got ${echo(`${key}=${text}`)}`);
  return [lo, hi];
}

/** The flags of `layerspec conformance`; a new flag is one more entry. */
export const CONFORMANCE_SPEC = defineCommand({
  name: 'conformance',
  flags: {
    backends: flags.list({
      names: '--backends',
      placeholder: 'a,b',
      doc: 'targets to check against the reference engine: backend names (tfjs-cpu, onnx-web, ...) or\ntargets with an opset (onnx-node@23); default: every registered backend',
    }),
    layers: flags.list({ names: '--layers', placeholder: 'A,B', doc: 'layer classes to check; default: all' }),
    runs: flags.int({
      names: '--runs',
      placeholder: 'N',
      doc: 'random cases per layer, target and check',
      min: 1,
      max: 1_000_000,
      default: 20,
    }),
    seed: flags.int({
      names: '--seed',
      placeholder: 'S',
      doc: 'with --path: replay one failure exactly as it was reported',
      min: -(2 ** 31),
      max: 2 ** 31 - 1,
    }),
    path: flags.string({
      names: '--path',
      placeholder: 'P',
      doc: "with --seed: the failure's replay path, as the replay line prints it",
      pattern: { test: REPLAY_PATH, form: "fast-check's replay path, numbers joined by colons (3:0:1)" },
    }),
    json: flags.string({
      names: '--json',
      placeholder: 'file',
      doc: 'also write the results as JSON (relative to where you run the command)',
      check: flags.writable,
    }),
    graph: flags.string({
      names: '--graph',
      placeholder: 'model.json',
      doc: "check any graph written by graphToJSON (its weights from 'weights' beside it, else seeded)\ninstead of the layers",
    }),
    dims: flags.keyed({
      names: '--dim',
      placeholder: 'name=lo..hi',
      doc: 'with --graph: the sizes a symbolic dim takes (default 1..4); repeat for each dim',
      value: dimRange,
    }),
    browser: flags.toggle({
      names: '--browser',
      doc: 'run inside headless Chromium (CHROME_PATH, else chromium on PATH) on the backends its page\nregisters: tfjs-webgl, tfjs-webgpu and onnx-webgpu where it offers WebGL and WebGPU',
    }),
  },
});

export const CONFORMANCE_USAGE = usageOf(CONFORMANCE_SPEC);

export type ConformanceArgs = FlagValues<(typeof CONFORMANCE_SPEC)['flags']>;

/** The options of `layerspec conformance`; a LayerspecError for anything it does not accept. */
export function parseConformanceArgs(args: readonly string[]): ConformanceArgs {
  const { values } = parseArgs(CONFORMANCE_SPEC, args);
  if (values.path !== undefined && values.seed === undefined) {
    throw argumentError(CONFORMANCE_SPEC, '--path replays a case of one run: give the --seed it was reported with too');
  }
  if (values.graph !== undefined && values.layers !== undefined)
    throw argumentError(CONFORMANCE_SPEC, 'give --graph or --layers, not both');
  if (values.graph === undefined && Object.keys(values.dims).length > 0) throw argumentError(CONFORMANCE_SPEC, '--dim needs --graph');
  if (values.graph !== undefined && values.browser) throw argumentError(CONFORMANCE_SPEC, '--graph runs in Node only: leave out --browser');
  return values;
}

/** The targets named on the command line: a backend name means all its default targets. */
export function pickTargets(wanted: readonly string[] | undefined, all: readonly Target[]): Target[] {
  if (!wanted) return [...all];
  return wanted.flatMap((w) => {
    const hits = all.filter((t) => t.name === w || t.backend === w);
    if (hits.length === 0) {
      const near = closest(
        w,
        all.flatMap((t) => [t.name, t.backend]),
      );
      throw argumentError(
        CONFORMANCE_SPEC,
        `--backends: unknown backend or target ${echo(w)}${near ? ` (did you mean ${near}?)` : ''} (targets: ${all.map((t) => t.name).join(', ')})`,
      );
    }
    return hits;
  });
}

/** The command that reruns one failed case, as the user can paste it (no --path when fast-check gave none). */
export function replayCommand(target: string, layer: string, seed: number, path: string): string {
  return `npx layerspec conformance --backends ${target} --layers ${layer} --seed ${seed}${path ? ` --path ${path}` : ''}`;
}

function report(cells: readonly CellResult[]): string {
  return table([
    ['layer', 'target', 'check', 'cases', 'max error', 'result'],
    ...cells.map((c) => [c.layer, c.target, c.check, String(c.cases), c.maxError.toExponential(2), c.passed ? 'pass' : 'FAIL']),
  ]);
}

/** Everything the run needs, checked against the registered backends and the layers before it starts. */
function checkLayers(layers: readonly string[] | undefined): void {
  for (const layer of layers ?? []) {
    if (!LAYERS.includes(layer)) {
      const near = closest(layer, LAYERS);
      throw argumentError(
        CONFORMANCE_SPEC,
        `--layers: unknown layer ${echo(layer)}${near ? ` (did you mean ${near}?)` : ''} (layers: ${LAYERS.join(', ')})`,
      );
    }
  }
}

export function resolveConformanceArgs(
  args: readonly string[],
  registered: readonly string[] = listBackends(),
): ConformanceArgs & { targets: Target[] } {
  const a = parseConformanceArgs(args);
  const targets = pickTargets(a.backends, defaultTargets(registered));
  checkLayers(a.layers);
  return { ...a, targets };
}

/**
 * `layerspec conformance`: every layer on every target against the reference engine and the laws.
 * `openBrowser` starts the page of --browser (default openBrowserRunner()).
 */
export async function conformanceCommand(
  args: readonly string[],
  openBrowser: () => Promise<BrowserRunner> = openBrowserRunner,
): Promise<number> {
  const a = parseConformanceArgs(args);
  checkLayers(a.layers);
  // --browser: the same run in headless Chromium, on the backends its page registers (browser-conformance.ts).
  const browser = a.browser ? await openBrowser() : undefined;
  let targets: Target[];
  try {
    targets = pickTargets(a.backends, defaultTargets(browser?.backends ?? listBackends()));
  } catch (e) {
    await browser?.close();
    throw e;
  }
  const cells = await (browser?.run ?? runConformance)({
    targets,
    runs: a.runs,
    ...(a.layers ? { layers: a.layers } : {}),
    ...(a.graph ? { graph: graphUnderTestFromJSON(readFileSync(userPath(a.graph), 'utf8'), a.dims) } : {}),
    ...(a.seed !== undefined ? { seed: a.seed } : {}),
    ...(a.path !== undefined ? { path: a.path } : {}),
    onProgress: (done, total, label) => progress(`[${done}/${total}] ${label}`),
  }).finally(() => browser?.close());
  endProgress();
  if (cells.length === 0) {
    console.error('no checks ran: no selected layer has a check on the selected targets');
    return 1;
  }
  console.log(report(cells));
  const failed = cells.filter((c) => !c.passed);
  for (const c of failed) {
    const f = c.failure;
    console.log(`\nFAIL ${c.layer} on ${c.target} (${c.check})${f ? `: ${f.message}` : ''}`);
    if (f) {
      console.log(`  counterexample: ${f.counterexample}`);
      console.log(`  replay: ${replayCommand(c.target, c.layer, f.seed, f.path)}${browser ? ' --browser' : ''}`);
    }
  }
  if (a.json) {
    const json = writeUserFile(a.json, JSON.stringify({ runs: a.runs, seed: a.seed, cells }, null, 2));
    console.log(`\nwrote ${json}`);
  }
  console.log(`\n${cells.length - failed.length} passed, ${failed.length} failed`);
  return failed.length === 0 ? 0 : 1;
}
