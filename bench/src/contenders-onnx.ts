import { DEVICE_PASS_NAMES, PASS_NAMES, type HostTensor, type PassName } from '@layerspec/spec';
import { OPSETS, exportOnnx, type AttentionForm, type Opset } from '@layerspec/backend-onnx';
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

/** The default passes (no device pass) and fuse-sibling-projections. */
const JOINED_PASSES: PassName[] = [...PASS_NAMES.filter((n) => !DEVICE_PASS_NAMES.includes(n)), 'fuse-sibling-projections'];

/** True when the graph has an attention region the ONNX Attention op expresses (exported natively at opset 23). */
function hasNativeAttention(setup: CaseSetup): boolean {
  if (!setup.graph.composites?.some((r) => r.op === 'Attention')) return false;
  try {
    exportOnnx(setup.graph, undefined, { opset: 23, attention: 'native' });
    return true;
  } catch {
    return false;
  }
}

/**
 * This library's export at each opset, beside the case's hand-built graphs, on one onnxruntime. Where
 * the graph has attention the Attention op expresses, opset 23 runs twice: the native op and the
 * decomposition (the two forms `attention: 'auto'` chooses between, docs/onnx-attention.md).
 */
export function onnxContenders(setup: CaseSetup, backend: OnnxBackend, peers: readonly OnnxPeer[]): Contender[] {
  const forms: { opset: Opset; attention?: AttentionForm; passes?: PassName[]; label: string }[] = OPSETS.map((opset) => ({
    opset,
    label: `opset ${opset}`,
  }));
  if (hasNativeAttention(setup)) {
    forms.splice(1, 1, { opset: 23, attention: 'native', label: 'opset 23, native Attention' });
    forms.push({ opset: 23, attention: 'decomposed', label: 'opset 23, decomposed' });
    // The same export with the projections that share an input joined (docs/onnx-attention.md).
    forms.push({ opset: 23, attention: 'native', passes: JOINED_PASSES, label: 'opset 23, native Attention, joined projections' });
  }
  const ours = forms.map(({ opset, attention, passes, label }) =>
    contender(backend, `layerspec export, ${label}`, true, () => ({
      bytes: exportOnnx(setup.graph, setup.weights, { opset, ...(attention ? { attention } : {}), ...(passes ? { passes } : {}) }),
      feeds: setup.feeds,
    })),
  );
  return [...ours, ...peers.map((p) => contender(backend, p.name, false, () => p.model(setup)))];
}
