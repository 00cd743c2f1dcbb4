import { describe, expect, it } from 'vitest';
import { LayerNormalization, LayerspecError, MultiHeadAttention, type HostTensor } from '@layerspec/spec';
import { backend as ref } from '@layerspec/backend-ref';
import { tf, useRuntime, type TfRuntime } from '@layerspec/backend-tfjs';
import { TOLERANCE, fixture, fixtureBytes, maxScaledDiff } from '../testing/fixtures.js';
import { KerasMultiHeadAttention, MODEL_CLASS_NAMES, registerKerasLayers } from './index.js';

interface ModelJson {
  modelTopology: tf.io.ModelJSON['modelTopology'];
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

function modelJson(): ModelJson {
  return JSON.parse(new TextDecoder().decode(fixtureBytes('tfjs/model.json'))) as ModelJson;
}

/** The converter's files as a tfjs IOHandler (what `tf.loadLayersModel('.../model.json')` fetches). */
function handler(json: ModelJson = modelJson()): tf.io.IOHandler {
  const bin = fixtureBytes('tfjs/group1-shard1of1.bin');
  return {
    load: async () => ({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
      weightData: new Uint8Array(bin).buffer,
    }),
  };
}

const hostOf = async (t: tf.Tensor): Promise<HostTensor> => ({ dtype: 'float32', shape: t.shape, data: Float32Array.from(await t.data()) });

/** What the reference engine computes from the loaded model's weights: LayerNorm(query + MHA(query, value, mask)). */
async function referenceOutput(model: tf.LayersModel, io: Record<string, HostTensor>): Promise<HostTensor> {
  const weights: Record<string, HostTensor> = {};
  // originalName: tfjs suffixes variable names ('_1') when a second model has layers of the same names.
  for (const w of model.weights) weights[w.originalName] = await hostOf(w.read());
  const mha = new MultiHeadAttention({ numHeads: 2, keyDim: 4 });
  const f32 = (...shape: (number | string)[]) => ({ dtype: 'float32' as const, shape });
  const mhaGraph = mha.build({
    query: f32('batch', 3, 8),
    value: f32('batch', 4, 8),
    attention_mask: { dtype: 'bool', shape: ['batch', 3, 4] },
  });
  const scoped = (prefix: string) =>
    Object.fromEntries(Object.entries(weights).flatMap(([k, v]) => (k.startsWith(prefix) ? [[k.slice(prefix.length), v]] : [])));
  const mask: HostTensor = { dtype: 'bool', shape: io['mask']!.shape, data: Uint8Array.from(io['mask']!.data) };
  const mhaRun = await ref.compile(mhaGraph);
  const { output } = await mhaRun.run({ query: io['query']!, value: io['value']!, attention_mask: mask }, scoped('multi_head_attention/'));
  const sum: HostTensor = {
    dtype: 'float32',
    shape: output!.shape,
    data: Float32Array.from(output!.data, (v, i) => v + io['query']!.data[i]!),
  };
  const lnRun = await ref.compile(new LayerNormalization({ epsilon: 1e-3 }).build({ input: f32('batch', 3, 8) }));
  return (await lnRun.run({ input: sum }, scoped('layer_normalization/')))['output']!;
}

describe.each<TfRuntime>(['cpu', 'wasm'])('a converted Keras model with MultiHeadAttention on tfjs %s', (runtime) => {
  it('loads with tf.loadLayersModel and predicts what torch and the reference engine compute', async () => {
    await useRuntime(runtime);
    const io = fixture('tfjs/expected.safetensors');
    const model = await tf.loadLayersModel(handler());
    expect(model.layers.map((l) => l.getClassName())).toEqual([
      'InputLayer',
      'InputLayer',
      'InputLayer',
      'MultiHeadAttention',
      'Add',
      'LayerNormalization',
    ]);
    expect(model.layers[3]).toBeInstanceOf(KerasMultiHeadAttention);
    const inputs = ['query', 'value', 'mask'].map((k) => tf.tensor(io[k]!.data, io[k]!.shape));
    const predicted = await hostOf(model.predict(inputs) as tf.Tensor);
    expect(maxScaledDiff(predicted, io['output']!)).toBeLessThanOrEqual(TOLERANCE);
    expect(maxScaledDiff(predicted, await referenceOutput(model, io))).toBeLessThanOrEqual(TOLERANCE);

    // Saved by tfjs and loaded again: the calls are positional now, and the predictions the same.
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const reloaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    const again = await hostOf(reloaded.predict(inputs) as tf.Tensor);
    expect(Array.from(again.data)).toEqual(Array.from(predicted.data));
    tf.dispose(inputs);
    model.dispose();
    reloaded.dispose();
  });
});

describe('Keras configs tfjs cannot run', () => {
  type Layers = { config: Record<string, unknown>; inbound_nodes: unknown[][][] }[];
  const edited = (edit: (layers: Layers) => void): tf.io.IOHandler => {
    const json = modelJson();
    const topology = json.modelTopology as { model_config: { config: { layers: Layers } } };
    edit(topology.model_config.config.layers);
    return handler(json);
  };
  const cases: [string, (layers: Layers) => void, RegExp][] = [
    ['attention over another axis', (l) => (l[3]!.config['attention_axes'] = [2]), /'attention_axes' \[2\] is not supported/],
    [
      'an unknown call argument',
      (l) => ((l[3]!.inbound_nodes[0]![0] as unknown[])[3] = { value: ['value_in', 0, 0], query_mask: ['mask_in', 0, 0] }),
      /call argument 'query_mask'/,
    ],
    [
      'a call argument naming no layer',
      (l) => ((l[3]!.inbound_nodes[0]![0] as unknown[])[3] = { value: ['nowhere', 0, 0] }),
      /refers to layer 'nowhere'/,
    ],
    ['a missing num_heads', (l) => delete l[3]!.config['num_heads'], /config 'num_heads' must be a positive integer/],
  ];
  it.each(cases)('%s', async (_label, edit, message) => {
    await expect(tf.loadLayersModel(edited(edit))).rejects.toThrow(LayerspecError);
    await expect(tf.loadLayersModel(edited(edit))).rejects.toThrow(message);
  });
});

describe('the registration', () => {
  it("keeps tfjs's own model classes, wraps their deserializers once, and loads models as tfjs's Functional", async () => {
    const map = tf.serialization.SerializationMap.getMap().classNameMap;
    const before = MODEL_CLASS_NAMES.map((name) => map[name]);
    registerKerasLayers();
    MODEL_CLASS_NAMES.forEach((name, i) => expect(map[name]).toBe(before[i]));
    const functional = map['Functional']![0];
    expect(Object.getPrototypeOf(functional)).toBe(tf.LayersModel);
    expect(map['Model']![0]).toBe(tf.LayersModel);
    const model = await tf.loadLayersModel(handler());
    expect(model.constructor).toBe(functional);
    model.dispose();
  });
});
