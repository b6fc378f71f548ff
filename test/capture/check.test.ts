import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkDelivery } from "../../src/capture/check.js";
import { inferObject } from "../../src/infer/sample.js";
import { toJsonSchema } from "../../src/infer/to-json-schema.js";
import type { JsonObject, JsonValue } from "../../src/util/json.js";

/** A payload schema as the manifest holds one: exact objects, shared definitions under $defs. */
const SCHEMA: JsonObject = {
  type: "object",
  properties: {
    headers: {
      type: "object",
      properties: { "x-signature": { type: "string" } },
      required: ["x-signature"],
      additionalProperties: { type: "string" },
    },
    query: { type: "object", properties: {}, required: [], additionalProperties: false },
    body: {
      type: "object",
      properties: {
        type: { type: "string" },
        data: { $ref: "#/$defs/Charge" },
        source: {
          anyOf: [
            {
              type: "object",
              properties: { card: { type: "string" } },
              required: ["card"],
              additionalProperties: false,
            },
            {
              type: "object",
              properties: { bank: { type: "string" } },
              required: ["bank"],
              additionalProperties: false,
            },
          ],
        },
        items: {
          type: "array",
          items: { type: "object", properties: { sku: { type: "string" } }, additionalProperties: false },
        },
      },
      required: ["type", "data"],
      additionalProperties: false,
    },
    params: { type: "object", properties: {}, required: [], additionalProperties: false },
  },
  required: ["headers", "query", "body", "params"],
  additionalProperties: false,
  $defs: {
    Charge: {
      type: "object",
      properties: { amount: { type: "number" }, currency: { type: "string" } },
      required: ["amount", "currency"],
      additionalProperties: false,
    },
  },
};

function payload(body: JsonObject, headers: JsonObject = { "x-signature": "t=1" }): JsonObject {
  return { headers, query: {}, body, params: {} };
}

describe("checkDelivery", () => {
  it("accepts a delivery that matches", () => {
    const result = checkDelivery(SCHEMA, payload({ type: "charge", data: { amount: 12, currency: "NGN" } }));
    expect(result).toEqual({ issues: [], unknown: [] });
  });

  it("names the field and what was expected, every issue at once", () => {
    const result = checkDelivery(SCHEMA, payload({ type: 3, data: { amount: "12" } }, {}));
    expect(result.issues).toEqual([
      { path: ["headers"], message: 'missing required field "x-signature"' },
      { path: ["body", "type"], message: "expected string, got 3" },
      { path: ["body", "data"], message: 'missing required field "currency"' },
      { path: ["body", "data", "amount"], message: 'expected number, got "12"' },
    ]);
  });

  it("accepts unknown keys and lists them, through $ref, the matching anyOf branch and arrays", () => {
    const result = checkDelivery(
      SCHEMA,
      payload({
        type: "charge",
        data: { amount: 1, currency: "NGN", fee: 2 },
        source: { bank: "x", branch: "y" },
        items: [{ sku: "a" }, { sku: "b", qty: 2 }],
        partner: true,
      }),
    );
    expect(result.issues).toEqual([]);
    // `bank` is declared by the branch that matched; the card branch would have called it unknown.
    expect(result.unknown).toEqual([
      ["body", "data", "fee"],
      ["body", "source", "branch"],
      ["body", "items", 1, "qty"],
      ["body", "partner"],
    ]);
  });

  it("leaves headers open when the schema does", () => {
    const result = checkDelivery(
      SCHEMA,
      payload({ type: "t", data: { amount: 1, currency: "c" } }, { "x-signature": "s", "x-other": "o" }),
    );
    expect(result).toEqual({ issues: [], unknown: [] });
  });

  it("checks the body alone, paths still from the payload", () => {
    const result = checkDelivery(SCHEMA, payload({ type: "t", data: { amount: "1", currency: "c" }, more: 1 }), "body");
    expect(result.issues).toEqual([{ path: ["body", "data", "amount"], message: 'expected number, got "1"' }]);
    expect(result.unknown).toEqual([["body", "more"]]);
  });

  it("checks a key named __proto__ as data, declared or not", () => {
    const schema: JsonObject = JSON.parse(
      '{"type":"object","properties":{"__proto__":{"type":"string"}},"required":["__proto__"],"additionalProperties":false}',
    ) as JsonObject;
    const wrong = JSON.parse('{"__proto__": 5}') as JsonObject;
    expect(checkDelivery(schema, wrong).issues).toEqual([{ path: ["__proto__"], message: "expected string, got 5" }]);
    expect(checkDelivery(schema, JSON.parse('{"__proto__": "x"}') as JsonObject)).toEqual({ issues: [], unknown: [] });
    expect(checkDelivery(schema, {}).issues).toEqual([{ path: [], message: 'missing required field "__proto__"' }]);
    const open: JsonObject = { type: "object", properties: {}, additionalProperties: false };
    expect(checkDelivery(open, JSON.parse('{"__proto__": {"a": 1}}') as JsonObject).unknown).toEqual([["__proto__"]]);
    const nested = JSON.parse(
      '{"type":"object","properties":{"__proto__":{"type":"object","properties":{"a":{}},"additionalProperties":false}}}',
    ) as JsonObject;
    expect(checkDelivery(nested, JSON.parse('{"__proto__": {"a": 1, "b": 2}}') as JsonObject)).toEqual({
      issues: [],
      unknown: [["__proto__", "b"]],
    });
  });

  it("finds unknown keys under a pattern property, once under every schema that applies", () => {
    const schema: JsonObject = {
      type: "object",
      properties: { x_a: { type: "object", additionalProperties: false } },
      patternProperties: { "^x_": { type: "object", properties: { b: {} }, additionalProperties: false } },
    };
    expect(checkDelivery(schema, { x_a: { c: 1 }, x_b: { b: 1, d: 2 } }).unknown).toEqual([
      ["x_a", "c"],
      ["x_b", "d"],
    ]);
  });

  it("changes neither the schema nor the payload", () => {
    const schema = structuredClone(SCHEMA);
    const value = payload({ type: "t", data: { amount: "1" }, extra: 1 });
    const copy = structuredClone(value);
    checkDelivery(schema, value);
    expect(schema).toEqual(SCHEMA);
    expect(value).toEqual(copy);
  });
});

