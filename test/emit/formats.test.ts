import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Parser } from "@asyncapi/parser";
import { validate as validateOpenApi } from "@readme/openapi-parser";
import { Validator } from "@seriousme/openapi-schema-validator";
import Ajv2020Module from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renderAsyncApi } from "../../src/emit/asyncapi.js";
import { ComponentNames, discriminatorOf, planContract, type PiecesCache } from "../../src/emit/contract.js";
import { isOutput, schemaFile, schemaFileTag } from "../../src/emit/layout.js";
import { renderJsonSchema, schemaId } from "../../src/emit/json-schema.js";
import { operationId, renderOpenApi } from "../../src/emit/openapi.js";
import { toJsonSchema } from "../../src/emit/to-json-schema.js";
import { OutputWriter } from "../../src/emit/writer.js";
import type { InferredEvent } from "../../src/infer/index.js";
import type { DefinitionTable, InferredSchema, ObjectSchema } from "../../src/infer/schema.js";
import { typeNameForTag } from "../../src/naming/index.js";
import type { JsonObject } from "../../src/util/json.js";
import { scratchDir } from "../helpers/tmp.js";

/**
 * The formats' renderers on events made by hand: the schema conversion, component names, the
 * discriminator, shared named definitions (which only the schemas users declare will bring, so
 * no build makes them yet) and how the writer recognises the documents. The documents built
 * from real projects are checked in test/e2e/formats.e2e.test.ts.
 */

const Ajv2020 = Ajv2020Module.default;

const str: InferredSchema = { type: "string" };
function obj(properties: Record<string, InferredSchema>, extra: Partial<ObjectSchema> = {}): ObjectSchema {
  return { type: "object", properties, required: Object.keys(properties), additionalProperties: false, ...extra };
}

function event(tag: string, body: ObjectSchema, options: Partial<InferredEvent> = {}): InferredEvent {
  const [webhook = "", name = ""] = tag.split(":");
  const sampleBody: JsonObject = {};
  for (const key of Object.keys(body.properties)) sampleBody[key] = "x";
  return {
    file: `/project/events/${name}.event.ts`,
    tag,
    webhook,
    event: name,
    name: `The ${name} event`,
    description: "",
    sample: { headers: {}, query: {}, body: sampleBody, params: {} },
    examples: [],
    refine: [],
    selector: undefined,
    typeName: typeNameForTag(tag),
    incomplete: false,
    schema: obj({ headers: obj({}), query: obj({}), body, params: obj({}) }),
    ...options,
  };
}

function selected(tag: string, body: ObjectSchema, path: string, value: string | number): InferredEvent {
  const keys = path.split(".");
  return event(tag, body, { selector: { path, steps: keys.map((key) => ({ key })), value } });
}

async function expectValidOpenApi(text: string): Promise<void> {
  const document = JSON.parse(text) as Record<string, unknown>;
  // The parser changes what it is given: each validator gets its own copy.
  const readme = await validateOpenApi(structuredClone(document) as never);
  expect(readme.valid, JSON.stringify(readme)).toBe(true);
  const seriousme = await new Validator().validate(structuredClone(document) as never);
  expect(seriousme.valid, JSON.stringify(seriousme.errors)).toBe(true);
}

async function expectValidAsyncApi(text: string): Promise<void> {
  const { diagnostics } = await new Parser().parse(text);
  expect(diagnostics.filter((d) => d.severity === 0)).toEqual([]);
}

function strictAjv() {
  const ajv = new Ajv2020({ strict: true, allErrors: true, ownProperties: true });
  addFormats.default(ajv);
  return ajv;
}

