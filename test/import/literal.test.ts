import fc from "fast-check";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import { printJson, printLiteral, quote } from "../../src/import/literal.js";
import type { JsonValue } from "../../src/util/json.js";

const HEAD = "export default defineEvent(";
const TAIL = ") as EventDefinition;";

/** An event file's last statement around a printed definition, as the importer writes it. */
function eventText(value: JsonValue): string {
  return `${HEAD}${printLiteral(value, HEAD.length, TAIL.length)}${TAIL}\n`;
}

const format = (text: string, parser: "typescript" | "json") => prettier.format(text, { parser, printWidth: 120 });

/** JSON values as payloads hold them: short and long strings (quotes, unicode), numbers, nesting. */
const payload: fc.Arbitrary<JsonValue> = fc.dictionary(
  fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom("__proto__", "id", "x-github-event", "1", "a b", "$ref")),
  fc.jsonValue({ maxDepth: 4 }),
  { maxKeys: 8 },
) as fc.Arbitrary<JsonValue>;

describe("printLiteral", () => {
  it("prints what Prettier prints, for any definition (property)", async () => {
    await fc.assert(
      fc.asyncProperty(payload, async (value) => {
        const text = eventText(value);
        expect(await format(text, "typescript")).toBe(text);
      }),
      { numRuns: 200 },
    );
  });

  it("counts columns as Prettier does, CJK and emoji two (property)", async () => {
    // Text as payloads hold it; the rarest wide scripts (Tangut...) may be laid out otherwise, which a formatter fixes.
    const char = fc.constantFrom("a", " ", "é", "ü", "日", "本", "한", "ｱ", "😀", "🚀", "́");
    const text = fc.array(char, { maxLength: 40 }).map((chars) => chars.join(""));
    const wide = fc.dictionary(fc.string({ maxLength: 6 }), fc.array(text, { maxLength: 5 }), { maxKeys: 4 });
    await fc.assert(
      fc.asyncProperty(wide, async (value) => {
        const text = eventText(value);
        expect(await format(text, "typescript")).toBe(text);
      }),
      { numRuns: 200 },
    );
  });

  it("breaks after the key a string too long for its line, and arrays of several objects", async () => {
    const text = eventText({
      description: "x".repeat(110),
      items: [
        { a: 1, b: 2 },
        { a: 3, b: 4 },
      ],
      short: [{ a: 1 }, { a: 2 }],
      numbers: Array.from({ length: 40 }, (_, i) => i * 1000),
    });
    expect(text).toContain(`  description:\n    "${"x".repeat(110)}",\n`);
    expect(text).toContain("  items: [\n    { a: 1, b: 2 },\n    { a: 3, b: 4 },\n  ],\n");
    expect(text).toContain("  short: [{ a: 1 }, { a: 2 }],\n");
    expect(await format(text, "typescript")).toBe(text);
  });

  it("keeps __proto__ a key, and quotes as Prettier chooses", () => {
    expect(printLiteral({ __proto__: 1 } as never, 0, 0)).toBe("{}");
    const own = JSON.parse('{"__proto__": 1}') as JsonValue;
    expect(printLiteral(own, 0, 0)).toBe('{ ["__proto__"]: 1 }');
    expect(quote(`say "hi"`)).toBe(`'say "hi"'`);
    expect(quote(`it's "a" 'b'`)).toBe(`"it's \\"a\\" 'b'"`);
    expect(quote(`\\"'"`)).toBe(`'\\\\"\\'"'`);
  });
});

describe("printJson", () => {
  it("prints what Prettier prints for JSON (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 5 }) as fc.Arbitrary<JsonValue>, async (value) => {
        const text = `${printJson(value)}\n`;
        expect(await format(text, "json")).toBe(text);
        expect(JSON.parse(text)).toEqual(value);
      }),
      { numRuns: 200 },
    );
  });
});
