import type { HostTensor } from '@layerspec/spec';
import { OPSETS, exportOnnx } from '@layerspec/backend-onnx';
import type { CaseSetup, Contender, OnnxPeer } from './types.js';

type OnnxBackend = 'onnx-web' | 'onnx-node';

/** The part of onnxruntime's API the benchmark uses, common to onnxruntime-web and -node. */
interface OrtSession {
  readonly outputNames: readonly string[];
  run(feeds: Record<string, unknown>): Promise<Record<string, { data: unknown }>>;
  release(): Promise<void>;
}

interface OrtLike {
  InferenceSession: { create(model: Uint8Array): Promise<OrtSession> };
  Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => unknown;
}

/** The runtime behind a backend name; throws if it is not installed (onnxruntime-node is optional). */
export async function loadRuntime(backend: OnnxBackend): Promise<OrtLike> {
  if (backend === 'onnx-web') return (await import('onnxruntime-web')) as OrtLike;
  try {
    return (await import('onnxruntime-node')) as OrtLike;
  } catch (error) {
    throw new Error(`onnxruntime-node is not installed (${error instanceof Error ? error.message : String(error)})`);
  }
}

function contender(
  backend: OnnxBackend,
  name: string,
  ours: boolean,
  model: () => { bytes: Uint8Array; feeds: Record<string, HostTensor> },
): Contender {
  return {
    name,
    backend,
    ours,
    passes: ['forward'],
    prepare: async () => {
      const ort = await loadRuntime(backend);
      const { bytes, feeds } = model();
      const session = await ort.InferenceSession.create(bytes);
      const tensors = Object.fromEntries(
        Object.entries(feeds).map(([k, v]) => [k, new ort.Tensor('float32', Float32Array.from(v.data), v.shape)]),
      );
      let last: Record<string, { data: unknown }> = {};
      return {
        once: async () => void (last = await session.run(tensors)),
        output: async () => {
          const data = last[session.outputNames[0]!]?.data;
          if (!(data instanceof Float32Array)) throw new Error(`${name}: the output is not float32`);
          return data;
        },
        dispose: () => session.release(),
      };
    },
  };
}

/** This library's export at each opset, beside the case's hand-built graphs, on one onnxruntime. */
export function onnxContenders(setup: CaseSetup, backend: OnnxBackend, peers: readonly OnnxPeer[]): Contender[] {
  const ours = OPSETS.map((opset) =>
    contender(backend, `layerspec export, opset ${opset}`, true, () => ({
      bytes: exportOnnx(setup.graph, setup.weights, { opset }),
      feeds: setup.feeds,
    })),
  );
  return [...ours, ...peers.map((p) => contender(backend, p.name, false, () => p.model(setup)))];
}
