import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rejections } from "../../src/infer/check.js";
import { convertSchema, fromJsonSchema } from "../../src/infer/from-json-schema.js";
import { inferValue, merge } from "../../src/infer/index.js";
import { applyEdits, refinementEdits } from "../../src/infer/refine.js";
import { schemaWarnings } from "../../src/infer/warnings.js";
import { kindOfSchema, type InferredSchema, type ObjectSchema } from "../../src/infer/schema.js";
import { reachedDefinitions, toJsonSchema } from "../../src/infer/to-json-schema.js";
import type { JsonObject, JsonValue } from "../../src/util/json.js";
import { validate } from "../../src/validate/index.js";
import { declared, refKey, table } from "../helpers/declared.js";
import { extractMemory, eventFile } from "../helpers/memory.js";

/** Declared JSON Schemas in the model (issue 17): conversion, its problems, and what the model's consumers do with them. */

describe("converting a declared JSON Schema", () => {
  it.each<[string, JsonValue, InferredSchema]>([
    [
      "true and false",
      { type: "array", prefixItems: [true, false] },
      { type: "array", items: {}, prefixItems: [{}, { not: {} }] },
    ],
    [
      "a type array, in the order unions list kinds",
      { type: ["null", "string"] },
      { anyOf: [{ type: "string" }, { type: "null" }] },
    ],
    [
      "an enum with null and a type array: each type its literals, written order",
      { type: ["string", "null"], enum: ["b", "a", null, 3] },
      { anyOf: [{ type: "string", enum: ["b", "a"] }, { type: "null" }] },
    ],
    ["a const without type", { const: 1.5 }, { type: "number", enum: [1.5] }],
    [
      "OpenAPI 3.0 nullable",
      { type: "integer", nullable: true, format: "int64" },
      { anyOf: [{ type: "integer", format: "int64" }, { type: "null" }] },
    ],
    ["nullable beside a $ref", { $ref: "#k", nullable: true }, { anyOf: [{ $ref: "k" }, { type: "null" }] }],
    [
      "an object implied by its keywords, with required keys properties lack",
      { required: ["a"], patternProperties: { "^x-": { type: "string" } } },
      {
        type: "object",
        properties: {},
        required: ["a"],
        additionalProperties: {},
        patternProperties: { "^x-": { type: "string" } },
      },
    ],
    [
      "draft-07 tuples",
      { type: "array", items: [{ type: "string" }], additionalItems: false },
      { type: "array", items: { not: {} }, prefixItems: [{ type: "string" }] },
    ],
    [
      "oneOf kept apart from anyOf",
      { oneOf: [{ type: "string" }, { type: "integer" }] },
      { oneOf: [{ type: "string" }, { type: "integer" }] },
    ],
    [
      "a type beside applicators: all of them",
      { type: "object", $ref: "#k", anyOf: [{ required: ["a"] }, { required: ["b"] }] },
      {
        allOf: [
          { type: "object", properties: {}, required: [], additionalProperties: {} },
          { $ref: "k" },
          {
            anyOf: [
              { type: "object", properties: {}, required: ["a"], additionalProperties: {} },
              { type: "object", properties: {}, required: ["b"], additionalProperties: {} },
            ],
          },
        ],
      },
    ],
    [
      "documentation, and every other keyword kept as written (unknown ones too); $schema and $id are the resolver's",
      {
        $schema: "x",
        $id: "y",
        type: "string",
        description: "d",
        title: "t",
        default: "a",
        examples: ["a"],
        pattern: "^a",
        "x-vendor": { $ref: "#k" },
        deprecated: true,
      },
      {
        type: "string",
        description: "d",
        title: "t",
        default: "a",
        examples: ["a"],
        keywords: { pattern: "^a", "x-vendor": { $ref: "k" }, deprecated: true },
      },
    ],
    [
      "an enum of objects: kept as written, typed by its type",
      { type: "object", enum: [{ a: 1 }] },
      { type: "object", properties: {}, required: [], additionalProperties: {}, keywords: { enum: [{ a: 1 }] } },
    ],
    ["a format where no scalar takes it: kept", { format: "date-time" }, { keywords: { format: "date-time" } }],
  ])("%s", (_, schema, expected) => {
    const { schema: converted, problems } = convertSchema(schema, { refKey });
    expect(problems).toEqual([]);
    expect(converted).toEqual(expected);
  });

  it("reports every real problem at once, each where it is, and nothing for what is only unusual", () => {
    const { problems } = convertSchema(
      {
        type: "object",
        required: "a",
        properties: { a: { type: "text" }, b: { enum: [] }, c: { $ref: "#/nowhere" }, d: { type: ["string", 1] } },
        patternProperties: { "(": {} },
        "x-anything": [1, 2],
        anyOf: [],
      },
      { refKey: (ref) => (ref === "#/nowhere" ? undefined : ref) },
    );
    expect(problems).toEqual([
      {
        path: ["properties", "a", "type"],
        message: '"text" is not a JSON type (object, array, string, integer, number, boolean, null)',
      },
      { path: ["properties", "b", "enum"], message: "must be a non-empty array of values" },
      { path: ["properties", "c", "$ref"], message: '"#/nowhere" names no definition' },
      {
        path: ["properties", "d", "type", 1],
        message: "1 is not a JSON type (object, array, string, integer, number, boolean, null)",
      },
      { path: ["patternProperties", "("], message: "is not a valid regular expression" },
      { path: ["required"], message: "must be an array of field names" },
      { path: ["anyOf"], message: "must be a non-empty array of schemas" },
    ]);
  });

  it("refuses a $ref in a refinement's schema, saying to write it inline", () => {
    expect(fromJsonSchema({ type: "object", properties: { a: { $ref: "#/$defs/a" } } })).toEqual({
      problem: "at properties.a.$ref: a refinement cannot refer to a definition yet (write the schema inline)",
    });
  });

  it("never changes its input", () => {
    const freeze = (value: JsonValue): JsonValue => {
      if (value !== null && typeof value === "object") {
        for (const v of Object.values(value)) freeze(v);
        Object.freeze(value);
      }
      return value;
    };
    const schema = freeze({
      type: ["object", "null"],
      properties: { a: { $ref: "#k", description: "d" }, b: { not: { $ref: "#k" } } },
      allOf: [{ required: ["a"] }],
    });
    const before = JSON.stringify(schema);
    const { schema: converted, problems } = convertSchema(schema, { refKey });
    expect(problems).toEqual([]);
    toJsonSchema(converted, (key) => key);
    expect(JSON.stringify(schema)).toBe(before);
  });

  it("never throws, whatever the JSON (hostile depth included)", () => {
    let deep: JsonValue = { type: "string" };
    for (let i = 0; i < 200; i++) deep = { type: "array", items: deep };
    expect(convertSchema(deep).problems.map((p) => p.message)).toEqual(["nests more than 64 levels"]);
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        convertSchema(value as JsonValue, { refKey });
      }),
      { numRuns: 300 },
    );
  });
});

