import { mkdtempSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { renderTypes, type RenderedTypes } from "../../src/emit/render-types.js";
import { webhookFiles } from "../../src/emit/layout.js";
import { toJsonSchema } from "../../src/emit/to-json-schema.js";
import { rejections } from "../../src/infer/check.js";
import type { DefinitionTable } from "../../src/infer/schema.js";
import type { JsonObject, JsonValue } from "../../src/util/json.js";
import { declared, declaredEvent, table } from "../helpers/declared.js";
import { PROMISED_OPTIONS } from "../helpers/strict.js";
import { fileScratchDir, writeTree } from "../helpers/tmp.js";

/**
 * How keywords become types where a provider's hand-written types and ours used to part (docs/
 * schemas.md, "How keywords become types"): each rule as a synthetic schema and the TypeScript it
 * must give, compiled by the real compiler under the promised flags and under `--strict` alone
 * (a user without `exactOptionalPropertyTypes`), with `@ts-expect-error` negatives.
 */

const SCRATCH = fileScratchDir("keyword-types");

const STRICT_ONLY: ts.CompilerOptions = {
  strict: true,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  noEmit: true,
  skipLibCheck: true,
  types: [],
};
const PROMISED: ts.CompilerOptions = { ...PROMISED_OPTIONS, noEmit: true, skipLibCheck: true, types: [] };

/** One event `k:e` whose body is `body` (and its sample `sample`), rendered with `definitions`. */
function render(body: JsonValue, sample: JsonObject, definitions: DefinitionTable = new Map()): RenderedTypes {
  const event = declaredEvent("k:e", { body: declared(body) }, { headers: {}, query: {}, body: sample, params: {} });
  return renderTypes([event], undefined, undefined, definitions);
}

/** The module of webhook `k`, and definitions.ts when there is one, as one text. */
function code(rendered: RenderedTypes): string {
  return `${rendered.definitions ?? ""}\n${rendered.webhooks.get("k")!}`;
}

/** The problems tsc reports over the generated files and `usage`. */
function typeCheck(rendered: RenderedTypes, usage: string, options: ts.CompilerOptions): string[] {
  const files: Record<string, string> = {
    "generated/index.ts": rendered.index,
    "package.json": '{ "type": "module" }',
  };
  for (const [webhook, text] of rendered.webhooks) files[`generated/${webhookFiles(webhook).types}`] = text;
  if (rendered.definitions !== undefined) files["generated/definitions.ts"] = rendered.definitions;
  files["usage.ts"] = `import type * as G from "./generated/index.js";\n${usage}\nexport {};\n`;
  const dir = mkdtempSync(join(SCRATCH, "case-"));
  writeTree(dir, files);
  const roots = Object.keys(files)
    .filter((name) => name.endsWith(".ts"))
    .map((name) => join(dir, name));
  return ts.getPreEmitDiagnostics(ts.createProgram(roots, options)).map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, " ");
    if (d.file === undefined || d.start === undefined) return message;
    return `${relative(dir, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: ${message}`;
  });
}

function expectCompiles(rendered: RenderedTypes, usage: string): void {
  expect(typeCheck(rendered, usage, PROMISED)).toEqual([]);
  expect(typeCheck(rendered, usage, STRICT_ONLY)).toEqual([]);
}

