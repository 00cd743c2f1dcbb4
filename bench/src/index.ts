export { bench } from './command.js';
export { BENCH_USAGE } from './options.js';
