/**
 * Which cells of an attention map the settings mask out: keys padded out of the layer's mask input (the
 * last `padding` keys, see inputs.ts) and, under a causal flag, keys after the query (upper-left: j > i;
 * lower-right: j > i + keys - queries). Read from the layer's attention facts, as the conformance laws do.
 */
import { LAYER_FACTS } from '@layerspec/conformance';
import type { Settings } from './settings.js';

export type MaskedCell = (query: number, key: number) => boolean;

export function maskedCells(settings: Settings, queries: number, keys: number): MaskedCell {
  const facts = LAYER_FACTS[settings.layer].attention;
  const padded = facts !== undefined && facts.mask.input in settings.shapes ? settings.padding : 0;
  const flag = facts?.causal ? settings[facts.causal.in === 'config' ? 'config' : 'buildOptions'][facts.causal.key] : undefined;
  const offset = flag === 'lowerRight' ? keys - queries : 0;
  const causal = flag === true || flag === 'upperLeft' || flag === 'lowerRight';
  return (i, j) => j >= keys - padded || (causal && j > i + offset);
}