describe("index signatures and maps", () => {
  const rendered = render(
    {
      type: "object",
      properties: {
        map: { type: "object", additionalProperties: { type: ["string", "null"] } },
        closed: { type: "object", properties: { a: { type: "string" } }, required: ["a"], additionalProperties: false },
        all: {
          type: "object",
          properties: { a: { type: "string" } },
          required: ["a"],
          additionalProperties: { type: "integer" },
        },
        some: { type: "object", properties: { a: { type: "string" } }, additionalProperties: { type: "integer" } },
        prefixed: {
          type: "object",
          properties: { "x-a": { type: "string" }, b: { type: "boolean" } },
          required: ["b"],
          patternProperties: { "^x-": { type: "string" } },
          additionalProperties: false,
        },
      },
      required: ["map", "closed", "all", "some", "prefixed"],
      additionalProperties: false,
    },
    { map: { a: "x" }, closed: { a: "x" }, all: { a: "x", n: 1 }, some: {}, prefixed: { b: true, "x-c": "c" } },
  );
  const text = code(rendered);

  it("type a map's values as the schema says, without undefined, which JSON cannot hold", () => {
    expect(text).toContain("  map: Record<string, string | null>;\n");
  });

  it("say undefined in a signature only when an optional property falls under it", () => {
    expect(text).toContain("export interface KEBodyAll {\n  a: string;\n  [key: string]: number | string;\n}");
    expect(text).toContain(
      "export interface KEBodySome {\n  a?: string;\n  [key: string]: number | string | undefined;\n}",
    );
    expect(text).toContain('  "x-a"?: string;\n  b: boolean;\n  [key: `x-${string}`]: string | undefined;\n}');
  });

  it("compile with and without exactOptionalPropertyTypes; an explicit undefined is refused where JSON has none", () => {
    expectCompiles(
      rendered,
      [
        "declare const body: G.KEBody;",
        "// Reading a key that may be absent gives undefined under noUncheckedIndexedAccess.",
        "export const read: string | null | undefined = body.map['k'];",
        "export const map: G.KEBody['map'] = { a: 'x', b: null };",
        "// @ts-expect-error a map's value is a string or null",
        "export const badMap: G.KEBody['map'] = { a: 1 };",
        "export const all: G.KEBody['all'] = { a: 'x', n: 1 };",
      ].join("\n"),
    );
    const undefinedValue = [
      "// @ts-expect-error JSON holds no undefined",
      "export const undefinedValue: G.KEBody['map'] = { a: undefined };",
    ].join("\n");
    expect(typeCheck(rendered, undefinedValue, PROMISED)).toEqual([]);
  });
});

describe("tsAdditionalProperties (a vendor keyword of octokit's schemas)", () => {
  const half = {
    type: "object",
    properties: { state: { enum: ["closed"] } },
    required: ["state"],
    tsAdditionalProperties: false,
  };
  const definitions = table({
    "k#/issue": {
      names: ["Issue"],
      schema: {
        type: "object",
        properties: { number: { type: "integer" }, state: { type: "string" } },
        required: ["number", "state"],
        additionalProperties: false,
      },
    },
  });
  const body = {
    type: "object",
    properties: {
      issue: { allOf: [{ $ref: "#k#/issue" }, half] },
      opened: {
        type: "object",
        properties: { a: { type: "string" } },
        additionalProperties: false,
        tsAdditionalProperties: true,
      },
      nullable: { type: ["object", "null"], properties: { a: { type: "string" } }, tsAdditionalProperties: false },
      scalar: { type: "string", tsAdditionalProperties: false },
      beside: {
        type: "object",
        properties: { s: { type: "string" } },
        required: ["s"],
        tsAdditionalProperties: false,
        allOf: [{ $ref: "#k#/issue" }],
      },
    },
    required: ["issue"],
    additionalProperties: false,
  };
  const rendered = render(body, { issue: { number: 1, state: "closed" } }, definitions);
  const text = code(rendered);

  it("closes an object for the types, as octokit's types have it, and is not shown in the JSDoc", () => {
    expect(text).toContain("  issue: Issue & KEBodyIssueFields;\n");
    expect(text).toContain('export interface KEBodyIssueFields {\n  state: "closed";\n}');
    expect(text).toContain("export interface KEBodyNullable {\n  a?: string;\n}");
    expect(text).toContain("  nullable?: KEBodyNullable | null;\n");
    // Beside allOf, on the object part that the keyword sits beside.
    expect(text).toContain("  beside?: KEBodyBesideFields & Issue;\n");
    expect(text).toContain("export interface KEBodyBesideFields {\n  s: string;\n}");
    expect(text).not.toContain("@tsAdditionalProperties");
  });

  it("opens a closed one with true; on a schema with no object it types nothing", () => {
    expect(text).toContain("export interface KEBodyOpened {\n  a?: string;\n  [key: string]: unknown;\n}");
    expect(text).toContain("  scalar?: string;\n");
  });

  it("makes the hand-written intersection assignable to ours (it was not, for want of an index signature)", () => {
    expectCompiles(
      rendered,
      [
        "interface Issue { number: number; state: string }",
        'type Theirs = Issue & { state: "closed" };',
        "declare const theirs: Theirs;",
        "export const ours: G.KEBody['issue'] = theirs;",
        "// @ts-expect-error closed for the types",
        "export const extra: G.KEBody['issue'] = { ...theirs, more: 1 };",
      ].join("\n"),
    );
  });

  it("changes neither validation nor the manifest: additionalProperties is what they follow", () => {
    const schema = declaredEvent("k:e", { body: declared(body) }).schema;
    const sample: JsonObject = {
      headers: {},
      query: {},
      body: { issue: { number: 1, state: "closed" }, nullable: { a: "x", more: 1 } },
      params: {},
    };
    expect(rejections(schema, [sample], undefined, definitions)).toEqual([]);
    const { issue: _issue, beside: _beside, ...rest } = body.properties;
    const manifest = JSON.stringify(toJsonSchema(declared({ ...body, properties: { ...rest, half } })));
    expect(manifest.match(/"tsAdditionalProperties":false/g)).toHaveLength(3);
    expect(manifest).toContain('"tsAdditionalProperties":true');
  });
});

