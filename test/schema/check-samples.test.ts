import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { toSchemaDocument } from "../../src/schema/bundle.js";
import { SampleChecker, sampleRejected, type SampleFailure } from "../../src/schema/check-samples.js";
import type { JsonValue } from "../../src/util/json.js";
import { EVENT_FILE, memoryResolver, resolveInline } from "./memory-files.js";

/** The failures of `value` against an inline schema (resolved without problems). */
function failures(
  schema: JsonValue,
  value: JsonValue,
  files: Record<string, JsonValue> = {},
): readonly SampleFailure[] {
  const bundle = resolveInline(files, schema);
  expect(bundle.problems).toEqual([]);
  const result = new SampleChecker().check(bundle, value);
  if ("problem" in result) throw new Error(result.problem.message);
  return result.failures;
}

const ORDER = {
  type: "object",
  required: ["id", "status"],
  properties: {
    id: { type: "integer" },
    status: { enum: ["paid", "failed"] },
    email: { type: "string", format: "email" },
    sku: { type: "string", pattern: "^[A-Z]{3}-\\d+$" },
    quantity: { type: "integer", minimum: 1, maximum: 10 },
    kind: { const: "order" },
    note: { type: "string", maxLength: 5 },
  },
  additionalProperties: false,
};

describe("failures in plain words, at the path of the value", () => {
  it("says what was expected and what was found", () => {
    expect(
      failures(ORDER, {
        id: "12",
        status: "refunded",
        email: "not an email",
        sku: "abc",
        quantity: 0,
        kind: "refund",
        note: "far too long",
        extra: true,
      }),
    ).toEqual([
      { path: ["extra"], message: 'unexpected field "extra"' },
      { path: ["id"], message: 'expected integer, got "12"' },
      { path: ["status"], message: '"refunded" is not one of "paid", "failed"' },
      { path: ["email"], message: '"not an email" is not a valid email' },
      { path: ["sku"], message: '"abc" does not match the pattern ^[A-Z]{3}-\\d+$' },
      { path: ["quantity"], message: "0 is less than the minimum 1" },
      { path: ["kind"], message: 'expected "order", got "refund"' },
      { path: ["note"], message: '"far too long" is longer than 5 characters' },
    ]);
    expect(failures(ORDER, {})).toEqual([
      { path: [], message: 'missing required field "id"' },
      { path: [], message: 'missing required field "status"' },
    ]);
    expect(failures(ORDER, { id: 1, status: "paid" })).toEqual([]);
  });

  it("gives the reasons of the alternative that fits the value's kind, not of every alternative", () => {
    const schema = {
      properties: { user: { oneOf: [{ $ref: "#/definitions/user" }, { type: "null" }] } },
      definitions: { user: { type: "object", required: ["login"], properties: { login: { type: "string" } } } },
    };
    expect(failures(schema, { user: { id: 1 } })).toEqual([
      { path: ["user"], message: 'missing required field "login"' },
    ]);
    expect(failures(schema, { user: 12 })).toEqual([{ path: ["user"], message: "expected object or null, got 12" }]);
    expect(failures(schema, { user: null })).toEqual([]);
    expect(failures({ oneOf: [{ type: "integer" }, { type: "number" }] }, 1)).toEqual([
      { path: [], message: "matches more than one of the alternatives, and oneOf allows exactly one" },
    ]);
  });

  it("follows array indexes and keys that need escaping in a pointer", () => {
    const schema = { properties: { "a/b": { type: "array", items: { type: "string" } } } };
    expect(failures(schema, { "a/b": ["x", 2] })).toEqual([{ path: ["a/b", 1], message: "expected string, got 2" }]);
  });
});

