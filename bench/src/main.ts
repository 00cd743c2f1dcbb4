#!/usr/bin/env node
// The benchmark on its own: `node bench/dist/main.js [options]` is `layerspec bench [options]`.
// Peak memory probes run through this file too, each in a process of its own.
import { bench } from './command.js';
import { BENCH_USAGE } from './options.js';

const args = process.argv.slice(2);
if (args[0] === '--help' || args[0] === '-h') console.log(BENCH_USAGE);
else {
  bench(args).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
