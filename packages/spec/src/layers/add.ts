import type { GraphBuilder, Value } from '../graph/builder.js';
import type { InputDecl } from './declaration.js';
import { declareLayer } from './declaration.js';
import { Layer } from './layer.js';

/** The most inputs `Add` takes. */
export const ADD_MAX_INPUTS = 8;

const NAME = 'Add';

const INPUTS: readonly InputDecl[] = Array.from({ length: ADD_MAX_INPUTS }, (_, i) => ({
  name: `input_${i}`,
  dtype: 'float32' as const,
  ...(i >= 2 ? { optional: true } : {}),
}));

const DECLARATION = declareLayer<object>({
  name: NAME,
  doc: `the sum of 2 to ${ADD_MAX_INPUTS} inputs, numpy broadcasting`,
  config: {},
  inputs: INPUTS,
  buildOptions: {},
});

/**
 * input_0 + input_1 + ... (inputs input_0 .. input_7, the first two required), summed left to right
 * with numpy (ONNX) broadcasting: shapes are aligned at the last axis, and a dim of 1 stretches.
 */
export class Add extends Layer<object> {
  static readonly className = NAME;
  static readonly declaration = DECLARATION;

  constructor(config: object = {}) {
    super(DECLARATION, config);
  }

  protected apply(b: GraphBuilder, inputs: Readonly<Record<string, Value>>): Record<string, Value> {
    const given = INPUTS.flatMap((d) => (inputs[d.name] ? [inputs[d.name]!] : []));
    return { output: given.slice(1).reduce((sum, x) => b.op1('Add', [sum, x]), given[0]!) };
  }
}