describe("dialects", () => {
  it("draft-07 (the default): tuples with additionalItems, dependencies, and keywords beside $ref", () => {
    const tuple = { type: "array", items: [{ type: "string" }, { type: "integer" }], additionalItems: false };
    expect(failures(tuple, ["a", 1])).toEqual([]);
    expect(failures(tuple, ["a", "b", true]).map((f) => f.message)).toEqual([
      'expected integer, got "b"',
      "has more than 2 items",
    ]);
    const dependencies = { dependencies: { card: ["billing"], bank: { required: ["iban"] } } };
    expect(failures(dependencies, { card: 1 })).toEqual([
      { path: [], message: 'missing field "billing", required when "card" is present' },
    ]);
    expect(failures(dependencies, { bank: 1 })).toEqual([{ path: [], message: 'missing required field "iban"' }]);
    const besideRef = {
      properties: { s: { $ref: "#/definitions/s", maxLength: 2 } },
      definitions: { s: { type: "string" } },
    };
    expect(failures(besideRef, { s: "abc" })).toEqual([{ path: ["s"], message: '"abc" is longer than 2 characters' }]);
  });

  it("2019-09 and 2020-12 by $schema, with and without the trailing #, http or https", () => {
    const t2019 = {
      $schema: "https://json-schema.org/draft/2019-09/schema#",
      items: [{ type: "string" }],
      additionalItems: { type: "integer" },
      dependentRequired: { a: ["b"] },
    };
    expect(failures(t2019, ["a", "b"]).map((f) => f.message)).toEqual(['expected integer, got "b"']);
    const t2020 = {
      $schema: "http://json-schema.org/draft/2020-12/schema",
      prefixItems: [{ type: "string" }],
      items: { type: "integer" },
    };
    expect(failures(t2020, ["a", 1, "b"])).toEqual([{ path: [2], message: 'expected integer, got "b"' }]);
  });

  it("mixes dialects in one bundle: each schema is read in its own document's dialect", () => {
    const files = {
      "events/new.json": {
        $schema: "https://json-schema.org/draft/2020-12/schema",
        $defs: { pair: { prefixItems: [{ type: "string" }], items: { type: "integer" } } },
      },
    };
    const schema = { items: [{ $ref: "./new.json#/$defs/pair" }], additionalItems: false };
    expect(failures(schema, [["a", 1, 2]], files)).toEqual([]);
    expect(failures(schema, [["a", "b"]], files)).toEqual([{ path: [0, 1], message: 'expected integer, got "b"' }]);
    expect(failures(schema, [["a"], ["b"]], files)).toEqual([{ path: [], message: "has more than 1 items" }]);
  });

  it("OpenAPI 3.0's nullable, beside type and enum", () => {
    const schema = {
      properties: {
        note: { type: "string", nullable: true },
        state: { type: "string", enum: ["open", "closed"], nullable: true },
        count: { type: "integer", nullable: false },
      },
    };
    expect(failures(schema, { note: null, state: null })).toEqual([]);
    // Without a type beside it, as OpenAPI 3.0 documents write a nullable reference: "or null".
    const ref = {
      properties: { customer: { allOf: [{ $ref: "#/definitions/customer" }], nullable: true, description: "Who." } },
      definitions: { customer: { type: "object", required: ["id"] } },
    };
    expect(failures(ref, { customer: null })).toEqual([]);
    expect(failures(ref, { customer: {} })).toEqual([{ path: ["customer"], message: 'missing required field "id"' }]);
    expect(failures(ref, { customer: 1 })).toEqual([{ path: ["customer"], message: "expected object or null, got 1" }]);
    expect(failures(schema, { count: null })).toEqual([{ path: ["count"], message: "expected integer, got null" }]);
  });

  it("keeps unknown keywords and ignores them in validation", () => {
    const bundle = resolveInline({}, { type: "string", "x-provider": { $ref: "not a schema" }, example: "a" });
    expect(bundle.definitions.get(bundle.root)?.schema).toEqual({
      type: "string",
      "x-provider": { $ref: "not a schema" },
      example: "a",
    });
    expect(failures({ type: "string", "x-provider": 1, example: "a" }, "b")).toEqual([]);
  });
});

