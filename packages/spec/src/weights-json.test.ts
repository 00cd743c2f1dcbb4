import { describe, expect, it } from 'vitest';
import { LayerspecError } from './errors.js';
import { weightsFromJSON, weightsToJSON } from './weights-json.js';

describe('weightsFromJSON', () => {
  it('reads { shape, data, dtype? } entries, float32 by default', () => {
    const w = weightsFromJSON({
      kernel: { shape: [2, 3], data: [1, 2, 3, 4, 5, 6.5] },
      mask: { dtype: 'bool', shape: [3], data: [true, 0, 1] },
      steps: { dtype: 'int32', shape: [], data: [7] },
    });
    expect(w['kernel']).toEqual({ dtype: 'float32', shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6.5]) });
    expect(w['mask']).toEqual({ dtype: 'bool', shape: [3], data: Uint8Array.from([1, 0, 1]) });
    expect(w['steps']).toEqual({ dtype: 'int32', shape: [], data: Int32Array.from([7]) });
  });

  it('reads plain nested arrays as float32 with their shape', () => {
    expect(weightsFromJSON({ bias: [0.5, -1] })['bias']).toEqual({ dtype: 'float32', shape: [2], data: Float32Array.from([0.5, -1]) });
    expect(
      weightsFromJSON({
        k: [
          [1, 2, 3],
          [4, 5, 6],
        ],
      })['k']!.shape,
    ).toEqual([2, 3]);
    expect(weightsFromJSON({ empty: [] })['empty']).toEqual({ dtype: 'float32', shape: [0], data: new Float32Array(0) });
  });

  it('names the weight and says what is wrong', () => {
    const bad = (json: unknown) => () => weightsFromJSON(json);
    expect(bad({ 'query/kernel': { shape: [2, 3], data: [1, 2, 3, 4, 5] } })).toThrow(
      "weightsFromJSON: weight 'query/kernel': 5 values do not fill shape [2, 3] (6 values)",
    );
    expect(bad({ b: { shape: [2], data: [1, 'x'] } })).toThrow(`weight 'b': value 1 is "x", not a finite number`);
    expect(bad({ b: [1, null] })).toThrow("weight 'b': value 1 is null, not a finite number");
    expect(bad({ b: [1, Number.NaN] })).toThrow("weight 'b': value 1 is NaN, not a finite number");
    expect(bad({ b: [[1, 2], [3]] })).toThrow("weight 'b': ragged nested arrays: [1] has 1 entries, expected 2");
    expect(bad({ b: [1, [2]] })).toThrow("weight 'b': ragged nested arrays: [1] is an array where a number was");
    expect(bad({ b: { dtype: 'float64', shape: [1], data: [1] } })).toThrow(`weight 'b': dtype "float64" is not one of`);
    expect(bad({ b: { shape: [-1], data: [] } })).toThrow("weight 'b': shape [-1] must be an array of non-negative integers");
    expect(bad({ b: { dtype: 'bool', shape: [1], data: [2] } })).toThrow(
      "weight 'b': value 0 is 2, but a bool tensor holds 0, 1, true or false",
    );
    expect(bad({ b: 3 })).toThrow("weight 'b': expected { shape, data, dtype? } or nested arrays, got 3");
    expect(bad([1, 2])).toThrow('expected an object of named tensors, got an array');
    expect(bad({ b: 'x' })).toThrow(LayerspecError);
  });

  it('round-trips through weightsToJSON and JSON text exactly', () => {
    const original = {
      w: { dtype: 'float32' as const, shape: [3], data: Float32Array.from([0.1, -1e-30, 3.4e38]) },
      m: { dtype: 'bool' as const, shape: [2, 1], data: Uint8Array.from([1, 0]) },
    };
    expect(weightsFromJSON(JSON.parse(JSON.stringify(weightsToJSON(original))))).toEqual(original);
  });
});
