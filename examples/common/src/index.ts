export { seededUniform } from './random.js';
export { Progress, type ProgressSink } from './progress.js';
