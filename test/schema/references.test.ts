import { describe, expect, it } from "vitest";
import { bundleRef, forEachRef, refKey, toSchemaDocument } from "../../src/schema/bundle.js";
import { SchemaResolver } from "../../src/schema/references.js";
import {
  definition,
  EVENT_FILE,
  memoryFiles,
  memoryResolver,
  problemsOf,
  resolveInline,
  ROOT,
} from "./memory-files.js";

const ROOT_KEY = "./events/order.event.ts:schema.body#";

describe("references inside the same document", () => {
  it("bundles #/definitions, #/$defs and # as their own keys, rewriting each $ref into the bundle", () => {
    const bundle = resolveInline(
      {},
      {
        type: "object",
        properties: {
          a: { $ref: "#/definitions/a" },
          b: { $ref: "#/$defs/b" },
          self: { $ref: "#" },
        },
        definitions: { a: { type: "string", title: "Alpha" } },
        $defs: { b: { type: "integer" }, unused: { $ref: "./nowhere.json" } },
      },
    );
    expect(bundle.problems).toEqual([]);
    expect([...bundle.definitions.keys()]).toEqual([ROOT_KEY, `${ROOT_KEY}/$defs/b`, `${ROOT_KEY}/definitions/a`]);
    expect(definition(bundle, ROOT_KEY)).toEqual({
      type: "object",
      properties: {
        a: { $ref: bundleRef(`${ROOT_KEY}/definitions/a`) },
        b: { $ref: bundleRef(`${ROOT_KEY}/$defs/b`) },
        self: { $ref: bundleRef(ROOT_KEY) },
      },
    });
    expect(bundle.definitions.get(`${ROOT_KEY}/definitions/a`)?.names).toEqual(["Alpha", "a"]);
    expect(bundle.definitions.get(`${ROOT_KEY}/$defs/b`)?.names).toEqual(["b"]);
    expect(bundle.root).toBe(ROOT_KEY);
  });

  it("decodes pointers with ~0, ~1 and percent-encoding", () => {
    const bundle = resolveInline(
      {},
      {
        properties: {
          slash: { $ref: "#/$defs/a~1b" },
          tilde: { $ref: "#/$defs/c~0d" },
          encoded: { $ref: "#/$defs/caf%C3%A9" },
          spaced: { $ref: "#/$defs/two%20words" },
          item: { $ref: "#/$defs/list/items/0" },
        },
        $defs: {
          "a/b": { type: "string" },
          "c~d": { type: "number" },
          café: { type: "boolean" },
          "two words": { type: "null" },
          list: { items: [{ type: "string" }] },
        },
      },
    );
    expect(bundle.problems).toEqual([]);
    expect([...bundle.definitions.keys()]).toEqual([
      ROOT_KEY,
      `${ROOT_KEY}/$defs/a~1b`,
      `${ROOT_KEY}/$defs/café`,
      `${ROOT_KEY}/$defs/c~0d`,
      `${ROOT_KEY}/$defs/list/items/0`,
      `${ROOT_KEY}/$defs/two words`,
    ]);
  });

  it("keeps a recursive definition as one key that refers to itself, without looping", () => {
    const bundle = resolveInline(
      {},
      {
        $ref: "#/definitions/node",
        definitions: {
          node: {
            type: "object",
            properties: { children: { type: "array", items: { $ref: "#/definitions/node" } } },
          },
        },
      },
    );
    const node = `${ROOT_KEY}/definitions/node`;
    expect(bundle.problems).toEqual([]);
    expect(definition(bundle, node)).toEqual({
      type: "object",
      properties: { children: { type: "array", items: { $ref: bundleRef(node) } } },
    });
  });

  it("follows anchors: $anchor, and draft-07's $id: #name", () => {
    const bundle = resolveInline(
      {},
      {
        $schema: "https://json-schema.org/draft/2020-12/schema",
        properties: { a: { $ref: "#amount" } },
        $defs: { money: { $anchor: "amount", type: "integer" } },
      },
    );
    expect(bundle.problems).toEqual([]);
    expect(definition(bundle, `${ROOT_KEY}/$defs/money`)).toEqual({ type: "integer" });
    const draft7 = resolveInline(
      {},
      { properties: { a: { $ref: "#amount" } }, definitions: { money: { $id: "#amount", type: "integer" } } },
    );
    expect(draft7.problems).toEqual([]);
    expect(definition(draft7, `${ROOT_KEY}/definitions/money`)).toEqual({ type: "integer" });
  });
});