describe("type: object beside oneOf", () => {
  const definitions = table({
    "k#/queued": {
      names: ["Queued"],
      schema: {
        type: "object",
        properties: { status: { const: "queued" } },
        required: ["status"],
        additionalProperties: false,
      },
    },
    "k#/done": {
      names: ["Done"],
      schema: {
        type: "object",
        properties: { status: { const: "done" }, at: { type: "string" } },
        required: ["status", "at"],
        additionalProperties: false,
      },
    },
  });
  const oneOf = [{ $ref: "#k#/queued" }, { $ref: "#k#/done" }];
  const rendered = render(
    {
      type: "object",
      properties: {
        step: { type: "object", oneOf },
        inline: {
          type: "object",
          oneOf: [
            { type: "object", properties: { a: { type: "string" } }, required: ["a"], additionalProperties: false },
            { type: "object", properties: { b: { type: "string" } }, required: ["b"], additionalProperties: false },
          ],
        },
        closed: { type: "object", additionalProperties: false, oneOf },
        bounded: { type: "object", minProperties: 1, oneOf },
        mixed: { type: "object", oneOf: [{ $ref: "#k#/queued" }, { type: "string" }] },
      },
      required: ["step"],
      additionalProperties: false,
    },
    { step: { status: "done", at: "now" } },
    definitions,
  );
  const text = code(rendered);

  it("is the union of its members when they are objects: `type: object` adds nothing to them", () => {
    expect(text).toContain("  step: Queued | Done;\n");
    expect(text).toContain("  inline?: KEBodyInlineVariant1 | KEBodyInlineVariant2;\n");
    // A validation keyword beside them shapes no type: it stays in the JSDoc (and the checks).
    expect(text).toContain("  /** @minProperties 1 */\n  bounded?: Queued | Done;\n");
  });

  it("stays an intersection where the object part types more, or a member may not be an object", () => {
    expect(text).toContain("  closed?: Record<string, never> & (Queued | Done);\n");
    expect(text).toContain("  mixed?: Record<string, unknown> & (Queued | string);\n");
  });

  it("accepts a value of each member's own type", () => {
    expectCompiles(
      rendered,
      [
        "interface Done { status: 'done'; at: string }",
        "declare const done: Done;",
        "export const step: G.KEBody['step'] = done;",
        "// @ts-expect-error not one of the members",
        "export const other: G.KEBody['step'] = { status: 'other' };",
      ].join("\n"),
    );
  });
});

describe("tuples", () => {
  const text = code(
    render(
      {
        type: "object",
        properties: {
          none: { type: "array", items: { type: "string" }, maxItems: 0 },
          one: { type: "array", items: { const: "*" }, minItems: 1, maxItems: 1 },
          pair: { type: "array", prefixItems: [{ type: "string" }, { type: "integer" }], items: false, minItems: 2 },
          draft07: { type: "array", items: [{ type: "string" }], additionalItems: false },
        },
      },
      {},
    ),
  );

  it("come from prefixItems (or draft-07's items list) only; minItems and maxItems stay validation", () => {
    expect(text).toContain("  none?: string[];\n");
    expect(text).toContain('  one?: "*"[];\n');
    expect(text).toContain("  pair?: [string, number];\n");
    expect(text).toContain("  draft07?: [string?];\n");
  });
});
