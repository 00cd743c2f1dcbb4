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
 * A layer: a validated config, and `apply`, which writes the layer's ops into a graph builder.
 * `build` wraps `apply` into a standalone graph; bigger models call `apply` on a shared builder.
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

  /** Writes the layer into `b` under its current scope; returns its named outputs. */
  abstract apply(b: GraphBuilder, inputs: Readonly<Record<string, Value>>, options: O): Record<string, Value>;

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

  /** For layers composed inside another layer's graph: checks, then applies under `scope`. */
  call(b: GraphBuilder, inputs: Readonly<Record<string, Value>>, given: O = {} as O, scope?: string): Record<string, Value> {
    const options = this.parseBuildOptions(given);
    const types: Record<string, Value['type']> = {};
    for (const [k, v] of Object.entries(inputs)) types[k] = v.type;
    this.checkInputs(types, options);
    return scope ? b.scope(scope, () => this.apply(b, inputs, options)) : this.apply(b, inputs, options);
  }
}
