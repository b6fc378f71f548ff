import { describe, expect, it, vi } from "vitest";
import {
  createInferCache,
  infer,
  InferenceRun,
  inferValue,
  MAX_SAMPLE_DEPTH,
  MAX_SAMPLE_VALUES,
  merge,
} from "../../src/infer/index.js";
import fc from "fast-check";
import { mergeAll, orderLike } from "../../src/infer/merge.js";
import { sortDiagnostics, uniqueDiagnostics } from "../../src/diagnostics/diagnostic.js";
import { rejections } from "../../src/infer/check.js";
import type { InferredSchema, ObjectSchema } from "../../src/infer/schema.js";
import type { JsonValue } from "../../src/util/json.js";
import { CLEAR_SHAPES, detectFormat, formatAccepts } from "../../src/infer/formats.js";
import { createValidateCache, validate, ValidationRun } from "../../src/validate/index.js";
import { codes, definition, eventFile, extractMemory, patchedLast, watchedExtraction } from "../helpers/memory.js";

/** Runs extract, validate and infer over in-memory event files; extraction must succeed. */
function run(files: Record<string, string>) {
  const extracted = extractMemory(files);
  expect(extracted.diagnostics).toEqual([]);
  const validated = validate(extracted.events);
  const inferred = infer(validated.events);
  return { events: inferred.events, diagnostics: [...validated.diagnostics, ...inferred.diagnostics] };
}

/** An event file with the given extra definition fields (TypeScript source, after `sample`). */
function event(body: string, extra = "", tag = "hook:event"): string {
  return eventFile(
    `{ name: "E", tag: "${tag}", description: "", sample: { headers: {}, query: {}, body: ${body}, params: {} }${extra === "" ? "" : `, ${extra}`} }`,
  );
}

function bodyOf(files: Record<string, string>) {
  const result = run(files);
  return { body: result.events[0]?.schema.properties["body"], diagnostics: result.diagnostics };
}

describe("inferValue", () => {
  it("keeps integers and numbers apart", () => {
    expect(inferValue(3)).toEqual({ type: "integer" });
    expect(inferValue(-3.5)).toEqual({ type: "number" });
  });

  it("notes clear string formats, and only clear ones", () => {
    expect(detectFormat("2024-11-27T09:30:00Z")).toBe("date-time");
    expect(detectFormat("2024-11-27T09:30:00.123+01:00")).toBe("date-time");
    expect(detectFormat("2024-11-27")).toBe("date");
    expect(detectFormat("ada@example.com")).toBe("email");
    expect(detectFormat("https://example.com/a?b=1")).toBe("uri");
    expect(detectFormat("0b1c6a3e-8f4e-4d5a-9c1b-2e3f4a5b6c7d")).toBe("uuid");
    for (const plain of ["new-webhook:new-event", "2024-02-30", "12:00", "ada@", "ftp//x", "hello"]) {
      expect(detectFormat(plain), plain).toBeUndefined();
    }
    expect(inferValue("2024-11-27")).toEqual({ type: "string", format: "date" });
  });

  it("types objects as closed with every sample key required", () => {
    expect(inferValue({ id: "a", n: 1 })).toEqual({
      type: "object",
      properties: { id: { type: "string" }, n: { type: "integer" } },
      required: ["id", "n"],
      additionalProperties: false,
    });
  });

  it("merges array elements: missing keys become optional, integer widens to number", () => {
    expect(
      inferValue([
        { id: 1, name: "a" },
        { id: 2.5, extra: true },
      ]),
    ).toEqual({
      type: "array",
      items: {
        type: "object",
        properties: { id: { type: "number" }, name: { type: "string" }, extra: { type: "boolean" } },
        required: ["id"],
        additionalProperties: false,
      },
    });
  });

  it("makes a union of differing kinds in a fixed order, and keeps a format only where all agree", () => {
    expect(inferValue([null, "a", 1])).toEqual({
      type: "array",
      items: { anyOf: [{ type: "string" }, { type: "integer" }, { type: "null" }] },
    });
    expect(merge({ type: "null" }, { type: "string" })).toEqual(merge({ type: "string" }, { type: "null" }));
    expect(inferValue(["2024-01-01", "2024-01-02"])).toEqual({
      type: "array",
      items: { type: "string", format: "date" },
    });
    expect(inferValue(["2024-01-01", "soon"])).toEqual({ type: "array", items: { type: "string" } });
  });

  it("types an empty array's elements as unknown", () => {
    expect(inferValue([])).toEqual({ type: "array", items: {} });
  });
});

