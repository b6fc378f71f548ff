import { mkdtempSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import ts from "typescript";
import { PROMISED_OPTIONS } from "../helpers/strict.js";
import { describe, expect, it } from "vitest";
import { webhookFiles, webhookIdentifier } from "../../src/emit/layout.js";
import { renderTypes } from "../../src/emit/render-types.js";
import { infer, type InferredEvent } from "../../src/infer/index.js";
import { setOwn, type JsonObject, type JsonValue } from "../../src/util/json.js";
import { validate } from "../../src/validate/index.js";
import { definition, eventFile, extractMemory, typeFiles } from "../helpers/memory.js";
import { literal } from "../helpers/json.js";
import { fileScratchDir, writeTree } from "../helpers/tmp.js";

/**
 * `webhookEvents` in the generated index.ts: the offline twin of Ductape's
 * `app.webhooks.events.fetchAll(webhookTag)` / `fetch(tag)`. Definitions go through extract,
 * validate, infer and renderTypes in memory as a build does; then the output is type-checked
 * with the real compiler beside a `usage.ts` (exact types asserted with `Equal<>`, what must
 * not compile marked `@ts-expect-error`), and run: transpiled to an .mjs file and imported.
 */

// ---------------------------------------------------------------------------------------------
// The pipeline

interface Built {
  /** Every generated file as one text (see `typeFiles`). */
  readonly code: string;
  /** The generated files by path relative to outDir: `index.ts` and `webhooks/<webhook>.ts`. */
  readonly files: Readonly<Record<string, string>>;
  readonly events: readonly InferredEvent[];
}

/** A definition's source: tag, body (TypeScript source) and optional other fields. */
function def(
  tag: string,
  body: string,
  more: { headers?: string; query?: string; params?: string; name?: string; description?: string } = {},
): string {
  return definition({
    tag: JSON.stringify(tag),
    name: JSON.stringify(more.name ?? `Event ${tag}`),
    description: JSON.stringify(more.description ?? `About ${tag}`),
    sample: `{ headers: ${more.headers ?? "{}"}, query: ${more.query ?? "{}"}, body: ${body}, params: ${more.params ?? "{}"} }`,
  });
}

/** extract -> validate -> infer -> renderTypes; any error on the way fails the test. */
function build(defs: readonly string[]): Built {
  const files: Record<string, string> = {};
  defs.forEach((d, i) => (files[`events/e${String(i).padStart(3, "0")}.event.ts`] = eventFile(d)));
  const extracted = extractMemory(files);
  expect(extracted.diagnostics.map((d) => d.message)).toEqual([]);
  const validated = validate(extracted.events);
  expect(validated.diagnostics.map((d) => d.message)).toEqual([]);
  const inferred = infer(validated.events);
  expect(inferred.diagnostics.filter((d) => d.severity === "error").map((d) => d.message)).toEqual([]);
  expect(inferred.events).toHaveLength(defs.length);
  return { ...typeFiles(renderTypes(inferred.events)), events: inferred.events };
}

/** The top-level statement of `code` that begins with `start`: up to its first line, or the first line at column 0 that closes it. */
function statement(code: string, start: string): string {
  const at = code.indexOf(start);
  expect(at).toBeGreaterThan(0);
  const lines = code.slice(at).split("\n");
  const last = lines[0]!.endsWith(";") ? 0 : lines.findIndex((line) => line.startsWith("}"));
  return lines.slice(0, last + 1).join("\n");
}

/** A webhook's part of the registry's data: `const $webhook: Pick<...> = {...};` in its module. */
function registry(built: Built, webhook: string): string {
  const code = built.files[webhookFiles(webhook).types] ?? "";
  return statement(
    code,
    `const ${webhookIdentifier(webhook)}: Pick<EventDefinitions, WebhookEventTags<"${webhook}">> = `,
  );
}

/** The registry in index.ts: `const definitions: EventDefinitions = ...;`, the webhooks' parts put together. */
function definitions(built: Built): string {
  return statement(built.files["index.ts"] ?? "", "const definitions: EventDefinitions = ");
}

/**
 * The top-level statements of `code` that are not interfaces, type aliases or imports and
 * re-exports, as `[export ]const|function name` or `export default name`: text that broke out
 * of a string or comment would add one.
 */
function runtimeStatements(code: string): string[] {
  const file = ts.createSourceFile("index.ts", code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  return file.statements
    .filter(
      (st) =>
        !ts.isInterfaceDeclaration(st) &&
        !ts.isTypeAliasDeclaration(st) &&
        !ts.isImportDeclaration(st) &&
        !ts.isExportDeclaration(st),
    )
    .map((st) => {
      const exported = ts.canHaveModifiers(st) && ts.getModifiers(st)?.[0]?.kind === ts.SyntaxKind.ExportKeyword;
      const prefix = exported ? "export " : "";
      if (ts.isFunctionDeclaration(st)) return `${prefix}function ${st.name?.text ?? ""}`;
      if (ts.isVariableStatement(st)) {
        return `${prefix}const ${st.declarationList.declarations.map((d) => d.name.getText(file)).join(", ")}`;
      }
      if (ts.isExportAssignment(st)) return `export default ${st.expression.getText(file)}`;
      return `${ts.SyntaxKind[st.kind]}: ${st.getText(file).slice(0, 40)}`;
    });
}

/** What runs: each webhook's data and its default export, then index.ts's code. */
function runtime(built: Built): string[] {
  const webhooks = [...new Set(built.events.map((e) => e.webhook))].sort();
  return [
    ...webhooks.flatMap((w) => [`const ${webhookIdentifier(w)}`, `export default ${webhookIdentifier(w)}`]),
    "export const webhookEvents",
    "function copy",
    "const definitions",
  ];
}

// ---------------------------------------------------------------------------------------------
// Type checking with the real compiler, in process

const SCRATCH = fileScratchDir("webhook-events");

/** The flags the README promises. */
const STRICT: ts.CompilerOptions = { ...PROMISED_OPTIONS, noEmit: true, skipLibCheck: true, types: [] };

/** What a careful application may add on top: the repository's own flags and more. */
const PEDANTIC: ts.CompilerOptions = {
  ...STRICT,
  noUnusedLocals: true,
  noUnusedParameters: true,
  noImplicitReturns: true,
  noImplicitOverride: true,
  noPropertyAccessFromIndexSignature: true,
  noFallthroughCasesInSwitch: true,
  isolatedModules: true,
  verbatimModuleSyntax: true,
  declaration: true,
  isolatedDeclarations: true,
};

/** TypeScript's own lib files, parsed once for every program of this file. */
const libraryFiles = new Map<string, ts.SourceFile | undefined>();

/** Every diagnostic of a program over `files` (written to a fresh scratch folder), as `file:line: message`. */
function typeCheck(files: Readonly<Record<string, string>>, options: ts.CompilerOptions = STRICT): string[] {
  const dir = mkdtempSync(join(SCRATCH, "types-"));
  writeTree(dir, files);
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, version, onError, fresh) => {
    if (fileName.startsWith(dir)) return read(fileName, version, onError, fresh);
    if (!libraryFiles.has(fileName)) libraryFiles.set(fileName, read(fileName, version, onError, fresh));
    return libraryFiles.get(fileName);
  };
  const roots = Object.keys(files).map((name) => join(dir, name));
  const program = ts.createProgram(roots, options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    if (d.file === undefined || d.start === undefined) return message;
    const { line } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${relative(dir, d.file.fileName)}:${line + 1}: ${message}`;
  });
}

const EQUAL = "type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;";

/** usage.ts: imports the generated module as `G` and `webhookEvents`, then `lines`. */
function usage(lines: readonly string[]): string {
  return [
    'import type * as G from "./index.js";',
    'import { webhookEvents } from "./index.js";',
    "",
    EQUAL,
    "",
    ...lines,
    "",
  ].join("\n");
}

// ---------------------------------------------------------------------------------------------
// Running the generated module

/** Transpiles the generated files to JavaScript, writes them as ES modules and imports index.js. */
async function load(files: Readonly<Record<string, string>>): Promise<{ webhookEvents: WebhookEventsAtRunTime }> {
  const dir = mkdtempSync(join(SCRATCH, "run-"));
  const tree: Record<string, string> = { "package.json": '{ "type": "module" }\n' };
  for (const [name, code] of Object.entries(files)) {
    const output = ts.transpileModule(code, {
      fileName: name,
      reportDiagnostics: true,
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
    });
    expect(output.diagnostics ?? []).toEqual([]);
    tree[name.replace(/\.ts$/, ".js")] = output.outputText;
  }
  writeTree(dir, tree);
  return (await import(pathToFileURL(join(dir, "index.js")).href)) as { webhookEvents: WebhookEventsAtRunTime };
}

/** The generated API as untyped JavaScript sees it. */
interface WebhookEventsAtRunTime {
  fetchAll(webhookTag: unknown): Promise<Definition[]>;
  fetch(tag: unknown): Promise<Definition>;
}

interface Definition {
  name: string;
  tag: string;
  description: string;
  sample: JsonObject;
}

/** What the SDK would return for an event: exactly its declared name, tag, description and sample. */
function declared(event: InferredEvent): Definition {
  return { name: event.name, tag: event.tag, description: event.description, sample: event.sample };
}

/** Own property names of Object.prototype, to prove nothing was added to it. */
const prototypeNames = (): string[] => Object.getOwnPropertyNames(Object.prototype).sort();

// ---------------------------------------------------------------------------------------------

/** Two webhooks: `a` with two events of different shapes, `b` with one; `a:b` has a `__proto__` key. */
const TWO_WEBHOOKS = [
  def("a:b", '{ x: 1, label: "first", ["__proto__"]: { polluted: true }, list: [{ id: "i1" }] }', {
    headers: '{ "x-sig": "s" }',
  }),
  def("a:c", '{ y: "two", flag: false }', { params: '{ id: "p1" }' }),
  def("b:d", "{ z: null }", { description: "" }),
];

describe("webhookEvents: types", () => {
  const built = build(TWO_WEBHOOKS);

  it("types fetch(tag) as that event's definition: literal tag, sample as its payload", () => {
    const problems = typeCheck({
      ...built.files,
      "usage.ts": usage([
        'const e = await webhookEvents.fetch("a:b");',
        'export const promise: Equal<ReturnType<typeof webhookEvents.fetch<"a:b">>, Promise<G.EventDefinitionOf<"a:b">>> = true;',
        'export const whole: Equal<typeof e, G.EventDefinitionOf<"a:b">> = true;',
        'export const viaMap: Equal<typeof e, G.EventDefinitions["a:b"]> = true;',
        'export const tag: Equal<typeof e.tag, "a:b"> = true;',
        "export const name: Equal<typeof e.name, string> = true;",
        "export const description: Equal<typeof e.description, string> = true;",
        'export const sample: Equal<typeof e.sample, G.EventPayloads["a:b"]> = true;',
        "export const sampleByName: Equal<typeof e.sample, G.ABPayload> = true;",
        "export const x: Equal<typeof e.sample.body.x, number> = true;",
        "export const label: Equal<typeof e.sample.body.label, string> = true;",
        'export const proto: Equal<(typeof e.sample.body)["__proto__"], G.ABBodyProto> = true;',
        "export const id: Equal<typeof e.sample.body.list[number], G.ABBodyListItem> = true;",
        'export const header: Equal<typeof e.sample.headers["x-sig"], string> = true;',
        "",
        "// @ts-expect-error x is a number, not a string",
        "export const wrong: string = e.sample.body.x;",
        "// @ts-expect-error the body has no field y",
        "export const missing = e.sample.body.y;",
        "// @ts-expect-error the tag is a literal",
        'export const otherTag: "a:c" = e.tag;',
        "",
        'const c = await webhookEvents.fetch("a:c");',
        'export const cParams: Equal<typeof c.sample.params, G.EventPayloads["a:c"]["params"]> = true;',
        "export const flag: Equal<typeof c.sample.body.flag, boolean> = true;",
        "// @ts-expect-error flag is a boolean",
        "export const wrongFlag: number = c.sample.body.flag;",
        'const d = await webhookEvents.fetch("b:d");',
        "export const z: Equal<typeof d.sample.body.z, null> = true;",
      ]),
    });
    expect(problems).toEqual([]);
  });

  it("types fetchAll(webhook) as the union of that webhook's definitions, narrowed by tag", () => {
    const problems = typeCheck({
      ...built.files,
      "usage.ts": usage([
        'const all = await webhookEvents.fetchAll("a");',
        'export const element: Equal<(typeof all)[number], G.EventDefinitionOf<"a:b"> | G.EventDefinitionOf<"a:c">> = true;',
        'export const array: Equal<typeof all, G.EventDefinitionOf<"a:b" | "a:c">[]> = true;',
        'export const tags: Equal<(typeof all)[number]["tag"], "a:b" | "a:c"> = true;',
        'const one = await webhookEvents.fetchAll("b");',
        'export const single: Equal<typeof one, G.EventDefinitionOf<"b:d">[]> = true;',
        'export const ofA: Equal<G.WebhookEventTags<"a">, "a:b" | "a:c"> = true;',
        'export const ofB: Equal<G.WebhookEventTags<"b">, "b:d"> = true;',
        "export const ofAll: Equal<G.WebhookEventTags<G.WebhookTag>, G.EventTag> = true;",
        "export const keys: Equal<keyof G.EventDefinitions, G.EventTag> = true;",
        "export function narrow(): number | string | undefined {",
        "  const first = all[0];",
        "  if (first === undefined) return undefined;",
        '  if (first.tag === "a:b") return first.sample.body.x;',
        "  const y: string = first.sample.body.y;",
        "  return y;",
        "}",
        "",
        "// A tag or webhook that a variable holds: the union of what it may be.",
        "declare const anyTag: G.EventTag;",
        "const some = await webhookEvents.fetch(anyTag);",
        "export const union: Equal<typeof some, G.EventDefinitionOf<G.EventTag>> = true;",
        "declare const anyWebhook: G.WebhookTag;",
        "const every = await webhookEvents.fetchAll(anyWebhook);",
        "export const everything: Equal<(typeof every)[number], G.EventDefinitionOf<G.EventTag>> = true;",
      ]),
    });
    expect(problems).toEqual([]);
  });

  it("rejects unknown tags and webhooks, wrong assignments and writes to the object", () => {
    const problems = typeCheck({
      ...built.files,
      "usage.ts": usage([
        "// @ts-expect-error no event has this tag",
        'export const unknownTag = webhookEvents.fetch("a:z");',
        "// @ts-expect-error a webhook is not an event tag",
        'export const webhookAsTag = webhookEvents.fetch("a");',
        "// @ts-expect-error no such webhook",
        'export const unknownWebhook = webhookEvents.fetchAll("z");',
        "// @ts-expect-error an event tag is not a webhook",
        'export const tagAsWebhook = webhookEvents.fetchAll("a:b");',
        "// @ts-expect-error a string may be anything",
        "export const anyString = webhookEvents.fetch(String(1));",
        "// @ts-expect-error no such webhook",
        'export type NoTags = G.WebhookEventTags<"z">;',
        "// @ts-expect-error no such tag",
        'export type NoDefinition = G.EventDefinitionOf<"z:z">;',
        "",
        'const e = await webhookEvents.fetch("a:b");',
        "// @ts-expect-error label is a string",
        "export const n: number = e.sample.body.label;",
        "// @ts-expect-error the sample of a:b is not a payload of a:c",
        'export const other: G.EventPayloads["a:c"] = e.sample;',
        "// @ts-expect-error the definition of a:b is not one of a:c",
        'export const otherDefinition: G.EventDefinitionOf<"a:c"> = e;',
        "// The copy is the caller's: changing it is allowed (and never reaches the registry).",
        "e.sample.body.x = 2;",
        "// @ts-expect-error but only with values of the payload's types",
        'e.sample.body.x = "2";',
        "",
        "// @ts-expect-error the object is read-only",
        "webhookEvents.fetch = webhookEvents.fetch;",
      ]),
    });
    expect(problems).toEqual([]);
  });

  it("compiles under the repository's own flags and isolatedDeclarations too", () => {
    const problems = typeCheck(
      {
        ...built.files,
        "usage.ts": usage([
          'export type Tags = Equal<Awaited<ReturnType<typeof webhookEvents.fetchAll<"a">>>[number]["tag"], "a:b" | "a:c">;',
          "export const tags: Tags = true;",
          'export const tag: G.EventTag = "a:b";',
        ]),
      },
      PEDANTIC,
    );
    expect(problems).toEqual([]);
  });

  it("checks the data against the payload types through an annotation, not a cast", () => {
    const data = registry(built, "a");
    expect(data.startsWith('const $a: Pick<EventDefinitions, WebhookEventTags<"a">> = {\n')).toBe(true);
    expect(built.code).not.toMatch(/\bas (EventDefinitions|Pick)\b/);
    expect(definitions(built)).toBe(
      "const definitions: EventDefinitions = /* @__PURE__ */ Object.freeze({\n  ...$a,\n  ...$b,\n});",
    );
    // A sample that no longer fits its type is a compile error in its webhook's module itself.
    const module = built.files["webhooks/a.ts"]!;
    const tampered = module.replace(data, data.replace("x: 1,", 'x: "1",'));
    expect(tampered).not.toBe(module);
    const problems = typeCheck({ ...built.files, "webhooks/a.ts": tampered });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^webhooks\/a\.ts:\d+: Type 'string' is not assignable to type 'number'\./);
    // And so is a key the payload type does not have.
    const extra = module.replace(data, data.replace("flag: false,", "flag: false,\n        extra: 1,"));
    expect(extra).not.toBe(module);
    expect(typeCheck({ ...built.files, "webhooks/a.ts": extra }).join("\n")).toMatch(/'extra' does not exist in type/);
    // And an event missing from the data: index.ts puts the webhooks' parts together, every tag required.
    const without = module.replace(data, 'const $a: Pick<EventDefinitions, WebhookEventTags<"a">> = {} as never;');
    expect(typeCheck({ ...built.files, "webhooks/a.ts": without })).toEqual([]);
    const dropped = built.files["index.ts"]!.replace("  ...$b,\n", "");
    expect(typeCheck({ ...built.files, "index.ts": dropped }).join("\n")).toMatch(/"b:d"/);
  });

  it("compiles with no events: fetch and fetchAll accept nothing", async () => {
    const empty = build([]);
    expect(definitions(empty)).toBe("const definitions: EventDefinitions = {};");
    expect(Object.keys(empty.files)).toEqual(["index.ts"]);
    const problems = typeCheck({
      ...empty.files,
      "usage.ts": usage([
        "export const noDefinitions: Equal<G.EventDefinitions, {}> = true;",
        "export const fetchTakes: Equal<Parameters<typeof webhookEvents.fetch>[0], never> = true;",
        "export const fetchAllTakes: Equal<Parameters<typeof webhookEvents.fetchAll>[0], never> = true;",
        "// @ts-expect-error no tag exists",
        'export const tag = webhookEvents.fetch("a:b");',
        "// @ts-expect-error no webhook exists",
        'export const webhook = webhookEvents.fetchAll("a");',
      ]),
    });
    expect(problems).toEqual([]);
    const pedantic = usage([
      "export const none: Equal<G.EventTag, never> = true;",
      "export const api: typeof webhookEvents = webhookEvents;",
    ]);
    expect(typeCheck({ ...empty.files, "usage.ts": pedantic }, PEDANTIC)).toEqual([]);
    const { webhookEvents } = await load(empty.files);
    await expect(webhookEvents.fetchAll("a")).resolves.toEqual([]);
    await expect(webhookEvents.fetch("a:b")).rejects.toThrow('Unknown webhook event tag "a:b"');
  });
});

describe("webhookEvents: the generated data", () => {
  it("prints samples readably: 2-space indentation, keys in sample order, safe keys and strings", () => {
    const built = build([
      def(
        "k:v",
        String.raw`{ zeta: 1, alpha: -0, "x-id": "a\u2028b\u2029c", ["__proto__"]: { inner: [] }, "*/": {}, "ünï": "日本", "0": 1.5e-7, "": "</script>", list: [1, "two", null, [true], { deep: { deeper: "\"q\"" } }], constructor: "c", big: 1e21, neg: -12 }`,
        { headers: '{ "content-type": "application/json" }', query: '{ page: "1" }', name: 'Name "quoted"' },
      ),
    ]);
    expect(registry(built, "k")).toBe(
      [
        'const $k: Pick<EventDefinitions, WebhookEventTags<"k">> = {',
        '  "k:v": {',
        '    name: "Name \\"quoted\\"",',
        '    tag: "k:v",',
        '    description: "About k:v",',
        "    sample: {",
        "      headers: {",
        '        "content-type": "application/json",',
        "      },",
        "      query: {",
        '        page: "1",',
        "      },",
        "      body: {",
        // Integer-like keys come first in every JavaScript object, the sample's included.
        '        "0": 1.5e-7,',
        "        zeta: 1,",
        "        alpha: 0,",
        '        "x-id": "a\\u2028b\\u2029c",',
        '        ["__proto__"]: {',
        "          inner: [],",
        "        },",
        '        "*/": {},',
        '        "ünï": "日本",',
        '        "": "</script>",',
        "        list: [",
        "          1,",
        '          "two",',
        "          null,",
        "          [",
        "            true,",
        "          ],",
        "          {",
        "            deep: {",
        '              deeper: "\\"q\\"",',
        "            },",
        "          },",
        "        ],",
        '        constructor: "c",',
        "        big: 1e+21,",
        "        neg: -12,",
        "      },",
        "      params: {},",
        "    },",
        "  },",
        "};",
      ].join("\n"),
    );
    expect(runtimeStatements(built.code)).toEqual(runtime(built));
    expect(typeCheck(built.files)).toEqual([]);
  });

  it("keeps names, descriptions, keys and values inside their string literals whatever they contain", async () => {
    const injection = '"; export const injected = 1; //';
    const built = build([
      def("i:j", `{ ${JSON.stringify(injection)}: ${JSON.stringify(`*/ ${injection}\n\`\${x}\``)} }`, {
        name: `Weird */ ${injection}`,
        description: `one\ntwo\r\nthree\u2028four\u2029 \`code\` \${x} ${injection}`,
      }),
    ]);
    expect(runtimeStatements(built.code)).toEqual(runtime(built));
    expect(typeCheck(built.files)).toEqual([]);
    const { webhookEvents } = await load(built.files);
    expect(await webhookEvents.fetch("i:j")).toEqual(declared(built.events[0]!));
  });

  it("renders the same data whatever order the files come in", () => {
    const forward = build(TWO_WEBHOOKS);
    const backward = build([...TWO_WEBHOOKS].reverse());
    expect(backward.files).toEqual(forward.files);
    const data = registry(forward, "a") + registry(forward, "b");
    const tags = [...data.matchAll(/^ {2}"([^"]+)": \{$/gm)].map((m) => m[1]);
    expect(tags).toEqual(["a:b", "a:c", "b:d"]);
  });
});

