export { seededUniform } from './random.js';