describe("infer: the payload", () => {
  it("has the four parts, with headers open to any other header", () => {
    const { events, diagnostics } = run({
      "events/a.event.ts": eventFile(
        `{ name: "N", tag: "a:b", description: "D", sample: { headers: { "x-sig": "s" }, query: {}, body: {}, params: {} } }`,
      ),
    });
    expect(diagnostics).toEqual([]);
    const schema = events[0]!.schema;
    expect(schema).toMatchObject({
      title: "ABPayload",
      description: "N: D",
      required: ["headers", "query", "body", "params"],
    });
    expect(schema.properties["headers"]).toEqual({
      type: "object",
      properties: { "x-sig": { type: "string" } },
      required: ["x-sig"],
      additionalProperties: { type: "string" },
    });
  });

  it("warns about fields null in every sample, empty arrays and capitalised header names, at their place", () => {
    const { diagnostics } = run({
      "events/a.event.ts": eventFile(
        `{ name: "N", tag: "a:b", description: "", sample: { headers: { "X-Sig": "s" }, query: {}, body: { gone: null, list: [], both: [null, 1] }, params: {} } }`,
      ),
    });
    expect(
      diagnostics.map((d) => `${d.code} ${d.severity} ${d.span?.start.line}:${d.span?.start.column} ${d.message}`),
    ).toEqual([
      "DT4102 warning 2:132 sample.body.gone is null in every sample, so it is typed null.",
      "DT4101 warning 2:144 sample.body.list is an empty array, so its elements are typed unknown.",
      'DT4103 warning 2:91 Header "X-Sig" is typed with this spelling, but receivers such as Node.js deliver header names in lowercase.',
    ]);
  });

  it("warns about numbers and booleans in query and params, which arrive as text, once per file", () => {
    const { diagnostics } = run({
      "events/a.event.ts": eventFile(
        `{ name: "N", tag: "a:b", description: "", sample: { headers: {}, query: { page: 2, q: "x", tags: ["a", true] }, body: {}, params: { id: 42 } }, examples: [{ headers: {}, query: { page: "3" }, body: {}, params: { id: "7" } }] }`,
      ),
    });
    const warnings = diagnostics.filter((d) => d.code === "DT4105");
    expect(warnings.map((d) => `${d.severity} ${d.span?.start.line}:${d.span?.start.column} ${d.message}`)).toEqual([
      'warning 2:108 sample.query.page is 2, and 2 other values are not text either, but a query string arrives as text (?page=2 gives "2"): the types and the generated validators would expect a number, and reject every real delivery.',
    ]);
    expect(warnings[0]!.hint).toBe('Write the value as the text it arrives as: "2".');
    expect(warnings[0]!.detail).toContain("sample.params.id");
    // Text, as a delivery has it: nothing to say.
    const text = run({
      "events/a.event.ts": eventFile(
        `{ name: "N", tag: "a:b", description: "", sample: { headers: {}, query: { page: "2" }, body: { n: 2 }, params: { id: "42" } } }`,
      ),
    });
    expect(codes(text.diagnostics)).toEqual([]);
  });

  it("refuses samples nested too deeply or too large, before recursing", () => {
    const deep = "{ a: ".repeat(MAX_SAMPLE_DEPTH + 2) + "1" + " }".repeat(MAX_SAMPLE_DEPTH + 2);
    expect(codes(run({ "events/a.event.ts": event(deep) }).diagnostics)).toEqual(["DT4001"]);
    const big = `{ list: [${"1,".repeat(MAX_SAMPLE_VALUES)}] }`;
    const result = run({ "events/a.event.ts": event(big) });
    expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      "DT4002 sample has 500,006 values; the limit is 500,000.",
    ]);
    expect(result.events).toEqual([]);
  });

  it("reports a shared object's null fields once when two events spread it (the larger group covers the other)", () => {
    const shared = 'export const address = { line1: "1 Main St", line2: null, region: null };\n';
    const importLine = 'import { address } from "./shared.js";\n';
    const file = (tag: string, body: string) =>
      importLine +
      eventFile(
        `{ name: "N", tag: "${tag}", description: "", sample: { headers: {}, query: {}, body: ${body}, params: {} } }`,
      );
    const { diagnostics } = run({
      "events/shared.ts": shared,
      "events/a.event.ts": file("a:one", "{ billing: address }"),
      "events/b.event.ts": file("a:two", "{ billing: address, shipping: address }"),
    });
    const inShared = diagnostics.filter((d) => d.span?.file.endsWith("shared.ts"));
    expect(inShared.map((d) => d.message)).toEqual([
      "sample.body.billing.line2 and 1 other field are null in every sample, so they are typed null.",
      "sample.body.billing.line2 and 3 other fields are null in every sample, so they are typed null.",
    ]);
    expect(uniqueDiagnostics(sortDiagnostics(inShared)).map((d) => d.paths?.map((p) => p.path))).toEqual([
      [
        "sample.body.billing.line2",
        "sample.body.billing.region",
        "sample.body.shipping.line2",
        "sample.body.shipping.region",
      ],
    ]);
  });

  it("infers a sample as large as a captured API document (25,000 values)", () => {
    const record = '{ id: "ord_1", total: { amount: 1200, currency: "eur" }, tags: ["a", "b"], note: "x" }';
    const body = `{ object: "list", data: [${`${record},`.repeat(2_500)}] }`;
    const { events, diagnostics } = run({ "events/a.event.ts": event(body) });
    expect(diagnostics).toEqual([]);
    expect(events[0]?.schema.properties["body"]).toMatchObject({ properties: { data: { type: "array" } } });
  });

  // Its speed is measured by `npm run bench` (the large samples' records have such keys).
  it("merges an array of 20,000 objects with different keys (records keyed by id) into one optional key each", () => {
    const value = Array.from({ length: 20_000 }, (_, i) => ({ [`rec_${i}`]: { id: i } }));
    const schema = inferValue(value);
    expect(schema).toMatchObject({ type: "array", items: { type: "object", required: [] } });
    const items = (schema as { items: ObjectSchema }).items;
    expect(Object.keys(items.properties)).toHaveLength(20_000);
    expect(Object.keys(items.properties).slice(0, 2)).toEqual(["rec_0", "rec_1"]);
    expect(items.properties["rec_19999"]).toEqual(inferValue({ id: 19_999 }));
  });

  it("gives one warning per code (and file) for an event, listing every path, the first at its span", () => {
    const nulls = Array.from({ length: 12 }, (_, i) => `n${i}: null`).join(", ");
    const { diagnostics } = run({
      "events/a.event.ts": eventFile(
        `{ name: "N", tag: "a:b", description: "", sample: { headers: { "X-Sig": "s", "X-Id": "1" }, query: {}, body: { ${nulls}, list: [], more: [{ e: [] }] }, params: {} } }`,
      ),
    });
    expect(diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      "DT4102 sample.body.n0 and 11 other fields are null in every sample, so they are typed null.",
      "DT4101 sample.body.list and 1 other array are empty, so their elements are typed unknown.",
      'DT4103 Header "X-Sig" and 1 other header are typed with these spellings, but receivers such as Node.js deliver header names in lowercase.',
    ]);
    const [nullWarning, emptyWarning] = diagnostics;
    expect(nullWarning?.paths?.map((p) => p.path)).toEqual(Array.from({ length: 12 }, (_, i) => `sample.body.n${i}`));
    expect(nullWarning?.paths?.[0]?.span).toEqual(nullWarning?.span);
    expect(nullWarning?.paths?.every((p) => p.span?.file === "/project/events/a.event.ts")).toBe(true);
    const lines = nullWarning?.detail?.split("\n") ?? [];
    expect(lines).toHaveLength(11);
    expect(lines[0]).toMatch(/^sample\.body\.n0 \(2:\d+\)$/);
    expect(lines[10]).toBe("and 2 more (--reporter json lists them all)");
    expect(emptyWarning?.paths?.map((p) => p.path)).toEqual(["sample.body.list", "sample.body.more[0].e"]);
  });

  it("names the first value too deep in the order it walks (last key and element first)", () => {
    const nest = (n: number, leaf: string) => "{ x: ".repeat(n) + leaf + " }".repeat(n);
    const deep = MAX_SAMPLE_DEPTH;
    const body = `{ a: ${nest(deep, "1")}, b: [${nest(deep - 2, "2")}, ${nest(deep, "[3]")}], c: 1 }`;
    const [problem, ...rest] = run({ "events/a.event.ts": event(body) }).diagnostics;
    expect(rest).toEqual([]);
    expect(problem?.message).toBe(`sample.body.b[1]${".x".repeat(deep - 2)} is nested more than ${deep} levels deep.`);
  });

  it("does not mutate its input", () => {
    const extracted = extractMemory({
      "events/a.event.ts": event("{ a: [1, { b: null }] }", 'refine: { "body.a": { nullable: true } }'),
    });
    const validated = validate(extracted.events);
    const before = JSON.stringify(validated.events);
    infer(validated.events);
    expect(JSON.stringify(validated.events)).toBe(before);
  });
});

