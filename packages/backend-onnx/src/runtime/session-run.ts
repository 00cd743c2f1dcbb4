import { LayerspecError, type Graph, type HostTensor } from '@layerspec/spec';
import { exportOnnx } from '../export/export.js';
import type { Opset } from '../export/opset.js';
import { fromOrt, toOrt, type OrtModule, type OrtSession, type OrtTensor } from './ort.js';

/** Whether the graph has a Scan: onnxruntime needs it guarded (empty dims) and onnx-webgpu runs it on wasm. */
export const hasScan = (graph: Graph): boolean => graph.nodes.some((n) => n.op === 'Scan');

/** A session of the graph exported with these weights as initializers (the graph's passes already run). */
export function createSession(ort: OrtModule, graph: Graph, weights: Record<string, HostTensor>, opset: Opset): Promise<OrtSession> {
  return ort.InferenceSession.create(exportOnnx(graph, weights, { opset, weightsAs: 'initializers', passes: false }));
}

/**
 * One `session.run` on checked inputs: the caller's arrays wrapped as feeds, the outputs handed out as
 * HostTensors without a copy (two outputs of one onnxruntime tensor get arrays of their own), every
 * onnxruntime tensor disposed after.
 */
export async function runSession(
  ort: OrtModule,
  graph: Graph,
  outputNames: readonly string[],
  session: OrtSession,
  inputs: Record<string, HostTensor>,
): Promise<Record<string, HostTensor>> {
  const feeds: Record<string, OrtTensor> = {};
  for (const v of graph.inputs) feeds[v.name] = toOrt(ort, inputs[v.name]!);
  let results: Record<string, OrtTensor> = {};
  try {
    results = await session.run(feeds, [...outputNames]);
    const out: Record<string, HostTensor> = {};
    const handedOut = new Set<HostTensor['data']>();
    graph.outputs.forEach((o, i) => {
      const t = results[outputNames[i]!];
      if (!t) throw new LayerspecError(graph.name, `onnxruntime returned no output '${outputNames[i]}'`);
      const host = fromOrt(t, `${graph.name}: output '${o.name}'`);
      out[o.name] = handedOut.has(host.data) ? { ...host, data: host.data.slice() } : host;
      handedOut.add(host.data);
    });
    return out;
  } finally {
    for (const t of Object.values(results)) t.dispose();
    for (const t of Object.values(feeds)) t.dispose();
  }
}
