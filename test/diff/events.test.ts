import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareEvents, type ComparedEvent } from "../../src/diff/events.js";
import type { JsonObject } from "../../src/util/json.js";

function schema(body: JsonObject, title = "T"): JsonObject {
  return {
    type: "object",
    properties: {
      body: { type: "object", properties: body, required: Object.keys(body), additionalProperties: false },
    },
    required: ["body"],
    additionalProperties: false,
    title,
    description: `${title} happened`,
  };
}

function event(tag: string, body: JsonObject, fields: Partial<ComparedEvent> = {}): ComparedEvent {
  return {
    tag,
    name: tag,
    description: "",
    sample: { headers: {}, query: {}, body: {}, params: {} },
    schema: schema(body, tag),
    ...fields,
  };
}

const str = { type: "string" };
const int = { type: "integer" };

describe("compareEvents", () => {
  it("compares examples by content: an edit in place between the same kept examples, moves none, repeats counted", () => {
    const payload = (id: number) => ({ headers: {}, query: {}, body: { id }, params: {} });
    const examples = (before: number[], after: number[]) =>
      compareEvents(
        [event("a:b", { id: int }, { examples: before.map(payload) })],
        [event("a:b", { id: int }, { examples: after.map(payload) })],
      ).map((c) => `${c.kind} ${c.before ?? "none"} -> ${c.after ?? "none"}`);
    // 1 gone before the kept 2; 3 edited into 33 after it.
    expect(examples([1, 2, 3], [2, 33])).toEqual([
      "example-changed examples[2] -> examples[1]",
      "example-removed examples[0] -> none",
    ]);
    expect(examples([1, 2], [0, 1, 22])).toEqual([
      "example-added none -> examples[0]",
      "example-changed examples[1] -> examples[2]",
    ]);
    expect(examples([1, 2], [2, 1])).toEqual([]);
    expect(examples([1, 1], [1])).toEqual(["example-removed examples[1] -> none"]);
    expect(examples([1], [1, 1])).toEqual(["example-added none -> examples[1]"]);
  });

  it("takes a removed and an added tag with the same payload (whatever its title) for a rename", () => {
    const changes = compareEvents(
      [event("a:one", { id: int }), event("a:two", { x: str })],
      [event("a:uno", { id: int }), event("a:three", { y: str })],
    );
    expect(changes.map((c) => [c.tag, c.kind, c.before, c.after])).toEqual([
      ["a:three", "tag-added", null, "a:three"],
      ["a:two", "tag-removed", "a:two", null],
      ["a:uno", "tag-renamed", "a:one", "a:uno"],
    ]);
  });

  it("pairs several renames with the same payload in tag order, each added tag once", () => {
    const changes = compareEvents(
      [event("a:b1", { id: int }), event("a:a1", { id: int })],
      [event("a:a2", { id: int }), event("a:b2", { id: int }), event("a:c2", { id: int })],
    );
    expect(changes.map((c) => `${c.kind} ${c.before ?? ""} -> ${c.after ?? ""}`)).toEqual([
      "tag-renamed a:a1 -> a:a2",
      "tag-renamed a:b1 -> a:b2",
      "tag-added  -> a:c2",
    ]);
  });

  it("compares a selector by its field and value, whichever notation it is written in", () => {
    const sample = (type: string) => ({ headers: {}, query: {}, body: { type }, params: {} });
    const before = event("a:b", {}, { selector: "body.type", sample: sample("x") });
    expect(compareEvents([before], [{ ...before, selector: "$Event{type}" }])).toEqual([]);
    expect(compareEvents([before], [{ ...before, sample: sample("y") }])).toEqual([
      { tag: "a:b", path: "selector", kind: "selector-changed", before: 'body.type = "x"', after: 'body.type = "y"' },
    ]);
    expect(compareEvents([before], [event("a:b", {}, { sample: sample("x") })])[0]).toMatchObject({
      kind: "selector-changed",
      after: null,
    });
  });

  it("gives the same changes whatever order the events come in", () => {
    const base = [event("a:x", { id: int }), event("b:y", { id: str }), event("a:z", { n: int }), event("c:w", {})];
    const now = [
      event("a:x", { id: str }),
      event("b:y", { id: str, n: int }),
      event("c:v", {}),
      event("a:q", { n: int }),
    ];
    const expected = compareEvents(base, now);
    expect(expected.length).toBeGreaterThan(3);
    fc.assert(
      fc.property(
        fc.shuffledSubarray(base, { minLength: base.length }),
        fc.shuffledSubarray(now, { minLength: now.length }),
        (b, n) => {
          expect(compareEvents(b, n)).toEqual(expected);
        },
      ),
    );
  });
});
