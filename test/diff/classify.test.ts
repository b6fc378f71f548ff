import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareSchemas } from "../../src/diff/classify.js";
import { impactFor } from "../../src/diff/rules.js";
import { inferValue } from "../../src/infer/index.js";
import { toJsonSchema } from "../../src/infer/to-json-schema.js";
import type { JsonObject, JsonValue } from "../../src/util/json.js";

/** A payload schema whose body is `body` (the other parts empty), as the manifest records it. */
function payload(body: JsonObject, defs?: JsonObject): JsonObject {
  return {
    type: "object",
    properties: { body },
    required: ["body"],
    additionalProperties: false,
    ...(defs === undefined ? {} : { $defs: defs }),
  };
}

function object(properties: JsonObject, required: string[] = Object.keys(properties)): JsonObject {
  return { type: "object", properties, required, additionalProperties: false };
}

const str = { type: "string" };
const int = { type: "integer" };
const nullable = (schema: JsonObject): JsonObject => ({ anyOf: [schema, { type: "null" }] });

function kinds(before: JsonObject, after: JsonObject): string[] {
  return compareSchemas(payload(before), payload(after)).map((c) => `${c.path} ${c.kind}`);
}

describe("compareSchemas", () => {
  it("finds nothing between a schema and itself", () => {
    const schema = payload(object({ id: int, tags: { type: "array", items: str } }));
    expect(compareSchemas(schema, structuredClone(schema))).toEqual([]);
  });

  it("names removed and added fields, optional or required, with their types", () => {
    const changes = compareSchemas(
      payload(object({ id: int, legacy_id: str })),
      payload(object({ id: int, note: str, code: str }, ["id", "code"])),
    );
    expect(changes).toEqual([
      { path: "body.code", kind: "field-added-required", before: null, after: "string" },
      { path: "body.legacy_id", kind: "field-removed", before: "string", after: null },
      { path: "body.note", kind: "field-added-optional", before: null, after: "string" },
    ]);
  });

  it("tells narrowed from widened types, nullability included, in both directions", () => {
    expect(compareSchemas(payload(object({ a: nullable(str) })), payload(object({ a: str })))).toEqual([
      { path: "body.a", kind: "type-narrowed", before: "string | null", after: "string" },
    ]);
    expect(compareSchemas(payload(object({ a: str })), payload(object({ a: nullable(str) })))).toEqual([
      { path: "body.a", kind: "type-widened", before: "string", after: "string | null" },
    ]);
    expect(kinds(object({ a: str }), object({ a: int }))).toEqual(["body.a type-changed"]);
    // An integer is a number: number -> integer narrows, integer -> number widens.
    expect(kinds(object({ a: { type: "number" } }), object({ a: int }))).toEqual(["body.a type-narrowed"]);
    expect(kinds(object({ a: int }), object({ a: { type: "number" } }))).toEqual(["body.a type-widened"]);
    expect(kinds(object({ a: {} }), object({ a: str }))).toEqual(["body.a type-narrowed"]);
    expect(kinds(object({ a: { type: "string", format: "date-time" } }), object({ a: str }))).toEqual([
      "body.a type-widened",
    ]);
  });

  it("reports optional <-> required, enum values, consts and array items", () => {
    expect(kinds(object({ a: str }, []), object({ a: str }))).toEqual(["body.a made-required"]);
    expect(kinds(object({ a: str }), object({ a: str }, []))).toEqual(["body.a made-optional"]);
    // Each side with its own type: a change of type beside it is one more change.
    expect(
      compareSchemas(payload(object({ a: str }, [])), payload(object({ a: int }))).map((c) => [
        c.kind,
        c.before,
        c.after,
      ]),
    ).toEqual([
      ["made-required", "string, optional", "integer, required"],
      ["type-changed", "string", "integer"],
    ]);
    expect(
      compareSchemas(payload(object({ s: { enum: ["a", "b"] } })), payload(object({ s: { enum: ["a", "c"] } }))),
    ).toEqual([
      { path: "body.s", kind: "enum-value-added", before: null, after: '"c"' },
      { path: "body.s", kind: "enum-value-removed", before: '"b"', after: null },
    ]);
    expect(kinds(object({ s: { const: "a" } }), object({ s: { const: "b" } }))).toEqual(["body.s const-changed"]);
    expect(kinds(object({ s: str }), object({ s: { enum: ["a"] } }))).toEqual(["body.s type-narrowed"]);
    expect(
      compareSchemas(
        payload(object({ xs: { type: "array", items: str } })),
        payload(object({ xs: { type: "array", items: int } })),
      ),
    ).toEqual([{ path: "body.xs[]", kind: "item-type-changed", before: "string", after: "integer" }]);
    expect(
      kinds(
        object({ xs: { type: "array", items: object({ sku: str }) } }),
        object({ xs: { type: "array", items: object({}) } }),
      ),
    ).toEqual(["body.xs[].sku field-removed"]);
  });

  it("reports descriptions, constraints, and what it cannot take apart, conservatively", () => {
    expect(
      kinds(object({ a: { type: "string", description: "x" } }), object({ a: { type: "string", description: "y" } })),
    ).toEqual(["body.a description-changed"]);
    expect(
      kinds(object({ a: { type: "string", maxLength: 5 } }), object({ a: { type: "string", maxLength: 3 } })),
    ).toEqual(["body.a constraint-changed"]);
    const allOf = (n: number): JsonObject => ({
      allOf: [object({ a: str }), object({ b: { type: "string", maxLength: n } })],
    });
    expect(kinds(object({ x: allOf(1) }), object({ x: allOf(2) }))).toEqual(["body.x schema-changed"]);
  });

  it("follows $defs on each side by its own names", () => {
    const before = payload({ $ref: "#/$defs/Order" }, { Order: object({ id: int, total: { type: "number" } }) });
    const after = payload({ $ref: "#/$defs/Purchase" }, { Purchase: object({ id: str, total: { type: "number" } }) });
    expect(compareSchemas(before, after)).toEqual([
      { path: "body.id", kind: "type-changed", before: "integer", after: "string" },
    ]);
    // A ref on one side and the same schema inline on the other are the same.
    expect(compareSchemas(before, payload(object({ id: int, total: { type: "number" } })))).toEqual([]);
    // Names written as the manifest writes them (percent-encoded, ~1 for /).
    const encoded = payload({ $ref: "#/$defs/a~1b%20c" }, { "a/b c": object({ id: int, total: { type: "number" } }) });
    expect(compareSchemas(before, encoded)).toEqual([]);
  });

  it("ends on recursive definitions and reports a change inside them once, where it is first reached", () => {
    const tree = (leaf: JsonObject): JsonObject =>
      payload(
        { $ref: "#/$defs/Node" },
        { Node: object({ value: leaf, children: { type: "array", items: { $ref: "#/$defs/Node" } } }) },
      );
    expect(compareSchemas(tree(str), tree(str))).toEqual([]);
    expect(compareSchemas(tree(str), tree(int))).toEqual([
      { path: "body.value", kind: "type-changed", before: "string", after: "integer" },
    ]);
    // Mutual recursion through two definitions, and a ref to itself.
    const mutual = (leaf: JsonObject): JsonObject =>
      payload(
        { $ref: "#/$defs/A" },
        {
          A: object({ b: { $ref: "#/$defs/B" }, v: leaf, loop: { $ref: "#/$defs/Loop" } }),
          B: object({ a: nullable({ $ref: "#/$defs/A" }) }),
          Loop: { $ref: "#/$defs/Loop" },
        },
      );
    expect(compareSchemas(mutual(str), mutual(str))).toEqual([]);
    expect(compareSchemas(mutual(str), mutual(nullable(str))).map((c) => `${c.path} ${c.kind}`)).toEqual([
      "body.v type-widened",
    ]);
  });

  it("reports a shared definition's change at each place that reaches it", () => {
    const shop = (postcode: JsonObject): JsonObject =>
      payload(object({ billing: { $ref: "#/$defs/Address" }, shipping: { $ref: "#/$defs/Address" } }), {
        Address: object({ postcode }),
      });
    expect(compareSchemas(shop(str), shop(nullable(str))).map((c) => c.path)).toEqual([
      "body.billing.postcode",
      "body.shipping.postcode",
    ]);
  });

  it("never mutates its inputs", () => {
    const before = payload(object({ a: str }), { X: object({}) });
    const after = payload(object({ b: int }));
    const copies = [structuredClone(before), structuredClone(after)];
    compareSchemas(before, after);
    expect([before, after]).toEqual(copies);
  });
});

