import type { BackendName, CaseId, Pass } from './types.js';

export interface BenchResult {
  case: CaseId;
  runtime: string;
  name: string;
  backend: BackendName;
  ours: boolean;
  pass: Pass;
  /** Timed runs after the warm-up, whose median medianMs is. */
  runs?: number;
  medianMs?: number;
  gflops?: number;
  /** Median time over the best peer's in the same group and pass (lower is faster). */
  ratio?: number;
  bestPeer?: string;
  /** Largest |output - reference engine's output| (forward only). */
  maxAbsError?: number;
  /** Peak resident memory a process running only this contender added over its baseline. */
  peakMiB?: number;
  /** Set where the platform could not reset the peak before the contender ran. */
  peakIsUpperBound?: boolean;
  /** The reference engine's own count of tensor data held at once (ref only). */
  peakTensorMiB?: number;
  /** Why this contender did not run. */
  error?: string;
}
