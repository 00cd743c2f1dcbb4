import type { BenchCase, CaseId } from '../types.js';
import { attentionWrapperCase } from './attention-wrapper.js';
import { layerNormCase } from './layer-norm.js';
import { mhaCase, mhaLongCase } from './mha.js';
import { mhaDecodeCase } from './mha-decode.js';

export const CASES: Readonly<Record<CaseId, BenchCase>> = {
  mha: mhaCase,
  'mha-long': mhaLongCase,
  'mha-decode': mhaDecodeCase,
  layernorm: layerNormCase,
  'attention-wrapper': attentionWrapperCase,
};
