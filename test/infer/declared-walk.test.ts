import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { extract } from "../../src/extract/index.js";
import { declaredRejection, wholeRejection } from "../../src/infer/check-declared.js";
import { infer } from "../../src/infer/index.js";
import { convertSchema } from "../../src/infer/from-json-schema.js";
import type { DefinitionTable, InferredSchema, ObjectSchema } from "../../src/infer/schema.js";
import type { JsonObject, JsonValue } from "../../src/util/json.js";
import { validate } from "../../src/validate/index.js";
import { refKey, table } from "../helpers/declared.js";
import { ROOT } from "../helpers/memory.js";

/**
 * Refined declared schemas are checked by walking the nodes refining copied and handing every
 * other node to a validator compiled once (src/infer/declared-walk.ts): each payload gets the
 * verdict, the place and the reason that one ajv compile of the whole schema gives.
 */

const payloadOf = (body: InferredSchema): ObjectSchema => ({
  type: "object",
  properties: { body },
  required: ["body"],
  additionalProperties: false,
  title: "Payload",
});

const DEFINITIONS: DefinitionTable = table({
  money: {
    schema: {
      type: "object",
      required: ["amount", "currency"],
      properties: { amount: { type: "integer", minimum: 0 }, currency: { $ref: "#currency" } },
      additionalProperties: false,
    },
  },
  currency: { schema: { type: "string", enum: ["usd", "eur"] } },
  note: {
    schema: {
      type: "object",
      required: ["a"],
      properties: { a: { type: "string" }, b: { type: "array", items: { $ref: "#note" } } },
    },
  },
  stamp: { schema: { type: ["string", "null"], format: "date-time" } },
});

const KEYS = ["a", "b", "c", "__proto__"];

/** Declared JSON Schemas over a few keys and values, with every kind of node the walk takes or hands over. */
const schemas = fc.letrec<{ schema: JsonValue }>((tie) => ({
  schema: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom<JsonValue>(
      { type: "string" },
      { type: "string", enum: ["usd", "x"] },
      { type: "integer" },
      { type: "integer", minimum: 0 },
      { type: "number", enum: [1, 1.5] },
      { type: "boolean" },
      { type: "null" },
      { type: "string", format: "date-time" },
      { type: "string", pattern: "^x" },
      { type: ["string", "null"] },
      { const: "x" },
      { enum: ["usd", 1, null] },
      {},
      { description: "anything" },
      false,
      { $ref: "#money" },
      { $ref: "#currency" },
      { $ref: "#note" },
      { $ref: "#stamp", description: "When." },
    ),
    fc
      .record({
        properties: fc.dictionary(fc.constantFrom(...KEYS), tie("schema"), { maxKeys: 3 }),
        required: fc.subarray(KEYS, { maxLength: 2 }),
        additionalProperties: fc.oneof(fc.constant<JsonValue>(false), fc.constant<JsonValue>(true), tie("schema")),
        minProperties: fc.option(fc.constant(1), { nil: undefined }),
      })
      .map(({ minProperties, ...object }): JsonValue => {
        const out: JsonObject = { type: "object", ...object };
        if (minProperties !== undefined) out["minProperties"] = minProperties;
        return out;
      }),
    tie("schema").map((items): JsonValue => ({ type: "array", items })),
    fc.array(tie("schema"), { minLength: 1, maxLength: 3 }).map((anyOf): JsonValue => ({ anyOf })),
    fc.array(tie("schema"), { minLength: 1, maxLength: 2 }).map((oneOf): JsonValue => ({ oneOf })),
    fc.array(tie("schema"), { minLength: 1, maxLength: 2 }).map((allOf): JsonValue => ({ allOf })),
  ),
})).schema;

/** Payload values built from the same keys and a few values the schemas take or refuse. */
const values = fc.letrec<{ value: JsonValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom<JsonValue>("x", "usd", "y", "2024-05-01T10:00:00Z", 1, -1, 1.5, true, null),
    fc.array(fc.tuple(fc.constantFrom(...KEYS), tie("value")), { maxLength: 3 }).map((entries): JsonValue => {
      const object: JsonObject = {};
      for (const [key, value] of entries) {
        Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
      }
      return object;
    }),
    fc.array(tie("value"), { maxLength: 3 }),
    fc.record({ amount: fc.constantFrom(1, -1), currency: fc.constantFrom("usd", "gbp") }),
  ),
})).value;

