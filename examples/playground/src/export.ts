/** "Export ONNX": the built graph with its seeded weights as an ONNX model (opset 17), downloaded. */
import { exportOnnx } from '@layerspec/backend-onnx';
import type { Built } from './run.js';

export function downloadOnnx(built: Pick<Built, 'graph' | 'weights'>, name: string): number {
  const bytes = exportOnnx(built.graph, built.weights);
  const url = URL.createObjectURL(new Blob([new Uint8Array(bytes)], { type: 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `${name}.onnx`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return bytes.length;
}
