import { GRUCell, LAYER_NAMES, LayerNormalization, MultiHeadAttention, RNN } from '@layerspec/spec';
import { describe, expect, it } from 'vitest';
import { tf } from '../tf.js';
import { LayerspecMultiHeadAttention, SPEC_LAYER_CLASSES } from './classes.js';
import type { SpecLayer } from './spec-layer.js';
import { factoryName, tfl, type LayerFactories } from './factories.js';

describe('the tfjs wrappers generated from the layer table', () => {
  it.each(LAYER_NAMES)('%s: its own registered class, and its factory', (name) => {
    const cls = SPEC_LAYER_CLASSES[name];
    expect(cls.className).toBe(`Layerspec${name}`);
    expect(tf.serialization.SerializationMap.getMap().classNameMap[cls.className]?.[0]).toBe(cls);
    const factories: Record<string, unknown> = tfl;
    expect(typeof factories[factoryName(name)]).toBe('function');
  });

  it('builds the same class from a factory, from fromSpec and from the class', () => {
    const cell = new GRUCell({ units: 2 });
    const cases: [SpecLayer, SpecLayer, SpecLayer][] = [
      [
        tfl.multiHeadAttention({ numHeads: 1, keyDim: 2 }),
        tfl.fromSpec(new MultiHeadAttention({ numHeads: 1, keyDim: 2 })),
        new LayerspecMultiHeadAttention({ numHeads: 1, keyDim: 2 }),
      ],
      [tfl.layerNormalization(), tfl.fromSpec(new LayerNormalization()), new SPEC_LAYER_CLASSES.LayerNormalization()],
      [tfl.rnn({ cell }), tfl.fromSpec(new RNN({ cell })), new SPEC_LAYER_CLASSES.RNN({ cell })],
    ];
    for (const [fromFactory, fromSpec, fromClass] of cases) {
      expect(fromSpec.getClassName()).toBe(fromFactory.getClassName());
      expect(fromClass.getClassName()).toBe(fromFactory.getClassName());
      expect(fromSpec.getConfig()).toEqual({ ...fromFactory.getConfig(), name: fromSpec.name });
    }
  });

  it('names the factories as tf.layers does', () => {
    expect(LAYER_NAMES.map((n) => factoryName(n))).toEqual([
      'scaledDotProductAttention',
      'multiHeadAttention',
      'layerNormalization',
      'rmsNormalization',
      'sequenceAttention',
      'simpleRNNCell',
      'lstmCell',
      'gruCell',
      'rnn',
      'attentionWrapper',
      'dense',
      'embedding',
      'sinePositionEncoding',
      'positionEmbedding',
      'rotaryEmbedding',
      'activation',
      'dropout',
      'add',
      'transformerEncoder',
      'transformerDecoder',
      'sequential',
      'functional',
    ]);
    expect(new Set(LAYER_NAMES.map((n) => SPEC_LAYER_CLASSES[n].className)).size).toBe(LAYER_NAMES.length);
  });

  it('checks build options with the spec layer declarations', () => {
    expect(() => tfl.fromSpec(new MultiHeadAttention({ numHeads: 1, keyDim: 2 }), { useCausalMask: 'no' })).toThrow(
      `MultiHeadAttention: build option 'useCausalMask' must be true or false, got "no"`,
    );
    const layer = new LayerspecMultiHeadAttention({ numHeads: 1, keyDim: 2, returnAttentionScores: true });
    expect(layer.buildOptions).toEqual({ returnAttentionScores: true });
    expect(tfl.fromSpec(new MultiHeadAttention({ numHeads: 1, keyDim: 2 }), { useCausalMask: true }).buildOptions).toEqual({
      useCausalMask: true,
    });
  });

  it('refuses an unknown build option key as an unknown config key of the spec layer', () => {
    expect(() => tfl.fromSpec(new LayerNormalization(), { returnAttentionScores: true })).toThrow(
      "LayerNormalization: unknown config key 'returnAttentionScores'",
    );
  });
});

const { RNN: _class, ...classesWithoutOne } = SPEC_LAYER_CLASSES;
// @ts-expect-error a class table without RNN does not type-check (`npm test` runs `tsc --noEmit`)
const missingClass: typeof SPEC_LAYER_CLASSES = classesWithoutOne;

const { rnn: _factory, ...factoriesWithoutOne } = tfl;
// @ts-expect-error the factories without `rnn` are not every layer's factories
const missingFactory: LayerFactories = factoriesWithoutOne;

describe('the generated tables', () => {
  it('have exactly the layers of the layer table', () => {
    expect(Object.keys(SPEC_LAYER_CLASSES)).toEqual(LAYER_NAMES);
    expect(Object.keys(missingClass)).not.toContain('RNN');
    expect(Object.keys(missingFactory)).not.toContain('rnn');
  });
});