describe("infer: examples", () => {
  it("merges examples with the sample: absent means optional, string and null mean nullable", () => {
    const { body, diagnostics } = bodyOf({
      "events/a.event.ts": event(
        '{ id: "a", note: null, extra: 1 }',
        'examples: [{ headers: {}, query: {}, body: { id: "b", note: "hi" }, params: {} }]',
      ),
    });
    expect(diagnostics).toEqual([]);
    expect(body).toEqual({
      type: "object",
      properties: {
        id: { type: "string" },
        note: { anyOf: [{ type: "string" }, { type: "null" }] },
        extra: { type: "integer" },
      },
      required: ["id", "note"],
      additionalProperties: false,
    });
  });

  it("gives the same schema whatever the order of the examples", () => {
    const examples = ['{ z: 1, m: { q: "x" } }', "{ b: true, m: { a: null } }", '{ a: "s", m: {} }'].map(
      (b) => `{ headers: {}, query: {}, body: ${b}, params: {} }`,
    );
    const orders = [
      [0, 1, 2],
      [2, 1, 0],
      [1, 2, 0],
    ];
    const schemas = orders.map((order) =>
      JSON.stringify(
        bodyOf({
          "events/a.event.ts": event(
            "{ id: 1, m: { k: 2 } }",
            `examples: [${order.map((i) => examples[i]).join(", ")}]`,
          ),
        }).body,
      ),
    );
    expect(new Set(schemas).size).toBe(1);
    // The sample's keys keep their place; keys only examples have follow in code-unit order.
    expect(Object.keys(JSON.parse(schemas[0]!).properties)).toEqual(["id", "m", "a", "b", "z"]);
  });
});