describe("references to other files", () => {
  const files = {
    "events/schemas/order.json": {
      definitions: {
        order: {
          type: "object",
          properties: { customer: { $ref: "customer.json" }, lines: { $ref: "./common/lines.json#/$defs/lines" } },
        },
      },
    },
    "events/schemas/customer.json": { title: "Customer", type: "object", properties: { id: { type: "string" } } },
    "events/schemas/common/lines.json": {
      $defs: { lines: { type: "array", items: { $ref: "../order.json#/definitions/order" } } },
    },
  };

  it("resolves relative files against the referring document's file, cycles included", () => {
    const bundle = resolveInline(files, { $ref: "./schemas/order.json#/definitions/order" });
    expect(bundle.problems).toEqual([]);
    expect([...bundle.definitions.keys()]).toEqual([
      ROOT_KEY,
      "./events/schemas/common/lines.json#/$defs/lines",
      "./events/schemas/customer.json#",
      "./events/schemas/order.json#/definitions/order",
    ]);
    expect(bundle.definitions.get("./events/schemas/customer.json#")?.names).toEqual(["Customer", "customer"]);
    expect(definition(bundle, "./events/schemas/common/lines.json#/$defs/lines")).toEqual({
      type: "array",
      items: { $ref: bundleRef("./events/schemas/order.json#/definitions/order") },
    });
    expect([...bundle.reads.keys()]).toEqual([
      `${ROOT}/events/schemas/common/lines.json`,
      `${ROOT}/events/schemas/customer.json`,
      `${ROOT}/events/schemas/order.json`,
    ]);
    expect(bundle.definitions.get("./events/schemas/customer.json#")?.file).toBe(
      `${ROOT}/events/schemas/customer.json`,
    );
  });

  it("reads each document once per resolver, and gives each bundle the files it depends on", () => {
    const reader = memoryFiles(files);
    const resolver = new SchemaResolver({ root: ROOT, readFile: reader.readFile });
    const first = resolver.resolve({
      kind: "inline",
      file: EVENT_FILE,
      label: "a",
      schema: { $ref: "./schemas/customer.json" },
    });
    const second = resolver.resolve({
      kind: "inline",
      file: EVENT_FILE,
      label: "b",
      schema: { $ref: "./schemas/order.json#/definitions/order" },
    });
    expect(new Set(reader.asked).size).toBe(reader.asked.length);
    expect([...first.reads.keys()]).toEqual([`${ROOT}/events/schemas/customer.json`]);
    expect(second.reads.size).toBe(3);
    // The schema bundled for the first is the same object in the second: bundled once.
    expect(second.definitions.get("./events/schemas/customer.json#")).toBe(
      first.definitions.get("./events/schemas/customer.json#"),
    );
  });

  it("takes a document schema (a JSON file imported whole, or a part of it) under the file's own keys", () => {
    const bundle = memoryResolver(files).resolve({
      kind: "document",
      file: `${ROOT}/events/schemas/order.json`,
      pointer: "/definitions/order",
    });
    expect(bundle.problems).toEqual([]);
    expect(bundle.root).toBe("./events/schemas/order.json#/definitions/order");
  });

  it("resolves relative refs against a document's $id when another document declares that $id", () => {
    const bundle = resolveInline(
      {
        "events/a.json": { $id: "https://example.com/schemas/a.json", $ref: "b.json" },
        "events/b.json": {
          $id: "https://example.com/schemas/b.json",
          type: "object",
          properties: { again: { $ref: "https://example.com/schemas/a.json" } },
        },
      },
      { $ref: "./a.json" },
    );
    expect(bundle.problems).toEqual([]);
    expect(definition(bundle, "./events/b.json#")).toEqual({
      type: "object",
      properties: { again: { $ref: bundleRef("./events/a.json#") } },
    });
    expect(bundle.definitions.get("./events/b.json#")?.id).toBe("https://example.com/schemas/b.json");
  });

  it("resolves #-refs inside an embedded $id resource against that resource", () => {
    const bundle = resolveInline(
      {},
      {
        $schema: "https://json-schema.org/draft/2019-09/schema",
        $ref: "urn:example:inner",
        $defs: {
          inner: {
            $id: "urn:example:inner",
            properties: { x: { $ref: "#/$defs/x" } },
            $defs: { x: { type: "string" } },
          },
        },
      },
    );
    expect(bundle.problems).toEqual([]);
    expect(definition(bundle, `${ROOT_KEY}/$defs/inner`)).toEqual({
      properties: { x: { $ref: bundleRef(`${ROOT_KEY}/$defs/inner/$defs/x`) } },
    });
  });
});

