/**
 * Picks the candidate closest to `input` by edit distance, for "did you mean" hints. Returns
 * nothing when no candidate is close enough to be a plausible typo.
 */
export function suggest(input: string, candidates: readonly string[]): string | undefined {
  const needle = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(needle, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  // A third of the word may differ: catches "desciption" and "tgas" but not "foo" -> "tag".
  const limit = Math.max(1, Math.floor(Math.max(needle.length, 3) / 3));
  if (bestDistance <= limit) return best;
  // Else a longer or shorter name for the same thing ("output" for "out", "timeout" for
  // "timeoutMs"): one begins with the other, goes on in the same word ("body.b.c" is no longer
  // name for "body"), and is at most twice as long, the shorter holding three letters or digits.
  // Only when one candidate is such: "retry" is no name for "retryDelayMs" beside "retries".
  const named = candidates.filter((candidate) => {
    const name = candidate.toLowerCase();
    const [short, long] = name.length <= needle.length ? [name, needle] : [needle, name];
    return (
      long.startsWith(short) &&
      /^[a-z0-9]/.test(long.slice(short.length)) &&
      2 * short.length >= long.length &&
      (short.match(/[a-z0-9]/g)?.length ?? 0) >= 3
    );
  });
  return named.length === 1 ? named[0] : undefined;
}

/** Levenshtein distance with adjacent transpositions counted as one edit. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  const at = (i: number, j: number): number => d[i * cols + j] ?? 0;
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, at(i - 2, j - 2) + 1);
      }
      d[i * cols + j] = value;
    }
  }
  return at(rows - 1, cols - 1);
}
