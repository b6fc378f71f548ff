import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkDelivery } from "../../src/capture/check.js";
import { SampleChecker, type SampleFailure } from "../../src/schema/check-samples.js";
import { forAjv } from "../../src/util/for-ajv.js";
import type { JsonObject, JsonValue } from "../../src/util/json.js";
import { resolveInline } from "../schema/memory-files.js";

/**
 * A property named `__proto__` is checked as any other (src/util/for-ajv.ts), by the build's
 * check of samples (SampleChecker) and by `ductape-events check` (checkDelivery) alike. Schemas
 * and payloads are written as JSON text: in a JavaScript object literal, `__proto__` would set
 * the prototype rather than a key.
 */

const json = (text: string): JsonObject => JSON.parse(text) as JsonObject;

/** The build's failures of `value` against an inline declared schema. */
function buildFailures(schema: JsonValue, value: JsonValue, checker = new SampleChecker()): readonly SampleFailure[] {
  const bundle = resolveInline({}, schema);
  expect(bundle.problems).toEqual([]);
  const result = checker.check(bundle, value);
  if ("problem" in result) throw new Error(result.problem.message);
  return result.failures;
}

/** `check`'s issues for `value` as a whole payload's schema. */
function checkIssues(schema: JsonObject, value: JsonValue): readonly SampleFailure[] {
  return checkDelivery(schema, value).issues;
}

const STRING_PROTO = json(
  '{"type":"object","properties":{"a":{"type":"string"},"__proto__":{"type":"string"}},"required":["__proto__"],"additionalProperties":false}',
);

describe("forAjv", () => {
  it("gives a schema that names no __proto__ back as it is", () => {
    const schema = json('{"type":"object","properties":{"a":{"anyOf":[{"type":"string"}]}},"required":["__proto__"]}');
    expect(forAjv(schema)).toBe(schema);
  });

  it("moves the property to a pattern matching that name alone, at any depth, leaving the input as it was", () => {
    const text =
      '{"type":"array","items":{"type":"object","properties":{"__proto__":{"type":"string"},"b":{}},"patternProperties":{"^__proto__$":{"minLength":1},"__proto__":{}}}}';
    const schema = json(text);
    const out = forAjv(schema) as JsonObject;
    expect(JSON.stringify(schema)).toBe(text);
    const items = out["items"] as JsonObject;
    expect(Object.keys(items["properties"] as JsonObject)).toEqual(["b"]);
    // The patterns already there keep their schemas; the one spelled `__proto__` (which ajv skips too) is respelled.
    expect(items["patternProperties"]).toEqual({
      "^__proto__$": { minLength: 1 },
      "(?:__proto__)": {},
      "(?:^__proto__$)": { type: "string" },
    });
  });
});

describe("the build checks a property named __proto__ as any other (SampleChecker)", () => {
  it("rejects a wrong value at the value, in the words any other property gets", () => {
    expect(buildFailures(STRING_PROTO, json('{"__proto__": 5}'))).toEqual([
      { path: ["__proto__"], message: "expected string, got 5" },
    ]);
    expect(buildFailures(STRING_PROTO, json('{"__proto__": "x", "a": 5}'))).toEqual([
      { path: ["a"], message: "expected string, got 5" },
    ]);
    expect(buildFailures(STRING_PROTO, json('{"__proto__": "x"}'))).toEqual([]);
  });

  it("counts it for required and additionalProperties: false, with few properties or more than eight", () => {
    expect(buildFailures(STRING_PROTO, {})).toEqual([{ path: [], message: 'missing required field "__proto__"' }]);
    const closed = json('{"type":"object","properties":{"a":{}},"additionalProperties":false}');
    expect(buildFailures(closed, json('{"__proto__": 1}'))).toEqual([
      { path: ["__proto__"], message: 'unexpected field "__proto__"' },
    ]);
    const many = json(
      `{"type":"object","properties":{${["__proto__", ..."abcdefghi"].map((k) => `"${k}":{"type":"string"}`).join(",")}},"additionalProperties":false}`,
    );
    expect(buildFailures(many, json('{"__proto__": 1}'))).toEqual([
      { path: ["__proto__"], message: "expected string, got 1" },
    ]);
    expect(buildFailures(many, json('{"__proto__": "x"}'))).toEqual([]);
  });

  it("shows propertyNames and patternProperties the key's own name", () => {
    const names = json('{"type":"object","propertyNames":{"pattern":"^[a-z_]+$","maxLength":9}}');
    expect(buildFailures(names, json('{"__proto__": 1}'))).toEqual([]);
    const patterned = json(
      '{"type":"object","patternProperties":{"^_":{"type":"string"}},"additionalProperties":false}',
    );
    expect(buildFailures(patterned, json('{"__proto__": 1}'))).toEqual([
      { path: ["__proto__"], message: "expected string, got 1" },
    ]);
  });

  it("follows dependencies keyed by it, and compares it in const", () => {
    const dependent = json(
      '{"type":"object","dependentRequired":{"__proto__":["a"]},"dependentSchemas":{"__proto__":{"properties":{"b":{"type":"string"}}}}}',
    );
    expect(buildFailures(dependent, json('{"__proto__": 1, "b": 2}'))).toEqual([
      { path: [], message: 'missing required field "a"' },
      { path: ["b"], message: "expected string, got 2" },
    ]);
    expect(buildFailures(dependent, json('{"b": 2}'))).toEqual([]);
    const constant = json('{"const":{"__proto__":1}}');
    expect(buildFailures(constant, json('{"__proto__": 1}'))).toEqual([]);
    expect(buildFailures(constant, {})).toEqual([{ path: [], message: 'expected {"__proto__":1}, got an object' }]);
  });
});

