// The commands of the `layerspec` CLI as functions, for scripts that would rather not spawn it.
export { tour, verdict, TOUR_LEGEND, TOUR_TOLERANCE, type TourOptions, type TourResult } from './tour.js';
export { TOUR_SPEC, TOUR_USAGE, parseTourArgs, tourCommand } from './tour-command.js';
export { EXPORT_SPEC, EXPORT_USAGE, exportCommand, parseDims, parseExportArgs } from './export-command.js';
export {
  CONFORMANCE_SPEC,
  CONFORMANCE_USAGE,
  conformanceCommand,
  parseConformanceArgs,
  pickTargets,
  replayCommand,
  resolveConformanceArgs,
} from './conformance-command.js';
export { CONVERT_SPEC, CONVERT_USAGE, convertCommand, parseConvertArgs, type ConvertArgs } from './convert-command.js';
export { runCli } from './run.js';
export { loadBench, type BenchModule } from './load-bench.js';
export { userPath, writeUserFile } from './paths.js';
export { CHROMIUM_ARGS, CHROMIUM_INSTALL_HINT, findChromium } from './chromium.js';
export * from './format.js';
