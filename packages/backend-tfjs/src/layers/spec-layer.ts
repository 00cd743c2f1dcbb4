import {
  LayerspecError,
  bindShapes,
  createLayer,
  formatShape,
  initWeights,
  optimizeGraph,
  type Graph,
  type HostTensor,
  type InputDecl,
  type Layer as SpecLayerDef,
  type TensorType,
} from '@layerspec/spec';
import { TF_RUNTIME_PROFILES } from '../profiles.js';
import { runGraph } from '../executor.js';
import { tf, type Tensor } from '../tf.js';
import { TF_LAYER_KEYS, entriesOf, tfLayerArgs, tfjsCamelCase, toConfigValue, type ConfigDict, type TfLayerArgs } from './args.js';
import { SpecWeightInitializer } from './initializer.js';
import type { SpecLayerKind } from './kinds.js';

type Shape = tf.Shape;
type Kwargs = Parameters<tf.layers.Layer['call']>[1];
type BuildOptions = Record<string, unknown>;

/** Options every wrapped layer takes, besides its spec config, its build options and tfjs's layer args. */
export interface SpecLayerOptions {
  /**
   * Which of the layer's declared inputs `apply` receives, in order; default: the required ones.
   * E.g. `['query', 'value', 'attention_mask']` for MultiHeadAttention.
   */
  inputs?: readonly string[];
  /** Seed of the initial weights (spec `initWeights`); layers with a dropout seed use it for that too. Default 0. */
  seed?: number;
}

export type { TfLayerArgs };

const isShapeList = (s: Shape | Shape[]): s is Shape[] => s.length > 0 && s.every((d) => Array.isArray(d));

/**
 * A spec layer as a TensorFlow.js layer: `build` builds the spec graph for the input shapes and creates one
 * tfjs weight per graph param (named as in LAYERS.md, initialized by spec `initWeights`); `call` runs the graph
 * eagerly with tfjs ops, so `fit` differentiates through it. One registered subclass per spec layer.
 */
export abstract class SpecLayer extends tf.layers.Layer {
  /** The wrapped spec layer (its config, its graph builder). */
  readonly specLayer: SpecLayerDef<object, object>;
  /** Declared names of the inputs `apply` receives, in order. */
  readonly inputNames: readonly string[];
  readonly buildOptions: Readonly<BuildOptions>;
  readonly seed: number;
  private readonly decls: readonly InputDecl[];
  private readonly graphs = new Map<string, Graph>();
  private builtGraph: Graph | undefined;
  private readonly variables = new Map<string, tf.LayerVariable>();

  protected constructor(
    readonly kind: SpecLayerKind,
    args: object,
  ) {
    super(tfLayerArgs(kind.className, args));
    const own = new Set(['inputs', 'seed', ...kind.buildOptions, ...TF_LAYER_KEYS]);
    const specConfig: Record<string, unknown> = {};
    const given: Record<string, unknown> = {};
    for (const [key, v] of entriesOf(args)) {
      if (v === undefined) continue;
      if (own.has(key)) given[key] = v;
      else specConfig[key] = v;
    }
    const seed = given['seed'] ?? 0;
    if (typeof seed !== 'number' || !Number.isInteger(seed))
      throw this.error(`config 'seed' must be an integer, got ${JSON.stringify(seed)}`);
    this.seed = seed;
    // Build a throwaway spec layer to learn whether its config has a `seed` (the dropout seed): if so the
    // wrapper's seed is passed to it, so one `seed` key means one thing in the saved config.
    const probe = createLayer(kind.spec, specConfig);
    this.specLayer = 'seed' in probe.config && given['seed'] !== undefined ? createLayer(kind.spec, { ...specConfig, seed }) : probe;
    // The spec layer parses the given build options (types, known keys); the wrapper keeps those given.
    const options: Record<string, unknown> = {};
    for (const key of kind.buildOptions) if (given[key] !== undefined) options[key] = given[key];
    const parsed = this.specLayer.parseBuildOptions(options);
    this.buildOptions = Object.fromEntries(entriesOf(parsed).filter(([key]) => key in options));
    this.decls = this.specLayer.inputs(parsed);
    this.inputNames = this.resolveInputs(given['inputs']);
  }

  /** The graph built by `build` (for the shapes the layer was first applied to). */
  get graph(): Graph {
    if (!this.builtGraph) throw this.error('the layer is not built yet: apply it to inputs first');
    return this.builtGraph;
  }

  /** The layer's tfjs weights by spec param name ('query/kernel', ...), in graph order. */
  get specWeights(): ReadonlyMap<string, tf.LayerVariable> {
    return this.variables;
  }

  override build(inputShape: Shape | Shape[]): void {
    const graph = this.graphFor(this.shapeList(inputShape));
    let initial: Record<string, HostTensor> | undefined;
    const initialValues = () => (initial ??= initWeights(graph, { seed: this.seed }));
    for (const p of graph.params) {
      const shape = p.type.shape.map(Number);
      const init = new SpecWeightInitializer(() => initialValues()[p.name]!);
      this.variables.set(p.name, this.addWeight(p.name, shape, p.type.dtype, init));
    }
    this.builtGraph = graph;
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    const graph = this.graphFor(this.shapeList(inputShape));
    const shapes = graph.outputs.map((o) => o.type.shape.map((d) => (typeof d === 'number' ? d : null)));
    return shapes.length === 1 ? shapes[0]! : shapes;
  }

