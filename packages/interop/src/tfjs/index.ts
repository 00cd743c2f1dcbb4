import { registerKerasLayers } from './register.js';

registerKerasLayers();

export { registerKerasLayers, MODEL_CLASS_NAMES } from './register.js';
export { KerasMultiHeadAttention, kerasMultiHeadAttentionArgs } from './multi-head-attention.js';
export { withPositionalAttentionCalls } from './call-arguments.js';
