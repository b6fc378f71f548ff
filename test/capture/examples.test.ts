import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { appendExample } from "../../src/capture/examples.js";
import { extract, objectToJson } from "../../src/extract/index.js";
import type { JsonObject, JsonValue } from "../../src/util/json.js";

const FILE = "/virtual/events/pay/charge.event.ts";

/** The definition a build reads from the text. */
function definitionOf(text: string): JsonObject {
  const result = extract({ files: [FILE], readFile: () => text });
  expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return objectToJson(result.events[0]!.definition);
}

async function appended(text: string, example: JsonObject, tag = "pay:charge"): Promise<string> {
  const result = await appendExample(text, tag, example);
  if (!("text" in result)) throw new Error(result.problem);
  return result.text;
}

/** Whether `edited` is `original` with one run of text inserted (and possibly a comma before it). */
function onlyInserted(original: string, edited: string): boolean {
  let start = 0;
  while (start < original.length && original[start] === edited[start]) start += 1;
  let end = 0;
  while (end < original.length - start && original.at(-1 - end) === edited.at(-1 - end)) end += 1;
  return start + end === original.length;
}

const EXAMPLE: JsonObject = { headers: { "x-sig": "t=2" }, query: {}, body: { id: "ch_2", amount: 15 }, params: {} };

const ODD = `import { defineEvent } from "ductape-events";

// A charge. Odd formatting on purpose.
export default defineEvent({
  name:   'Charge',   // the name
  tag: "pay:charge",
  description: "A charge succeeded",
  sample: {
    headers: { "x-sig": "t=1" },
    query: {}, body: { id: "ch_1", amount: 12 },
    params: {},
  } // the one sample
  /* trailing comment */
});
`;

describe("appendExample", () => {
  it("adds examples after the sample, keeping every other byte (comments, quotes, odd layout)", async () => {
    const text = await appended(ODD, EXAMPLE);
    // The comma the sample lacked, then the property after the comment that ends the sample's line.
    const expected = ODD.replace(
      "  } // the one sample\n",
      "  }, // the one sample\n" +
        "  examples: [\n" +
        '    { headers: { "x-sig": "t=2" }, query: {}, body: { id: "ch_2", amount: 15 }, params: {} },\n' +
        "  ]\n",
    );
    expect(text).toBe(expected);
    expect(definitionOf(text)["examples"]).toEqual([EXAMPLE]);
  });

  it("appends to an examples array, as its items are laid out", async () => {
    const withOne = await appended(ODD, EXAMPLE);
    const second = { ...EXAMPLE, body: { id: "ch_3", amount: 16 } };
    const text = await appended(withOne, second);
    expect(onlyInserted(withOne, text)).toBe(true);
    expect(definitionOf(text)["examples"]).toEqual([EXAMPLE, second]);
    expect(text).toContain(
      '    { headers: { "x-sig": "t=2" }, query: {}, body: { id: "ch_2", amount: 15 }, params: {} },\n' +
        '    { headers: { "x-sig": "t=2" }, query: {}, body: { id: "ch_3", amount: 16 }, params: {} },\n  ]\n',
    );
  });

  it.each([
    ["an empty array", "examples: [],"],
    ["an array on one line", `examples: [{ headers: {}, query: {}, body: { id: "a", amount: 1 }, params: {} }],`],
    [
      "items without a trailing comma, a comment after the last",
      `examples: [\n    { headers: {}, query: {}, body: { id: "a", amount: 1 }, params: {} } // first\n  ],`,
    ],
    ["examples before the sample", `examples: [\n    // none yet\n  ],`],
  ])("appends to %s", async (_, examples) => {
    const text = ODD.replace(
      `  description: "A charge succeeded",`,
      `  description: "A charge succeeded",\n  ${examples}`,
    );
    const before = (definitionOf(text)["examples"] as JsonValue[]) ?? [];
    const edited = await appended(text, EXAMPLE);
    expect(definitionOf(edited)["examples"]).toEqual([...before, EXAMPLE]);
    expect(edited).toContain("// the one sample");
  });

  it("finds the call by its tag, or the file's only call", async () => {
    const constant = ODD.replace(`tag: "pay:charge"`, "tag: TAG").replace(
      "// A charge.",
      'const TAG = "pay:charge";\n// A charge.',
    );
    expect(definitionOf(await appended(constant, EXAMPLE))["examples"]).toEqual([EXAMPLE]);
    expect(await appendExample(ODD, "pay:other", EXAMPLE)).toMatchObject({
      problem: expect.stringMatching(/no defineEvent/),
    });
  });

  it("refuses examples it cannot append to in place, saying where", async () => {
    const text = ODD.replace("  sample: {", "  examples: MORE,\n  sample: {");
    const result = await appendExample(text, "pay:charge", EXAMPLE);
    expect(result).toMatchObject({
      problem: expect.stringMatching(/not an array/),
      offset: text.indexOf("examples: MORE"),
    });
  });

  it("writes any JSON example so that the build reads it back exactly, __proto__ keys as data", async () => {
    const key = fc.oneof(fc.string(), fc.constantFrom("__proto__", "constructor", "a-b", "0", "x y"));
    const leaf = fc.oneof(
      fc.string(),
      fc.integer(),
      // An integer beyond ±(2^53 - 1) is refused by the build (DT2014), written by add or not.
      fc
        .double({ noNaN: true, noDefaultInfinity: true })
        .filter((d) => !Number.isInteger(d) || Number.isSafeInteger(d)),
      fc.boolean(),
      fc.constant(null),
    );
    const body = fc.dictionary(
      key,
      fc.oneof(leaf, fc.array(leaf, { maxLength: 3 }), fc.dictionary(key, leaf, { maxKeys: 3 })),
      {
        maxKeys: 5,
      },
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const example = JSON.parse(JSON.stringify({ headers: {}, query: {}, body: b, params: {} })) as JsonObject;
        const text = await appended(ODD, example);
        expect(definitionOf(text)["examples"]).toEqual([example]);
      }),
      { numRuns: 40 },
    );
  });
});
