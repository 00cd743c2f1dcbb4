import { refContender } from './contenders-ref.js';
import { onnxContenders } from './contenders-onnx.js';
import { tfjsContenders, tfjsPeerContenders } from './contenders-tfjs.js';
import type { BackendName, BenchCase, CaseSetup, Contender } from './types.js';

/** Contenders timed together; each result is compared with the best peer of its group. */
export interface Group {
  runtime: string;
  contenders: Contender[];
}

/**
 * The reference engine shares a group with tfjs on its cpu backend: both are plain JavaScript on the
 * CPU, and hand-written tfjs cpu is the peer the reference engine is measured against.
 */
export function groupsFor(bench: BenchCase, setup: CaseSetup, backends: readonly BackendName[]): Group[] {
  const has = (b: BackendName) => backends.includes(b);
  const groups: Group[] = [];
  if (has('ref') || has('tfjs-cpu')) {
    groups.push({
      runtime: 'JavaScript cpu',
      contenders: [
        ...(has('ref') ? [refContender(setup)] : []),
        ...(has('tfjs-cpu') ? tfjsContenders(setup, 'tfjs-cpu', bench.tfjsPeers) : tfjsPeerContenders(setup, bench.tfjsPeers)),
      ],
    });
  }
  if (has('tfjs-wasm')) groups.push({ runtime: 'tfjs wasm', contenders: tfjsContenders(setup, 'tfjs-wasm', bench.tfjsPeers) });
  if (has('onnx-web')) groups.push({ runtime: 'onnxruntime-web', contenders: onnxContenders(setup, 'onnx-web', bench.onnxPeers) });
  if (has('onnx-node')) groups.push({ runtime: 'onnxruntime-node', contenders: onnxContenders(setup, 'onnx-node', bench.onnxPeers) });
  return groups;
}