describe("checking refined declared schemas by walking them (declared-walk.ts)", () => {
  it("gives the verdict, place and reason of ajv's compile of the whole schema", () => {
    let named = 0;
    fc.assert(
      fc.property(schemas, fc.array(values, { minLength: 1, maxLength: 3 }), (json, bodies) => {
        const { schema, problems } = convertSchema(json, { refKey });
        fc.pre(problems.length === 0);
        if (JSON.stringify(json).includes('"__proto__":')) named += 1;
        const payload = payloadOf(schema);
        for (const body of bodies) {
          const value = { body } as JsonObject;
          expect(declaredRejection(payload, value, DEFINITIONS)).toEqual(wholeRejection(payload, value, DEFINITIONS));
        }
      }),
      { numRuns: 300 },
    );
    // Schemas name a property `__proto__` (an own key: fast-check's dictionaries define their keys) often enough.
    expect(named).toBeGreaterThan(30);
  });

  it("checks a property named __proto__ as it checks any other key, given last", () => {
    let named = 0;
    fc.assert(
      fc.property(schemas, fc.array(values, { minLength: 1, maxLength: 3 }), (json, bodies) => {
        const proto = convertSchema(json, { refKey });
        const plain = convertSchema(protoAsZ(json), { refKey });
        fc.pre(proto.problems.length === 0 && plain.problems.length === 0);
        if (JSON.stringify(json).includes('"__proto__":')) named += 1;
        for (const body of bodies) {
          const found = declaredRejection(payloadOf(proto.schema), { body } as JsonObject, DEFINITIONS);
          const asZ = declaredRejection(payloadOf(plain.schema), { body: protoAsZ(body) } as JsonObject, DEFINITIONS);
          expect(asJson(found)).toEqual(zAsProto(asJson(asZ)));
        }
      }),
      { numRuns: 300 },
    );
    expect(named).toBeGreaterThan(30);
  });

  it("rejects a wrong __proto__ value at the value, for the reason any other key gets", () => {
    const body = JSON.parse(
      '{"type":"object","properties":{"__proto__":{"type":"string"},"a":{"type":"string"}},"required":["__proto__"],"additionalProperties":false}',
    ) as JsonValue;
    const { schema } = convertSchema(body, { refKey });
    const rejection = (text: string) =>
      declaredRejection(payloadOf(schema), JSON.parse(`{"body":${text}}`), DEFINITIONS);
    expect(rejection('{"__proto__": 5}')).toEqual({
      path: ["body", "__proto__"],
      value: 5,
      reason: "must be a string",
    });
    expect(rejection("{}")).toMatchObject({ path: ["body"], reason: 'lacks the required field "__proto__"' });
    expect(rejection('{"__proto__": "x"}')).toBeUndefined();
    // Checked after its siblings, as ajv checks it.
    expect(rejection('{"__proto__": 5, "a": 6}')).toMatchObject({ path: ["body", "a"] });
    expect(rejection('{"__proto__": "x", "b": 6}')).toMatchObject({
      reason: 'has the field "b", which the type does not allow',
    });
  });

  it("tells declared keys from others as ajv does, with more than eight properties and a key named __proto__", () => {
    const names = ["__proto__", "a", "b", "c", "d", "e", "f", "g", "h"];
    for (const count of [3, names.length]) {
      const properties: JsonObject = {};
      for (const name of names.slice(0, count)) {
        Object.defineProperty(properties, name, { value: { type: "string" }, enumerable: true });
      }
      for (const additionalProperties of [false, { type: "integer" }]) {
        const { schema } = convertSchema({ type: "object", properties, additionalProperties }, { refKey });
        for (const value of [1, "x"]) {
          const body: JsonObject = {};
          Object.defineProperty(body, "__proto__", { value, enumerable: true });
          const payload = { body } as JsonObject;
          expect(declaredRejection(payloadOf(schema), payload, DEFINITIONS)).toEqual(
            wholeRejection(payloadOf(schema), payload, DEFINITIONS),
          );
        }
      }
    }
  });

  it("reports a schema ajv refuses as before, for every payload, even one the walk would not reach it with", () => {
    const body = {
      type: "object",
      properties: { a: { type: "string" }, b: { type: "string", pattern: "(" } },
    } as const;
    const { schema } = convertSchema(body, { refKey });
    const payload = { body: { a: "x" } };
    const found = declaredRejection(payloadOf(schema), payload, DEFINITIONS);
    expect(found?.reason).toMatch(/^cannot be checked against its schema: /);
    expect(found).toEqual(wholeRejection(payloadOf(schema), payload, DEFINITIONS));
  });
});