describe("infer: refinements", () => {
  it("marks fields optional, nullable, literal or enum, and documents them", () => {
    const { body, diagnostics } = bodyOf({
      "events/a.event.ts": event(
        '{ status: "paid", kind: "card", note: "x", items: [{ sku: "a" }, { sku: "b" }] }',
        `refine: {
          "body.status": { enum: ["paid", "pending", null] },
          "body.kind": { literal: true, description: "How the customer paid." },
          "body.note": { optional: true, nullable: true },
          "body.items[].sku": { literal: true },
        }`,
      ),
    });
    expect(diagnostics).toEqual([]);
    expect(body).toMatchObject({
      properties: {
        status: { anyOf: [{ type: "string", enum: ["paid", "pending"] }, { type: "null" }] },
        kind: { type: "string", enum: ["card"], description: "How the customer paid." },
        note: { anyOf: [{ type: "string" }, { type: "null" }] },
        items: { type: "array", items: { properties: { sku: { type: "string", enum: ["a", "b"] } } } },
      },
      required: ["status", "kind", "items"],
    });
  });

  it("replaces a subtree with an explicit schema, or declares a field the samples lack", () => {
    const { body, diagnostics } = bodyOf({
      "events/a.event.ts": event(
        "{ meta: {} }",
        `refine: {
          "body.meta": { schema: { type: "object", additionalProperties: { type: "string" } } },
          "body.coupon": { schema: { type: ["string", "null"], description: "Code, if any." } },
        }`,
      ),
    });
    expect(diagnostics).toEqual([]);
    expect(body).toMatchObject({
      properties: {
        meta: { type: "object", properties: {}, additionalProperties: { type: "string" } },
        coupon: { anyOf: [{ type: "string" }, { type: "null" }], description: "Code, if any." },
      },
      required: ["meta"],
    });
  });

  it("reports a path that names nothing, or does not parse, at the refinement's key", () => {
    const { diagnostics } = run({
      "events/a.event.ts": event(
        "{ a: 1 }",
        'refine: { "body.b.c": { nullable: true }, "data.a": { nullable: true }, "body.a": { nullable: true } }',
      ),
    });
    expect(diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      'DT4003 refine["data.a"]: the path must start with headers, query, body or params.',
      'DT4003 refine["body.b.c"]: the path names no field "b" of the samples (at body.b.c).',
    ]);
  });

  it("suggests the field of the samples that a misspelt path was likely meant to name", () => {
    const { diagnostics } = run({
      "events/a.event.ts": event(
        '{ customer: { email: "a@b.c" }, items: [{ sku: "x" }] }',
        'refine: { "body.customer.emial": { nullable: true }, "body.items[].skus": { nullable: true } }',
      ),
    });
    expect(diagnostics.map((d) => d.message)).toEqual([
      'refine["body.customer.emial"]: the path names no field of the sample; give a schema to declare a field the samples lack (at body.customer.emial). Did you mean "body.customer.email"?',
      'refine["body.items[].skus"]: the path names no field of the sample; give a schema to declare a field the samples lack (at body.items[].skus). Did you mean "body.items[].sku"?',
    ]);
  });

  // Issue 17 made every keyword legal in a refinement's schema (they were refused as DT4005):
  // validation keywords are kept and checked on the samples, and only what is wrong is refused.
  it("keeps validation keywords of a refinement schema and checks the samples against them", () => {
    const ok = run({
      "events/a.event.ts": event("{ a: 1 }", 'refine: { "body.a": { schema: { type: "integer", minimum: 0 } } }'),
    });
    expect(ok.diagnostics).toEqual([]);
    const body = ok.events[0]!.schema.properties["body"] as ObjectSchema;
    expect(body.properties["a"]).toEqual({ type: "integer", keywords: { minimum: 0 } });
    const refused = run({
      "events/a.event.ts": event("{ a: -1 }", 'refine: { "body.a": { schema: { type: "integer", minimum: 0 } } }'),
    });
    expect(refused.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      'DT4004 refine["body.a"] makes the type reject the sample: sample.body.a = -1 must be >= 0.',
    ]);
  });

  it("keeps nested validation keywords, and refuses only what is wrong, every problem in one diagnostic", () => {
    const schema =
      '{ type: "object", minProperties: 1, properties: { id: { type: "string", pattern: "^a", maxLength: 9 }, ' +
      'tags: { type: "array", items: { type: "integer", minimum: 0 } }, ' +
      'kind: { anyOf: [{ type: "string", minLength: 1 }, { type: "null" }] } } }';
    const ok = run({
      "events/a.event.ts": event(
        '{ a: { id: "a1", tags: [1], kind: null } }',
        `refine: { "body.a": { schema: ${schema} } }`,
      ),
    });
    expect(ok.diagnostics).toEqual([]);
    const wrong = '{ type: "object", required: "id", properties: { id: { type: "text" }, r: { $ref: "#/$defs/x" } } }';
    const { diagnostics } = run({
      "events/a.event.ts": event('{ a: { id: "a1" } }', `refine: { "body.a": { schema: ${wrong} } }`),
    });
    expect(diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      'DT4005 refine["body.a"].schema at properties.id.type: "text" is not a JSON type (object, array, string, integer, number, boolean, null); ' +
        "at properties.r.$ref: a refinement cannot refer to a definition yet (write the schema inline); at required: must be an array of field names.",
    ]);
  });

  it("names the sample value that a refinement rejects, and why", () => {
    const { diagnostics, events } = run({
      "events/a.event.ts": event(
        '{ status: "paid" }',
        'examples: [{ headers: {}, query: {}, body: { status: "shipped" }, params: {} }], refine: { "body.status": { enum: ["paid", "pending"] } }',
      ),
    });
    expect(events).toEqual([]);
    expect(diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      'DT4004 refine["body.status"] makes the type reject examples[0]: examples[0].body.status = "shipped" is not one of "paid", "pending".',
    ]);
  });

  it("names a rejected value under a key of digits as a key, not an array index", () => {
    const { diagnostics } = run({
      "events/a.event.ts": event(
        '{ codes: { "2024": "a" } }',
        'examples: [{ headers: {}, query: {}, body: { codes: { "2024": "c" } }, params: {} }], refine: { \'body.codes["2024"]\': { enum: ["a"] } }',
      ),
    });
    expect(diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      'DT4004 refine["body.codes[\\"2024\\"]"] makes the type reject examples[0]: examples[0].body.codes["2024"] = "c" is not one of "a".',
    ]);
  });
});

