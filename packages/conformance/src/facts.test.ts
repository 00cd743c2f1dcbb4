import { LAYERS, LAYER_NAMES } from '@layerspec/spec';
import { describe, expect, it } from 'vitest';
import { LAYER_FACTS, type CaseKey } from './facts.js';
import { LAWS } from './laws.js';

/** The keys a case may set at `at`: the layer's config keys or its build options. */
function declaredKeys(name: keyof typeof LAYERS, at: CaseKey): string[] {
  const d = LAYERS[name].declaration;
  return Object.keys(at.in === 'config' ? d.config : d.buildOptions);
}

describe('the layer facts', () => {
  it.each(LAYER_NAMES)('%s: every input, config key and build option they name is declared by the layer', (name) => {
    const facts = LAYER_FACTS[name];
    const inputs = LAYERS[name].declaration.inputs.map((d) => d.name);
    for (const law of facts.laws) expect(LAWS.map((l) => l.id)).toContain(law);
    const attention = facts.attention;
    if (!attention) return;
    expect(inputs).toContain(attention.mask.input);
    for (const dropped of attention.dropForScores) expect(inputs).toContain(dropped);
    expect(declaredKeys(name, attention.scores.on)).toContain(attention.scores.on.key);
    if (attention.causal) expect(declaredKeys(name, attention.causal)).toContain(attention.causal.key);
  });

  it('gives every law at least one layer', () => {
    for (const law of LAWS) expect(LAYER_NAMES.filter((n) => LAYER_FACTS[n].laws.includes(law.id))).not.toHaveLength(0);
  });
});
