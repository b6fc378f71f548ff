import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { fileScratchDir } from "../helpers/tmp.js";
import type { JsonObject, JsonValue } from "../../src/util/json.js";
import type { ReceiveEvent } from "../../src/receive/render.js";
import { buildAjv, loadReceive, openObjects, type LoadedModule } from "./load.js";

/**
 * The generated validators against ajv (configured as the build's) on the same JSON Schemas:
 * random schemas over every keyword the compiler handles, random values from a small universe
 * that makes the keywords bite, both `unknownKeys` modes. "reject" must agree with ajv on the
 * schema as written; "accept" with ajv on the schema whose `additionalProperties: false` are
 * opened. Each schema is one event of one generated module, loaded once.
 */

const KEYS = ["a", "b", "c", "x-y"];

const leaf = fc.constantFrom<JsonValue>(
  null,
  true,
  false,
  0,
  1,
  2,
  3,
  -1,
  1.5,
  2.5,
  10,
  1e21,
  "",
  "a",
  "ab",
  "abc",
  "b",
  "é",
  "😀",
  "😀😀",
  "2024-02-29",
  "2023-02-29",
  "2024-13-01",
  "2024-02-29T23:59:60Z",
  "12:00:00Z",
  "12:00:00",
  "x@y.io",
  "https://a.b/c?d#e",
  "urn:isbn:1",
  "not a uri",
  "//host/x",
  "550e8400-e29b-41d4-a716-446655440000",
  "127.0.0.1",
  "::1",
  "P1D",
  "QUJD",
  "ab\nQUJD",
  "/a/b",
  "2147483648",
  2147483648,
  -2147483649,
  4294967296,
);

const { value } = fc.letrec<{ value: JsonValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.array(tie("value"), { maxLength: 4 }),
    // As JSON.parse makes them: fast-check may give objects without a prototype, which ajv's deep equality throws on.
    fc.dictionary(fc.constantFrom(...KEYS), tie("value"), { maxKeys: 4 }).map((d): JsonValue => ({ ...d })),
  ),
}));

const FORMATS = [
  "date",
  "time",
  "date-time",
  "uri",
  "email",
  "uuid",
  "ipv4",
  "ipv6",
  "duration",
  "byte",
  "int32",
  "int64",
  "regex",
  "unknown-format",
  "hostname",
  "uri-reference",
  "json-pointer",
];

const entry = <K extends string>(key: K, arb: fc.Arbitrary<JsonValue>) =>
  arb.map((v) => [key, v] as [string, JsonValue]);

const { schema } = fc.letrec<{ schema: JsonValue }>((tie) => {
  const sub = tie("schema");
  const small = fc.constantFrom(0, 1, 2, 3);
  const keyword = fc.oneof(
    entry(
      "type",
      fc.oneof(
        fc.constantFrom<JsonValue>("object", "array", "string", "integer", "number", "boolean", "null"),
        fc.constant<JsonValue>(["string", "null"]),
        fc.constant<JsonValue>(["integer", "array"]),
      ),
    ),
    entry("enum", fc.array(leaf, { minLength: 1, maxLength: 3 })),
    entry("enum", fc.constant([[1, 2], { a: 1 }, "a"])),
    entry("const", leaf),
    entry("const", fc.constant({ a: [1, "b"] })),
    entry("minimum", fc.constantFrom(0, 1, 1.5)),
    entry("maximum", fc.constantFrom(0, 2, 2.5)),
    entry("exclusiveMinimum", fc.constantFrom(0, 1)),
    entry("exclusiveMaximum", fc.constantFrom(2, 3)),
    entry("multipleOf", fc.constantFrom(1, 2, 0.5, 0.1)),
    entry("minLength", small),
    entry("maxLength", small),
    entry("pattern", fc.constantFrom("^a", "b$", "^.$", "\\p{L}", "^[😀]+$")),
    entry("format", fc.constantFrom(...FORMATS)),
    entry("minItems", small),
    entry("maxItems", small),
    entry("uniqueItems", fc.boolean()),
    entry("items", sub),
    entry("items", fc.constant(false)),
    // Not `sub`: ajv 8.20 skips `contains` after a prefixItems member it knows to fail when the array
    // is shorter than the tuple (`{ prefixItems: [false], contains: true }` accepts `[]`).
    entry(
      "prefixItems",
      fc.array(
        fc.constantFrom<JsonValue>(
          true,
          {},
          { type: "string" },
          { minimum: 1 },
          { type: "array", items: { type: "integer" } },
        ),
        { minLength: 1, maxLength: 2 },
      ),
    ),
    entry("contains", sub),
    entry("minContains", small),
    entry("maxContains", small),
    entry("properties", fc.dictionary(fc.constantFrom(...KEYS), sub, { maxKeys: 3 }) as fc.Arbitrary<JsonValue>),
    entry("required", fc.uniqueArray(fc.constantFrom(...KEYS), { maxLength: 2 })),
    entry("additionalProperties", fc.oneof(fc.constant(false), sub)),
    entry(
      "patternProperties",
      fc.dictionary(fc.constantFrom("^a", "-", "^[bc]$"), sub, { maxKeys: 2 }) as fc.Arbitrary<JsonValue>,
    ),
    entry("propertyNames", fc.constantFrom<JsonValue>({ maxLength: 1 }, { pattern: "^[a-c]" })),
    entry("minProperties", small),
    entry("maxProperties", small),
    entry("dependentRequired", fc.constant({ a: ["b"] })),
    entry("dependentSchemas", fc.record({ a: sub }) as fc.Arbitrary<JsonValue>),
    entry("dependencies", fc.constantFrom<JsonValue>({ b: ["c"] }, { c: { required: ["a"] } })),
    entry("allOf", fc.array(sub, { minLength: 1, maxLength: 2 })),
    entry("anyOf", fc.array(sub, { minLength: 1, maxLength: 3 })),
    entry("oneOf", fc.array(sub, { minLength: 1, maxLength: 3 })),
    entry("not", sub),
    entry("if", sub),
    entry("then", sub),
    entry("else", sub),
    entry("$ref", fc.constantFrom("#/$defs/Tree", "#/$defs/Named")),
    entry("x-unknown-keyword", fc.constant({ minimum: 100 })),
    entry("description", fc.constant("ignored")),
  );
  const node = fc.array(keyword, { minLength: 1, maxLength: 3 }).map((entries) => {
    const out: JsonObject = {};
    for (const [k, v] of entries) out[k] = v;
    return out as JsonValue;
  });
  return {
    schema: fc.oneof({ depthSize: "small", withCrossShrink: true }, fc.constantFrom<JsonValue>(true, false), node),
  };
});