describe("infer and validate: selectors", () => {
  const payment = (tag: string, type: string, extra = "") =>
    event(`{ type: "${type}", amount: 1${extra} }`, 'selector: "body.type"', tag);

  it("types the selected field as a literal when every event of the webhook has a selector", () => {
    const { events, diagnostics } = run({
      "events/a.event.ts": payment("pay:charge", "charge.succeeded"),
      "events/b.event.ts": payment("pay:refund", "refund.created"),
      "events/c.event.ts": event('{ type: "x" }', 'selector: "body.type"', "solo:one"),
      "events/d.event.ts": event('{ type: "y" }', "", "solo:two"),
    });
    expect(codes(diagnostics)).toEqual(["DT3101"]);
    const typeOf = (tag: string) => {
      const body = events.find((e) => e.tag === tag)!.schema.properties["body"];
      return body !== undefined && "properties" in body ? body.properties["type"] : undefined;
    };
    expect(typeOf("pay:charge")).toEqual({ type: "string", enum: ["charge.succeeded"] });
    expect(typeOf("pay:refund")).toEqual({ type: "string", enum: ["refund.created"] });
    // Not every event of "solo" has a selector, so nothing is narrowed there.
    expect(typeOf("solo:one")).toEqual({ type: "string" });
  });

  it("rejects selectors that name nothing usable", () => {
    const { diagnostics } = run({
      "events/a.event.ts": event("{ a: 1 }", 'selector: "body.missing"', "w:a"),
      "events/b.event.ts": event("{ a: { b: 1 } }", 'selector: "body.a"', "w:b"),
      "events/c.event.ts": event("{ a: [1] }", 'selector: "body.a[]"', "w:c"),
    });
    expect(diagnostics.map((d) => d.message)).toEqual([
      'Selector "body.missing" names no field of the sample.',
      'Selector "body.a" names a field holding an object, not a string or number.',
      'Selector "body.a[]" goes into array elements ([]); it must name one field.',
    ]);
  });

  it("rejects two events of a webhook with one selector value, naming both", () => {
    const { diagnostics } = run({
      "events/a.event.ts": payment("pay:charge", "same"),
      "events/b.event.ts": payment("pay:refund", "same"),
    });
    expect(codes(diagnostics)).toEqual(["DT3010"]);
    expect(diagnostics[0]?.related?.map((r) => r.span.file)).toEqual(["/project/events/b.event.ts"]);
  });

  it("rejects different selector paths within one webhook", () => {
    const { diagnostics } = run({
      "events/a.event.ts": payment("pay:charge", "a"),
      "events/b.event.ts": event('{ kind: "b" }', 'selector: "body.kind"', "pay:refund"),
    });
    expect(codes(diagnostics)).toEqual(["DT3011"]);
  });

  it("reads the platform's $Event{...} notation as the same field as its path, beside it", () => {
    const { events, diagnostics } = run({
      "events/a.event.ts": event('{ type: "a", n: 1 }', 'selector: "$Event{type}"', "pay:a"),
      "events/b.event.ts": event('{ type: "b", n: 2 }', 'selector: "body.type"', "pay:b"),
    });
    expect(diagnostics).toEqual([]);
    const a = events.find((e) => e.tag === "pay:a")!;
    // Kept as written (the manifest records it so), with the steps of body.type.
    expect(a.selector).toEqual({ path: "$Event{type}", steps: [{ key: "body" }, { key: "type" }], value: "a" });
    const body = a.schema.properties["body"];
    expect(body !== undefined && "properties" in body ? body.properties["type"] : undefined).toEqual({
      type: "string",
      enum: ["a"],
    });
  });

  it("tells apart the fields and values of selectors across notations", () => {
    const same = run({
      "events/a.event.ts": event('{ type: "x" }', 'selector: "$Event{type}"', "pay:a"),
      "events/b.event.ts": event('{ type: "x" }', 'selector: "body.type"', "pay:b"),
    });
    expect(same.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      'DT3010 Events "pay:a" and "pay:b" of webhook "pay" both have $Event{type} = "x", so the selector cannot tell them apart.',
    ]);
    const differ = run({
      "events/a.event.ts": event('{ type: "x", kind: "k" }', 'selector: "$Event{kind}"', "pay:a"),
      "events/b.event.ts": event('{ type: "y" }', 'selector: "body.type"', "pay:b"),
    });
    expect(differ.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      'DT3011 The events of webhook "pay" use different selector paths ("$Event{kind}", "body.type").',
    ]);
  });

  it("rejects a $Event{...} that names nothing usable as it rejects such a path, at the selector", () => {
    const files = {
      "events/a.event.ts": event("{ a: 1 }", 'selector: "$Event{missing}"', "w:a"),
      "events/b.event.ts": event("{ a: { b: 1 } }", 'selector: "$Event{a}"', "w:b"),
      "events/c.event.ts": event('{ event: "e" }', 'selector: "$Event{body.event}"', "w:c"),
      "events/d.event.ts": event("{ a: 1 }", 'selector: "$Event{a"', "w:d"),
    };
    const { diagnostics } = run(files);
    expect(diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      'DT3009 Selector "$Event{missing}" names no field of the sample.',
      'DT3009 Selector "$Event{a}" names a field holding an object, not a string or number.',
      'DT3009 Selector "$Event{body.event}" names no field of the sample ($Event{...} is a path into the body: $Event{event} is body.event).',
      'DT3009 Selector "$Event{a" has no closing } after $Event{.',
    ]);
    // At the selector's string, as for a path.
    const line = files["events/a.event.ts"].split("\n").findIndex((l) => l.includes("$Event{missing}")) + 1;
    const column = files["events/a.event.ts"].split("\n")[line - 1]!.indexOf('"$Event{missing}"') + 1;
    expect(diagnostics[0]?.span).toMatchObject({ file: "/project/events/a.event.ts", start: { line, column } });
  });

  it("requires the selected field in every payload: an example without it is refused, not typed optional", () => {
    const withExample = (tag: string, type: string, example: string) =>
      event(
        `{ type: "${type}", data: { id: 1 } }`,
        `selector: "body.type", examples: [{ headers: {}, query: {}, body: ${example}, params: {} }]`,
        tag,
      );
    const { diagnostics } = run({
      "events/a.event.ts": withExample("pay:a", "a", "{ data: { id: 2 } }"),
      "events/b.event.ts": withExample("pay:b", "b", '{ type: "b", data: { id: 3 } }'),
    });
    expect(diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      'DT3009 Selector "body.type" must be "a" in every example, since it identifies the event; examples[0] lacks the field.',
    ]);
    // And a refinement that would make it optional is refused as the selector overrides it.
    const optional = run({
      "events/a.event.ts": event(
        '{ type: "a" }',
        'selector: "body.type", refine: { "body.type": { optional: true } }',
        "o:a",
      ),
      "events/b.event.ts": event('{ type: "b" }', 'selector: "body.type"', "o:b"),
    });
    expect(codes(optional.diagnostics)).toEqual(["DT3012"]);
  });

  it("refuses two refine keys naming one field (DT4006, at the second, the first related), and nullable on a selected field", () => {
    const { diagnostics } = run({
      "events/a.event.ts": event(
        "{ data: { id: 1 } }",
        `refine: { "body.data.id": { description: "one" }, 'body.data["id"]': { description: "two" } }`,
      ),
    });
    expect(diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      'DT4006 refine["body.data[\\"id\\"]"] names the same field as refine["body.data.id"], so one of them would be ignored.',
    ]);
    expect(diagnostics[0]?.related?.map((r) => r.message)).toEqual(["the first refinement of the field"]);
    const nullable = run({
      "events/a.event.ts": event(
        '{ type: "a" }',
        'selector: "body.type", refine: { "body.type": { nullable: true } }',
        "o:a",
      ),
      "events/b.event.ts": event('{ type: "b" }', 'selector: "body.type"', "o:b"),
    });
    expect(codes(nullable.diagnostics)).toEqual(["DT3012"]);
  });

  it("refuses optional or nullable on a field the selector goes through, and blames the selector for a payload without it", () => {
    const files = {
      "events/a.event.ts": event(
        '{ meta: { event: "a" } }',
        'selector: "body.meta.event", refine: { "body.meta": { optional: true, description: "Meta." } }',
        "p:a",
      ),
      "events/b.event.ts": event('{ meta: { event: "b" } }', 'selector: "body.meta.event"', "p:b"),
    };
    expect(run(files).diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      'DT3012 refine["body.meta"] sets optional on a field that the selector body.meta.event goes through, but every payload must hold the selected field with this event\'s value "a", so the refinement would be ignored.',
    ]);
    // An example without the selected field is the selector's to report, whatever else is refined.
    const blamed = run({
      "events/a.event.ts": event(
        '{ event: "a", data: { amount: 1 } }',
        'selector: "body.event", refine: { "body.data.amount": { description: "Cents." } }, examples: [{ headers: {}, query: {}, body: { data: { amount: 2 } }, params: {} }]',
        "q:a",
      ),
      "events/b.event.ts": event('{ event: "b" }', 'selector: "body.event"', "q:b"),
    });
    expect(blamed.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      'DT3009 Selector "body.event" must be "a" in every example, since it identifies the event; examples[0] lacks the field.',
    ]);
    // A header written in another case is named, with the fix.
    const header = (tag: string, value: string, example: string) =>
      eventFile(
        `{ name: "E", tag: "${tag}", description: "", sample: { headers: { "x-github-event": "${value}" }, query: {}, body: {}, params: {} }, selector: 'headers["x-github-event"]'${example} }`,
      );
    const cased = run({
      "events/a.event.ts": header(
        "g:push",
        "push",
        ', examples: [{ headers: { "X-GitHub-Event": "push" }, query: {}, body: {}, params: {} }]',
      ),
      "events/b.event.ts": header("g:issues", "issues", ""),
    });
    expect(cased.diagnostics.map((d) => d.message)).toContain(
      'Selector "headers[\\"x-github-event\\"]" must be "push" in every example, since it identifies the event; examples[0] has it as "X-GitHub-Event": write header names in lowercase, as receivers see them.',
    );
  });

  it("refuses a refinement that sets the type of the selected field, which the selector would override", () => {
    const selected = (tag: string, value: string, refine: string) =>
      event(`{ type: "${value}", n: 1 }`, `selector: "body.type", refine: ${refine}`, tag);
    const files = {
      "events/a.event.ts": selected("pay:a", "a", '{ "body.type": { enum: ["a", "b"], description: "Kind." } }'),
      // The same field in the platform's notation; a schema and a literal are overridden too.
      "events/b.event.ts": selected("pay:b", "b", '{ "body.type": { schema: { type: "string" }, literal: true } }'),
      // What the selector keeps: a description, optional, nullable; and other fields.
      "events/c.event.ts": selected("pay:c", "c", '{ "body.type": { description: "Kind." }, "body.n": { enum: [1] } }'),
    };
    files["events/b.event.ts"] = files["events/b.event.ts"].replace(
      'selector: "body.type"',
      'selector: "$Event{type}"',
    );
    const { events, diagnostics } = run(files);
    expect(diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      'DT3012 refine["body.type"] sets enum on the field that the selector body.type names, but the selector types that field as this event\'s value "a", which every payload must hold, so the refinement would be ignored.',
      'DT3012 refine["body.type"] sets schema, literal on the field that the selector $Event{type} names, but the selector types that field as this event\'s value "b", which every payload must hold, so the refinement would be ignored.',
    ]);
    expect(diagnostics[0]?.span?.start.line).toBe(2);
    expect(diagnostics[0]?.related?.map((r) => r.message)).toEqual(["the selector is declared here"]);
    const c = events.find((e) => e.tag === "pay:c")!.schema.properties["body"];
    expect(c !== undefined && "properties" in c ? c.properties["type"] : undefined).toEqual({
      type: "string",
      enum: ["c"],
      description: "Kind.",
    });
    // Where the selector does not type the field (not every event of the webhook has one), the refinement applies.
    const mixed = run({
      "events/a.event.ts": selected("mix:a", "a", '{ "body.type": { enum: ["a", "b"] } }'),
      "events/b.event.ts": event('{ type: "b" }', "", "mix:b"),
    });
    expect(codes(mixed.diagnostics)).toEqual(["DT3101"]);
    const a = mixed.events.find((e) => e.tag === "mix:a")!.schema.properties["body"];
    expect(a !== undefined && "properties" in a ? a.properties["type"] : undefined).toEqual({
      type: "string",
      enum: ["a", "b"],
    });
  });

  it("requires every example to carry the event's own selector value", () => {
    const { diagnostics } = run({
      "events/a.event.ts": event(
        '{ type: "a" }',
        'selector: "body.type", examples: [{ headers: {}, query: {}, body: { type: "b" }, params: {} }]',
        "w:a",
      ),
    });
    expect(diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      'DT3009 Selector "body.type" must be "a" in every example, since it identifies the event; examples[0] has "b".',
    ]);
  });
});

