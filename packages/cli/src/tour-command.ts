import { layerClassNames, listBackends } from '@layerspec/spec';
import '@layerspec/backend-ref';
import '@layerspec/backend-tfjs';
import '@layerspec/backend-onnx';
import { tour, type TourOptions } from './tour.js';
import { userPath } from './paths.js';

export const TOUR_USAGE = `usage: layerspec tour [--out dir] [--backends a,b] [--layers A,B]

Builds every layer in a representative configuration and runs it on the reference engine and every
other backend with the same seeded inputs and weights: prints each output's shape, a checksum, its
largest difference from the reference engine, and the median time of a run. Writes each layer's
ONNX model (opset 17, weights inside) with its inputs and weights as JSON beside it, so that any ONNX
runtime can reproduce the printed numbers.

  --out dir       where to write the models, relative to where you run the command (default: out)
  --backends a,b  backends to compare with the reference engine (default: all registered ones)
  --layers A,B    layer classes to run (default: all)`;

function list(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

export function parseTourArgs(args: readonly string[], registered: readonly string[] = listBackends()): TourOptions {
  let out = 'out';
  let backends = registered.filter((b) => b !== 'ref');
  let layers: string[] | undefined;
  for (let i = 0; i < args.length; i += 2) {
    const flag = args[i]!;
    const value = args[i + 1];
    if (value === undefined) throw new Error(`${flag} needs a value\n\n${TOUR_USAGE}`);
    if (flag === '--out' || flag === '-o') out = value;
    else if (flag === '--backends') backends = list(value).filter((b) => b !== 'ref');
    else if (flag === '--layers') layers = list(value);
    else throw new Error(`unknown flag '${flag}'\n\n${TOUR_USAGE}`);
  }
  for (const b of backends) {
    if (!registered.includes(b)) throw new Error(`unknown backend '${b}' (backends: ${registered.join(', ')})`);
  }
  for (const l of layers ?? []) {
    if (!layerClassNames().includes(l)) throw new Error(`unknown layer '${l}' (layers: ${layerClassNames().join(', ')})`);
  }
  return { outDir: userPath(out), backends, ...(layers ? { layers } : {}) };
}

/** `layerspec tour [...]`: see TOUR_USAGE. */
export async function tourCommand(args: readonly string[]): Promise<void> {
  await tour(parseTourArgs(args));
}
