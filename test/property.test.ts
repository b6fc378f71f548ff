import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import fc from "fast-check";
import ts from "typescript";
import { PROMISED_OPTIONS } from "./helpers/strict.js";
import { describe, expect, it } from "vitest";
import { renderTypes } from "../src/emit/render-types.js";
import { rejections } from "../src/infer/check.js";
import { infer, inferValue, type InferredSchema, type ObjectSchema } from "../src/infer/index.js";
import { literalType } from "../src/infer/schema.js";
import { setOwn, type JsonObject, type JsonValue } from "../src/util/json.js";
import { slugify, typeNameForTag } from "../src/naming/index.js";
import { tagProblem, validate } from "../src/validate/index.js";
import { MAX_TAG_PART } from "../src/validate/tag.js";
import { extract } from "../src/extract/index.js";
import { definition, eventFile, extractMemory, ROOT, typeFiles } from "./helpers/memory.js";
import { literal } from "./helpers/json.js";
import { scratchDir, writeTree } from "./helpers/tmp.js";

/** Keys real payloads have, plus the ones that break naive code. */
const key = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 8 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "__proto__",
      "constructor",
      "hasOwnProperty",
      "toString",
      "*/",
      "a b",
      "ünï",
      "日本",
      "",
      "0",
      "1e3",
      "__dtkey0__",
      "x-sig",
    ),
  },
);

/** JSON objects built with own properties only, so `__proto__` is a key like any other. */
/** Strings as payloads have them: free text, and values with a clear format. */
const text = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 6 }) },
  fc.date({ noInvalidDate: true, min: new Date(0), max: new Date("2100-01-01") }).map((d) => d.toISOString()),
  fc
    .date({ noInvalidDate: true, min: new Date(0), max: new Date("2100-01-01") })
    .map((d) => d.toISOString().slice(0, 10)),
  fc.uuid(),
  fc.emailAddress(),
  fc.webUrl(),
);

const json = fc.letrec<{ value: JsonValue; object: JsonObject }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    text,
    fc.integer(),
    // Not integers that JSON.stringify writes out in full beyond 2^53 - 1: samples refuse them (DT2014).
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0) && !isUnsafeIntegerText(n)),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    tie("object"),
  ),
  object: fc.array(fc.tuple(key, tie("value")), { maxLength: 5 }).map((entries) => {
    const out: JsonObject = {};
    for (const [k, v] of entries) setOwn(out, k, v);
    return out;
  }),
}));

/** Whether a number's JSON text is an integer beyond 2^53 - 1 written digit by digit (doubles below 1e21 are). */
function isUnsafeIntegerText(n: number): boolean {
  return !Number.isSafeInteger(n) && /^-?\d+$/.test(String(n));
}

