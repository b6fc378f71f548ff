import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { extract } from "../../src/extract/index.js";
import { declaredRejection } from "../../src/infer/check-declared.js";
import { definitionsOf, infer, type InferredEvent } from "../../src/infer/index.js";
import { validate } from "../../src/validate/index.js";
import { table } from "../helpers/declared.js";
import { ROOT } from "../helpers/memory.js";

/** Declared part schemas through validate and infer (src/infer/declared.ts), and the one table of definitions across events. */

const FILES: Record<string, string> = {
  "schemas/shop.json": JSON.stringify({
    definitions: {
      customer: { title: "Customer", type: "object", required: ["id"], properties: { id: { type: "string" } } },
      order: {
        type: "object",
        required: ["id", "customer"],
        properties: { id: { type: "string" }, customer: { $ref: "#/definitions/customer" } },
      },
    },
  }),
};

function event(name: string, fields: string, head = ""): void {
  FILES[`events/${name}.event.ts`] =
    `import { defineEvent } from "ductape-events";\n${head}\nexport default defineEvent({ name: "E", tag: "shop:${name}", description: "", ${fields} });\n`;
}

const ORDER_BODY = '{ id: "o1", customer: { id: "c1" } }';
event(
  "by-ref",
  `schema: { body: { $ref: "../schemas/shop.json#/definitions/order" } }, sample: { headers: {}, query: {}, body: ${ORDER_BODY}, params: {} }`,
);
event(
  "by-import",
  `schema: { body: shop.definitions.order }, sample: { headers: {}, query: {}, body: ${ORDER_BODY}, params: {} }`,
  'import shop from "../schemas/shop.json";',
);
event(
  "inline",
  `schema: { body: { type: "object", properties: { who: { $ref: "../schemas/shop.json#/definitions/customer" } } } }, sample: { headers: {}, query: {}, body: { who: { id: "c2" } }, params: {} }`,
);
event("sampled", 'sample: { headers: {}, query: {}, body: { id: "o1" }, params: {} }');
event(
  "refined",
  `schema: { body: { $ref: "../schemas/shop.json#/definitions/order" } }, sample: { headers: {}, query: {}, body: ${ORDER_BODY}, params: {} }, refine: { "body.customer.id": { description: "The customer." } }`,
);

function inferred(files: readonly string[]): readonly InferredEvent[] {
  const extracted = extract({
    files,
    root: ROOT,
    readFile: (path) => {
      const text = FILES[path.slice(ROOT.length + 1)];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: "ENOENT" });
      return text;
    },
  });
  expect(extracted.diagnostics).toEqual([]);
  const validated = validate(extracted.events);
  expect(validated.diagnostics).toEqual([]);
  const result = infer(validated.events);
  expect(result.diagnostics).toEqual([]);
  return result.events;
}

const EVENT_FILES = Object.keys(FILES)
  .filter((name) => name.endsWith(".event.ts"))
  .map((name) => `${ROOT}/${name}`)
  .sort();

const ORDER = "./schemas/shop.json#/definitions/order";
const CUSTOMER = "./schemas/shop.json#/definitions/customer";

describe("declared parts in inference", () => {
  const events = new Map(inferred(EVENT_FILES).map((e) => [e.event, e]));
  const body = (name: string) => events.get(name)!.schema.properties["body"];

  it("a body declared by $ref, or by a JSON file imported, is the shared definition itself", () => {
    expect(body("by-ref")).toEqual({ $ref: ORDER });
    expect(body("by-import")).toEqual({ $ref: ORDER });
    expect([...events.get("by-ref")!.definitions!.keys()]).toEqual([CUSTOMER, ORDER]);
  });

  it("a body written in the event file is the event's own, referring to the definitions it reaches", () => {
    expect(body("inline")).toMatchObject({ type: "object", properties: { who: { $ref: CUSTOMER } } });
    expect([...events.get("inline")!.definitions!.keys()]).toEqual([CUSTOMER]);
  });

  it("an event without schema is inferred as before, with no definitions", () => {
    expect(events.get("sampled")).not.toHaveProperty("definitions");
    expect(body("sampled")).toEqual({
      type: "object",
      properties: { id: { type: "string" } },
      required: ["id"],
      additionalProperties: false,
    });
  });

  it("refine goes through the $ref: the event gets its own copy, the definition stays shared", () => {
    expect(body("refined")).toMatchObject({
      type: "object",
      properties: { customer: { properties: { id: { description: "The customer." } } } },
    });
    expect(events.get("refined")!.definitions!.get(CUSTOMER)!.schema).toEqual(
      events.get("by-ref")!.definitions!.get(CUSTOMER)!.schema,
    );
  });

  it("the build's table of definitions is the same, in key order, whatever order the events come in", () => {
    const all = [...events.values()];
    const expected = definitionsOf(all);
    expect([...expected.keys()]).toEqual([CUSTOMER, ORDER]);
    fc.assert(
      fc.property(fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }), (shuffled) => {
        expect([...definitionsOf(shuffled)]).toEqual([...expected]);
      }),
    );
    // The same definitions give the same table object (emit's caches know a table by identity).
    expect(definitionsOf([...all].reverse())).toBe(definitionsOf(all));
    // And from files extracted in another order (another resolver, other objects): equal content.
    const reversed = definitionsOf(inferred([...EVENT_FILES].reverse()));
    expect([...reversed]).toEqual([...expected]);
  });
});

describe("checking refined schemas that refer to definitions (check-declared.ts)", () => {
  it("each definition object is its own: one key holding other schemas in other tables (watch mode's rebuilds)", () => {
    const schema = {
      type: "object" as const,
      properties: { body: { $ref: "k" } },
      required: ["body"],
      additionalProperties: false as const,
    };
    const asString = table({ k: { schema: { type: "string" } } });
    const asInteger = table({ k: { schema: { type: "integer" } } });
    expect(declaredRejection(schema, { body: "x" }, asString)).toBeUndefined();
    expect(declaredRejection(schema, { body: "x" }, asInteger)).toMatchObject({
      path: ["body"],
      reason: "must be an integer",
    });
    expect(declaredRejection(schema, { body: 1 }, asString)).toMatchObject({
      path: ["body"],
      reason: "must be a string",
    });
    // Recursive definitions: a list of lists.
    const nested = table({ n: { schema: { type: "array", items: { $ref: "#n" } } } });
    const list = { ...schema, properties: { body: { $ref: "n" } } };
    expect(declaredRejection(list, { body: [[], [[]]] }, nested)).toBeUndefined();
    expect(declaredRejection(list, { body: [[1]] }, nested)).toMatchObject({ path: ["body", 0, 0] });
  });
});

describe("warnings of declared parts", () => {
  it("a field a declared schema types null is what the schema says, not a learning warning, refined or not", () => {
    const files: Record<string, string> = {
      "events/a.event.ts": `import { defineEvent } from "ductape-events";
export default defineEvent({ name: "E", tag: "w:a", description: "",
  schema: { body: { type: "object", properties: { gone: { type: "null" }, kind: { type: "string" } } } },
  sample: { headers: {}, query: {}, body: { gone: null, kind: "k" }, params: { later: null } },
  refine: { "body.kind": { description: "The kind." } },
});
`,
    };
    const extracted = extract({
      files: [`${ROOT}/events/a.event.ts`],
      root: ROOT,
      readFile: (p) => files[p.slice(ROOT.length + 1)]!,
    });
    const result = infer(validate(extracted.events).events);
    // The inferred part (params) still warns.
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      "sample.params.later is null in every sample, so it is typed null.",
    ]);
  });
});