/** JSON values of payload-like shape: plain keys, small depth. */
const json: fc.Arbitrary<JsonValue> = fc.letrec<{ value: JsonValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.string({ maxLength: 4 }),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(fc.string({ minLength: 1, maxLength: 4 }), tie("value"), { maxKeys: 4 }),
  ),
})).value;

const body = fc.dictionary(fc.string({ minLength: 1, maxLength: 4 }), json, { maxKeys: 5 });

/** A sample's payload schema, as inference writes it. */
function schemaOf(value: JsonObject): JsonObject {
  return toJsonSchema(inferValue({ headers: {}, query: {}, body: value, params: {} }), (key) => key);
}

describe("compareSchemas, for any payload", () => {
  it("finds no change between a schema and itself", () => {
    fc.assert(
      fc.property(body, (value) => {
        const schema = schemaOf(value);
        expect(compareSchemas(schema, schema)).toEqual([]);
        expect(compareSchemas(schema, structuredClone(schema))).toEqual([]);
      }),
    );
  });

  it("never calls an added optional property breaking for receivers", () => {
    fc.assert(
      fc.property(body, fc.string({ minLength: 1, maxLength: 6 }), json, (value, key, added) => {
        fc.pre(!Object.hasOwn(value, key));
        const before = schemaOf(value);
        const after = structuredClone(before);
        const bodySchema = (after["properties"] as JsonObject)["body"] as JsonObject;
        const properties = bodySchema["properties"] as JsonObject;
        Object.defineProperty(properties, key, {
          value: toJsonSchema(inferValue(added), (k) => k),
          enumerable: true,
          writable: true,
          configurable: true,
        });
        const changes = compareSchemas(before, after);
        expect(changes.map((c) => c.kind)).toEqual(["field-added-optional"]);
        for (const change of changes) expect(impactFor(change.kind, "receivers")).toBe("safe");
      }),
    );
  });
});

