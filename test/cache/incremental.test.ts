import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Incremental, runStage, type ItemwiseStage } from "../../src/cache/incremental.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";

/**
 * A toy stage with the shape of validate and infer: each item gives an output sorted by key
 * (or none, when it is "bad"), diagnostics per item, and a check across items that reports
 * duplicate keys. Whatever the sequence of calls, the cache must give what a fresh run gives.
 */
interface Item {
  readonly key: string;
  readonly group: string;
  readonly bad: boolean;
  readonly notes: number;
}
interface Out {
  readonly key: string;
  readonly group: string;
  readonly size: number;
}

function note(message: string): Diagnostic {
  return { code: "DT0000", severity: "warning", message } as unknown as Diagnostic;
}

const stage: ItemwiseStage<Item, Out, number> = {
  // Given: how many items share the item's group (what infer's "discriminated" is to an event).
  given: (items) => {
    const counts = new Map<string, number>();
    for (const item of items) counts.set(item.group, (counts.get(item.group) ?? 0) + 1);
    return (item) => counts.get(item.group)!;
  },
  each: (item, given) => ({
    ...(item.bad ? {} : { event: { key: item.key, group: item.group, size: given } }),
    diagnostics: Array.from({ length: item.notes }, (_, i) => note(`${item.key}#${i}/${given}`)),
  }),
  across: (events) => {
    events.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const seen = new Set<string>();
    const found: Diagnostic[] = [];
    for (const e of events) {
      if (seen.has(e.key)) found.push(note(`duplicate ${e.key}`));
      seen.add(e.key);
    }
    return found;
  },
  sameAcross: (before, now) => before.key === now.key && before.group === now.group,
  indexOf: (events, event) => events.findIndex((e) => e.key === event.key),
};

const item = fc.record({
  key: fc.constantFrom("a", "b", "c", "d", "e", "f"),
  group: fc.constantFrom("x", "y"),
  bad: fc.boolean(),
  notes: fc.nat(2),
});

describe("Incremental", () => {
  it("gives what a fresh run gives, call after call, whatever is replaced", () => {
    fc.assert(
      fc.property(
        fc.array(item, { minLength: 1, maxLength: 8 }),
        fc.array(fc.array(fc.tuple(fc.nat(7), item, fc.boolean()), { maxLength: 3 }), { maxLength: 6 }),
        (first, edits) => {
          const cache = new Incremental(stage);
          let items = first;
          expect(cache.run(items)).toEqual(runStage(stage, items));
          for (const edit of edits) {
            const next = [...items];
            for (const [at, replacement, sameKey] of edit) {
              const index = at % next.length;
              // Often the same key and group, the case patch is for; else anything.
              next[index] = sameKey
                ? { ...replacement, key: next[index]!.key, group: next[index]!.group }
                : replacement;
            }
            items = next;
            expect(cache.run(items)).toEqual(runStage(stage, items));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("computes an unchanged item once, and patches an edit without running the step across items", () => {
    let eachCalls = 0;
    let acrossCalls = 0;
    const counting: ItemwiseStage<Item, Out, number> = {
      ...stage,
      each: (i, g) => (eachCalls++, stage.each(i, g)),
      across: (events) => (acrossCalls++, stage.across(events)),
    };
    const cache = new Incremental(counting);
    const items = ["a", "b", "c"].map((key) => ({ key, group: "x", bad: false, notes: 1 }));
    cache.run(items);
    expect([eachCalls, acrossCalls]).toEqual([3, 1]);
    const edited = [items[0]!, { ...items[1]!, notes: 2 }, items[2]!];
    const result = cache.run(edited);
    expect([eachCalls, acrossCalls]).toEqual([4, 1]);
    expect(result).toEqual(runStage(stage, edited));
  });
});
