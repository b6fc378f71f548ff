import { describe, expect, it } from "vitest";
import { infer, inferValue, MAX_SAMPLE_DEPTH, merge } from "../src/infer/index.js";
import type { InferredSchema } from "../src/infer/index.js";
import type { KeyPath } from "../src/extract/literal.js";
import { validate } from "../src/validate/index.js";
import { codes, definition, eventFile, extractMemory } from "./helpers/memory.js";

function schemaOf(value: Parameters<typeof inferValue>[0]): InferredSchema {
  return inferValue(value, [], []);
}

describe("inferValue", () => {
  it("keeps integers and numbers apart", () => {
    expect(schemaOf(3)).toEqual({ type: "integer" });
    expect(schemaOf(-3.5)).toEqual({ type: "number" });
  });

  it("types objects as closed with every sample key required", () => {
    expect(schemaOf({ id: "a", n: null })).toEqual({
      type: "object",
      properties: { id: { type: "string" }, n: { type: "null" } },
      required: ["id", "n"],
      additionalProperties: false,
    });
  });

  it("merges array elements: missing keys become optional, integer widens to number", () => {
    const schema = schemaOf([
      { id: 1, name: "a" },
      { id: 2.5, extra: true },
    ]);
    expect(schema).toEqual({
      type: "array",
      items: {
        type: "object",
        properties: { id: { type: "number" }, name: { type: "string" }, extra: { type: "boolean" } },
        required: ["id"],
        additionalProperties: false,
      },
    });
  });

  it("makes a union of differing element kinds in a fixed order", () => {
    expect(schemaOf([null, "a", 1])).toEqual({
      type: "array",
      items: { anyOf: [{ type: "string" }, { type: "integer" }, { type: "null" }] },
    });
    expect(merge({ type: "null" }, { type: "string" })).toEqual(merge({ type: "string" }, { type: "null" }));
  });

  it("types an empty array's elements as unknown and says where", () => {
    const empty: KeyPath[] = [];
    expect(inferValue({ list: [] }, ["sample", "body"], empty)).toMatchObject({
      properties: { list: { type: "array", items: {} } },
    });
    expect(empty).toEqual([["sample", "body", "list"]]);
  });
});

describe("infer", () => {
  function inferSources(files: Record<string, string>) {
    const extracted = extractMemory(files);
    expect(extracted.diagnostics).toEqual([]);
    const validated = validate(extracted.events);
    expect(validated.diagnostics).toEqual([]);
    return infer(validated.events);
  }

  it("builds the payload schema with open headers and the event's docs", () => {
    const result = inferSources({
      "events/a.event.ts": eventFile(
        definition({ sample: '{ headers: { "x-sig": "s" }, query: {}, body: { tags: [] }, params: {} }' }),
      ),
    });
    expect(codes(result.diagnostics)).toEqual(["DT4101"]);
    expect(result.diagnostics[0]?.message).toBe(
      "sample.body.tags is an empty array, so its elements are typed unknown.",
    );
    const schema = result.events[0]!.schema;
    expect(schema.title).toBe("NewWebhookNewEventPayload");
    expect(schema.description).toBe("New Event: Notify customer of great things");
    expect(schema.properties["headers"]).toEqual({
      type: "object",
      properties: { "x-sig": { type: "string" } },
      required: ["x-sig"],
      additionalProperties: { type: "string" },
    });
    expect(schema.required).toEqual(["headers", "query", "body", "params"]);
  });

  it("refuses a sample nested deeper than the limit, without recursion trouble", () => {
    const deep = "{ a: ".repeat(MAX_SAMPLE_DEPTH + 2) + "1" + " }".repeat(MAX_SAMPLE_DEPTH + 2);
    const result = inferSources({
      "events/a.event.ts": eventFile(definition({ sample: `{ headers: {}, query: {}, body: ${deep}, params: {} }` })),
    });
    expect(codes(result.diagnostics)).toEqual(["DT4001"]);
    expect(result.events).toEqual([]);
  });

  it("does not mutate its input", () => {
    const extracted = extractMemory({ "events/a.event.ts": eventFile(definition()) });
    const validated = validate(extracted.events);
    const before = JSON.stringify(validated.events);
    infer(validated.events);
    expect(JSON.stringify(validated.events)).toBe(before);
  });
});
