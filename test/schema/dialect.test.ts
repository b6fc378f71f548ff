import { describe, expect, it } from "vitest";
import { dialectOfUri, documentDialect, normaliseSchema } from "../../src/schema/dialect.js";
import { formatPointer, parseFragmentPointer, valueAt } from "../../src/schema/pointer.js";

describe("dialects", () => {
  it.each([
    ["http://json-schema.org/draft-07/schema#", "draft-07"],
    ["https://json-schema.org/draft-07/schema", "draft-07"],
    ["https://json-schema.org/draft/2019-09/schema", "2019-09"],
    ["http://json-schema.org/draft/2019-09/schema#", "2019-09"],
    ["https://json-schema.org/draft/2020-12/schema", "2020-12"],
    ["https://json-schema.org/draft/2020-12/schema#", "2020-12"],
    ["https://spec.openapis.org/oas/3.1/dialect/base", "2020-12"],
    ["http://json-schema.org/draft-04/schema#", undefined],
    ["https://example.com/my-dialect", undefined],
  ])("%s is %s", (uri, dialect) => {
    expect(dialectOfUri(uri)).toBe(dialect);
  });

  it("reads documents: $schema, draft-07 without one, OpenAPI 3.0 and 3.1", () => {
    expect(documentDialect({ type: "object" })).toEqual({ dialect: "draft-07" });
    expect(documentDialect({ $schema: "https://json-schema.org/draft/2020-12/schema" })).toEqual({
      dialect: "2020-12",
    });
    expect(documentDialect({ $schema: 7 })).toEqual({ unknown: "7", keyword: "$schema" });
    expect(documentDialect({ openapi: "3.0.3", components: {} })).toEqual({ dialect: "draft-07" });
    expect(documentDialect({ openapi: "3.1.0" })).toEqual({ dialect: "2020-12" });
    expect(documentDialect({ openapi: "3.1.0", jsonSchemaDialect: "https://x.example/d" })).toEqual({
      unknown: "https://x.example/d",
      keyword: "jsonSchemaDialect",
    });
  });
});

describe("normalising to the 2020-12 spelling", () => {
  it("renames draft-07 keywords and keeps every other keyword, unknown ones included, in order", () => {
    const draft7 = {
      title: "T",
      definitions: { a: { type: "string", nullable: true } },
      items: [{ type: "string" }, { enum: ["x"], type: "string", nullable: true }],
      additionalItems: false,
      dependencies: { a: ["b"], c: { required: ["d"] } },
      "x-vendor": { items: [1] },
      $id: "#anchor",
    };
    const copy = structuredClone(draft7);
    expect(normaliseSchema(draft7, "draft-07")).toEqual({
      title: "T",
      $defs: { a: { type: ["string", "null"] } },
      prefixItems: [{ type: "string" }, { enum: ["x", null], type: ["string", "null"] }],
      items: false,
      dependentRequired: { a: ["b"] },
      dependentSchemas: { c: { required: ["d"] } },
      "x-vendor": { items: [1] },
      $anchor: "anchor",
    });
    expect(draft7).toEqual(copy);
  });

  it("reads nullable without a type as 'or null', keeping title and description outside", () => {
    expect(normaliseSchema({ description: "d", $ref: "#/x", nullable: true }, "draft-07")).toEqual({
      description: "d",
      anyOf: [{ $ref: "#/x" }, { type: "null" }],
    });
    expect(normaliseSchema({ $ref: "#/x", nullable: false }, "draft-07")).toEqual({ $ref: "#/x" });
  });

  it("leaves 2020-12 as written, and reads a nested $schema in its own dialect", () => {
    const schema = { prefixItems: [{}], items: { type: "integer" }, definitions: { x: {} }, $defs: { y: {} } };
    expect(normaliseSchema(schema, "2020-12")).toEqual(schema);
    expect(
      normaliseSchema(
        { $defs: { old: { $schema: "http://json-schema.org/draft-07/schema#", items: [{}] } } },
        "2020-12",
      ),
    ).toEqual({ $defs: { old: { $schema: "http://json-schema.org/draft-07/schema#", prefixItems: [{}] } } });
  });
});

describe("JSON Pointers", () => {
  it("decode fragments and encode keys", () => {
    expect(parseFragmentPointer("/a~1b/c~0d/caf%C3%A9/0")).toEqual(["a/b", "c~d", "café", "0"]);
    expect(parseFragmentPointer("")).toEqual([]);
    expect(parseFragmentPointer("name")).toBeUndefined();
    expect(parseFragmentPointer("/%E0%A4%A")).toBeUndefined();
    expect(formatPointer(["a/b", "c~d"])).toBe("/a~1b/c~0d");
  });

  it("find values, and where they stop", () => {
    const document = { a: [{ b: 1 }], constructor: 2 };
    expect(valueAt(document, ["a", "0", "b"])).toEqual({ value: 1 });
    expect(valueAt(document, ["a", "01"])).toEqual({ missingAt: 1 });
    expect(valueAt(document, ["a", "0", "toString"])).toEqual({ missingAt: 2 });
    expect(valueAt({ a: 1 }, ["constructor"])).toEqual({ missingAt: 0 });
  });
});