describe("the model as JSON Schema", () => {
  it("gives an inferred schema back as the same object (so the manifest keeps its bytes)", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const schema = inferValue(value as JsonValue);
        expect(toJsonSchema(schema, () => "never")).toBe(schema);
      }),
      { numRuns: 200 },
    );
  });

  it("writes refs, kept keywords' refs too, and finds every definition reached, through definitions", () => {
    const definitions = table({
      a: { schema: { type: "object", properties: { b: { $ref: "#b" } } } },
      b: { schema: { not: { $ref: "#c" } } },
      c: { schema: { type: "string" } },
      unused: { schema: { type: "string" } },
    });
    const schema = declared({ type: "object", properties: { x: { $ref: "#a" } } });
    expect(reachedDefinitions(schema, definitions)).toEqual(["a", "b", "c"]);
    expect(toJsonSchema(definitions.get("b")!.schema, (key) => `#/$defs/${key.toUpperCase()}`)).toEqual({
      not: { $ref: "#/$defs/C" },
    });
  });
});

describe("merging declared nodes", () => {
  it("never loosens or drops them: null beside a pattern is a union, and what allows null stays", () => {
    const pattern = declared({ type: "string", pattern: "^a" });
    expect(merge(pattern, { type: "null" })).toEqual({ anyOf: [pattern, { type: "null" }] });
    const nullable = declared({ oneOf: [{ type: "string" }, { type: "null" }] });
    expect(merge(merge(nullable, { type: "null" }), { type: "null" })).toEqual({ anyOf: [nullable, { type: "null" }] });
    const union = merge(pattern, { type: "null" });
    expect(merge(union, { type: "null" })).toBe(union);
    expect(merge({}, pattern)).toBe(pattern);
  });
});

