import type { ValueInfo } from '../ops/define.js';
import { OP_NAMES, type AttrsOf, type OpName } from '../ops/table.js';

/** A value of a graph: its name and its inferred type. */
export interface Value {
  readonly name: string;
  readonly type: ValueInfo;
}

/** What an op method needs from the builder that made its value. */
export interface NodeAdder {
  op1<K extends OpName>(op: K, inputs: readonly (Value | undefined)[], attrs?: Partial<AttrsOf<K>>): BuiltValue;
}

/**
 * One op as a method of its first input: `x.matMul(w)`, `x.add(b)`, `x.transpose({ perm: [0, 2, 1, 3] })`,
 * the other inputs first and the op's attributes, typed per op, last. It adds one node and returns its
 * first output.
 */
export interface OpMethod<K extends OpName> {
  (...others: (Value | undefined)[]): BuiltValue;
  (...args: [...others: (Value | undefined)[], attrs: Partial<AttrsOf<K>>]): BuiltValue;
}

/** Every op of the table as a method, named as the op with its first letter lowered (`MatMul` -> `matMul`). */
export type OpMethods = { readonly [K in OpName as Uncapitalize<K>]: OpMethod<K> };

function isValue(x: unknown): x is Value {
  return typeof x === 'object' && x !== null && 'name' in x && 'type' in x;
}

/** The method name of op `op`. */
export function methodName<K extends OpName>(op: K): Uncapitalize<K> {
  const name = op.charAt(0).toLowerCase() + op.slice(1);
  // The runtime spelling of `Uncapitalize<K>`, which TypeScript cannot derive from string operations.
  return name as Uncapitalize<K>;
}

/** A value made by a `GraphBuilder`: its name and type, and every op of the table as a method (see `OpMethod`). */
// The interface merges the op methods into the class's type; the loop below installs them on its prototype.
export interface BuiltValue extends OpMethods {}
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the merge is the point (see above)
export class BuiltValue implements Value {
  constructor(
    private readonly builder: NodeAdder,
    readonly name: string,
    readonly type: ValueInfo,
  ) {}

  /** Adds `op` with this value as its first input. */
  apply<K extends OpName>(op: K, others: readonly (Value | undefined)[], attrs: Partial<AttrsOf<K>>): BuiltValue {
    return this.builder.op1(op, [this, ...others], attrs);
  }
}

for (const op of OP_NAMES) {
  Object.defineProperty(BuiltValue.prototype, methodName(op), {
    value(this: BuiltValue, ...args: unknown[]): BuiltValue {
      const last = args[args.length - 1];
      const hasAttrs = args.length > 0 && typeof last === 'object' && last !== null && !isValue(last);
      const others = (hasAttrs ? args.slice(0, -1) : args).map((a) => (isValue(a) ? a : undefined));
      return this.apply(op, others, hasAttrs ? (last as Partial<AttrsOf<typeof op>>) : {});
    },
  });
}
