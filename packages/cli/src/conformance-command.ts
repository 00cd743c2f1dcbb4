import { listBackends } from '@layerspec/spec';
import '@layerspec/backend-ref';
import '@layerspec/backend-tfjs';
import '@layerspec/backend-onnx';
import { LAYERS, defaultTargets, runConformance, type CellResult, type Target } from '@layerspec/conformance';
import { endProgress, progress, table } from './format.js';
import { writeUserFile } from './paths.js';
import { openBrowserRunner } from './browser-conformance.js';

export const CONFORMANCE_USAGE = `usage: layerspec conformance [--backends a,b] [--layers A,B] [--runs N] [--seed S] [--path P] [--json file]

  --backends   targets to check against the reference engine: backend names (tfjs-cpu, onnx-web, ...) or
               targets with an opset (onnx-node@23); default: every registered backend
  --layers     layer classes to check; default: all
  --runs       random cases per layer, target and check (default 20)
  --seed S --path P
               replay one failure exactly as it was reported
  --json file  also write the results as JSON (relative to where you run the command)
  --browser    run inside headless Chromium (CHROME_PATH, else chromium on PATH) on the browser backends:
               tfjs-webgl, tfjs-webgpu and onnx-webgpu where it offers WebGL and WebGPU`;

interface ConformanceArgs {
  backends: string[] | undefined;
  layers: string[] | undefined;
  runs: number;
  seed: number | undefined;
  path: string | undefined;
  json: string | undefined;
}

export function parseConformanceArgs(args: readonly string[]): ConformanceArgs {
  const parsed: ConformanceArgs = { backends: undefined, layers: undefined, runs: 20, seed: undefined, path: undefined, json: undefined };
  for (let i = 0; i < args.length; i += 2) {
    const flag = args[i]!;
    const value = args[i + 1];
    if (value === undefined) throw new Error(`${flag} needs a value\n\n${CONFORMANCE_USAGE}`);
    const list = () => value.split(',').map((s) => s.trim()).filter(Boolean);
    if (flag === '--backends') parsed.backends = list();
    else if (flag === '--layers') parsed.layers = list();
    else if (flag === '--runs') parsed.runs = Number(value);
    else if (flag === '--seed') parsed.seed = Number(value);
    else if (flag === '--path') parsed.path = value;
    else if (flag === '--json') parsed.json = value;
    else throw new Error(`unknown flag '${flag}'\n\n${CONFORMANCE_USAGE}`);
  }
  if (!Number.isInteger(parsed.runs) || parsed.runs < 1) throw new Error(`--runs needs a positive integer, got ${parsed.runs}`);
  if (parsed.seed !== undefined && !Number.isInteger(parsed.seed)) throw new Error(`--seed needs an integer`);
  return parsed;
}

/** The targets named on the command line: a backend name means all its default targets. */
export function pickTargets(wanted: readonly string[] | undefined, all: readonly Target[]): Target[] {
  if (!wanted) return [...all];
  return wanted.flatMap((w) => {
    const hits = all.filter((t) => t.name === w || t.backend === w);
    if (hits.length === 0) throw new Error(`unknown backend or target '${w}' (targets: ${all.map((t) => t.name).join(', ')})`);
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

/** `layerspec conformance`: every layer on every target against the reference engine and the laws. */
export async function conformanceCommand(args: readonly string[]): Promise<number> {
  const a = parseConformanceArgs(args.filter((arg) => arg !== '--browser'));
  for (const layer of a.layers ?? []) {
    if (!LAYERS.includes(layer)) throw new Error(`unknown layer '${layer}' (layers: ${LAYERS.join(', ')})`);
  }
  // --browser: the same run in headless Chromium, on the backends its page registers (browser-conformance.ts).
  const browser = args.includes('--browser') ? await openBrowserRunner() : undefined;
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
    ...(a.seed !== undefined ? { seed: a.seed } : {}),
    ...(a.path !== undefined ? { path: a.path } : {}),
    onProgress: (done, total, label) => progress(`[${done}/${total}] ${label}`),
  }).finally(() => browser?.close());
  endProgress();
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
