/** Edit distance between a and b, or Infinity once it exceeds `limit` (so long inputs cost little). */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return Number.POSITIVE_INFINITY;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    if (Math.min(...row) > limit) return Number.POSITIVE_INFINITY;
    previous = row;
  }
  return previous[b.length]! <= limit ? previous[b.length]! : Number.POSITIVE_INFINITY;
}

/** The known name closest to `typed` (a typo or a wrong case), or undefined when none is close. */
export function closest(typed: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const name of known) {
    const limit = Math.max(1, Math.floor(name.length / 3));
    const d = typed.toLowerCase() === name.toLowerCase() ? 0 : editDistance(typed, name, limit);
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return best;
}