describe("toJsonSchema", () => {
  it("writes every kind of inferred schema as JSON Schema, keeping format, enum, title and description", () => {
    const schema = obj(
      {
        when: { type: "string", format: "date-time", description: "When it happened." },
        kind: { type: "string", enum: ["a", "b"] },
        count: { type: "integer" },
        ratio: { type: "number", enum: [0.5] },
        ok: { type: "boolean" },
        gone: { type: "null" },
        list: { type: "array", items: { anyOf: [str, { type: "null" }] } },
        anything: {},
        map: { type: "object", properties: {}, required: [], additionalProperties: str },
      },
      { title: "Thing", description: "A thing." },
    );
    expect(toJsonSchema(schema)).toEqual({
      title: "Thing",
      description: "A thing.",
      type: "object",
      properties: {
        when: { description: "When it happened.", type: "string", format: "date-time" },
        kind: { type: "string", enum: ["a", "b"] },
        count: { type: "integer" },
        ratio: { type: "number", enum: [0.5] },
        ok: { type: "boolean" },
        gone: { type: "null" },
        list: { type: "array", items: { anyOf: [{ type: "string" }, { type: "null" }] } },
        anything: {},
        map: { type: "object", additionalProperties: { type: "string" } },
      },
      required: ["when", "kind", "count", "ratio", "ok", "gone", "list", "anything", "map"],
      additionalProperties: false,
    });
  });

  it("keeps keys named like Object.prototype members as ordinary keys, and never changes its input", () => {
    const properties: Record<string, InferredSchema> = {};
    Object.defineProperty(properties, "__proto__", { value: str, enumerable: true });
    properties["constructor"] = { type: "integer" };
    const schema = deepFreeze(obj(properties));
    const out = toJsonSchema(schema);
    const text = JSON.stringify(out);
    expect(text).toBe(
      '{"type":"object","properties":{"__proto__":{"type":"string"},"constructor":{"type":"integer"}},"required":["__proto__","constructor"],"additionalProperties":false}',
    );
    expect(Object.getPrototypeOf(out["properties"])).toBe(Object.prototype);
  });
});

describe("component names", () => {
  it("makes any wanted name safe for OpenAPI and AsyncAPI and unique, numbering later claims", () => {
    const names = new ComponentNames();
    expect(["Body", "Body", "a/b", "a_b", "", "Repo ü", "Body_2"].map((n) => names.claim(n))).toEqual([
      "Body",
      "Body_2",
      "a_b",
      "a_b_2",
      "_",
      "Repo__",
      "Body_2_2",
    ]);
  });

  it("property: every name claimed matches ^[a-zA-Z0-9.-_]+$ and none twice", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "grapheme-composite" }), { maxLength: 30 }), (wanted) => {
        const names = new ComponentNames();
        const claimed = wanted.map((name) => names.claim(name));
        for (const name of claimed) expect(name).toMatch(/^[a-zA-Z0-9.\-_]+$/);
        expect(new Set(claimed).size).toBe(claimed.length);
      }),
    );
  });

  it("operation ids come from the type names: identifiers, unique as type names are", () => {
    expect(operationId(event("payments:charge-succeeded", obj({})))).toBe("paymentsChargeSucceeded");
    expect(operationId(event("3d-secure:v2-challenge", obj({})))).toBe("event3DSecureV2Challenge");
  });
});

describe("the discriminator", () => {
  const body = (value: string) => obj({ type: { type: "string", enum: [value] }, id: str });

  it("applies to a top-level body field selected by every event of the webhook, with string values", () => {
    const events = [
      selected("pay:failed", body("charge.failed"), "body.type", "charge.failed"),
      selected("pay:ok", body("charge.ok"), "body.type", "charge.ok"),
    ];
    expect(discriminatorOf(events)).toBe("type");
    const plan = planContract(events);
    expect(plan.webhooks[0]?.union).toEqual({
      name: "PayWebhookBody",
      propertyName: "type",
      mapping: [
        { value: "charge.failed", body: "PayFailedBody" },
        { value: "charge.ok", body: "PayOkBody" },
      ],
    });
  });

  it("does not apply to a header, a nested field, a number, different fields, an optional field or an unselected event", () => {
    const nested = obj({ data: obj({ type: str }) });
    const optional = { ...body("b"), required: ["id"] };
    const cases: InferredEvent[][] = [
      [selected("w:a", obj({}), "headers.x-event", "a")],
      [selected("w:a", nested, "body.data.type", "a")],
      [selected("w:a", obj({ code: { type: "integer", enum: [7] } }), "body.code", 7)],
      [selected("w:a", body("a"), "body.type", "a"), selected("w:b", obj({ kind: str }), "body.kind", "b")],
      [selected("w:a", body("a"), "body.type", "a"), selected("w:b", optional, "body.type", "b")],
      [selected("w:a", body("a"), "body.type", "a"), event("w:b", body("b"))],
    ];
    for (const events of cases) {
      expect(discriminatorOf(events), JSON.stringify(events.map((e) => e.selector))).toBeUndefined();
      expect(planContract(events).webhooks[0]?.union).toBeUndefined();
    }
  });

  it("names a union that collides with an event's body with a number, never the body", () => {
    // a:b-webhook's body is ABWebhookBody, the a-b webhook's union too.
    const events = [event("a:b-webhook", obj({ ok: str })), selected("a-b:thing", body("thing"), "body.type", "thing")];
    const plan = planContract(events);
    expect(plan.events.map((e) => e.body)).toEqual(["ABWebhookBody", "ABThingBody"]);
    expect(plan.webhooks[1]?.union?.name).toBe("ABWebhookBody_2");
  });
});

