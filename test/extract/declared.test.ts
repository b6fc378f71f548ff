import { describe, expect, it } from "vitest";
import { createExtractCache, extract, type ExtractInput } from "../../src/extract/index.js";
import { bundleRef } from "../../src/schema/index.js";
import { ROOT } from "../helpers/memory.js";

/** Declared schemas read with the event (src/extract/declared.ts): resolved, located, checked, and cached by the files they read. */

const ORDER_SCHEMA = `{
  "definitions": {
    "order": {
      "title": "Order",
      "type": "object",
      "required": ["id"],
      "properties": { "id": { "type": "string" }, "lines": { "type": "array", "items": { "$ref": "#/definitions/a~1line" } } }
    },
    "a/line": { "type": "object", "properties": { "quantity": { "type": "integer", "minimum": 1 } } }
  }
}
`;

function event(tag: string, head: string, fields: string): string {
  return `import { defineEvent } from "ductape-events";\n${head}\nexport default defineEvent({ name: "E", tag: "${tag}", description: "", ${fields} });\n`;
}

function run(files: Record<string, string>, more: Partial<ExtractInput> = {}) {
  const read: string[] = [];
  const result = extract({
    files: Object.keys(files)
      .filter((name) => name.endsWith(".event.ts"))
      .sort()
      .map((name) => `${ROOT}/${name}`),
    root: ROOT,
    readFile: (path) => {
      read.push(path);
      const text = files[path.slice(ROOT.length + 1)];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: "ENOENT" });
      return text;
    },
    ...more,
  });
  return { ...result, read };
}

const SAMPLE = 'sample: { headers: {}, query: {}, body: { id: "o1" }, params: {} }';

