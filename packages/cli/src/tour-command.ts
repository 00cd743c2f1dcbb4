import { layerClassNames, listBackends } from '@layerspec/spec';
import '@layerspec/backend-ref';
import '@layerspec/backend-tfjs';
import '@layerspec/backend-onnx';
import { tour, type TourOptions } from './tour.js';
import { userPath } from './paths.js';
import { argumentError, echo, flags, parseArgs, defineCommand } from './args.js';
import { closest } from './did-you-mean.js';
import { usageOf } from './help.js';

/** The flags of `layerspec tour`; a new flag is one more entry. */
export const TOUR_SPEC = defineCommand({
  name: 'tour',
  description: `Builds every layer in a representative configuration and runs it on the reference engine and every
other backend with the same seeded inputs and weights: prints each output's shape, a checksum, its
largest difference from the reference engine, and the median time of a run. Writes each layer's
ONNX model (opset 17, weights inside) with its inputs and weights as JSON beside it, so that any ONNX
runtime can reproduce the printed numbers.`,
  flags: {
    out: flags.string({
      names: ['--out', '-o'],
      placeholder: 'dir',
      doc: 'where to write the models, relative to where you run the command',
      default: 'out',
      check: flags.writableFolder,
    }),
    backends: flags.list({
      names: '--backends',
      placeholder: 'a,b',
      doc: 'backends to compare with the reference engine (default: all registered ones)',
    }),
    layers: flags.list({ names: '--layers', placeholder: 'A,B', doc: 'layer classes to run (default: all)' }),
  },
});

export const TOUR_USAGE = usageOf(TOUR_SPEC);

function known(flag: string, kind: string, names: readonly string[], all: readonly string[]): void {
  for (const name of names) {
    if (all.includes(name)) continue;
    const near = closest(name, all);
    throw argumentError(
      TOUR_SPEC,
      `${flag}: unknown ${kind} ${echo(name)}${near ? ` (did you mean ${near}?)` : ''} (${kind}s: ${all.join(', ')})`,
    );
  }
}

/** The tour's options; a LayerspecError for anything it does not accept. */
export function parseTourArgs(args: readonly string[], registered: readonly string[] = listBackends()): TourOptions {
  const { values } = parseArgs(TOUR_SPEC, args);
  const backends = (values.backends ?? registered).filter((b) => b !== 'ref');
  known('--backends', 'backend', backends, registered);
  known('--layers', 'layer', values.layers ?? [], layerClassNames());
  return { outDir: userPath(values.out), backends, ...(values.layers ? { layers: values.layers } : {}) };
}

/** `layerspec tour [...]`: see TOUR_USAGE. */
export async function tourCommand(args: readonly string[]): Promise<void> {
  await tour(parseTourArgs(args));
}