describe("checking samples against declared schemas (ajv)", () => {
  const payloadOf = (body: InferredSchema): ObjectSchema => ({
    type: "object",
    properties: { body },
    required: ["body"],
    additionalProperties: false,
  });
  const reasons = (body: JsonValue, values: JsonValue[]) =>
    values.map((value) => rejections(payloadOf(declared(body)), [{ body: value } as JsonObject])[0]?.reason);

  it("honours validation keywords, tuples, pattern properties, allOf and oneOf", () => {
    expect(reasons({ type: "integer", minimum: 0, multipleOf: 2 }, [4, -2, 3])).toEqual([
      undefined,
      "must be >= 0",
      "must be multiple of 2",
    ]);
    expect(reasons({ type: "array", prefixItems: [{ type: "string" }], items: false }, [["a"], ["a", 1], [1]])).toEqual(
      [undefined, "must NOT have more than 1 items", "must be a string"],
    );
    expect(
      reasons({ type: "object", patternProperties: { "^x-": { type: "string" } }, additionalProperties: false }, [
        { "x-a": "b" },
        { "x-a": 1 },
        { y: "b" },
      ]),
    ).toEqual([undefined, "must be a string", 'has the field "y", which the type does not allow']);
    expect(reasons({ allOf: [{ required: ["a"] }, { required: ["b"] }] }, [{ a: 1, b: 2 }, { a: 1 }])).toEqual([
      undefined,
      'lacks the required field "b"',
    ]);
    expect(reasons({ oneOf: [{ type: "number" }, { type: "integer" }] }, [1.5, 1])).toEqual([
      undefined,
      "must match exactly one schema in oneOf",
    ]);
    expect(
      reasons({ type: ["string", "null"], format: "date-time" }, [null, "2024-01-01T00:00:00Z", "soon", 1]),
    ).toEqual([undefined, undefined, "is not a valid date-time", "must be a string or null"]);
  });

  it("accepts unknown keywords and formats, as JSON Schema says", () => {
    expect(
      reasons({ type: "string", format: "my-format", "x-foo": 1, discriminator: { propertyName: "a" } }, ["a"]),
    ).toEqual([undefined]);
  });
});

describe("refining through declared nodes", () => {
  const validEvent = (refine: string) => {
    const extracted = extractMemory({
      "events/a.event.ts": eventFile(
        `{ name: "E", tag: "hook:event", description: "", sample: { headers: {}, query: {}, body: { repo: { id: 1 }, v: { a: "x" } }, params: {} }, refine: ${refine} }`,
      ),
    });
    return validate(extracted.events).events[0]!;
  };
  const schemaWith = (body: JsonValue): ObjectSchema => ({
    type: "object",
    properties: { headers: {}, query: {}, body: declared(body), params: {} },
    required: ["headers", "query", "body", "params"],
    additionalProperties: false,
  });

  it("edits a copy of a definition reached by $ref, for this event only; without the definitions, refuses", () => {
    const event = validEvent('{ "body.repo.id": { description: "The id." } }');
    const { edits } = refinementEdits(event, false);
    const definitions = table({ repo: { schema: { type: "object", properties: { id: { type: "integer" } } } } });
    const schema = schemaWith({
      type: "object",
      properties: { repo: { $ref: "#repo", description: "Where." }, other: { $ref: "#repo" } },
    });
    const result = applyEdits(schema, edits, event, definitions);
    expect(result.diagnostics).toEqual([]);
    const body = result.schema.properties["body"] as ObjectSchema;
    expect(body.properties["repo"]).toEqual({
      type: "object",
      properties: { id: { type: "integer", description: "The id." } },
      required: [],
      additionalProperties: {},
      description: "Where.",
    });
    expect(body.properties["other"]).toEqual({ $ref: "repo" });
    expect(definitions.get("repo")!.schema).toEqual(
      declared({ type: "object", properties: { id: { type: "integer" } } }),
    );
    const refused = applyEdits(schema, edits, event);
    expect(refused.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      'DT4003 refine["body.repo.id"]: the path goes through $ref to the shared definition "repo", which is not at hand here (at body.repo.id).',
    ]);
  });

  it("warns about nothing the samples left unknown in declared parts: they say what they mean", () => {
    const event = validEvent("{}");
    const schema = schemaWith({
      type: "object",
      properties: { v: { type: "null" }, repo: { type: "array", items: {} } },
    });
    expect(schemaWarnings(event, schema, new Set(["body"]))).toEqual([]);
    expect(schemaWarnings(event, schema).map((d) => d.code)).toEqual(["DT4102", "DT4101"]);
  });

  it("edits every member of a oneOf where the path leads", () => {
    const event = validEvent('{ "body.v.a": { description: "Doc." } }');
    const { edits } = refinementEdits(event, false);
    const body = {
      type: "object",
      properties: {
        v: {
          oneOf: [
            { type: "object", properties: { a: { type: "string" } } },
            { type: "object", properties: { b: { type: "string" } } },
          ],
        },
      },
    };
    const result = applyEdits(schemaWith(body), edits, event);
    expect(result.diagnostics).toEqual([]);
    const v = (result.schema.properties["body"] as ObjectSchema).properties["v"]!;
    expect(kindOfSchema(v)).toBe("oneOf");
    expect(JSON.stringify(v)).toContain('"a":{"type":"string","description":"Doc."}');
    expect(JSON.stringify(v)).toContain('"b":{"type":"string"}');
  });
});
