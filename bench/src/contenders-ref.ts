import { backend as ref } from '@layerspec/backend-ref';
import type { CaseSetup, Contender } from './types.js';

export function refContender(setup: CaseSetup): Contender {
  return {
    name: 'layerspec ref',
    backend: 'ref',
    ours: true,
    passes: ['forward'],
    prepare: async () => {
      const compiled = await ref.compile(setup.graph);
      let last: Record<string, { data: ArrayLike<number> }> = {};
      return {
        once: async () => void (last = await compiled.run(setup.feeds, setup.weights)),
        output: async () => last['output']!.data,
        stats: () => ({ peakTensorBytes: compiled.lastRun?.peakTensorBytes ?? 0 }),
        dispose: async () => compiled.dispose(),
      };
    },
  };
}
