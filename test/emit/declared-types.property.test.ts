import { mkdtempSync } from "node:fs";
import { join, relative } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import fc from "fast-check";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { renderTypes } from "../../src/emit/render-types.js";
import { webhookFiles } from "../../src/emit/layout.js";
import { convertSchema } from "../../src/infer/from-json-schema.js";
import type { JsonObject, JsonValue } from "../../src/util/json.js";
import { declaredEvent } from "../helpers/declared.js";
import { PROMISED_OPTIONS } from "../helpers/strict.js";
import { fileScratchDir, writeTree } from "../helpers/tmp.js";

/**
 * For random JSON Schemas of the keywords that shape types, conversion and rendering never fail,
 * the generated TypeScript compiles under the promised flags, and a value that ajv accepts
 * against the schema type-checks against the generated type. Values come from the schema
 * itself (`valueFor`), and only those ajv accepts are used: a random schema may admit none.
 * One compile per run covers a whole batch of schemas, to keep the time bounded.
 */

const SCRATCH = fileScratchDir("declared-property");
const KEYS = ["a", "b", "id", "x-y", "two words", "constructor", "0"];

const leaf: fc.Arbitrary<JsonValue> = fc.oneof(
  fc.constant({}),
  fc.constant(true),
  fc.record({ type: fc.constant("string") }),
  fc.record({ type: fc.constant("string"), pattern: fc.constant("^a"), minLength: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ type: fc.constant("string"), format: fc.constantFrom("date-time", "email", "int-ish") }),
  fc.record({ type: fc.constantFrom("integer", "number"), minimum: fc.integer({ min: -2, max: 2 }) }),
  fc.record({ type: fc.constantFrom("boolean", "null") }),
  fc.record({ const: fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.boolean(), fc.constant(null)) }),
  fc.record({
    enum: fc.uniqueArray(fc.oneof(fc.string({ maxLength: 3 }), fc.integer({ min: -3, max: 3 }), fc.constant(null)), {
      minLength: 1,
      maxLength: 4,
    }),
  }),
  fc.constant<JsonValue>({ type: ["string", "null"], enum: ["on", "off", null] }),
  fc.record({ type: fc.constant("integer"), nullable: fc.constant(true) }),
);

const { schema: schemaArb } = fc.letrec<{ schema: JsonValue }>((tie) => ({
  schema: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc
      .record(
        {
          properties: fc.dictionary(fc.constantFrom(...KEYS), tie("schema"), { maxKeys: 3 }),
          additionalProperties: fc.oneof(fc.boolean(), tie("schema")),
          patternProperties: fc.dictionary(fc.constantFrom("^x-", "^[0-9]+$"), tie("schema"), { maxKeys: 1 }),
          requireAll: fc.boolean(),
        },
        { requiredKeys: ["properties", "requireAll"] },
      )
      .map(({ requireAll, ...object }) => ({
        type: "object",
        ...object,
        ...(requireAll ? { required: Object.keys(object.properties) } : {}),
      })),
    fc.record({ type: fc.constant("array"), items: tie("schema") }),
    fc.record(
      {
        type: fc.constant("array"),
        prefixItems: fc.array(tie("schema"), { minLength: 1, maxLength: 3 }),
        items: fc.oneof(fc.constant(false), tie("schema")),
        minItems: fc.integer({ min: 0, max: 3 }),
      },
      { requiredKeys: ["type", "prefixItems"] },
    ),
    fc.record({ anyOf: fc.array(tie("schema"), { minLength: 1, maxLength: 3 }) }),
    fc.record({ oneOf: fc.array(tie("schema"), { minLength: 1, maxLength: 2 }) }),
    fc.record({ allOf: fc.array(tie("schema"), { minLength: 1, maxLength: 2 }) }),
  ),
}));

