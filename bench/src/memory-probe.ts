import { useRuntime } from '@layerspec/backend-tfjs';
import { CASES } from './cases/index.js';
import { loadRuntime } from './contenders-onnx.js';
import { groupsFor } from './groups.js';
import { startPeakWindow } from './peak-memory.js';
import { BACKENDS, CASE_IDS, PASSES, type BackendName, type CaseId, type Pass, type Sizes } from './types.js';

/** What a memory probe runs: one contender of one case, for one pass. */
export interface ProbeRequest {
  case: CaseId;
  sizes: Sizes;
  backend: BackendName;
  name: string;
  pass: Pass;
}

export interface ProbeResult {
  /** Peak resident memory over the resident memory before the contender was prepared. */
  peakAddedBytes: number;
  /** False where the peak could not be reset before the contender ran (an upper bound then). */
  exact: boolean;
}

export function parseProbeRequest(text: string): ProbeRequest {
  const r: unknown = JSON.parse(text);
  if (typeof r !== 'object' || r === null) throw new Error('memory probe: expected a JSON object');
  const get = (key: string): unknown => (r as Record<string, unknown>)[key];
  const oneOf = <T extends string>(key: string, allowed: readonly T[]): T => {
    const v = get(key);
    const found = allowed.find((a) => a === v);
    if (found === undefined) throw new Error(`memory probe: bad ${key} ${JSON.stringify(v)}`);
    return found;
  };
  const sizes = get('sizes');
  const name = get('name');
  if (typeof sizes !== 'object' || sizes === null || typeof name !== 'string') throw new Error('memory probe: bad sizes or name');
  return {
    case: oneOf('case', CASE_IDS),
    backend: oneOf('backend', BACKENDS),
    pass: oneOf('pass', PASSES),
    name,
    sizes: Object.fromEntries(Object.entries(sizes).map(([k, v]) => [k, Number(v)])),
  };
}

/**
 * Runs one contender once after loading its runtime, in this process, and measures how far the
 * process's peak resident memory rose above what it held before the contender was prepared.
 */
export async function runProbe(request: ProbeRequest): Promise<ProbeResult> {
  const bench = CASES[request.case];
  const setup = bench.setup(request.sizes);
  const contender = groupsFor(bench, setup, [request.backend])
    .flatMap((g) => g.contenders)
    .find((c) => c.name === request.name);
  if (!contender) throw new Error(`memory probe: no contender '${request.name}' on ${request.backend}`);
  if (request.backend === 'tfjs-cpu' || request.backend === 'tfjs-wasm') await useRuntime(request.backend === 'tfjs-cpu' ? 'cpu' : 'wasm');
  if (request.backend === 'onnx-web' || request.backend === 'onnx-node') await loadRuntime(request.backend);
  const window = startPeakWindow();
  const before = process.memoryUsage().rss;
  const runner = await contender.prepare(request.pass);
  await runner.once();
  const peak = window.peakBytes();
  await runner.dispose();
  return { peakAddedBytes: Math.max(0, peak - before), exact: window.exact };
}
