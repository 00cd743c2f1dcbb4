import { LayerspecError } from '../errors.js';
import type { GraphBuilder, Value } from '../graph/builder.js';
import { FieldError, type Field } from './config.js';
import { declareLayer, type InputDecl } from './declaration.js';
import { Layer, type LayerJSON } from './layer.js';
import { modelInputsField, parseLayer, type AnyLayer, type ModelInput } from './model-fields.js';

/**
 * One layer call of a functional model: the layer, its name (its weights' scope), and where each of its
 * inputs comes from: a model input's name, a called layer's name (its `output`), or `layer:output`.
 */
export interface LayerNode {
  name: string;
  layer: AnyLayer;
  inputs: Record<string, string>;
  options?: Record<string, unknown> | undefined;
}

export interface FunctionalConfig {
  /** Model input name -> dtype and optional rank (not `inputs`: the tfjs wrappers take that key). */
  inputTypes: Record<string, ModelInput>;
  layers: LayerNode[];
  /** Model output name -> a reference as in `LayerNode.inputs`. */
  outputs: Record<string, string>;
}

const NAME = 'Functional';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isRefs = (v: unknown): v is Record<string, string> => isRecord(v) && Object.values(v).every((r) => typeof r === 'string');

const nodesField: Field<LayerNode[]> = {
  doc: 'the layer calls, in order: { name, layer, inputs: { <layer input>: <reference> }, options? }',
  required: true,
  parse(v) {
    if (!Array.isArray(v) || v.length === 0) throw new FieldError(`must be a non-empty list of layer calls, got ${JSON.stringify(v)}`);
    return v.map((node: unknown, i): LayerNode => {
      if (!isRecord(node) || typeof node['name'] !== 'string' || !isRefs(node['inputs'])) {
        throw new FieldError(`item ${i} must be { name, layer, inputs: { <input>: <reference> } }, got ${JSON.stringify(node)}`);
      }
      const options = node['options'];
      if (options !== undefined && !isRecord(options)) throw new FieldError(`item ${i} ('${node['name']}'): options must be an object`);
      return {
        name: node['name'],
        layer: parseLayer(node['layer'], `item ${i} ('${node['name']}') layer`),
        inputs: { ...node['inputs'] },
        ...(options ? { options } : {}),
      };
    });
  },
};

const outputsField: Field<Record<string, string>> = {
  doc: 'model output name -> reference',
  required: true,
  parse(v) {
    if (!isRefs(v) || Object.keys(v).length === 0) throw new FieldError(`must map output names to references, got ${JSON.stringify(v)}`);
    return { ...v };
  },
};

const DECLARATION = declareLayer<FunctionalConfig>({
  name: NAME,
  doc: 'a graph of layer calls from named inputs to named outputs',
  config: { inputTypes: modelInputsField('the model inputs: name -> { dtype, rank? }'), layers: nodesField, outputs: outputsField },
  inputs: [],
  buildOptions: {},
});

/** What `Functional` takes: layer objects or their JSON in `layers[i].layer`. */
export interface FunctionalArgs {
  inputTypes: Record<string, ModelInput>;
  layers: readonly (Omit<LayerNode, 'layer'> & { layer: AnyLayer | LayerJSON })[];
  outputs: Record<string, string>;
}

/**
 * Keras's functional model as data: named inputs, layer calls in order (each reads model inputs or
 * earlier calls' outputs) and named outputs. Each call's weights are scoped under its name. Names are
 * checked when the model is made: unknown references, names used twice, a name with '/' or ':'.
 */
export class Functional extends Layer<FunctionalConfig> {
  static readonly className = NAME;
  static readonly declaration = DECLARATION;

  constructor(config: FunctionalArgs) {
    super(DECLARATION, config);
    const known = new Set(Object.keys(this.config.inputTypes));
    const check = (ref: string, where: string): void => {
      if (!known.has(ref.split(':')[0]!))
        throw new LayerspecError(
          NAME,
          `${where} reads '${ref}', which is no model input or earlier layer (known: ${[...known].join(', ')})`,
        );
    };
    for (const node of this.config.layers) {
      if (node.name === '' || /[/:]/.test(node.name))
        throw new LayerspecError(NAME, `layer name ${JSON.stringify(node.name)} must be non-empty, without '/' or ':'`);
      for (const [input, ref] of Object.entries(node.inputs)) check(ref, `layer '${node.name}' input '${input}'`);
      if (known.has(node.name)) throw new LayerspecError(NAME, `the name '${node.name}' is used twice`);
      known.add(node.name);
    }
    for (const [name, ref] of Object.entries(this.config.outputs)) check(ref, `output '${name}'`);
  }

  override inputs(): readonly InputDecl[] {
    return Object.entries(this.config.inputTypes).map(([name, spec]) => ({
      name,
      dtype: spec.dtype,
      ...(spec.rank === undefined ? {} : { ranks: [spec.rank] }),
    }));
  }

  protected apply(b: GraphBuilder, inputs: Readonly<Record<string, Value>>): Record<string, Value> {
    const values = new Map<string, Value>(Object.entries(inputs));
    const read = (ref: string, where: string): Value => {
      const v = values.get(ref.includes(':') ? ref : values.has(ref) ? ref : `${ref}:output`);
      if (!v) throw new LayerspecError(NAME, `${where} reads '${ref}', which the graph does not have`);
      return v;
    };
    for (const node of this.config.layers) {
      const args = Object.fromEntries(
        Object.entries(node.inputs).map(([input, ref]) => [input, read(ref, `layer '${node.name}' input '${input}'`)]),
      );
      const outputs = node.layer.call(b, args, node.options ?? {}, node.name);
      for (const [out, v] of Object.entries(outputs)) values.set(`${node.name}:${out}`, v);
    }
    return Object.fromEntries(Object.entries(this.config.outputs).map(([name, ref]) => [name, read(ref, `output '${name}'`)]));
  }
}
