import type { BenchCase, CaseId } from '../types.js';
import { attentionWrapperCase } from './attention-wrapper.js';
import { layerNormCase } from './layer-norm.js';
import { mhaCase, mhaLongCase } from './mha.js';

export const CASES: Readonly<Record<CaseId, BenchCase>> = {
  mha: mhaCase,
  'mha-long': mhaLongCase,
  layernorm: layerNormCase,
  'attention-wrapper': attentionWrapperCase,
};