describe("checkDelivery on payloads of any shape", () => {
  const key = fc.oneof(
    fc.string({ maxLength: 8 }),
    fc.constantFrom("__proto__", "constructor", "toString", "hasOwnProperty", "a/b", "~0", "x y", "%41"),
  );
  const leaf = fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.boolean(), fc.constant(null));
  const value = fc.letrec<{ v: JsonValue }>((tie) => ({
    v: fc.oneof(
      { depthSize: "small" },
      leaf,
      fc.array(tie("v"), { maxLength: 3 }),
      fc.dictionary(key, tie("v"), { maxKeys: 4 }),
    ),
  })).v;
  const body = fc.dictionary(key, value, { maxKeys: 5 });
  /** A payload as parsed JSON holds it: `__proto__` an own key. */
  const asParsed = (b: JsonObject): JsonObject =>
    JSON.parse(JSON.stringify({ headers: {}, query: {}, body: b, params: {} })) as JsonObject;

  it("accepts the payload its schema was inferred from, with nothing unknown", () => {
    fc.assert(
      fc.property(body, (b) => {
        const payload = asParsed(b);
        const schema = toJsonSchema(inferObject(payload), () => "#");
        expect(checkDelivery(schema, payload)).toEqual({ issues: [], unknown: [] });
      }),
      { numRuns: 60 },
    );
  });

  it("lists a key added to the body as unknown, and nothing else", () => {
    fc.assert(
      fc.property(body, key, leaf, (b, extra, v) => {
        const payload = asParsed(b);
        const schema = toJsonSchema(inferObject(payload), () => "#");
        fc.pre(!Object.hasOwn(payload["body"] as JsonObject, extra));
        const changed = JSON.parse(JSON.stringify(payload)) as JsonObject;
        Object.defineProperty(changed["body"], extra, {
          value: v,
          enumerable: true,
          writable: true,
          configurable: true,
        });
        expect(checkDelivery(schema, changed)).toEqual({ issues: [], unknown: [["body", extra]] });
      }),
      { numRuns: 60 },
    );
  });
});