/** A value the schema means to accept, built from it (ajv has the last word). */
function valueFor(schema: JsonValue, depth = 0): JsonValue {
  if (schema === true || schema === false || schema === null || typeof schema !== "object" || Array.isArray(schema)) {
    return "any";
  }
  if (depth > 12) return null;
  if ("const" in schema) return schema["const"]!;
  if (Array.isArray(schema["enum"])) return schema["enum"][0]!;
  if (Array.isArray(schema["anyOf"])) return valueFor(schema["anyOf"][0]!, depth + 1);
  if (Array.isArray(schema["oneOf"])) return valueFor(schema["oneOf"][0]!, depth + 1);
  if (Array.isArray(schema["allOf"])) {
    const parts = schema["allOf"].map((part) => valueFor(part, depth + 1));
    const objects = parts.filter((p): p is JsonObject => p !== null && typeof p === "object" && !Array.isArray(p));
    return objects.length === parts.length ? Object.assign({}, ...objects) : parts[0]!;
  }
  const type = Array.isArray(schema["type"]) ? schema["type"][0] : schema["type"];
  switch (type) {
    case "string": {
      if (schema["format"] === "date-time") return "2024-01-01T00:00:00Z";
      if (schema["format"] === "email") return "a@example.com";
      return "a".repeat(Math.max(1, Number(schema["minLength"] ?? 1)));
    }
    case "integer":
      return Number(schema["minimum"] ?? 0);
    case "number":
      return Number(schema["minimum"] ?? 0) + 0.5;
    case "boolean":
      return true;
    case "null":
      return null;
    case "array": {
      if (Array.isArray(schema["prefixItems"])) return schema["prefixItems"].map((item) => valueFor(item, depth + 1));
      return [valueFor(schema["items"] ?? {}, depth + 1)];
    }
    case "object": {
      const out: JsonObject = {};
      const properties = (schema["properties"] ?? {}) as JsonObject;
      for (const key of Object.keys(properties)) out[key] = valueFor(properties[key]!, depth + 1);
      return out;
    }
    default:
      return "any";
  }
}

/** A JSON value as a TypeScript literal (the keys above never include `__proto__`). */
const literal = (value: JsonValue): string => JSON.stringify(value);

function typeCheck(files: Record<string, string>): string[] {
  const dir = mkdtempSync(join(SCRATCH, "case-"));
  writeTree(dir, { ...files, "package.json": '{ "type": "module" }' });
  const options = { ...PROMISED_OPTIONS, noEmit: true, skipLibCheck: true, types: [] };
  const program = ts.createProgram(
    Object.keys(files).map((name) => join(dir, name)),
    options,
  );
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    if (d.file === undefined || d.start === undefined) return message;
    const { line } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${relative(dir, d.file.fileName)}:${line + 1}: ${message} [${d.file.text.split("\n")[line]?.trim()}]`;
  });
}

describe("types from random declared schemas", () => {
  it("compile, and accept every value ajv accepts against the schema", () => {
    const ajv = new Ajv2020({ strict: false });
    addFormats.default(ajv);
    let checked = 0;
    fc.assert(
      fc.property(fc.array(schemaArb, { minLength: 25, maxLength: 25 }), (schemas) => {
        const usage = ['import type { EventPayload } from "./generated/index.js";'];
        const events = schemas.map((schema, i) => {
          const { schema: converted, problems } = convertSchema(schema);
          expect(problems, JSON.stringify(schema)).toEqual([]);
          // The value becomes the event's sample too, which the registry's data types against the payload.
          const value = valueFor(schema);
          const valid = ajv.validate(schema as object, value);
          if (valid) {
            checked++;
            usage.push(
              `export const v${i}: EventPayload<"w:e${i}">["body"] = ${literal(value)}; // ${JSON.stringify(schema)}`,
            );
          }
          const body = valid
            ? converted
            : { type: "object" as const, properties: {}, required: [], additionalProperties: {} };
          return declaredEvent(`w:e${i}`, { body }, { headers: {}, query: {}, body: valid ? value : {}, params: {} });
        });
        // Every schema renders, and compiles, whether or not a value fits it.
        const all = renderTypes(
          schemas.map((schema, i) => declaredEvent(`w:e${i}`, { body: convertSchema(schema).schema })),
        ).webhooks.get("w")!;
        const declarations = all.slice(all.indexOf("export interface"), all.indexOf('/**\n * The "w" part'));
        const rendered = renderTypes(events);
        const files: Record<string, string> = {
          "generated/index.ts": rendered.index,
          "usage.ts": usage.join("\n"),
          "all.ts": declarations,
        };
        for (const [webhook, text] of rendered.webhooks) files[`generated/${webhookFiles(webhook).types}`] = text;
        expect(typeCheck(files)).toEqual([]);
      }),
      { numRuns: 3, seed: 17 },
    );
    // Enough of the values were accepted by ajv for the check to mean something.
    expect(checked).toBeGreaterThan(25);
  });
});
