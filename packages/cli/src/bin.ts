#!/usr/bin/env node
import { CONFORMANCE_USAGE, conformanceCommand } from './conformance-command.js';
import { EXPORT_USAGE, exportCommand } from './export-command.js';
import { loadBench } from './load-bench.js';
import { TOUR_USAGE, tourCommand } from './tour-command.js';

const USAGE = `usage: layerspec <command> [options]     (layerspec <command> --help for its options)

commands:
  tour                 build every layer, run it on every backend, print shapes, checksums and
                       differences from the reference engine; write the ONNX models and their inputs
  export <Layer> ...   write a layer's ONNX model
  conformance [...]    check every backend against the reference engine and the layers' laws
  bench [...]          time every layer on every backend beside the peers a user would pick instead
                       (in the layerspec repository only)`;

const isHelp = (arg: string | undefined): boolean => arg === '--help' || arg === '-h';

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'tour':
      if (isHelp(rest[0])) return usage(TOUR_USAGE);
      await tourCommand(rest);
      return 0;
    case 'bench': {
      const { bench, BENCH_USAGE } = await loadBench();
      if (isHelp(rest[0])) return usage(BENCH_USAGE);
      await bench(rest);
      return 0;
    }
    case 'conformance':
      return isHelp(rest[0]) ? usage(CONFORMANCE_USAGE) : conformanceCommand(rest);
    case 'export':
      if (rest.length === 0) return usage(EXPORT_USAGE, 1);
      if (isHelp(rest[0])) return usage(EXPORT_USAGE);
      await exportCommand(rest);
      return 0;
    case undefined:
      return usage(USAGE, 1);
    default:
      if (isHelp(command)) return usage(USAGE);
      console.error(`unknown command '${command}'\n\n${USAGE}`);
      return 1;
  }
}

function usage(text: string, code = 0): number {
  console.log(text);
  return code;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
