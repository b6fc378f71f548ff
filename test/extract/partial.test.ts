import { describe, expect, it } from "vitest";
import { extract, formatKeyPath, objectToJson, type ExtractResult } from "../../src/extract/index.js";

/**
 * A definition read but for some values (after DT2004 and the like): the rest of it is kept in
 * `definitions` with the unread paths, so that validation reports its other problems in the
 * same build; `events` keeps only whole definitions. Where a key cannot be told, nothing is kept.
 */

const FILE = "/project/events/e.event.ts";

function extractDefinition(argument: string, ...declarations: string[]): ExtractResult {
  const text = [
    `import { defineEvent } from "ductape-events";`,
    ...declarations,
    `export default defineEvent(${argument});`,
  ];
  return extract({ files: [FILE], readFile: () => text.join("\n") });
}

function unread(result: ExtractResult): string[] | undefined {
  const definition = result.definitions[0];
  return definition === undefined ? undefined : (definition.unread ?? []).map(formatKeyPath);
}

describe("a definition read in part", () => {
  it("keeps every key, the unread values as null, and names their paths", () => {
    const result = extractDefinition(
      `{ name: "A", tag: fn(), sample: { headers: {}, body: { id: 1, at: new Date(), list: [1, x()] } } }`,
    );
    expect(result.diagnostics.map((d) => d.code)).toEqual(["DT2004", "DT2004", "DT2004"]);
    expect(result.events).toEqual([]);
    expect(unread(result)).toEqual(["tag", "sample.body.at", "sample.body.list"]);
    expect(objectToJson(result.definitions[0]!.definition)).toEqual({
      name: "A",
      tag: null,
      sample: { headers: {}, body: { id: 1, at: null, list: null } },
    });
  });

  it("takes a key written twice as unread, and a method by its name", () => {
    expect(unread(extractDefinition(`{ name: "a", name: "b", tag: "w:e" }`))).toEqual(["name"]);
    expect(unread(extractDefinition(`{ tag: "w:e", sample() { return {}; } }`))).toEqual(["sample"]);
  });

  it("looks into object literals only: a const that cannot be read is unread whole", () => {
    const result = extractDefinition(`{ tag: "w:e", sample: SAMPLE }`, `const SAMPLE = { body: { at: now() } };`);
    expect(unread(result)).toEqual(["sample"]);
  });

  it("keeps nothing when a key cannot be told: a spread or a computed key that cannot be read", () => {
    for (const argument of [`{ ...base(), tag: "w:e" }`, `{ [key()]: 1, tag: "w:e" }`, `make()`]) {
      const result = extractDefinition(argument);
      expect(result.diagnostics.length, argument).toBeGreaterThan(0);
      expect(result.definitions, argument).toEqual([]);
    }
  });

  it("keeps a whole definition in both lists, without unread", () => {
    const result = extractDefinition(`{ name: "A", tag: "w:e" }`);
    expect(result.events).toHaveLength(1);
    expect(result.definitions).toEqual(result.events);
    expect(result.events[0]!.unread).toBeUndefined();
  });
});
