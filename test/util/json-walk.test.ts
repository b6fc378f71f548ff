import { describe, expect, it } from "vitest";
import { JsonWalkStack } from "../../src/util/json-walk.js";
import type { JsonValue } from "../../src/util/json.js";

/** Walks a value depth first (last added first), as the limit and secrets walks do: paths in visit order. */
function walk(stack: JsonWalkStack<number>, payload: JsonValue): string[] {
  const visited: string[] = [];
  try {
    stack.add(payload, "", -1, 0);
    for (let entry = stack.next(); entry !== -1; entry = stack.next()) {
      visited.push(`${stack.pathOf(entry).join(".")}@${stack.note(entry)}`);
      const value = stack.value(entry);
      if (Array.isArray(value)) value.forEach((item, i) => stack.add(item, i, entry, stack.note(entry) + 1));
      else if (value !== null && typeof value === "object") {
        for (const key of Object.keys(value)) stack.add(value[key]!, key, entry, stack.note(entry) + 1);
      }
    }
    return visited;
  } finally {
    stack.clear();
  }
}

describe("JsonWalkStack", () => {
  it("gives each value's path and note, last added first, and the same again when reused", () => {
    const stack = new JsonWalkStack<number>();
    const payload = { a: [1, { b: 2 }], c: "x" };
    const expected = ["@0", "c@1", "a@1", "a.1@2", "a.1.b@3", "a.0@2"];
    expect(walk(stack, payload)).toEqual(expected);
    expect(walk(stack, payload)).toEqual(expected);
  });

  it("keeps room for ordinary payloads between walks, and lets go of a data dump's", () => {
    const stack = new JsonWalkStack<number>();
    walk(stack, { list: Array.from({ length: 100 }, (_, i) => i) });
    expect(stack.room).toBeGreaterThan(100);
    walk(stack, { list: Array.from({ length: 100_000 }, (_, i) => i) });
    expect(stack.room).toBe(0);
  });
});