describe("detectFormat", () => {
  // detectFormat skips the shapes for strings that cannot match any of them; the skip must
  // never hide a match. Strings are built around each shape's characteristic characters.
  const reference = (value: string) =>
    CLEAR_SHAPES.find(([format, shape]) => shape.test(value) && formatAccepts(format, value))?.[0];
  const piece = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.constantFrom("-", "@", ".", "T", "Z", ":", "h", "H", "http://", "HTTPS://", "x.com", "2024", "12", "ab"),
    fc.uuid(),
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
    fc.emailAddress(),
    fc.webUrl(),
  );
  it("finds exactly what trying every shape finds", () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 4 }), (pieces) => {
        const value = pieces.join("");
        expect(detectFormat(value)).toBe(reference(value));
      }),
      { numRuns: 3000 },
    );
  });
});

describe("infer with a cache (watch mode)", () => {
  it("gives what inferring afresh gives, as edits add and remove warnings, selectors and failures", () => {
    const sample = (body: string) => `{ headers: {}, query: {}, body: ${body}, params: {} }`;
    const files: Record<string, string> = {
      "events/a.event.ts": eventFile(definition({ tag: '"shop:order-paid"', sample: sample("{ a: null }") })),
      "events/b.event.ts": eventFile(definition({ tag: '"shop:order-sent"', sample: sample("{ b: 1 }") })),
      "events/c.event.ts": eventFile(definition({ tag: '"bank:charge-failed"', sample: sample("{ c: [] }") })),
    };
    const extracted = watchedExtraction(files);
    const caches = { validate: createValidateCache(), infer: createInferCache() };
    const patch = vi.spyOn(caches.infer, "patch");
    const patched = () => patchedLast(patch);
    const run = () => {
      const valid = validate(extracted(), caches.validate).events;
      const cached = infer(valid, caches.infer);
      expect(cached).toEqual(infer(valid));
      return cached;
    };
    const edit = (name: string, text: string) => {
      files[name] = text;
    };
    expect(codes(run().diagnostics)).toEqual(["DT4101", "DT4102"]);
    run();
    // More warnings in the middle event, then fewer: the later event's warnings move along.
    edit(
      "events/a.event.ts",
      eventFile(definition({ tag: '"shop:order-paid"', sample: sample("{ a: null, b: [] }") })),
    );
    expect(codes(run().diagnostics)).toEqual(["DT4101", "DT4102", "DT4101"]);
    expect(patched()).toBe(true);
    edit("events/a.event.ts", eventFile(definition({ tag: '"shop:order-paid"', sample: sample("{ a: 1 }") })));
    expect(codes(run().diagnostics)).toEqual(["DT4101"]);
    edit("events/b.event.ts", eventFile(definition({ tag: '"shop:order-sent"', sample: sample("{ b: null }") })));
    expect(codes(run().diagnostics)).toEqual(["DT4101", "DT4102"]);
    // Selectors on every event of a webhook change its discrimination: everything is inferred again.
    const selected = (tag: string, kind: string) =>
      eventFile(`{ ...${definition({ tag, sample: sample(`{ kind: "${kind}" }`) })}, selector: "body.kind" }`);
    edit("events/a.event.ts", selected('"shop:order-paid"', "paid"));
    run();
    expect(patched()).toBe(false);
    edit("events/b.event.ts", selected('"shop:order-sent"', "sent"));
    run();
    edit("events/b.event.ts", selected('"shop:order-sent"', "shipped"));
    expect(run().events.find((e) => e.tag === "shop:order-sent")?.schema.properties["body"]).toMatchObject({
      properties: { kind: { enum: ["shipped"] } },
    });
    // An event whose refinement its sample breaks is not inferred, and then is again.
    edit(
      "events/c.event.ts",
      eventFile(
        `{ ...${definition({ tag: '"bank:charge-failed"', sample: sample("{ c: 1 }") })}, refine: { "body.c": { enum: [2] } } }`,
      ),
    );
    expect(run().events).toHaveLength(2);
    edit("events/c.event.ts", eventFile(definition({ tag: '"bank:charge-failed"', sample: sample("{ c: 2 }") })));
    expect(run().events).toHaveLength(3);
  });
});