/** Shared definitions every random schema may refer to: a recursive one, and one of each keyword kind. */
const DEFS: JsonObject = {
  Named: {
    type: "object",
    properties: { a: { type: "string", minLength: 1 } },
    required: ["a"],
    additionalProperties: false,
  },
  Tree: {
    type: "object",
    properties: { a: { type: "integer" }, b: { type: "array", items: { $ref: "#/$defs/Tree" } } },
    required: ["a"],
    additionalProperties: false,
  },
};

const SCHEMAS = fc
  .sample(schema, { numRuns: 300, seed: 18 })
  .map((s): JsonValue => (typeof s === "object" && s !== null && !Array.isArray(s) ? { ...s, $defs: DEFS } : s));

const events: ReceiveEvent[] = SCHEMAS.map((s, i) => ({
  tag: `w:e${i}`,
  webhook: "w",
  schema: (typeof s === "boolean" ? (s ? {} : { not: {} }) : s) as JsonObject,
  selector: undefined,
}));

const dir = fileScratchDir("receive-agreement");
let accept: LoadedModule;
let reject: LoadedModule;

beforeAll(async () => {
  accept = (await loadReceive(`${dir}/accept`, events, false)).modules.get("w")!;
  reject = (await loadReceive(`${dir}/reject`, events, true)).modules.get("w")!;
}, 60_000);

describe("generated validators agree with ajv", () => {
  const ajv = buildAjv();
  it("on random schemas over every keyword, unknownKeys reject: ajv on the schema as written", () => {
    events.forEach((event) => {
      const validate = ajv.compile(event.schema);
      fc.assert(
        fc.property(value, (v) => {
          const expected = validate(v);
          const result = reject.parseEvent(event.tag, v);
          if (result.ok !== expected) throw new Error(disagreement(event, v, result, expected));
          expect(reject.isEvent(event.tag, v)).toBe(expected);
        }),
        { numRuns: 60, seed: 1 },
      );
    });
  });

  it("on random schemas over every keyword, unknownKeys accept: ajv on the schema with objects opened", () => {
    events.forEach((event) => {
      const validate = ajv.compile(openObjects(event.schema) as object);
      fc.assert(
        fc.property(value, (v) => {
          const result = accept.parseEvent(event.tag, v);
          const expected = validate(v);
          if (result.ok !== expected) throw new Error(disagreement(event, v, result, expected));
          expect(accept.isEvent(event.tag, v)).toBe(result.ok);
          if (!result.ok) expect(result.issues.length).toBeGreaterThan(0);
        }),
        { numRuns: 60, seed: 2 },
      );
    });
  });
});

function disagreement(event: ReceiveEvent, v: JsonValue, result: unknown, expected: boolean): string {
  const { $defs: _, ...schema } = event.schema;
  return `${event.tag}: ajv says ${expected} for ${JSON.stringify(v)} against ${JSON.stringify(schema)}; generated: ${JSON.stringify(result)}`;
}
