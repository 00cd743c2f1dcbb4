#!/usr/bin/env node
import { bench } from './bench/command.js';
import { BENCH_USAGE } from './bench/options.js';
import { CONFORMANCE_USAGE, conformanceCommand } from './conformance-command.js';
import { EXPORT_USAGE, exportCommand } from './export-command.js';
import { muteTfjsNodeBanner } from './quiet-tfjs.js';
import { tour } from './tour.js';

const USAGE = `usage: layerspec <command>

commands:
  conformance [...]    check every backend against the reference engine and the layers' laws
                       (layerspec conformance --help)
  export <Layer> ...   write a layer's ONNX model (layerspec export --help)
  tour                 build every layer, run it on every backend, print shapes and checksums
  bench [...]          time every layer on every backend beside the peers a user would pick
                       instead (layerspec bench --help)`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'tour':
      await tour();
      return 0;
    case 'bench':
      if (rest[0] === '--help') {
        console.log(BENCH_USAGE);
        return 0;
      }
      await bench(rest);
      return 0;
    case 'conformance':
      if (rest[0] === '--help') {
        console.log(CONFORMANCE_USAGE);
        return 0;
      }
      return conformanceCommand(rest);
    case 'export':
      if (rest.length === 0 || rest[0] === '--help') {
        console.log(EXPORT_USAGE);
        return rest.length === 0 ? 1 : 0;
      }
      await exportCommand(rest);
      return 0;
    case undefined:
    case '-h':
    case '--help':
      console.log(USAGE);
      return command === undefined ? 1 : 0;
    default:
      console.error(`unknown command '${command}'\n\n${USAGE}`);
      return 1;
  }
}

muteTfjsNodeBanner();
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
