/** What `layerspec bench` needs from the benchmark package. */
export interface BenchModule {
  bench(args: readonly string[]): Promise<void>;
  readonly BENCH_USAGE: string;
}

export const BENCH_PACKAGE = '@layerspec/bench';

/**
 * The benchmark lives in a package of its own that only the layerspec repository has (its peers
 * and their dependencies are not part of the CLI), so it is imported when `bench` runs.
 */
export async function loadBench(specifier: string = BENCH_PACKAGE): Promise<BenchModule> {
  let mod: unknown;
  try {
    mod = await import(/* @vite-ignore */ specifier);
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
    if (code === 'ERR_MODULE_NOT_FOUND' && error instanceof Error && error.message.includes(specifier)) {
      throw new Error(
        `layerspec bench needs ${specifier}, which is not installed: it is part of the layerspec repository (run npm run bench there)`,
      );
    }
    throw error;
  }
  const bench: unknown = typeof mod === 'object' && mod !== null ? Reflect.get(mod, 'bench') : undefined;
  const usage: unknown = typeof mod === 'object' && mod !== null ? Reflect.get(mod, 'BENCH_USAGE') : undefined;
  if (typeof bench !== 'function' || typeof usage !== 'string') throw new Error(`${specifier} does not export bench() and BENCH_USAGE`);
  return {
    bench: async (args) => {
      await Reflect.apply(bench, undefined, [args]);
    },
    BENCH_USAGE: usage,
  };
}