  override call(inputs: Tensor | Tensor[], kwargs: Kwargs): Tensor | Tensor[] {
    return tf.tidy(() => {
      const xs = Array.isArray(inputs) ? inputs : [inputs];
      this.invokeCallHook(inputs, kwargs);
      const graph = this.graphForCall(xs);
      // The graph's kernels trust its symbolic dims (tf.layers calls do not go through bindRun).
      bindShapes(graph, Object.fromEntries(this.inputNames.map((name, i) => [name, xs[i]!.shape])));
      const env = new Map<string, Tensor>();
      this.inputNames.forEach((name, i) => {
        const x = xs[i]!;
        const dtype = this.decl(name).dtype;
        // A 0/1 float mask (as fed by `fit` from numbers) is read as bool; the graph checks everything else.
        env.set(name, x.dtype === dtype ? x : tf.cast(x, dtype));
      });
      for (const p of graph.params) env.set(p.name, this.variable(p.name).read());
      const outputs = runGraph(graph, env, kwargs?.['training'] === true);
      return outputs.length === 1 ? outputs[0]! : outputs;
    });
  }

  override getConfig(): ConfigDict {
    const spec = this.specLayer.toJSON().config;
    const config: ConfigDict = {};
    for (const [k, v] of Object.entries({ ...spec, ...this.buildOptions }))
      if (v !== undefined) config[k] = toConfigValue(v, this.kind.className);
    return { ...config, inputs: [...this.inputNames], seed: this.seed, ...super.getConfig() };
  }

  /** The spec graph for these input shapes (null dims become symbolic: 'batch' for dim 0, else 'dim<i>_<axis>'). */
  graphFor(shapes: readonly Shape[]): Graph {
    if (shapes.length !== this.inputNames.length) {
      throw this.error(`expects ${this.inputNames.length} input(s) (${this.inputNames.join(', ')}), got ${shapes.length}`);
    }
    // The device passes of the runtime active now (tfjs-webgl and tfjs-webgpu: exact Sin and Cos).
    const active = tf.getBackend();
    const devicePasses = Object.entries(TF_RUNTIME_PROFILES).find(([runtime]) => runtime === active)?.[1].devicePasses ?? [];
    const key = JSON.stringify([shapes, devicePasses]);
    let graph = this.graphs.get(key);
    if (!graph) {
      const types: Record<string, TensorType> = {};
      this.inputNames.forEach((name, i) => {
        const shape = shapes[i]!.map((d, axis) => d ?? (axis === 0 ? 'batch' : `dim${i}_${axis}`));
        types[name] = { dtype: this.decl(name).dtype, shape };
      });
      graph = optimizeGraph(this.specLayer.build(types, this.buildOptions), { devicePasses });
      this.graphs.set(key, graph);
    }
    return graph;
  }

  /** The built graph when the tensors fit it; else one built for their shapes, whose weights must match. */
  private graphForCall(xs: readonly Tensor[]): Graph {
    if (xs.length !== this.inputNames.length) {
      throw this.error(`expects ${this.inputNames.length} input(s) (${this.inputNames.join(', ')}), got ${xs.length}`);
    }
    const built = this.graph;
    const fits = built.inputs.every((v, i) => {
      const shape = xs[i]!.shape;
      return shape.length === v.type.shape.length && v.type.shape.every((d, j) => typeof d !== 'number' || d === shape[j]);
    });
    if (fits) return built;
    const graph = this.graphFor(xs.map((x) => [null, ...x.shape.slice(1)]));
    for (const p of graph.params) {
      const have = this.variables.get(p.name)?.shape;
      const want = p.type.shape.map(Number);
      if (!have || have.length !== want.length || have.some((d, i) => d !== want[i])) {
        throw this.error(
          `was built for inputs ${this.describeInputs(built)}; these inputs need weight '${p.name}' shaped ${formatShape(want)}, ` +
            `but it is ${have ? formatShape(have.map((d) => d ?? '?')) : 'missing'}`,
        );
      }
    }
    return graph;
  }

  private describeInputs(graph: Graph): string {
    return graph.inputs.map((v) => `${v.name} ${formatShape(v.type.shape)}`).join(', ');
  }

  private variable(name: string): tf.LayerVariable {
    const v = this.variables.get(name);
    if (!v) throw this.error(`has no weight '${name}'`);
    return v;
  }

  private decl(name: string): InputDecl {
    const d = this.decls.find((x) => x.name === name);
    if (!d) throw this.error(`unknown input '${name}'`);
    return d;
  }

  private shapeList(inputShape: Shape | Shape[]): Shape[] {
    return isShapeList(inputShape) ? inputShape : [inputShape];
  }

  private resolveInputs(given: unknown): string[] {
    const declared = this.decls.map((d) => d.name);
    if (given === undefined) return this.decls.filter((d) => !d.optional).map((d) => d.name);
    if (!Array.isArray(given) || !given.every((n): n is string => typeof n === 'string') || given.length === 0) {
      throw this.error(`config 'inputs' must be a non-empty list of input names (${declared.join(', ')}), got ${JSON.stringify(given)}`);
    }
    const names = given.map((n) => {
      const d = this.decls.find((x) => x.name === n || tfjsCamelCase(x.name) === n);
      if (!d) throw this.error(`config 'inputs': unknown input '${n}' (inputs: ${declared.join(', ')})`);
      return d.name;
    });
    const twice = names.find((n, i) => names.indexOf(n) !== i);
    if (twice) throw this.error(`config 'inputs' names '${twice}' twice`);
    const missing = this.decls.filter((d) => !d.optional && !names.includes(d.name));
    if (missing.length > 0)
      throw this.error(`config 'inputs' must include the required input(s) ${missing.map((d) => `'${d.name}'`).join(', ')}`);
    return names;
  }

  protected error(detail: string): LayerspecError {
    return new LayerspecError(`${this.kind.className} '${this.name}'`, detail);
  }
}