describe("properties", () => {
  it("every sample validates against the schema inferred from it", () => {
    // ownProperties: without it ajv takes `hasOwnProperty` or `toString` from the prototype as
    // present. Even with it, ajv's code cannot see a property named __proto__ (its generated
    // code reads data.__proto__), so samples with that key are left to the type-level test below.
    const ajv = new Ajv({ strict: true, ownProperties: true });
    addFormats.default(ajv);
    fc.assert(
      fc.property(
        json.object.filter((body) => !JSON.stringify(body).includes('"__proto__":')),
        (body) => {
          const schema = inferValue(body);
          const check = ajv.compile(schema);
          expect(check(body), JSON.stringify(check.errors)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("the refinement checker agrees with ajv on whether a payload fits a schema", () => {
    const ajv = new Ajv({ strict: true, ownProperties: true });
    addFormats.default(ajv);
    // ajv cannot see keys named __proto__ (see above), and it treats a required key named ""
    // as present when it is absent; the checker is right on both, so they are left out here.
    const noProto = json.object.filter((body) => !/"(__proto__)?":/.test(JSON.stringify(body)));
    fc.assert(
      fc.property(noProto, noProto, (a, b) => {
        const schema = inferValue(a) as ObjectSchema;
        const ajvSays = ajv.compile(schema)(b);
        expect(rejections(schema, [b]).length === 0, JSON.stringify({ a, b })).toBe(ajvSays);
      }),
      { numRuns: 300 },
    );
  });

  it("checking only what refining changed finds the rejections a full check finds", () => {
    // A refinement replaces the schema at one path and copies the nodes above it; every other
    // node stays the inferred one. Here the node at a random path is replaced the ways refining
    // does: by another value's schema, with a description, as literals, made nullable (a union
    // around the inferred node), or, for an object, with fewer required keys. The payload may
    // or may not fit the result.
    const literal = fc.oneof(fc.string({ maxLength: 3 }), fc.integer({ min: -3, max: 3 }), fc.boolean());
    fc.assert(
      fc.property(
        json.object,
        json.value,
        fc.nat(),
        fc.nat({ max: 4 }),
        fc.array(literal, { minLength: 1, maxLength: 3 }),
        (payload, other, pick, how, literals) => {
          const inferred = inferValue(payload) as ObjectSchema;
          const paths = schemaPaths(inferred);
          const path = paths[pick % paths.length]!;
          const node = nodeAt(inferred, path);
          const replacements: InferredSchema[] = [
            inferValue(other),
            { ...node, description: "refined" },
            oneOrUnion(
              [...new Set(literals.map((v) => literalType(v)))].map((type) => ({
                type,
                enum: literals.filter((v) => literalType(v) === type),
              })),
            ),
            { anyOf: [node, { type: "null" }] },
            "type" in node && node.type === "object" ? { ...node, required: node.required.slice(1) } : node,
          ];
          const refined = graft(inferred, path, replacements[how]!) as ObjectSchema;
          expect(rejections(refined, [payload], inferred)).toEqual(rejections(refined, [payload]));
        },
      ),
      { numRuns: 800 },
    );
  });

  it("a suggested tag is always valid, and every type name is an identifier", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const problem = tagProblem(`${a}:${b}`);
        if (problem?.suggestion !== undefined) expect(tagProblem(problem.suggestion)).toBeUndefined();
        const slug = slugify(a);
        if (slug !== "" && slug.length <= MAX_TAG_PART) expect(tagProblem(`${slug}:${slug}`)).toBeUndefined();
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9]+(-[a-z0-9]+)*:[a-z0-9]+(-[a-z0-9]+)*$/), (tag) => {
        expect(typeNameForTag(tag)).toMatch(/^[A-Za-z_$][\w$]*$/);
      }),
    );
  });

  it("generated types accept every sample they were inferred from, whatever its keys and texts", async () => {
    const cases = fc.sample(
      fc.record({
        body: json.object,
        headers: fc.dictionary(key, fc.string({ maxLength: 4 }), { maxKeys: 3 }),
        text: fc.string({ maxLength: 12 }),
      }),
      { numRuns: 40, seed: 20261127 },
    );
    const files: Record<string, string> = {};
    cases.forEach((c, i) => {
      const headers: JsonObject = {};
      for (const k of Object.keys(c.headers)) setOwn(headers, k, c.headers[k]!);
      files[`events/e${i}.event.ts`] = eventFile(
        definition({
          name: JSON.stringify(`N ${c.text}`),
          tag: JSON.stringify(`w${i}:e${i}`),
          description: JSON.stringify(`${c.text} */ \`x\` "q"\nnext`),
          sample: `{ headers: ${literal(headers)}, query: {}, body: ${literal(c.body)}, params: {} }`,
        }),
      );
    });
    const extracted = extractMemory(files);
    expect(extracted.diagnostics).toEqual([]);
    const validated = validate(extracted.events);
    expect(validated.diagnostics).toEqual([]);
    const inferred = infer(validated.events);
    const { files: generated } = typeFiles(renderTypes(inferred.events));

    const dir = scratchDir("property-types");
    writeTree(dir, generated);
    const usage = ['import type { EventPayloads } from "./index.js";'];
    inferred.events.forEach((e, i) => {
      usage.push(`export const v${i}: EventPayloads[${JSON.stringify(e.tag)}] = ${literal(e.sample)};`);
    });
    writeFileSync(join(dir, "usage.ts"), usage.join("\n") + "\n");
    const program = ts.createProgram([join(dir, "usage.ts")], { ...PROMISED_OPTIONS, noEmit: true, types: [] });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(problems).toEqual([]);
  });

  it("gives the same types whatever the order of the examples", () => {
    fc.assert(
      fc.property(
        json.object,
        fc
          .array(json.object, { minLength: 1, maxLength: 4 })
          .chain((examples) =>
            fc.tuple(
              fc.constant(examples),
              fc.shuffledSubarray(examples, { minLength: examples.length, maxLength: examples.length }),
            ),
          ),
        (body, [examples, shuffled]) => {
          const render = (list: readonly JsonObject[]): string => {
            const payloads = list.map((b) => `{ headers: {}, query: {}, body: ${literal(b)}, params: {} }`).join(", ");
            const source = eventFile(
              `{ name: "N", tag: "a:b", description: "", sample: { headers: {}, query: {}, body: ${literal(body)}, params: {} }, examples: [${payloads}] }`,
            );
            const inferred = infer(validate(extractMemory({ "events/a.event.ts": source }).events).events);
            return JSON.stringify(inferred.events[0]?.schema) + typeFiles(renderTypes(inferred.events)).code;
          };
          expect(render(shuffled)).toBe(render(examples));
        },
      ),
      { numRuns: 60 },
    );
  });

  it("gives the same types whatever order the files are found in", () => {
    fc.assert(
      fc.property(
        fc
          .array(json.object, { minLength: 1, maxLength: 6 })
          .chain((bodies) =>
            fc.tuple(
              fc.constant(bodies),
              fc.shuffledSubarray([...bodies.keys()], { minLength: bodies.length, maxLength: bodies.length }),
            ),
          ),
        ([bodies, order]) => {
          const files = new Map(
            bodies.map((b, i) => [
              `${ROOT}/events/e${i}.event.ts`,
              eventFile(
                definition({
                  tag: JSON.stringify(`w${i % 2}:e${i}`),
                  sample: `{ headers: {}, query: {}, body: ${literal(b)}, params: {} }`,
                }),
              ),
            ]),
          );
          const render = (paths: readonly string[]): string => {
            const extracted = extract({ files: paths, readFile: (path) => files.get(path)! });
            return typeFiles(renderTypes(infer(validate(extracted.events).events).events)).code;
          };
          const sorted = [...files.keys()];
          expect(render(order.map((i) => sorted[i]!))).toBe(render(sorted));
        },
      ),
      { numRuns: 40 },
    );
  });
});

/** A step into a schema: a property, an array's elements, or a union's variant. */
type SchemaStep = { key: string } | { items: true } | { variant: number };

/** The path of every node of a schema, the root's (empty) first. */
function schemaPaths(schema: InferredSchema, at: SchemaStep[] = [], out: SchemaStep[][] = []): SchemaStep[][] {
  out.push(at);
  if ("anyOf" in schema) schema.anyOf.forEach((v, i) => schemaPaths(v, [...at, { variant: i }], out));
  else if ("type" in schema && schema.type === "array") schemaPaths(schema.items, [...at, { items: true }], out);
  else if ("type" in schema && schema.type === "object") {
    for (const key of Object.keys(schema.properties)) schemaPaths(schema.properties[key]!, [...at, { key }], out);
  }
  return out;
}

/** One schema as itself, several as a union, as merging makes them. */
function oneOrUnion(schemas: readonly InferredSchema[]): InferredSchema {
  return schemas.length === 1 ? schemas[0]! : { anyOf: schemas };
}

/** The node of a schema at a path made by schemaPaths. */
function nodeAt(schema: InferredSchema, path: readonly SchemaStep[]): InferredSchema {
  let node = schema;
  for (const step of path) {
    if ("variant" in step && "anyOf" in node) node = node.anyOf[step.variant]!;
    else if ("items" in step && "type" in node && node.type === "array") node = node.items;
    else if ("key" in step && "type" in node && node.type === "object") node = node.properties[step.key]!;
    else throw new Error("no such path");
  }
  return node;
}

/** The schema with the node at `path` replaced, and the nodes above it copied, as refining does. */
function graft(schema: InferredSchema, path: readonly SchemaStep[], replacement: InferredSchema): InferredSchema {
  const [step, ...rest] = path;
  if (step === undefined) return replacement;
  if ("variant" in step && "anyOf" in schema) {
    return { ...schema, anyOf: schema.anyOf.map((v, i) => (i === step.variant ? graft(v, rest, replacement) : v)) };
  }
  if ("items" in step && "type" in schema && schema.type === "array") {
    return { ...schema, items: graft(schema.items, rest, replacement) };
  }
  if ("key" in step && "type" in schema && schema.type === "object") {
    const properties: Record<string, InferredSchema> = {};
    for (const key of Object.keys(schema.properties)) {
      setOwn(
        properties,
        key,
        key === step.key ? graft(schema.properties[key]!, rest, replacement) : schema.properties[key]!,
      );
    }
    return { ...schema, properties };
  }
  throw new Error("no such path");
}
