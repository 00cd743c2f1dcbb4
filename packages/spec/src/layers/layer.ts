import { LayerspecError } from '../errors.js';
import { GraphBuilder, type Value } from '../graph/builder.js';
import type { Graph } from '../graph/types.js';
import { formatType } from '../tensor.js';
import type { TensorType } from '../types.js';
import { parseConfig } from './config.js';
import type { InputDecl, LayerDeclaration, StateName } from './declaration.js';

export type { InputDecl } from './declaration.js';

/** What `layerToJSON` writes: enough to rebuild the layer with `layerFromJSON`. */
export interface LayerJSON {
  className: string;
  config: Record<string, unknown>;
}

/**
 * `MultiHeadAttention` -> `multi_head_attention`, `RMSNormalization` -> `rms_normalization`: the name
 * Keras gives a layer of the class when none is given.
 */
export function snakeCase(className: string): string {
  return className
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/**
 * A layer: a validated config, and its body `apply`, which writes the layer's ops into a graph builder.
 * `build` makes a standalone graph of the layer; `call` writes the layer into a bigger graph, under
 * its own name scope.
 */
export abstract class Layer<C extends object, O extends object = object> {
  readonly config: Readonly<C>;
  readonly className: string;

  protected constructor(
    readonly declaration: LayerDeclaration<C, O>,
    given: object,
  ) {
    this.className = declaration.name;
    this.config = Object.freeze(parseConfig(declaration.name, declaration.config, given));
  }

  /**
   * Declared inputs, in their canonical order (an `initial_<state>` input only for the cell's states,
   * an input `forBuildOption` only when that build option is on).
   */
  inputs(options?: O): readonly InputDecl[] {
    return this.declaration.inputs.filter(
      (d) =>
        (d.forState === undefined || this.hasState(d.forState)) &&
        (d.forBuildOption === undefined || (options !== undefined && Reflect.get(options, d.forBuildOption) === true)),
    );
  }

  /** Whether the layer's cell has this state; layers without a cell have none. */
  protected hasState(_state: StateName): boolean {
    return false;
  }

  /**
   * The build options with their defaults; a wrong type or an unknown option is a `LayerspecError`
   * naming the layer, the option and the accepted values or keys.
   */
  parseBuildOptions(given: object): O {
    return parseConfig(this.className, this.declaration.buildOptions, given, 'build option');
  }

  /** The layer's body: writes its ops into `b` under the current scope; returns its named outputs. */
  protected abstract apply(b: GraphBuilder, inputs: Readonly<Record<string, Value>>, options: O): Record<string, Value>;

  /** A standalone graph for the given input types (symbolic dims allowed). */
  build(inputs: Record<string, TensorType>, given: O = {} as O): Graph {
    const options = this.parseBuildOptions(given);
    this.checkInputs(inputs, options);
    const b = new GraphBuilder(this.className);
    const values: Record<string, Value> = {};
    for (const [name, type] of Object.entries(inputs)) values[name] = b.input(name, type);
    const outputs = this.apply(b, values, options);
    for (const [name, v] of Object.entries(outputs)) b.output(name, v);
    return b.build();
  }

  /** The config as plain JSON values (a nested cell becomes its `{ className, config }`). */
  getConfig(): Record<string, unknown> {
    return this.toJSON().config;
  }

  toJSON(): LayerJSON {
    return { className: this.className, config: JSON.parse(JSON.stringify(this.config)) as Record<string, unknown> };
  }

  /** Names, dtypes and ranks of the given inputs, before any op is built. */
  protected checkInputs(inputs: Record<string, TensorType | Value['type']>, options: O): void {
    const decls = this.inputs(options);
    for (const name of Object.keys(inputs)) {
      if (!decls.some((d) => d.name === name)) {
        throw new LayerspecError(this.className, `unknown input '${name}' (inputs: ${decls.map((d) => d.name).join(', ')})`);
      }
    }
    for (const d of decls) {
      const t = inputs[d.name];
      if (!t) {
        if (!d.optional) throw new LayerspecError(this.className, `input '${d.name}' is required`);
        continue;
      }
      if (t.dtype !== d.dtype) {
        throw new LayerspecError(this.className, `input '${d.name}' must be ${d.dtype}, got ${formatType(t)}`);
      }
      if (d.ranks && !d.ranks.includes(t.shape.length)) {
        throw new LayerspecError(
          this.className,
          `input '${d.name}' must have rank ${d.ranks.join(' or ')}, got rank ${t.shape.length} ${formatType(t)}`,
        );
      }
    }
  }

  /**
   * Writes the layer into another layer's or a model's graph and returns its named outputs. Its weights
   * are scoped under `name` (`name/query/kernel`); by default the snake-cased class name, made unique
   * in the current scope as Keras does (`multi_head_attention`, `multi_head_attention_1`, ...). A name
   * already used in the scope, or a second call of the same layer object in one graph (weight sharing
   * is not supported), is a `LayerspecError`.
   */
  call(b: GraphBuilder, inputs: Readonly<Record<string, Value>>, given: O = {} as O, name?: string): Record<string, Value> {
    const options = this.parseBuildOptions(given);
    const types: Record<string, Value['type']> = {};
    for (const [k, v] of Object.entries(inputs)) types[k] = v.type;
    this.checkInputs(types, options);
    if (!b.claimCaller(this)) {
      throw new LayerspecError(
        this.className,
        'this layer object is already called in this graph; weights are not shared: call a new layer',
      );
    }
    if (name !== undefined && (name === '' || name.includes('/'))) {
      throw new LayerspecError(this.className, `the name must be non-empty and without '/', got ${JSON.stringify(name)}`);
    }
    if (name !== undefined && !b.claimScope(name)) {
      throw new LayerspecError(this.className, `the name '${b.prefix}${name}' is already used in this graph`);
    }
    const scope = name ?? b.uniqueScope(snakeCase(this.className));
    return b.scope(scope, () => this.apply(b, inputs, options));
  }
}