describe("shared named definitions", () => {
  // Declared schemas reach a provider's definitions by `$ref`: one table for the build, by key.
  const ref = (key: string): InferredSchema => ({ $ref: key });
  const address = obj({ city: str, zip: str }, { title: "Address" });
  const node = obj({ child: { anyOf: [ref("doc#/node"), { type: "null" }] } }, { required: [] });
  const events = [
    event("shop:order-created", obj({ id: str, shipTo: ref("doc#/address"), tree: ref("doc#/node") })),
    event("shop:order-shipped", obj({ id: str, from: ref("doc#/address") })),
  ];
  const table = (entries: [string, InferredSchema][]): DefinitionTable =>
    new Map(entries.map(([key, schema]) => [key, { key, names: [key], schema }]));
  const definitions = table([
    ["doc#/address", address],
    ["doc#/node", node],
    ["doc#/clash", obj({ x: str })],
    ["doc#/slash", obj({ y: str })],
  ]);
  // As the TypeScript names come: "ShopOrderCreatedBody" is an event's body's name already; "a/b" is no component name.
  const typeNames = new Map([
    ["doc#/address", "Address"],
    ["doc#/node", "Node"],
    ["doc#/clash", "ShopOrderCreatedBody"],
    ["doc#/slash", "a/b"],
  ]);
  const plan = planContract(events, definitions, typeNames);

  it("go to components/schemas once, under safe unique names, and are referenced with $ref (cycles too)", async () => {
    const text = renderOpenApi(plan);
    const schemas = (JSON.parse(text) as { components: { schemas: Record<string, unknown> } }).components.schemas;
    expect(Object.keys(schemas)).toEqual([
      "Address",
      "Node",
      "ShopOrderCreatedBody",
      "ShopOrderCreatedBody_2",
      "ShopOrderShippedBody",
      "a_b",
    ]);
    expect(schemas["ShopOrderShippedBody"]).toEqual({
      type: "object",
      properties: { id: { type: "string" }, from: { $ref: "#/components/schemas/Address" } },
      required: ["id", "from"],
      additionalProperties: false,
    });
    expect(schemas["Node"]).toEqual({
      type: "object",
      properties: { child: { anyOf: [{ $ref: "#/components/schemas/Node" }, { type: "null" }] } },
      additionalProperties: false,
    });
    await expectValidOpenApi(text);
    const asyncapi = renderAsyncApi(plan);
    expect(asyncapi).toContain('"$ref": "#/components/schemas/Address"');
    await expectValidAsyncApi(asyncapi);
  });

  it("a JSON Schema document holds only the definitions its event reaches, under $defs", () => {
    const created = JSON.parse(renderJsonSchema(events[0]!, plan.definitions).text) as JsonObject;
    const shipped = JSON.parse(renderJsonSchema(events[1]!, plan.definitions).text) as JsonObject;
    expect(Object.keys(created["$defs"] as JsonObject)).toEqual(["Address", "Node"]);
    expect(Object.keys(shipped["$defs"] as JsonObject)).toEqual(["Address"]);
    const ajv = strictAjv();
    const check = ajv.compile(created);
    const payload = {
      headers: {},
      query: {},
      params: {},
      body: { id: "1", shipTo: { city: "c", zip: "z" }, tree: { child: { child: null } } },
    };
    expect(check(payload), JSON.stringify(check.errors)).toBe(true);
    expect(check({ ...payload, body: { ...payload.body, tree: { child: { child: 1 } } } })).toBe(false);
  });
});

describe("documents put together from pieces", () => {
  const events = [
    selected(
      "pay:failed",
      obj({ type: { type: "string", enum: ["failed"] }, "a\nb": str, "": str }),
      "body.type",
      "failed",
    ),
    selected("pay:ok", obj({ type: { type: "string", enum: ["ok"] }, "\u2028": str }), "body.type", "ok"),
    event("ship:sent", obj({ items: { type: "array", items: obj({ sku: str }) } }), {
      examples: [{ headers: {}, query: {}, body: { items: [] }, params: {} }],
    }),
  ];

  it("are byte for byte what JSON.stringify writes of the whole document", () => {
    for (const render of [renderOpenApi, renderAsyncApi]) {
      const text = render(planContract(events));
      expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    }
  });

  it("kept between calls (watch mode), give what a call without a cache gives, after a change too", () => {
    const cache: PiecesCache = new WeakMap();
    const fresh = (list: InferredEvent[]) => [renderOpenApi(planContract(list)), renderAsyncApi(planContract(list))];
    const cached = (list: InferredEvent[]) => [
      renderOpenApi(planContract(list, undefined, undefined, cache)),
      renderAsyncApi(planContract(list, undefined, undefined, cache)),
    ];
    expect(cached(events)).toEqual(fresh(events));
    expect(cached(events)).toEqual(fresh(events));
    // One event changed (a new object, as inference hands over), one added whose body takes a name.
    const changed = [{ ...events[0]!, name: "Renamed" }, events[1]!, events[2]!, event("ship:sent-body", obj({}))];
    expect(cached(changed)).toEqual(fresh(changed));
    expect(cached(changed)[0]).toContain('"summary": "Renamed"');
  });
});

