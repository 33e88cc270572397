/** Edit distance (insertions, deletions, substitutions), bounded by the lengths of both words. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * The names closest to `word` (at most `max`), for "did you mean": those
 * within a third of the word's length in edits, or that contain it or one
 * of its `_`/`:`-separated parts of 4 letters or more; closest first.
 */
export function closest(word: string, names: readonly string[], max = 3): string[] {
  const w = word.toLowerCase();
  const limit = Math.max(2, Math.floor(w.length / 3));
  const parts = w.split(/[_:\s-]+/).filter((p) => p.length >= 4);
  const scored = names
    .map((n) => {
      const d = editDistance(w, n.toLowerCase());
      const shares = n.toLowerCase().includes(w) || parts.some((p) => n.toLowerCase().includes(p));
      return { n, d, ok: d <= limit || shares };
    })
    .filter((s) => s.ok)
    .sort((a, b) => a.d - b.d || (a.n < b.n ? -1 : a.n > b.n ? 1 : 0));
  return scored.slice(0, max).map((s) => s.n);
}