describe("check and the build agree on __proto__", () => {
  const CASES: [string, string][] = [
    [JSON.stringify(STRING_PROTO), '{"__proto__": 5}'],
    [JSON.stringify(STRING_PROTO), "{}"],
    [JSON.stringify(STRING_PROTO), '{"__proto__": "x"}'],
    ['{"type":"object","propertyNames":{"pattern":"^[a-z_]+$"}}', '{"__proto__": 1}'],
    ['{"type":"object","propertyNames":{"maxLength":8}}', '{"__proto__": 1}'],
    ['{"type":"object","patternProperties":{"^_":{"type":"string"}}}', '{"__proto__": 1}'],
    ['{"type":"object","dependentRequired":{"__proto__":["a"]}}', '{"__proto__": 1}'],
  ];

  it.each(CASES)("%s with %s", (schema, payload) => {
    expect(checkIssues(json(schema), json(payload))).toEqual(buildFailures(json(schema), json(payload)));
  });

  // `__proto__` weighs double: a payload and its schema should both name it often.
  const KEYS = ["a", "b", "__proto__", "__proto__"];
  /** Declared schemas that close no object: `check` leaves every object open, and reports closed ones apart. */
  const schemas = fc.letrec<{ schema: JsonValue; object: JsonValue }>((tie) => ({
    schema: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.constantFrom<JsonValue>(
        { type: "string" },
        { type: "integer", minimum: 0 },
        { enum: ["x", 1, null] },
        { const: "x" },
        {},
        { type: "object", propertyNames: { pattern: "^[a-z_]+$" } },
        { type: "object", patternProperties: { "^_": { type: "string" } } },
      ),
      tie("object"),
      tie("schema").map((items): JsonValue => ({ type: "array", items })),
      fc.array(tie("schema"), { minLength: 1, maxLength: 2 }).map((anyOf): JsonValue => ({ anyOf })),
      fc.array(tie("schema"), { minLength: 1, maxLength: 2 }).map((allOf): JsonValue => ({ allOf })),
    ),
    object: fc
      .record({
        properties: fc.dictionary(fc.constantFrom(...KEYS), tie("schema"), { maxKeys: 3 }),
        required: fc.subarray(["a", "__proto__"]),
      })
      .map(({ properties, required }): JsonValue => ({ type: "object", properties, required })),
  })).object;
  const values = fc.letrec<{ value: JsonValue; object: JsonValue }>((tie) => ({
    value: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.constantFrom<JsonValue>("x", "y", 1, -1, null, true),
      tie("object"),
      fc.array(tie("value"), { maxLength: 2 }),
    ),
    object: fc.dictionary(fc.constantFrom(...KEYS), tie("value"), { maxKeys: 3 }),
  })).object;
  /** As JSON text holds them: `__proto__` an own key wherever fast-check made one. */
  const parsed = <T extends JsonValue>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

  it("gives the same failures for any schema that closes no object and any payload", () => {
    let proto = 0;
    // One checker, as a build keeps: it replaces the schema it holds under the same key.
    const checker = new SampleChecker();
    fc.assert(
      fc.property(schemas, values, (schema, value) => {
        const s = parsed({ type: "object", properties: { body: schema } });
        const v = parsed({ body: value });
        if (JSON.stringify(s).includes('"__proto__":') && JSON.stringify(v).includes('"__proto__":')) proto += 1;
        expect(checkIssues(s, v)).toEqual(buildFailures(s, v, checker));
      }),
      { numRuns: 150 },
    );
    // The generators make __proto__ keys on both sides often enough to mean something.
    expect(proto).toBeGreaterThan(30);
  });
});