describe("JSON Schema documents", () => {
  it("are named from tags (Windows device names with _), with a URN $id, and name their event back", () => {
    expect(schemaFile("con", "nul")).toBe("schemas/con_/nul_.schema.json");
    expect(schemaFile("payments", "charge")).toBe("schemas/payments/charge.schema.json");
    expect(schemaFileTag("con_", "nul_.schema.json")).toBe("con:nul");
    expect(schemaFileTag("con", "nul.schema.json")).toBeUndefined();
    expect(schemaFileTag("payments", "Charge.schema.json")).toBeUndefined();
    expect(schemaFileTag("payments", "charge.json")).toBeUndefined();
    expect(schemaId("payments:charge")).toBe("urn:ductape-events:payments:charge");
  });

  it("begin with $schema, $id and the notice, then title, description, the payload's schema and its examples", () => {
    const e = event("shop:paid", obj({ id: str }), {
      description: "Paid.",
      examples: [{ headers: {}, query: {}, body: { id: "2" }, params: {} }],
    });
    const { path, text } = renderJsonSchema(e, planContract([e]).definitions);
    expect(path).toBe("schemas/shop/paid.schema.json");
    const document = JSON.parse(text) as JsonObject;
    expect(Object.keys(document)).toEqual([
      "$schema",
      "$id",
      "$comment",
      "title",
      "description",
      "type",
      "properties",
      "required",
      "additionalProperties",
      "examples",
    ]);
    expect(document["examples"]).toEqual([e.sample, ...e.examples]);
    const check = strictAjv().compile(document);
    for (const payload of [e.sample, ...e.examples]) expect(check(payload)).toBe(true);
  });
});

describe("the writer and watch know the formats' files", () => {
  it("overwrites and deletes only documents that begin as ours, whatever their line endings", () => {
    const dir = scratchDir("formats-ours");
    const banner = "Generated by ductape-events from your event definitions.";
    const files: Record<string, string> = {
      "openapi.json": `{\n  "openapi": "3.1.1",\n  "x-ductape-events": "${banner}"\n}\n`,
      "asyncapi.json": `\uFEFF{\r\n  "asyncapi": "3.0.0",\r\n  "x-ductape-events": "${banner}"\r\n}\r\n`,
      "a.schema.json": `{\n  "$schema": "x",\n  "$id": "urn:ductape-events:a:b",\n  "$comment": "${banner}"\n}\n`,
      // A webhook named openapi has a manifest of that name.
      "webhooks/openapi.json": `{\n  "$comment": "${banner}"\n}\n`,
      // The notice elsewhere than where we write it: someone else's.
      "b.schema.json": `{\n  "$schema": "x",\n  "$comment": "${banner}"\n}\n`,
      "mine/openapi.json": `{\n  "openapi": "3.1.1",\n  "info": { "x-ductape-events": "${banner}" }\n}\n`,
      "c.schema.json": `{\n  "$comment": "copied: ${banner}"\n}\n`,
    };
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(dir, name, ".."), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    const writer = new OutputWriter({ write: false });
    writer.inspect(Object.keys(files).map((name) => join(dir, name)));
    expect(writer.foreign.map((path) => path.slice(dir.length + 1))).toEqual([
      "b.schema.json",
      "mine/openapi.json",
      "c.schema.json",
    ]);
  });

  it("watch takes the formats' files for outputs, and nothing else under schemas/", () => {
    const out = "/p/generated";
    for (const path of [
      "openapi.json",
      "asyncapi.json",
      "openapi.json.0a1b2c-3.tmp",
      "schemas/con_/nul_.schema.json",
      "schemas/payments/charge.schema.json.ab12-0.tmp",
    ]) {
      expect(isOutput(`${out}/${path}`, out), path).toBe(true);
    }
    for (const path of [
      "schemas/mine.json",
      "schemas/payments/charge.json",
      "schemas/a/b/c.schema.json",
      "x/openapi.json",
    ]) {
      expect(isOutput(`${out}/${path}`, out), path).toBe(false);
    }
  });
});

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}
