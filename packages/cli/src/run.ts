import { CONFORMANCE_USAGE, conformanceCommand } from './conformance-command.js';
import { CONVERT_USAGE, convertCommand } from './convert-command.js';
import { EXPORT_USAGE, exportCommand } from './export-command.js';
import { loadBench } from './load-bench.js';
import { TOUR_USAGE, tourCommand } from './tour-command.js';
import { echo, wantsHelp } from './args.js';

export const USAGE = `usage: layerspec <command> [options]     (layerspec <command> --help for its options)

commands:
  tour                 build every layer, run it on every backend, print shapes, checksums and
                       differences from the reference engine; write the ONNX models and their inputs
  export <Layer> ...   write a layer's ONNX model (weights seeded, or from a safetensors, JSON, Keras or
                       torch state_dict file)
  convert <file> ...   convert weights between safetensors, the library's JSON and torch names; read
                       Keras .weights.h5 / .keras files
  conformance [...]    check every backend against the reference engine and the layers' laws
  bench [...]          time every layer on every backend beside the peers a user would pick instead
                       (in the layerspec repository only)`;

function usage(text: string, code = 0): number {
  console.log(text);
  return code;
}

async function dispatch(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'tour':
      if (wantsHelp(rest)) return usage(TOUR_USAGE);
      await tourCommand(rest);
      return 0;
    case 'bench': {
      const { bench, BENCH_USAGE } = await loadBench();
      if (wantsHelp(rest)) return usage(BENCH_USAGE);
      await bench(rest);
      return 0;
    }
    case 'conformance':
      return wantsHelp(rest) ? usage(CONFORMANCE_USAGE) : conformanceCommand(rest);
    case 'export':
      if (rest.length === 0) return usage(EXPORT_USAGE, 1);
      if (wantsHelp(rest)) return usage(EXPORT_USAGE);
      await exportCommand(rest);
      return 0;
    case 'convert':
      if (rest.length === 0) return usage(CONVERT_USAGE, 1);
      if (wantsHelp(rest)) return usage(CONVERT_USAGE);
      convertCommand(rest);
      return 0;
    case undefined:
      return usage(USAGE, 1);
    default:
      if (command === '--help' || command === '-h') return usage(USAGE);
      console.error(`unknown command ${echo(command)}\n\n${USAGE}`);
      return 1;
  }
}

/** The `layerspec` command: its exit code; an error is one message on stderr and exit code 1. */
export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    return await dispatch(argv);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    return 1;
  }
}