describe("infer with a cache, after many edits at once", () => {
  it("infers everything again rather than patching dozens of events (a checkout), with the same result", () => {
    const files: Record<string, string> = {};
    const write = (description: string) => {
      for (let i = 0; i < 70; i++) {
        const tag = JSON.stringify(`shop:event-${String(i).padStart(2, "0")}`);
        files[`events/e${i}.event.ts`] = eventFile(
          definition({
            tag,
            description: JSON.stringify(description),
            sample: "{ headers: {}, query: {}, body: { a: null }, params: {} }",
          }),
        );
      }
    };
    const extracted = watchedExtraction(files);
    const caches = { validate: createValidateCache(), infer: createInferCache() };
    const patch = vi.spyOn(caches.infer, "patch");
    const run = () => {
      const valid = validate(extracted(), caches.validate).events;
      const cached = infer(valid, caches.infer);
      expect(cached).toEqual(infer(valid));
      return patchedLast(patch);
    };
    write("First.");
    run();
    write("Second.");
    expect(run()).toBe(false);
    files["events/e5.event.ts"] = files["events/e5.event.ts"]!.replace("Second.", "Third.");
    expect(run()).toBe(true);
  });
});

describe("ValidationRun and InferenceRun (cold builds: a chunk of files at a time)", () => {
  it("give what one validate and one infer call give, whatever the chunks", () => {
    const payment = (tag: string, type: string) =>
      event(`{ type: "${type}", amount: 1 }`, 'selector: "body.type"', tag);
    // In file order: "pay" is discriminated, "solo" only in part; "pay-x:*" sorts before "pay:*";
    // a duplicate tag and a duplicate selector value across chunks; warnings on both kinds of event.
    const extracted = extractMemory({
      // "mix" turns out not discriminated only after its first event, which has a selector.
      "events/0.event.ts": event('{ type: "m", list: [] }', 'selector: "body.type"', "mix:one"),
      "events/a.event.ts": payment("pay:refund", "refund.created"),
      "events/b.event.ts": event("{ type: null }", "", "solo:two"),
      "events/c.event.ts": payment("pay-x:one", "one"),
      "events/d.event.ts": event('{ type: "x", list: [] }', 'selector: "body.type"', "solo:one"),
      "events/e.event.ts": payment("pay:charge", "charge.succeeded"),
      "events/f.event.ts": event("{ list: [] }", "", "zed:one"),
      "events/g.event.ts": event("{ list: [1] }", "", "zed:one"),
      "events/h.event.ts": payment("pay:again", "refund.created"),
      "events/z.event.ts": event('{ type: "n" }', "", "mix:two"),
    });
    expect(extracted.diagnostics).toEqual([]);
    const whole = validate(extracted.events);
    expect(codes(whole.diagnostics)).toEqual(["DT3006", "DT3101", "DT3010", "DT3101"]);
    const inferred = infer(whole.events);
    const mixOne = inferred.events.find((e) => e.tag === "mix:one")?.schema.properties["body"];
    expect(JSON.stringify(mixOne)).toContain('"type":"string"}');
    // Reloading gives the same event again, as a build reading the file again does.
    const reloaded: string[] = [];
    const reload = (file: string) => {
      reloaded.push(file);
      return validate(extracted.events.filter((e) => e.file === file)).events[0];
    };
    for (const [size, withReload] of [1, 2, 3, 10].flatMap((n) => [[n, false] as const, [n, true] as const])) {
      reloaded.length = 0;
      const validation = new ValidationRun();
      const inference = new InferenceRun(withReload ? reload : undefined);
      const diagnostics = [];
      for (let start = 0; start < extracted.events.length; start += size) {
        const chunk = validation.add(extracted.events.slice(start, start + size));
        diagnostics.push(...chunk.diagnostics);
        inference.add(chunk.events);
      }
      diagnostics.push(...validation.finish());
      expect(diagnostics).toEqual(whole.diagnostics);
      expect(inference.finish()).toEqual(inferred);
      expect(reloaded.map((file) => file.split("/").pop())).toEqual(withReload ? ["0.event.ts"] : []);
    }
  });
});

