import { registerKerasLayers } from './register.js';

registerKerasLayers();

export { registerKerasLayers, KerasFunctional, KerasModel } from './register.js';
export { KerasMultiHeadAttention, kerasMultiHeadAttentionArgs } from './multi-head-attention.js';
export { withPositionalAttentionCalls } from './call-arguments.js';
