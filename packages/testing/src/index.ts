/**
 * Test-only helpers and data: the op-case table, the golden layer cases, tensor comparison. This package
 * is private and never published; its suites (src/*.test.ts) run the table and the goldens on every backend.
 */
export { OP_CASES, ALL_OP_CASES } from './op-cases/table.js';
export { opsOf, type ExpectedTensor, type OpCase } from './op-cases/types.js';
export { expectClose, type TensorValues } from './compare.js';
export * from './golden-data.js';