describe("webhookEvents: at run time", () => {
  const built = build(TWO_WEBHOOKS);
  const [ab, ac, bd] = built.events.map(declared) as [Definition, Definition, Definition];

  it("exports only the frozen webhookEvents object; the registry stays private", async () => {
    const module = await load(built.files);
    expect(Object.keys(module)).toEqual(["webhookEvents"]);
    const { webhookEvents } = module;
    expect(Object.isFrozen(webhookEvents)).toBe(true);
    expect(Object.keys(webhookEvents)).toEqual(["fetchAll", "fetch"]);
    expect(() => {
      (webhookEvents as { fetch: unknown }).fetch = () => undefined;
    }).toThrow(TypeError);
  });

  it("fetch returns the declared definition, fetchAll a webhook's definitions in tag order", async () => {
    const { webhookEvents } = await load(built.files);
    const one = webhookEvents.fetch("a:b");
    expect(one).toBeInstanceOf(Promise);
    expect(await one).toEqual(ab);
    expect(JSON.stringify(await one)).toBe(JSON.stringify(ab));
    expect(await webhookEvents.fetch("b:d")).toEqual(bd);
    expect(Object.keys(await webhookEvents.fetch("a:c"))).toEqual(["name", "tag", "description", "sample"]);
    expect(await webhookEvents.fetchAll("a")).toEqual([ab, ac]);
    expect(await webhookEvents.fetchAll("b")).toEqual([bd]);
    // Destructured methods work too: nothing depends on `this`.
    const { fetch, fetchAll } = webhookEvents;
    expect(await fetch("a:c")).toEqual(ac);
    expect(await fetchAll("b")).toEqual([bd]);
  });

  it("returns a fresh deep copy on every call", async () => {
    const { webhookEvents } = await load(built.files);
    const first = await webhookEvents.fetch("a:b");
    const second = await webhookEvents.fetch("a:b");
    expect(second).not.toBe(first);
    expect(second.sample).not.toBe(first.sample);
    first.name = "changed";
    first.sample["body"] = { replaced: true };
    (second.sample["headers"] as JsonObject)["x-sig"] = "changed";
    const listed = await webhookEvents.fetchAll("a");
    (listed[0]!.sample["body"] as JsonObject)["x"] = 999;
    listed.length = 0;
    expect(await webhookEvents.fetch("a:b")).toEqual(ab);
    expect(await webhookEvents.fetchAll("a")).toEqual([ab, ac]);
  });

  it("rejects an unknown tag with an Error naming it, and gives [] for an unknown webhook", async () => {
    const { webhookEvents } = await load(built.files);
    for (const tag of ["a:z", "a", "", "toString", "constructor", "__proto__", "hasOwnProperty", "A:B", " a:b"]) {
      const result = webhookEvents.fetch(tag);
      expect(result).toBeInstanceOf(Promise);
      await expect(result).rejects.toThrow(
        new Error(`Unknown webhook event tag ${JSON.stringify(tag)}: no event declares it.`),
      );
    }
    for (const tag of [undefined, null, 1, ["a:b"], { toString: () => "a:b" }, Symbol("a:b")]) {
      await expect(webhookEvents.fetch(tag)).rejects.toThrow(/^Unknown webhook event tag "/);
    }
    for (const webhook of ["z", "", "a:", "a:b", ":", "toString", "__proto__", "A", undefined, null, 1, Symbol("a")]) {
      await expect(webhookEvents.fetchAll(webhook)).resolves.toEqual([]);
    }
  });

  it("keeps __proto__ an own key of the sample and never touches Object.prototype", async () => {
    const before = prototypeNames();
    const { webhookEvents } = await load(built.files);
    for (const result of [await webhookEvents.fetch("a:b"), (await webhookEvents.fetchAll("a"))[0]!]) {
      const body = result.sample["body"] as JsonObject;
      expect(Object.keys(body)).toEqual(["x", "label", "__proto__", "list"]);
      expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
      expect(Object.getOwnPropertyDescriptor(body, "__proto__")?.value).toEqual({ polluted: true });
      expect("polluted" in body).toBe(false);
    }
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect(prototypeNames()).toEqual(before);
  });
});

// ---------------------------------------------------------------------------------------------
// Hostile keys and texts, generated

/** Keys real payloads have, plus the ones that break naive code (as in test/property.test.ts). */
const key = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 4, unit: "binary" }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "__proto__",
      "constructor",
      "prototype",
      "hasOwnProperty",
      "toString",
      "valueOf",
      "*/",
      "/*",
      "a b",
      "ünï",
      "日本",
      "",
      "0",
      "1",
      "1e3",
      "-1",
      "x-sig",
      "\u2028",
      "\u2029",
      "\ud800",
      "${x}",
      "`",
      "\\",
      '"',
      "\n",
    ),
  },
);

