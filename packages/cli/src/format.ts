import type { HostTensor } from '@layerspec/spec';

/** A short fingerprint of a tensor's values: their sum and mean absolute value. */
export function checksum(t: HostTensor): string {
  let sum = 0;
  let abs = 0;
  for (const v of t.data) {
    sum += v;
    abs += Math.abs(v);
  }
  return `sum ${sum.toFixed(6)}  mean|x| ${(abs / Math.max(t.data.length, 1)).toFixed(6)}`;
}

export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => cell.padEnd(widths[c]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export { maxAbsDiff } from './max-abs-diff.js';

/** Without a terminal (CI logs, a file), a progress line is written at most this often. */
export const PROGRESS_LINE_INTERVAL_MS = 10_000;
let lastProgressLine = Number.NEGATIVE_INFINITY;

/** Where progress goes: process.stderr, or anything with its `isTTY` and `write`. */
export interface StatusStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

/**
 * A status line on stderr: overwritten in place on a terminal; elsewhere (CI logs, a file) whole
 * lines, the first one and then at most one every {@link PROGRESS_LINE_INTERVAL_MS}.
 */
export function progress(text: string, stream: StatusStream = process.stderr, now = performance.now()): void {
  if (stream.isTTY) {
    stream.write(`\r\x1b[K${text}`);
  } else if (now - lastProgressLine >= PROGRESS_LINE_INTERVAL_MS) {
    lastProgressLine = now;
    stream.write(`${text}\n`);
  }
}

/** Clears the status line on a terminal; elsewhere lets the next progress line through at once. */
export function endProgress(stream: StatusStream = process.stderr): void {
  if (stream.isTTY) stream.write('\r\x1b[K');
  lastProgressLine = Number.NEGATIVE_INFINITY;
}