describe("problems, each where its $ref is written", () => {
  const files = {
    "events/schemas/broken.json":
      '{\n  "definitions": {\n    "a": { "$ref": "./missing.json" },\n    "b": { "$ref": "#/definitions/nope" }\n  }\n}\n',
    "events/schemas/bad.json": "{ not json",
    "events/schemas/remote.json": {
      definitions: { r: { $ref: "https://example.com/schemas/user.json#/definitions/user" } },
    },
  };

  it("a missing file, with the $ref's line and column in the JSON file", () => {
    const bundle = resolveInline(files, { $ref: "./schemas/broken.json#/definitions/a" });
    expect(problemsOf(bundle)).toEqual([
      {
        code: "DT3201",
        file: `${ROOT}/events/schemas/broken.json`,
        path: ["definitions", "a", "$ref"],
        message: '$ref "./missing.json" names ./events/schemas/missing.json, which does not exist.',
      },
    ]);
    expect(bundle.problems[0]!.diagnostic.span).toEqual({
      file: `${ROOT}/events/schemas/broken.json`,
      start: { line: 3, column: 20 },
      end: { line: 3, column: 36 },
    });
  });

  it("a pointer to nothing, saying how far it led", () => {
    const bundle = resolveInline(files, { $ref: "./schemas/broken.json#/definitions/b" });
    expect(problemsOf(bundle)).toEqual([
      {
        code: "DT3203",
        file: `${ROOT}/events/schemas/broken.json`,
        path: ["definitions", "b", "$ref"],
        message:
          '$ref "#/definitions/nope" points to nothing: ./events/schemas/broken.json has no "nope" under /definitions.',
      },
    ]);
    expect(bundle.problems[0]!.diagnostic.span?.start).toEqual({ line: 4, column: 20 });
  });

  it("a file that is not JSON, and a missing anchor, in the event file's schema (placed by the caller's locate)", () => {
    const bundle = resolveInline(
      files,
      { properties: { a: { $ref: "./schemas/bad.json" }, b: { $ref: "#nowhere" } } },
      {
        locate: (path) => ({ file: EVENT_FILE, start: { line: path.length, column: 1 }, end: { line: 1, column: 2 } }),
      },
    );
    expect(problemsOf(bundle)).toEqual([
      {
        code: "DT3202",
        file: EVENT_FILE,
        path: ["properties", "a", "$ref"],
        message: expect.stringMatching(
          /^\$ref "\.\/schemas\/bad\.json" names \.\/events\/schemas\/bad\.json, which cannot be read as JSON: .+\.$/,
        ),
      },
      {
        code: "DT3203",
        file: EVENT_FILE,
        path: ["properties", "b", "$ref"],
        message: '$ref "#nowhere" points to nothing: ./events/order.event.ts:schema.body declares no anchor "nowhere".',
      },
    ]);
    expect(bundle.problems[0]!.diagnostic.span?.start.line).toBe(3);
  });

  it("a file that is not JSON is shown where its JSON stops being valid; a YAML file is named as such", () => {
    const bundle = resolveInline(
      { "events/broken.json": '{\n  "type": "object",\n  properties: {}\n}\n', "events/order.yaml": "type: object\n" },
      { properties: { a: { $ref: "./broken.json" }, b: { $ref: "./order.yaml" } } },
    );
    const [broken, yaml] = bundle.problems.map((p) => p.diagnostic);
    expect(broken!.related).toEqual([
      {
        message: expect.stringMatching(/^the JSON stops being valid here: /),
        span: { file: `${ROOT}/events/broken.json`, start: { line: 3, column: 3 }, end: { line: 3, column: 3 } },
      },
    ]);
    expect(yaml!.message).toBe(
      '$ref "./order.yaml" names ./events/order.yaml, which cannot be read as JSON: it is YAML, and schema files are read as JSON (convert it to JSON; `ductape-events import openapi` does that for an OpenAPI document).',
    );
  });

  it("an http(s) ref, never fetched, with a hint to vendor the file", () => {
    const bundle = resolveInline(files, { $ref: "./schemas/remote.json#/definitions/r" });
    expect(problemsOf(bundle)).toEqual([
      {
        code: "DT3204",
        file: `${ROOT}/events/schemas/remote.json`,
        path: ["definitions", "r", "$ref"],
        message:
          '$ref "https://example.com/schemas/user.json#/definitions/user" points to the network, and schemas are never fetched.',
      },
    ]);
    expect(bundle.problems[0]!.diagnostic.hint).toMatch(/Vendor the file: install the provider's npm package/);
  });

  it("dynamic references, unknown dialects, non-string refs and unknown URIs", () => {
    const bundle = resolveInline(
      {},
      {
        $schema: "https://json-schema.org/draft/2020-12/schema",
        properties: {
          a: { $dynamicRef: "#meta" },
          b: { $schema: "http://json-schema.org/draft-04/schema#", type: "string" },
          c: { $ref: 12 },
          d: { $ref: "urn:nobody:declares-this" },
          e: { $ref: "./a%zz.json" },
          f: { $ref: "file://host/x.json" },
        },
      },
    );
    expect(problemsOf(bundle).map(({ code, path }) => ({ code, path }))).toEqual([
      { code: "DT3205", path: ["properties", "a", "$dynamicRef"] },
      { code: "DT3206", path: ["properties", "b", "$schema"] },
      { code: "DT3207", path: ["properties", "c", "$ref"] },
      { code: "DT3207", path: ["properties", "d", "$ref"] },
      { code: "DT3207", path: ["properties", "e", "$ref"] },
      { code: "DT3207", path: ["properties", "f", "$ref"] },
    ]);
    expect(bundle.problems[1]!.diagnostic.message).toBe(
      '$schema "http://json-schema.org/draft-04/schema#" names no JSON Schema dialect that is read here.',
    );
  });

  it("an unknown $schema of a document, reported once however many of its definitions are reached", () => {
    const bundle = resolveInline(
      { "events/old.json": { $schema: "http://json-schema.org/draft-04/schema#", definitions: { a: {}, b: {} } } },
      { properties: { a: { $ref: "./old.json#/definitions/a" }, b: { $ref: "./old.json#/definitions/b" } } },
    );
    expect(problemsOf(bundle).map(({ code, file, path }) => ({ code, file, path }))).toEqual([
      { code: "DT3206", file: `${ROOT}/events/old.json`, path: ["$schema"] },
    ]);
  });

  it("references that lead only to references, back to themselves", () => {
    const bundle = resolveInline(
      {},
      { $ref: "#/$defs/a", $defs: { a: { $ref: "#/$defs/b" }, b: { $ref: "#/$defs/a", description: "loop" } } },
    );
    expect(problemsOf(bundle)).toEqual([
      {
        code: "DT3208",
        file: EVENT_FILE,
        path: ["$defs", "a", "$ref"],
        message:
          '$ref "#/$defs/b" leads back to itself through references only (' +
          `${ROOT_KEY}/$defs/a -> ${ROOT_KEY}/$defs/b -> ${ROOT_KEY}/$defs/a), so it describes no value.`,
      },
    ]);
    // A cycle through a property is a recursive type, not a problem.
    expect(resolveInline({}, { properties: { next: { $ref: "#" } } }).problems).toEqual([]);
  });

  it("a document nested deeper than schemas are read to, as unreadable rather than a stack overflow", () => {
    const deep = `${"[".repeat(5000)}${"]".repeat(5000)}`;
    const bundle = resolveInline({ "events/deep.json": deep }, { $ref: "./deep.json" });
    expect(problemsOf(bundle).map(({ code, message }) => [code, message])).toEqual([
      [
        "DT3202",
        '$ref "./deep.json" names ./events/deep.json, which cannot be read as JSON: it nests more than 200 levels deep, more than schemas are read to.',
      ],
    ]);
  });

  it("names each definition by title and key, then by the same prefixed by its document's name, for collisions", () => {
    const customer = { definitions: { customer: { type: "object", title: "Customer" } } };
    const bundle = resolveInline(
      { "events/shop.json": customer, "events/acme/openapi.json": customer },
      {
        type: "object",
        properties: {
          shop: { $ref: "./shop.json#/definitions/customer" },
          acme: { $ref: "./acme/openapi.json#/definitions/customer" },
        },
      },
    );
    const names = [...bundle.definitions.entries()]
      .filter(([key]) => key !== ROOT_KEY)
      .map(([key, found]) => [key, found.names]);
    expect(Object.fromEntries(names)).toEqual({
      "./events/shop.json#/definitions/customer": ["Customer", "customer", "shop Customer", "shop customer"],
      // A file named as generally as openapi.json is named by its folder.
      "./events/acme/openapi.json#/definitions/customer": ["Customer", "customer", "acme Customer", "acme customer"],
    });
  });

  it("never names a document by a folder above the project: the names are the same in any checkout", () => {
    const customer = { definitions: { customer: { type: "object", title: "Customer" } } };
    const bundle = resolveInline(
      { "events/schemas/openapi.json": customer },
      { $ref: "./schemas/openapi.json#/definitions/customer" },
    );
    // Every folder up to the project's is a general word: no prefix (a collision is numbered).
    expect(bundle.definitions.get("./events/schemas/openapi.json#/definitions/customer")?.names).toEqual([
      "Customer",
      "customer",
    ]);
  });

  it("numbers of enum, const and bounds that JavaScript numbers do not hold exactly (not those of examples)", () => {
    const text =
      '{\n  "definitions": {\n    "id": { "enum": [1, 820982911946154508], "maximum": -1e400,\n' +
      '      "examples": [820982911946154508] }\n  }\n}\n';
    const bundle = resolveInline({ "events/ids.json": text }, { $ref: "./ids.json#/definitions/id" });
    expect(problemsOf(bundle)).toEqual([
      {
        code: "DT2014",
        file: `${ROOT}/events/ids.json`,
        path: ["definitions", "id", "enum", 1],
        message:
          "definitions.id.enum[1]: `820982911946154508` cannot be held by a JavaScript number: it would become 820982911946154500 in the outputs.",
      },
      {
        code: "DT2014",
        file: `${ROOT}/events/ids.json`,
        path: ["definitions", "id", "maximum"],
        message:
          "definitions.id.maximum: `-1e400` cannot be held by a JavaScript number: it would become -Infinity in the outputs.",
      },
    ]);
    expect(bundle.problems[0]!.diagnostic.span?.start).toEqual({ line: 3, column: 25 });
    // A bound is no data: its hint does not say to write it as a string.
    expect(bundle.problems[0]!.diagnostic.hint).toContain("as strings");
    expect(bundle.problems[1]!.diagnostic.hint).toMatch(/^A schema's maximum must be a number JavaScript holds/);
  });

  it("a document schema whose file is missing, or whose pointer leads nowhere", () => {
    const resolver = memoryResolver({ "events/a.json": { definitions: {} } });
    expect(problemsOf(resolver.resolve({ kind: "document", file: `${ROOT}/events/none.json` }))[0]?.code).toBe(
      "DT3201",
    );
    expect(
      problemsOf(resolver.resolve({ kind: "document", file: `${ROOT}/events/a.json`, pointer: "/definitions/x" }))[0]
        ?.code,
    ).toBe("DT3203");
  });
});

describe("bundles", () => {
  const files = {
    "events/schemas/shop.json": {
      definitions: {
        order: { type: "object", properties: { lines: { type: "array", items: { $ref: "#/definitions/line" } } } },
        line: { type: "object", properties: { order: { $ref: "#/definitions/order" }, sku: { type: "string" } } },
      },
    },
  };

  it("are deterministic, do not change their input, and hold every $ref they write", () => {
    const schema = { $ref: "./schemas/shop.json#/definitions/order", description: "An order." };
    const copy = structuredClone(schema);
    const a = resolveInline(files, schema);
    const b = resolveInline(files, schema);
    expect(schema).toEqual(copy);
    expect(JSON.stringify([...a.definitions])).toBe(JSON.stringify([...b.definitions]));
    for (const { schema: bundled } of a.definitions.values()) {
      forEachRef(bundled, (ref) => expect(a.definitions.has(refKey(ref)!)).toBe(true));
    }
  });

  it("list their $refs at schema positions only, with where each is", () => {
    const found: [string, readonly (string | number)[]][] = [];
    forEachRef(
      {
        properties: { a: { $ref: "#/$defs/x" } },
        anyOf: [{ $ref: "#/$defs/y" }],
        enum: [{ $ref: "data" }],
        "x-no": { $ref: "z" },
      },
      (ref, at) => found.push([ref, at]),
    );
    expect(found).toEqual([
      ["#/$defs/x", ["properties", "a", "$ref"]],
      ["#/$defs/y", ["anyOf", 0, "$ref"]],
    ]);
  });

  it("make one JSON Schema 2020-12 document", () => {
    const bundle = resolveInline(files, { $ref: "./schemas/shop.json#/definitions/order" });
    const document = toSchemaDocument(bundle);
    expect(document["$ref"]).toBe(bundleRef(ROOT_KEY));
    expect(Object.keys(document["$defs"] as object)).toEqual([...bundle.definitions.keys()]);
  });

  it("key an inline schema resolved again under the same label by its new content", () => {
    const resolver = memoryResolver({});
    const first = resolver.resolve({ kind: "inline", file: EVENT_FILE, label: "x", schema: { type: "string" } });
    const second = resolver.resolve({ kind: "inline", file: EVENT_FILE, label: "x", schema: { type: "integer" } });
    expect(first.definitions.get(first.root)?.schema).toEqual({ type: "string" });
    expect(second.definitions.get(second.root)?.schema).toEqual({ type: "integer" });
  });
});