describe("declared schemas, read with the event", () => {
  it("a part of a JSON file imported by default import is that document at its pointer: keys shared with a $ref to it", () => {
    const result = run({
      "schemas/order.json": ORDER_SCHEMA,
      "events/a.event.ts": event(
        "w:a",
        'import orders from "../schemas/order.json";',
        `schema: { body: orders.definitions.order, query: orders.definitions["a/line"] }, ${SAMPLE}`,
      ),
      "events/b.event.ts": event(
        "w:b",
        "",
        `schema: { body: { $ref: "../schemas/order.json#/definitions/order" } }, ${SAMPLE}`,
      ),
    });
    expect(result.diagnostics).toEqual([]);
    const [a, b] = result.events;
    expect(a?.declared?.body?.root).toBe("./schemas/order.json#/definitions/order");
    expect(a?.declared?.query?.root).toBe("./schemas/order.json#/definitions/a~1line");
    expect(b?.declared?.body?.root).toBe("./events/b.event.ts:schema.body#");
    expect([...b!.declared!.body!.definitions.keys()]).toEqual([
      "./events/b.event.ts:schema.body#",
      "./schemas/order.json#/definitions/a~1line",
      "./schemas/order.json#/definitions/order",
    ]);
    // One resolver for the call: the definition both events reach is one object.
    expect(a!.declared!.body!.definitions.get("./schemas/order.json#/definitions/order")).toBe(
      b!.declared!.body!.definitions.get("./schemas/order.json#/definitions/order"),
    );
    expect([...result.reads.keys()]).toContain(`${ROOT}/schemas/order.json`);
  });

  it("a part that is no schema (neither object nor boolean) is left to validation, which reports it once", () => {
    const result = run({ "events/a.event.ts": event("w:a", "", `schema: { body: "x", query: true }, ${SAMPLE}`) });
    expect(result.diagnostics).toEqual([]);
    expect(Object.keys(result.events[0]!.declared!)).toEqual(["query"]);
  });

  it("a schema from a JSON file inside one written in the event file is a $ref to its place there", () => {
    const result = run({
      "schemas/order.json": ORDER_SCHEMA,
      "events/a.event.ts": event(
        "w:a",
        'import orders from "../schemas/order.json";',
        [
          "schema: { body: {",
          '  type: "object",',
          "  properties: { order: orders.definitions.order, first: orders.definitions.order.properties.id },",
          '  allOf: [orders.definitions["a/line"]],',
          "  examples: [orders.definitions.order],",
          "} },",
          'sample: { headers: {}, query: {}, body: { order: { id: "o1", lines: [{ quantity: 0 }] }, first: "x" }, params: {} }',
        ].join("\n"),
      ),
    });
    const bundle = result.events[0]!.declared!.body!;
    const root = bundle.definitions.get(bundle.root)!.schema as {
      properties: Record<string, unknown>;
      allOf: unknown[];
      examples: unknown[];
    };
    expect(root.properties["order"]).toEqual({ $ref: bundleRef("./schemas/order.json#/definitions/order") });
    expect(root.properties["first"]).toEqual({
      $ref: bundleRef("./schemas/order.json#/definitions/order/properties/id"),
    });
    expect(root.allOf).toEqual([{ $ref: bundleRef("./schemas/order.json#/definitions/a~1line") }]);
    // Data stays data.
    expect((root.examples[0] as { title: string }).title).toBe("Order");
    // The file's own $ref (#/definitions/a~1line) resolved in the file: the sample is checked through it.
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      "sample.body.order.lines[0].quantity does not match the declared schema: 0 is less than the minimum 1.",
    ]);
  });

  it("an event without `schema` is extracted as before, with no declared parts", () => {
    const result = run({ "events/a.event.ts": event("w:a", "", SAMPLE) });
    expect(result.events[0]).not.toHaveProperty("declared");
    expect(Object.keys(result.events[0]!)).toEqual(["file", "definition"]);
  });

  it("a problem of a schema is located at its $ref (in the event file, or the JSON file), and the part is left out", () => {
    const result = run({
      "schemas/broken.json": '{\n  "type": "object",\n  "properties": { "x": { "$ref": "#/definitions/nope" } }\n}\n',
      "events/a.event.ts": event(
        "w:a",
        "",
        `schema: {\n  body: { $ref: "https://example.com/s.json" },\n  query: { $ref: "../schemas/broken.json" },\n}, ${SAMPLE}`,
      ),
    });
    expect(result.diagnostics.map((d) => [d.code, d.span?.file, d.span?.start])).toEqual([
      // Parts in the order of the payload: headers, query, body, params.
      ["DT3203", `${ROOT}/schemas/broken.json`, { line: 3, column: 34 }],
      ["DT3204", `${ROOT}/events/a.event.ts`, { line: 4, column: 17 }],
    ]);
    expect(result.events[0]?.declared).toBeUndefined();
    // Both files are sources for the code frames.
    expect([...result.sources.keys()].sort()).toEqual([`${ROOT}/events/a.event.ts`, `${ROOT}/schemas/broken.json`]);
  });

  it("every value the schemas reject, in the sample and each example, at the value (in a JSON file when it came from one)", () => {
    const result = run({
      "schemas/order.json": ORDER_SCHEMA,
      "events/lines.json": '[\n  { "quantity": 0 }\n]\n',
      "events/a.event.ts": event(
        "w:a",
        'import lines from "./lines.json";',
        [
          `schema: { body: { $ref: "../schemas/order.json#/definitions/order" } }`,
          `sample: { headers: {}, query: {}, body: { id: 1, lines }, params: {} }`,
          `examples: [{ headers: {}, query: {}, body: { lines: [{ quantity: 2 }, { quantity: "2" }] }, params: {} }]`,
        ].join(",\n"),
      ),
    });
    expect(result.diagnostics.map((d) => [d.code, d.message, `${d.span?.file}:${d.span?.start.line}`])).toEqual([
      [
        "DT4201",
        "sample.body.id does not match the declared schema: expected string, got 1.",
        `${ROOT}/events/a.event.ts:4`,
      ],
      [
        "DT4201",
        "sample.body.lines[0].quantity does not match the declared schema: 0 is less than the minimum 1.",
        `${ROOT}/events/lines.json:2`,
      ],
      [
        "DT4201",
        'examples[0].body does not match the declared schema: missing required field "id".',
        `${ROOT}/events/a.event.ts:5`,
      ],
      [
        "DT4201",
        'examples[0].body.lines[1].quantity does not match the declared schema: expected integer, got "2".',
        `${ROOT}/events/a.event.ts:5`,
      ],
    ]);
    // The event is kept: its other problems are found in the same build.
    expect(result.events).toHaveLength(1);
  });

  it("with watch mode's cache, an edited schema file extracts again the events that reach it, and only those", () => {
    const files: Record<string, string> = {
      "schemas/order.json": ORDER_SCHEMA,
      "events/a.event.ts": event(
        "w:a",
        "",
        `schema: { body: { $ref: "../schemas/order.json#/definitions/order" } }, ${SAMPLE}`,
      ),
      "events/b.event.ts": event("w:b", "", SAMPLE),
    };
    const cache = createExtractCache();
    const first = run(files, { cache });
    const again = run(files, { cache });
    expect(again.events).toEqual(first.events);
    expect(again.events[0]).toBe(first.events[0]);
    files["schemas/order.json"] = ORDER_SCHEMA.replace('"required": ["id"]', '"required": ["id", "lines"]');
    const edited = run(files, { cache });
    expect(edited.events[0]).not.toBe(first.events[0]);
    expect(edited.events[1]).toBe(first.events[1]);
    expect(edited.diagnostics.map((d) => d.message)).toEqual([
      'sample.body does not match the declared schema: missing required field "lines".',
    ]);
  });
});