/**
 * Every `__proto__` that names a property (in the schema) or is a key (in data) as `z`, given
 * last among a schema's properties (`map`: `json` is a `properties` map).
 */
function protoAsZ(json: JsonValue, map = false): JsonValue {
  if (Array.isArray(json)) return json.map((item) => protoAsZ(item));
  if (json === null || typeof json !== "object") return json === "__proto__" ? "z" : json;
  const out: JsonObject = {};
  const keys = Object.keys(json);
  const ordered = map ? [...keys.filter((k) => k !== "__proto__"), ...keys.filter((k) => k === "__proto__")] : keys;
  for (const key of ordered) {
    const value = Object.getOwnPropertyDescriptor(json, key)!.value as JsonValue;
    out[key === "__proto__" ? "z" : key] = protoAsZ(value, key === "properties" && !map);
  }
  return out;
}

/** A rejection as JSON text, `__proto__` keys and all. */
function asJson(value: unknown): string | undefined {
  return JSON.stringify(value);
}

/** A rejection found with `z` for `__proto__`, named as the key it stands for. */
function zAsProto(text: string | undefined): string | undefined {
  return text?.replaceAll('\\"z\\"', '\\"__proto__\\"').replaceAll('"z"', '"__proto__"');
}

describe("a refinement of a declared schema rejects what only it refuses", () => {
  const FILES: Record<string, string> = {
    "schemas/shop.json": JSON.stringify({
      definitions: {
        order: {
          type: "object",
          required: ["id", "status"],
          properties: {
            id: { type: "string", pattern: "^o" },
            status: { type: "string" },
            lines: { type: "array", items: { $ref: "#/definitions/line" } },
          },
        },
        line: { type: "object", required: ["sku"], properties: { sku: { type: "string" }, qty: { type: "integer" } } },
      },
    }),
    "events/paid.event.ts": `import { defineEvent } from "ductape-events";
export default defineEvent({
  name: "Paid",
  tag: "shop:paid",
  description: "",
  schema: { body: { $ref: "../schemas/shop.json#/definitions/order" } },
  sample: { headers: {}, query: {}, body: { id: "o1", status: "open", lines: [{ sku: "a", qty: 1 }] }, params: {} },
  examples: [{ headers: {}, query: {}, body: { id: "o2", status: "paid", lines: [{ sku: "b", qty: 2 }] }, params: {} }],
  refine: {
    "body.status": { enum: ["paid"] },
    "body.lines[].qty": { description: "How many." },
  },
});
`,
  };

  it("at the value in the sample, blaming the refinement, as DT4004", () => {
    const extracted = extract({
      files: [`${ROOT}/events/paid.event.ts`],
      root: ROOT,
      readFile: (path) => {
        const text = FILES[path.slice(ROOT.length + 1)];
        if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: "ENOENT" });
        return text;
      },
    });
    // The declared schema takes every payload: only the refinement refuses the sample.
    expect(extracted.diagnostics).toEqual([]);
    const result = infer(validate(extracted.events).events);
    expect(result.events).toEqual([]);
    expect(result.diagnostics.map((d) => [d.code, d.message, d.span?.start.line, d.span?.start.column])).toEqual([
      [
        "DT4004",
        'refine["body.status"] makes the type reject the sample: sample.body.status = "open" is not one of "paid".',
        10,
        5,
      ],
    ]);
  });
});
