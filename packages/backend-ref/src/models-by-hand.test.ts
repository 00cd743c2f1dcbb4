/**
 * The model building blocks on the reference engine against values computed by hand (each case shows
 * its arithmetic; transcendental values from Python 3's math module in float64; outputs are float32, hence the 1e-7 tolerances).
 */
import { describe, expect, it } from 'vitest';
import {
  Activation,
  Add,
  Dense,
  Embedding,
  RotaryEmbedding,
  SinePositionEncoding,
  tensor,
  type HostTensor,
  type TensorType,
} from '@layerspec/spec';
import { runGraph } from './testing/run-graph.js';

const f = (...shape: (number | string)[]): TensorType => ({ dtype: 'float32', shape });
const i32 = (...shape: (number | string)[]): TensorType => ({ dtype: 'int32', shape });
const close = (actual: HostTensor | undefined, expected: number[], tol = 1e-12) => {
  expect(Array.from(actual?.data ?? []).length).toBe(expected.length);
  expected.forEach((e, i) => expect(Math.abs(actual!.data[i]! - e), `index ${i}: ${actual!.data[i]} vs ${e}`).toBeLessThanOrEqual(tol));
};

describe('hand-computed building blocks', () => {
  it('Dense: relu(x @ kernel + bias)', async () => {
    // [1, 2] @ [[1, 0, -1], [2, 1, 0]] = [5, 2, -1]; + [0.5, 0, 0] = [5.5, 2, -1]; relu -> [5.5, 2, 0]
    const g = new Dense({ units: 3, activation: 'relu' }).build({ input: f(1, 2) });
    const out = await runGraph(
      g,
      { input: tensor([1, 2], [1, 2]) },
      { kernel: tensor([1, 0, -1, 2, 1, 0], [2, 3]), bias: tensor([0.5, 0, 0], [3]) },
    );
    close(out['output'], [5.5, 2, 0]);
  });

  it('Embedding: rows at the ids (a negative id counts from the end), mask = ids != 0; an id past the end is an error', async () => {
    // table rows 0: [0, 1], 1: [2, 3], 2: [4, 5]; ids [[2, 0], [-1, 1]] -> rows 2, 0, 2, 1 (PyTorch's
    // nn.Embedding for the non-negative ids; ONNX Gather for -1)
    const g = new Embedding({ inputDim: 3, outputDim: 2, maskZero: true }).build({ input: i32(2, 2) });
    const table = { embeddings: tensor([0, 1, 2, 3, 4, 5], [3, 2]) };
    const out = await runGraph(g, { input: tensor([2, 0, -1, 1], [2, 2], 'int32') }, table);
    close(out['output'], [4, 5, 0, 1, 4, 5, 2, 3]);
    close(out['mask'], [1, 0, 1, 1]);
    await expect(runGraph(g, { input: tensor([3, 0, 0, 0], [2, 2], 'int32') }, table)).rejects.toThrow(
      'index 3 is out of range for axis 0 of size 3',
    );
  });

  it('SinePositionEncoding: D = 4 gives timescales 1, 1, 0.01, 0.01; sin on even features, cos on odd', async () => {
    // position 0: [sin 0, cos 0, sin 0, cos 0]; position 1: [sin 1, cos 1, sin 0.01, cos 0.01]
    const g = new SinePositionEncoding().build({ input: f(1, 't', 4) });
    const out = await runGraph(g, { input: tensor(new Array(8).fill(7), [1, 2, 4]) }, {});
    close(out['output'], [0, 1, 0, 1, 0.8414709848078965, 0.5403023058681398, 0.009999833334166664, 0.9999500004166653], 1e-7);
  });

  // x = [1, 2, 3, 4] at position 1: theta = [1, 10000^(-2/4)] = [1, 0.01]
  it('RotaryEmbedding, halves: (x1 cos - x2 sin, x1 sin + x2 cos) with x1 = [1, 2], x2 = [3, 4]', async () => {
    // ONNX RotaryEmbedding interleaved = 0; the same as PyTorch's x * cos + rotate_half(x) * sin
    // [1 cos 1 - 3 sin 1, 2 cos .01 - 4 sin .01, 1 sin 1 + 3 cos 1, 2 sin .01 + 4 cos .01]
    const g = new RotaryEmbedding().build({ input: f(1, 1, 4), position_ids: i32(1, 1) });
    const out = await runGraph(g, { input: tensor([1, 2, 3, 4], [1, 1, 4]), position_ids: tensor([1], [1, 1], 'int32') }, {});
    close(out['output'], [-1.9841106485555495, 1.959900667496664, 2.4623779024123156, 4.019799668334994], 1e-6);
  });

  it('RotaryEmbedding, interleaved: pairs (1, 2) and (3, 4), and startIndex shifts position 0 to 1', async () => {
    // [1 cos 1 - 2 sin 1, 1 sin 1 + 2 cos 1, 3 cos .01 - 4 sin .01, 3 sin .01 + 4 cos .01]
    const g = new RotaryEmbedding({ interleaved: true }).build({ input: f(1, 1, 1, 4) }, { startIndex: 1 });
    const out = await runGraph(g, { input: tensor([1, 2, 3, 4], [1, 1, 1, 4]) }, {});
    close(out['output'], [-1.1426396637476532, 1.922075596544176, 2.9598506679133294, 4.029799501669161], 1e-6);
  });

  it('Activation: gelu exact and approximate, silu at 1 and -2', async () => {
    const run = async (activation: 'gelu' | 'gelu_approximate' | 'silu') =>
      (await runGraph(new Activation({ activation }).build({ input: f(2) }), { input: tensor([1, -2], [2]) }, {}))['output'];
    close(await run('gelu'), [0.8413447460685429, -0.04550026389635842], 1e-7);
    close(await run('gelu_approximate'), [0.8411919906082768, -0.04540230591222494], 1e-7);
    close(await run('silu'), [0.7310585786300049, -0.2384058440442351], 1e-7);
  });

  it('Add: numpy broadcasting of (2, 1), (2) and a scalar-like (1)', async () => {
    // [[1], [2]] + [10, 20] + [100] = [[111, 121], [112, 122]]
    const g = new Add().build({ input_0: f(2, 1), input_1: f(2), input_2: f(1) });
    const out = await runGraph(g, { input_0: tensor([1, 2], [2, 1]), input_1: tensor([10, 20], [2]), input_2: tensor([100], [1]) }, {});
    close(out['output'], [111, 121, 112, 122]);
  });
});
