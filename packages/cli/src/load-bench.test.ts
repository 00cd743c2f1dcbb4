import { describe, expect, it } from 'vitest';
import { loadBench } from './load-bench.js';

describe('loadBench', () => {
  it('loads the benchmark package of this repository', async () => {
    const mod = await loadBench();
    expect(mod.BENCH_USAGE).toMatch(/^usage: layerspec bench/);
  });

  it('says in one line what is missing when the package is not installed', async () => {
    await expect(loadBench('@layerspec/no-such-package')).rejects.toThrow(
      /^layerspec bench needs @layerspec\/no-such-package, which is not installed: it is part of the layerspec repository \(run npm run bench there\)$/,
    );
  });

  it('rejects a module that is not the benchmark', async () => {
    await expect(loadBench('node:path')).rejects.toThrow('node:path does not export bench() and BENCH_USAGE');
  });
});
