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
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd()).join('\n');
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Overwrites one status line on a terminal; plain lines elsewhere (CI logs). */
export function progress(text: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${text}`);
  else process.stderr.write(`${text}\n`);
}

export function endProgress(): void {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
}