/** Definition names of the random documents below. */
const NAMES = ["A", "B", "C"];

/** Random schemas over a few keywords, with `$ref`s to NAMES (so cycles of every shape). */
const schemaNode: fc.Arbitrary<JsonValue> = fc.letrec<{ node: JsonValue }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom<JsonValue>({ type: "string" }, { type: "integer" }, { type: "null" }, {}, true, false, {
      type: "string",
      format: "uuid",
    }),
    fc.constantFrom(...NAMES).map((name): JsonValue => ({ $ref: `#/$defs/${name}` })),
    fc
      .array(fc.oneof(fc.string({ maxLength: 2 }), fc.integer()), { minLength: 1, maxLength: 3 })
      .map((values): JsonValue => ({ enum: values })),
    fc.array(tie("node"), { minLength: 1, maxLength: 3 }).map((branches): JsonValue => ({ anyOf: branches })),
    tie("node").map((items): JsonValue => ({ type: "array", items })),
    fc
      .dictionary(fc.constantFrom("a", "b", "c"), tie("node"), { maxKeys: 3 })
      .chain((properties) =>
        fc.subarray(Object.keys(properties)).map((required): JsonValue => ({ type: "object", properties, required })),
      ),
  ),
})).node;

const document = fc.record({ root: schemaNode, A: schemaNode, B: schemaNode, C: schemaNode });

function withDefs(
  d: { root: JsonValue; A: JsonValue; B: JsonValue; C: JsonValue },
  rename = (n: string) => n,
): JsonObject {
  const text = JSON.stringify(d.root).replace(/#\/\$defs\/([ABC])/g, (_, n: string) => `#/$defs/${rename(n)}`);
  const defs: JsonObject = {};
  for (const name of NAMES) {
    const schema = JSON.stringify(d[name as "A"]).replace(
      /#\/\$defs\/([ABC])/g,
      (_, n: string) => `#/$defs/${rename(n)}`,
    );
    defs[rename(name)] = JSON.parse(schema) as JsonValue;
  }
  return payload(JSON.parse(text) as JsonObject, defs);
}

describe("compareSchemas, for any schema with recursive $defs", () => {
  it("ends, and finds no change against itself, a copy, or the same with its definitions renamed", () => {
    fc.assert(
      fc.property(document, (d) => {
        const schema = withDefs(d);
        expect(compareSchemas(schema, schema)).toEqual([]);
        expect(compareSchemas(schema, structuredClone(schema))).toEqual([]);
        expect(
          compareSchemas(
            schema,
            withDefs(d, (n) => `Renamed${n}`),
          ),
        ).toEqual([]);
      }),
    );
  });

  it("never throws on any JSON in place of a schema", () => {
    fc.assert(
      fc.property(json, json, (a, b) => {
        expect(Array.isArray(compareSchemas(a, b))).toBe(true);
      }),
    );
  });
});

/** The kind a change has when compared the other way round. */
const MIRROR: Record<string, readonly string[]> = {
  "field-removed": ["field-added-optional", "field-added-required"],
  "field-added-optional": ["field-removed"],
  "field-added-required": ["field-removed"],
  "made-required": ["made-optional"],
  "made-optional": ["made-required"],
  "type-narrowed": ["type-widened"],
  "type-widened": ["type-narrowed"],
  "enum-value-added": ["enum-value-removed"],
  "enum-value-removed": ["enum-value-added"],
};

describe("compareSchemas, both ways", () => {
  it("finds each change at the same path with the mirrored kind when the sides are swapped", () => {
    fc.assert(
      fc.property(body, body, (a, b) => {
        const forth = compareSchemas(schemaOf(a), schemaOf(b));
        const back = compareSchemas(schemaOf(b), schemaOf(a));
        expect(back.map((c) => c.path).sort()).toEqual(forth.map((c) => c.path).sort());
        for (const change of forth) {
          const mirrored = back.filter((c) => c.path === change.path).map((c) => c.kind);
          const expected = MIRROR[change.kind] ?? [change.kind];
          expect(
            mirrored.some((kind) => expected.includes(kind)),
            `${change.path} ${change.kind}`,
          ).toBe(true);
        }
      }),
    );
  });
});
