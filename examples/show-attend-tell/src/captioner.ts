/**
 * The trained captioner outside TensorFlow.js (`@layerspec/example-show-attend-tell/captioner`): its file
 * format, its layerspec graph, greedy decoding on any backend and the attention overlay. No Node and no
 * tfjs here, so a web page imports it (the playground's Show, Attend and Tell view does).
 */
export { CAPTIONER_FORMAT, CAPTIONER_FORMAT_VERSION, readCaptionerFile, writeCaptionerFile } from './captioner-file.js';
export type { CaptionerExamples, CaptionerFile } from './captioner-file.js';
export { buildCaptionerGraph, checkCaptionerWeights } from './captioner-graph.js';
export { greedyCaptions, type GreedyCaption } from './captioner-decode.js';
export { GRID, attentionOverlay } from './attention-overlay.js';
export { DEFAULT_CONFIG, type CaptionerConfig } from './config.js';
export { IMAGE_SIZE, MAX_LEN } from './data.js';