describe("the checker", () => {
  it("compiles each schema once however many bundles reach it", () => {
    const resolver = memoryResolver({ "events/shared.json": { definitions: { money: { type: "integer" } } } });
    const resolve = (label: string, schema: JsonValue) =>
      resolver.resolve({ kind: "inline", file: EVENT_FILE, label, schema });
    const checker = new SampleChecker();
    const bundle = resolve("a", { properties: { total: { $ref: "./shared.json#/definitions/money" } } });
    expect(checker.check(bundle, { total: 1 })).toEqual({ failures: [] });
    expect(checker.compiledCount).toBe(2);
    expect(checker.check(bundle, { total: "1" })).toEqual({
      failures: [{ path: ["total"], message: 'expected integer, got "1"' }],
    });
    expect(checker.compiledCount).toBe(2);
    // Another event reaching the same definition: only its own root is compiled.
    const other = resolve("b", {
      properties: { total: { $ref: "./shared.json#/definitions/money" } },
      required: ["total"],
    });
    expect(checker.check(other, {})).toEqual({ failures: [{ path: [], message: 'missing required field "total"' }] });
    expect(checker.compiledCount).toBe(3);
  });

  it("compiles again a schema bundled anew under the same key (an inline schema edited in watch mode)", () => {
    const resolver = memoryResolver({});
    const checker = new SampleChecker();
    const first = resolver.resolve({ kind: "inline", file: EVENT_FILE, label: "a", schema: { type: "string" } });
    expect(checker.check(first, 1)).toEqual({ failures: [{ path: [], message: "expected string, got 1" }] });
    const edited = resolver.resolve({ kind: "inline", file: EVENT_FILE, label: "a", schema: { type: "integer" } });
    expect(checker.check(edited, 1)).toEqual({ failures: [] });
  });

  it("reports a schema that is not valid JSON Schema as a diagnostic naming its key, not a throw", () => {
    const bundle = resolveInline({ "events/bad.json": { type: "strin" } }, { items: { $ref: "./bad.json" } });
    const result = new SampleChecker().check(bundle, []);
    expect("problem" in result && [result.problem.code, result.problem.message]).toEqual([
      "DT3209",
      expect.stringMatching(
        /^The schema \.\/events\/bad\.json# cannot be used for validation: schema is invalid: .+\.$/,
      ),
    ]);
  });

  it("reports a schema ajv cannot compile as a diagnostic, not a throw", () => {
    const bundle = resolveInline({}, { type: "string", pattern: "(" });
    const result = new SampleChecker().check(bundle, "a");
    expect("problem" in result && result.problem.code).toBe("DT3209");
  });

  it("validates as ajv's own 2020-12 class does with the bundle as one document", () => {
    const bundle = resolveInline(
      { "events/shop.json": { definitions: { line: { type: "object", required: ["sku"] } } } },
      { type: "array", items: { $ref: "./shop.json#/definitions/line" }, minItems: 1 },
    );
    const validate = new Ajv2020({ strict: false }).compile(toSchemaDocument(bundle));
    for (const value of [[], [{ sku: "a" }], [{}], "x"] as JsonValue[]) {
      const ours = new SampleChecker().check(bundle, value);
      expect("failures" in ours && ours.failures.length === 0).toBe(validate(value));
    }
  });

  it("takes boolean schemas", () => {
    expect(failures({ properties: { no: false, yes: true } }, { no: 1, yes: 2 })).toEqual([
      { path: ["no"], message: "1 is not allowed here" },
    ]);
  });

  it("makes the diagnostic of a rejected sample, at the value", () => {
    const span = { file: EVENT_FILE, start: { line: 4, column: 9 }, end: { line: 4, column: 13 } };
    const made = sampleRejected({ path: ["id"], message: 'expected integer, got "12"' }, "sample.body.id", span);
    expect(made).toMatchObject({
      code: "DT4201",
      severity: "error",
      message: 'sample.body.id does not match the declared schema: expected integer, got "12".',
      span,
    });
  });
});