/** Strings with every kind of character, the line and paragraph separators included. */
const text = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 6 }) },
  fc.string({ maxLength: 6, unit: "binary" }),
  fc.constantFrom("\u2028", "a\u2029b", "</script>", "*/", "\ud83d", "\u0000", "${x}", "`", "\\u2028"),
);

/** JSON objects built with own properties only, so `__proto__` is a key like any other. */
const json = fc.letrec<{ value: JsonValue; object: JsonObject }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    text,
    fc.integer(),
    // Not integers that JSON.stringify writes out in full beyond 2^53 - 1: samples refuse them (DT2014).
    fc
      .double({ noNaN: true, noDefaultInfinity: true })
      .filter((n) => Number.isSafeInteger(n) || !/^-?\d+$/.test(String(n))),
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

describe("webhookEvents: hostile samples", () => {
  it("round-trips every sample exactly, whatever its keys and texts, and the data type-checks", async () => {
    const cases = fc.sample(
      fc.record({
        body: json.object,
        query: json.object,
        headers: fc.dictionary(key, fc.string({ maxLength: 4 }), { maxKeys: 3 }),
        text,
      }),
      { numRuns: 40, seed: 20261128 },
    );
    const defs = cases.map((c, i) => {
      const headers: JsonObject = {};
      for (const k of Object.keys(c.headers)) setOwn(headers, k, c.headers[k]!);
      return def(`w${i % 3}:e${i}`, literal(c.body), {
        headers: literal(headers),
        query: literal(c.query),
        name: `N ${c.text}`,
        description: `${c.text} */ \`x\` "q"\nnext`,
      });
    });
    const built = build(defs);
    expect(runtimeStatements(built.code)).toEqual(runtime(built));
    expect(typeCheck(built.files)).toEqual([]);

    const before = prototypeNames();
    const { webhookEvents } = await load(built.files);
    for (const event of built.events) {
      const expected = declared(event);
      const fetched = await webhookEvents.fetch(event.tag);
      // JSON text compares key order and own keys exactly, `__proto__` included.
      expect(JSON.stringify(fetched)).toBe(JSON.stringify(expected));
      expect(fetched).toEqual(expected);
    }
    for (const webhook of ["w0", "w1", "w2"]) {
      const all = await webhookEvents.fetchAll(webhook);
      const expected = built.events.filter((e) => e.webhook === webhook).map(declared);
      expect(JSON.stringify(all)).toBe(JSON.stringify(expected));
    }
    expect(prototypeNames()).toEqual(before);
  });
});