describe("merge", () => {
  it("merges a list in one pass exactly as merging it two at a time does", () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue({ maxDepth: 4 }), { maxLength: 6 }), (values) => {
        const schemas = values.map((value) => inferValue(value as JsonValue));
        const pairwise = schemas.reduce<InferredSchema>(merge, {});
        expect(JSON.stringify(mergeAll(schemas))).toBe(JSON.stringify(pairwise));
      }),
      { numRuns: 500 },
    );
  });

  it("orders merged enum literals as refining orders them: by their JSON text", () => {
    const a: InferredSchema = { type: "string", enum: ["a!", "b"] };
    const b: InferredSchema = { type: "string", enum: ["a", "b"] };
    // As text, "a!" (a quote after the !) comes before "a" (a quote after the a).
    expect(merge(a, b)).toEqual({ type: "string", enum: ["a!", "a", "b"] });
    expect(merge({ type: "number", enum: [10] }, { type: "number", enum: [9, 10] })).toEqual({
      type: "number",
      enum: [10, 9],
    });
  });
});

describe("orderLike", () => {
  it("orders a schema like itself as it already is (so inference skips it when there are no examples)", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => {
        const schema = inferValue(value as JsonValue);
        expect(JSON.stringify(orderLike(schema, schema))).toBe(JSON.stringify(schema));
      }),
      { numRuns: 300 },
    );
  });
});

describe("rejections", () => {
  it("checks each variant of nested unions once, not 2^depth times", () => {
    // body.a.a...a.x, each `a` an object or null, and `x` must be "y"; the payload has "z". Each
    // union counts how often its variants are read: once per visit.
    const depth = 12;
    let visits = 0;
    let schema: InferredSchema = { type: "string", enum: ["y"] };
    schema = { type: "object", properties: { x: schema }, required: ["x"], additionalProperties: false };
    let payload: JsonValue = { x: "z" };
    for (let level = 0; level < depth; level++) {
      const object: ObjectSchema = {
        type: "object",
        properties: { a: schema },
        required: ["a"],
        additionalProperties: false,
      };
      const union = { anyOf: [object, { type: "null" as const }] };
      schema = new Proxy(union, {
        get: (target, key, receiver) => {
          if (key === "anyOf") visits += 1;
          return Reflect.get(target, key, receiver) as unknown;
        },
      });
      payload = { a: payload };
    }
    const root: ObjectSchema = {
      type: "object",
      properties: { body: schema },
      required: ["body"],
      additionalProperties: false,
    };
    const [rejection] = rejections(root, [{ body: payload }]);
    expect(rejection).toEqual({
      index: 0,
      path: ["body", ...Array.from({ length: depth }, () => "a"), "x"],
      value: "z",
      reason: 'is not one of "y"',
    });
    // A few reads per union (the walk, and the top one's message): linear in the depth.
    expect(visits).toBeLessThan(4 * depth);
  });
});
