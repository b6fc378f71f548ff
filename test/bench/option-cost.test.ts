import { describe, expect, it } from "vitest";
// @ts-expect-error: the benchmark's scripts are plain JavaScript, without declarations.
import { medianInterval } from "../../bench/option-cost.mjs";

const interval = medianInterval as (xs: readonly number[]) => [number, number] | undefined;

describe("the benchmark's interval for a median", () => {
  it("takes the ranks of the sign test's 95% interval", () => {
    // Ranks from the binomial distribution with p = 1/2, as tables of them give.
    const ranks: [number, number, number][] = [
      [6, 1, 6],
      [9, 2, 8],
      [15, 4, 12],
      [31, 10, 22],
      [41, 14, 28],
      [100, 40, 61],
    ];
    for (const [n, low, high] of ranks) {
      // Shuffled: the interval is of the sorted values.
      const xs = Array.from({ length: n }, (_, i) => ((i * 7) % n) + 1);
      expect(interval(xs), `n = ${n}`).toEqual([low, high]);
    }
  });

  it("gives none for fewer than six rounds: even the extremes would not cover the median often enough", () => {
    expect(interval([1, 2, 3, 4, 5])).toBeUndefined();
    expect(interval([])).toBeUndefined();
  });
});
