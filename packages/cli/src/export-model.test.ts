import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dense, Embedding, Sequential, TransformerEncoder, initWeights, tensor } from '@layerspec/spec';
import { backend as ref } from '@layerspec/backend-ref';
import * as ort from 'onnxruntime-web';
import { expect, it } from 'vitest';
import { exportCommand, parseExportArgs } from './export-command.js';

it('layerspec export --model writes a serialized model that onnxruntime runs as the reference engine does', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'layerspec-export-model-'));
  const model = new Sequential([
    new Embedding({ inputDim: 10, outputDim: 8 }),
    new TransformerEncoder({ intermediateDim: 16, numHeads: 2 }),
    new Dense({ units: 3 }),
  ]);
  const json = join(dir, 'model.json');
  writeFileSync(json, JSON.stringify(model.toJSON()));
  const out = join(dir, 'model.onnx');
  expect(parseExportArgs(['--input', 'input=batch,seq', '--model', json, '-o', out])).toMatchObject({
    className: 'Sequential',
    config: model.toJSON().config,
  });
  await exportCommand(['--model', json, '--input', 'input=batch,seq', '--seed', '2', '-o', out]);

  const graph = model.build({ input: { dtype: 'int32', shape: ['batch', 'seq'] } });
  const ids = tensor([1, 2, 3, 0, 9, 4, 4, 5], [2, 4], 'int32');
  const want = (await (await ref.compile(graph)).run({ input: ids }, initWeights(graph, { seed: 2 })))['output']!.data;
  const session = await ort.InferenceSession.create(readFileSync(out));
  const fed = new ort.Tensor('int32', Int32Array.from(ids.data), [2, 4]);
  const got = (await session.run({ input: fed }))['output']!.data as Float32Array;
  expect(Math.max(...Array.from(got, (v, i) => Math.abs(v - want[i]!)))).toBeLessThan(1e-5);
  await session.release();
  expect(() => parseExportArgs(['--model'])).toThrow('--model needs a value');
});
