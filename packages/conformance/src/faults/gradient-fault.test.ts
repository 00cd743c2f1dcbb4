/** The gradient cells catch a planted wrong gradient that leaves every forward value right. */
import { describe, expect, it } from 'vitest';
import { registerBackend } from '@layerspec/spec';
import { GRADIENT_ENGINES } from '../gradients/tfjs-gradient.js';
import { GRADIENT_MATCHES_REF, MATCHES_REF, runConformance } from '../runner.js';
import { TANH_GRADIENT_FAULT, tanhGradientFault, tanhGradientFaultBackend } from './gradient-fault.js';

describe('a wrong Tanh gradient', () => {
  it('fails the gradient cells of the tanh cells and passes every forward cell', async () => {
    registerBackend(tanhGradientFaultBackend);
    GRADIENT_ENGINES.set(TANH_GRADIENT_FAULT, tanhGradientFault);
    const layers = ['LSTMCell', 'GRUCell', 'RNN'];
    const results = await runConformance({
      targets: [{ name: TANH_GRADIENT_FAULT, backend: TANH_GRADIENT_FAULT }],
      layers,
      checks: [MATCHES_REF, GRADIENT_MATCHES_REF],
      runs: 20,
      seed: 42,
    });
    for (const r of results)
      console.log(`${r.layer} / ${r.check}: ${r.passed ? 'pass' : `caught at run ${r.cases}: ${r.failure?.message}`}`);
    expect(results.filter((r) => r.check === MATCHES_REF && !r.passed)).toEqual([]);
    expect(results.filter((r) => r.check === GRADIENT_MATCHES_REF && r.passed).map((r) => r.layer)).toEqual([]);
  }, 120_000);
});
