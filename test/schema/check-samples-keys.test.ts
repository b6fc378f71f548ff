import { describe, expect, it } from "vitest";
import { SampleChecker } from "../../src/schema/check-samples.js";
import { resolveInline } from "./memory-files.js";

describe("SampleChecker and the keys of definitions", () => {
  // Keys hold a JSON Pointer, which escapes `/` as `~1` and `~` as `~0`; ajv names each schema
  // by a URN made from its key, and a URN may not hold `~`.
  it("checks through definitions whose keys hold ~ and *, each kept apart", () => {
    const files = {
      "schemas/s.json": {
        definitions: { "a/line": { type: "integer" }, "s*t": { type: "string" }, "s~t": { type: "boolean" } },
      },
    };
    const bundle = resolveInline(files, {
      type: "object",
      properties: {
        line: { $ref: "../schemas/s.json#/definitions/a~1line" },
        star: { $ref: "../schemas/s.json#/definitions/s*t" },
        tilde: { $ref: "../schemas/s.json#/definitions/s~0t" },
      },
    });
    expect(bundle.problems).toEqual([]);
    const checker = new SampleChecker();
    expect(checker.check(bundle, { line: 1, star: "x", tilde: true })).toEqual({ failures: [] });
    expect(checker.check(bundle, { line: "1", star: 1, tilde: 1 })).toEqual({
      failures: [
        { path: ["line"], message: 'expected integer, got "1"' },
        { path: ["star"], message: "expected string, got 1" },
        { path: ["tilde"], message: "expected boolean, got 1" },
      ],
    });
  });
});
