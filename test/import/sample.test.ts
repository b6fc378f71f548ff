import Ajv2020Module from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sampleOf } from "../../src/import/sample.js";
import type { JsonObject, JsonValue } from "../../src/util/json.js";

const Ajv2020 = Ajv2020Module.default;

function validator() {
  const ajv = new Ajv2020({ strict: false });
  addFormats.default(ajv);
  return ajv;
}

describe("sampleOf", () => {
  it("takes const, then enum's first non-null, then the schema's own example of the right type", () => {
    expect(sampleOf({ const: "x", enum: ["y"] }, {})).toBe("x");
    expect(sampleOf({ enum: [null, "b", "c"] }, {})).toBe("b");
    expect(sampleOf({ type: "integer", example: 7 }, {})).toBe(7);
    expect(sampleOf({ type: "integer", examples: [8] }, {})).toBe(8);
    expect(sampleOf({ type: "integer", default: 9 }, {})).toBe(9);
    // An example of another type than the schema's (documents have them) is not taken.
    expect(sampleOf({ type: "array", items: { type: "string" }, example: "bug" }, {})).toEqual(["value"]);
  });

  it("honours format, lengths, bounds and multipleOf", () => {
    expect(sampleOf({ type: "string", format: "date-time" }, {})).toBe("2024-01-01T00:00:00Z");
    expect(sampleOf({ type: "string", format: "uuid" }, {})).toBe("00000000-0000-4000-8000-000000000000");
    expect(sampleOf({ type: "string", minLength: 8 }, {}, "id")).toBe("idxxxxxx");
    expect(sampleOf({ type: "string", maxLength: 2 }, {}, "login")).toBe("lo");
    expect(sampleOf({ type: "integer", minimum: 3 }, {})).toBe(3);
    expect(sampleOf({ type: "integer", exclusiveMinimum: 3 }, {})).toBe(4);
    expect(sampleOf({ type: "number", minimum: 0.5, multipleOf: 2 }, {})).toBe(2);
    expect(sampleOf({ type: "integer", minimum: 10, maximum: 5 }, {})).toBe(5);
    expect(sampleOf({ type: "integer", maximum: -4 }, {})).toBe(-4);
  });

  it("gives every property at the top, only required ones below, and arrays minItems (at least one) elements", () => {
    const schema = {
      type: "object",
      properties: {
        a: { type: "object", properties: { x: { type: "string" }, y: { type: "boolean" } }, required: ["y"] },
        b: { type: "array", items: { type: "integer" }, minItems: 2 },
        c: { type: ["null", "string"] },
      },
    };
    expect(sampleOf(schema, {})).toEqual({ a: { y: false }, b: [0, 0], c: "c" });
  });

  it("follows $refs, and stops a cycle with the smallest value the schema allows", () => {
    const root = {
      components: {
        schemas: {
          Node: {
            type: "object",
            properties: { name: { type: "string" }, parent: { $ref: "#/components/schemas/Node" } },
            required: ["name", "parent"],
          },
          Tree: {
            type: "object",
            properties: { children: { type: "array", items: { $ref: "#/components/schemas/Tree" } } },
            required: ["children"],
          },
        },
      },
    };
    expect(sampleOf({ $ref: "#/components/schemas/Node" }, root)).toEqual({ name: "name", parent: {} });
    expect(sampleOf({ $ref: "#/components/schemas/Tree" }, root)).toEqual({ children: [{}] });
  });

  it("builds one value for allOf: objects merged, types and enums intersected", () => {
    const root = {
      components: { schemas: { Base: { type: "object", properties: { id: { type: "integer" } }, required: ["id"] } } },
    };
    const schema = {
      type: "object",
      properties: {
        repo: {
          allOf: [
            { $ref: "#/components/schemas/Base" },
            {
              type: "object",
              properties: { created_at: { oneOf: [{ type: "integer" }, { type: "string", format: "date-time" }] } },
              required: ["created_at"],
            },
            {
              type: "object",
              properties: { created_at: { type: "string" }, state: { enum: ["open", "closed"] } },
              required: ["state"],
            },
            { properties: { state: { enum: ["closed"] } } },
          ],
        },
        tags: { type: "array", items: { allOf: [{ type: "string" }, { type: "null" }] } },
      },
    };
    const value = sampleOf(schema, root);
    expect(value).toEqual({ repo: { id: 0, created_at: "2024-01-01T00:00:00Z", state: "closed" }, tags: [] });
    expect(validator().validate({ ...schema, components: root.components }, value)).toBe(true);
  });

  it("is deterministic and leaves its input as it was", () => {
    const schema: JsonObject = { type: "object", properties: { a: { anyOf: [{ type: "null" }, { type: "string" }] } } };
    const copy = structuredClone(schema);
    expect(sampleOf(schema, {})).toEqual(sampleOf(schema, {}));
    expect(sampleOf(schema, {})).toEqual({ a: "a" });
    expect(schema).toEqual(copy);
  });
});

/**
 * Schemas that some value satisfies, of the keywords the walk honours. (Not `oneOf`: the walk
 * takes its first branch, which overlapping branches make ambiguous; a documented limit.)
 */
const satisfiable: fc.Arbitrary<JsonObject> = fc.letrec<{ schema: JsonObject }>((tie) => ({
  schema: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.record({ type: fc.constant("string"), minLength: fc.nat(5) }).chain((s) =>
      fc.record({
        type: fc.constant("string"),
        minLength: fc.constant(s.minLength),
        maxLength: fc.integer({ min: s.minLength, max: 12 }),
      }),
    ),
    fc.record({
      type: fc.constant("string"),
      format: fc.constantFrom("date-time", "date", "email", "uri", "uuid", "ipv4", "ipv6", "hostname"),
    }),
    fc.record({ type: fc.constantFrom("integer", "number"), minimum: fc.integer({ min: -50, max: 50 }) }),
    fc.record({
      type: fc.constantFrom("integer", "number"),
      minimum: fc.integer({ min: -50, max: 50 }),
      multipleOf: fc.integer({ min: 1, max: 7 }),
    }),
    fc.record({ type: fc.constantFrom("integer", "number"), exclusiveMinimum: fc.integer({ min: -50, max: 50 }) }),
    fc.record({
      enum: fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null)), { minLength: 1, maxLength: 4 }),
    }),
    fc.record({ const: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<JsonValue> }),
    fc.constant<JsonObject>({ type: ["string", "null"] }),
    fc.record({ type: fc.constant("boolean") }),
    fc.record({
      type: fc.constant("array"),
      items: tie("schema"),
      minItems: fc.nat(3),
    }),
    fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), tie("schema"), { maxKeys: 4 }).chain((properties) =>
      fc.record({
        type: fc.constant("object"),
        properties: fc.constant(properties),
        required: fc.subarray(Object.keys(properties)),
      }),
    ),
    fc
      .array(tie("schema"), { minLength: 1, maxLength: 3 })
      .map((branches) => ({ anyOf: [{ type: "null" }, ...branches] }) as JsonObject),
  ),
})).schema;

it("builds a value every satisfiable schema of its keywords accepts (property)", () => {
  const ajv = validator();
  fc.assert(
    fc.property(satisfiable, (schema) => {
      const value = sampleOf(schema, {}) as JsonValue;
      const valid = ajv.validate(schema, value);
      expect(valid, `${JSON.stringify(schema)} -> ${JSON.stringify(value)}: ${ajv.errorsText()}`).toBe(true);
    }),
    { numRuns: 300 },
  );
});
