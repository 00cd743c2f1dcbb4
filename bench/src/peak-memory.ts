import { readFileSync, writeFileSync } from 'node:fs';

function statusKiB(field: string): number | undefined {
  try {
    const line = readFileSync('/proc/self/status', 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${field}:`));
    return line ? Number(line.split(/\s+/)[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The process's peak resident memory from now on. On Linux the kernel's high-water mark is reset first
 * (writing 5 to /proc/self/clear_refs), so what loading the runtimes took before does not count;
 * elsewhere the peak is the process's whole-life maximum, an upper bound.
 */
export function startPeakWindow(): { peakBytes(): number; exact: boolean } {
  let exact = false;
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    exact = statusKiB('VmHWM') !== undefined;
  } catch {
    exact = false;
  }
  return {
    exact,
    peakBytes: () => (exact ? statusKiB('VmHWM')! : process.resourceUsage().maxRSS) * 1024,
  };
}
