import { tensor, type HostTensor } from '@layerspec/spec';
import { seededUniform } from '@layerspec/example-common';

/** Token ids: PAD 0, BOS 1, EOS 2, digit d is 3 + d. */
export const PAD = 0;
export const BOS = 1;
export const EOS = 2;
export const VOCAB = 13;

export interface TaskConfig {
  minLen: number;
  maxLen: number;
}

/** Source and target windows: maxLen digits plus EOS (source) or BOS (decoder input). */
export function windowLength(task: TaskConfig): number {
  return task.maxLen + 1;
}

export function randomSequence(task: TaskConfig, rand: () => number): number[] {
  const len = task.minLen + Math.floor(rand() * (task.maxLen - task.minLen + 1));
  return Array.from({ length: len }, () => Math.floor(rand() * 10));
}

export interface Batch {
  /** digits + EOS, PAD after: (B, L) int32 */
  src: HostTensor;
  /** BOS + reversed digits, PAD after: (B, L) int32 */
  tgtIn: HostTensor;
  /** reversed digits + EOS, PAD after: (B, L) int32 */
  tgtOut: HostTensor;
  sequences: number[][];
}

export function makeBatch(task: TaskConfig, sequences: number[][]): Batch {
  const L = windowLength(task);
  const B = sequences.length;
  const src = new Int32Array(B * L);
  const tgtIn = new Int32Array(B * L);
  const tgtOut = new Int32Array(B * L);
  sequences.forEach((seq, b) => {
    const rev = [...seq].reverse();
    const o = b * L;
    seq.forEach((d, i) => (src[o + i] = 3 + d));
    src[o + seq.length] = EOS;
    tgtIn[o] = BOS;
    rev.forEach((d, i) => {
      tgtIn[o + 1 + i] = 3 + d;
      tgtOut[o + i] = 3 + d;
    });
    tgtOut[o + rev.length] = EOS;
  });
  return {
    src: tensor(src, [B, L], 'int32'),
    tgtIn: tensor(tgtIn, [B, L], 'int32'),
    tgtOut: tensor(tgtOut, [B, L], 'int32'),
    sequences,
  };
}

/** `n` distinct sequences not in `exclude` (keys `seq.join('')`). */
export function heldOut(task: TaskConfig, n: number, seed: number, exclude = new Set<string>()): number[][] {
  const rand = seededUniform(seed);
  const out: number[][] = [];
  const seen = new Set(exclude);
  while (out.length < n) {
    const s = randomSequence(task, rand);
    const key = s.join('');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(s);
  }
  return out;
}
