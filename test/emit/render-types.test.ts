import { mkdtempSync } from "node:fs";
import { join, relative } from "node:path";
import fc from "fast-check";
import ts from "typescript";
import { PROMISED_OPTIONS } from "../helpers/strict.js";
import { describe, expect, it } from "vitest";
import { renderTypes } from "../../src/emit/render-types.js";
import { createTypesCache } from "../../src/emit/types-cache.js";
import type { ExtractedEvent } from "../../src/extract/types.js";
import { infer, type InferredEvent } from "../../src/infer/index.js";
import { getOwn, isJsonObject, setOwn, type JsonObject, type JsonValue } from "../../src/util/json.js";
import { validate } from "../../src/validate/index.js";
import { definition, eventFile, extractMemory, typeFiles } from "../helpers/memory.js";
import { literal } from "../helpers/json.js";
import { fileScratchDir, writeTree } from "../helpers/tmp.js";

/**
 * The TypeScript emitter, end to end from event files: definitions are extracted, validated and
 * inferred exactly as a build does, then the rendered `index.ts` is read as text (names, order,
 * exact declarations), parsed (nothing but interfaces and type aliases), and compiled with the
 * strictest flags the README promises, beside a `usage.ts` that assigns every sample and
 * example to its payload type and states what must not type-check with `@ts-expect-error`.
 */

// ---------------------------------------------------------------------------------------------
// Definitions and the pipeline

/** One event definition; parts, examples and refine are TypeScript source. */
interface Def {
  readonly tag: string;
  readonly name?: string;
  readonly description?: string;
  readonly headers?: string;
  readonly query?: string;
  readonly body?: string;
  readonly params?: string;
  readonly examples?: readonly string[];
  readonly refine?: string;
  readonly selector?: string;
}

type Parts = Pick<Def, "headers" | "query" | "body" | "params">;

/** A payload `{ headers, query, body, params }` as TypeScript source; missing parts are `{}`. */
function payload(parts: Parts): string {
  return `{ headers: ${parts.headers ?? "{}"}, query: ${parts.query ?? "{}"}, body: ${parts.body ?? "{}"}, params: ${parts.params ?? "{}"} }`;
}

function source(d: Def): string {
  const fields = [
    `name: ${JSON.stringify(d.name ?? "Event")}`,
    `tag: ${JSON.stringify(d.tag)}`,
    `description: ${JSON.stringify(d.description ?? "")}`,
    `sample: ${payload(d)}`,
  ];
  if (d.examples !== undefined) fields.push(`examples: [${d.examples.join(", ")}]`);
  if (d.refine !== undefined) fields.push(`refine: ${d.refine}`);
  if (d.selector !== undefined) fields.push(`selector: ${JSON.stringify(d.selector)}`);
  return `{\n  ${fields.join(",\n  ")},\n}`;
}

interface Built {
  /**
   * Every generated TypeScript file, read as one text: each webhook's module, then index.ts.
   * Names are unique across them, so a declaration is found by name wherever it lives.
   */
  readonly code: string;
  /** The generated files by path relative to outDir: `index.ts` and `webhooks/<webhook>.ts`. */
  readonly files: Readonly<Record<string, string>>;
  readonly events: readonly InferredEvent[];
}

type Reorder = (events: readonly ExtractedEvent[]) => readonly ExtractedEvent[];

function extractAll(defs: readonly (Def | string)[]): readonly ExtractedEvent[] {
  const files: Record<string, string> = {};
  defs.forEach((d, i) => {
    files[`events/e${String(i).padStart(2, "0")}.event.ts`] = eventFile(typeof d === "string" ? d : source(d));
  });
  const extracted = extractMemory(files);
  expect(extracted.diagnostics).toEqual([]);
  expect(extracted.events).toHaveLength(defs.length);
  return extracted.events;
}

/** extract -> validate -> infer -> renderTypes; any error on the way fails the test. */
function renderExtracted(extracted: readonly ExtractedEvent[]): Built {
  const validated = validate(extracted);
  expect(validated.diagnostics.filter((d) => d.severity === "error").map((d) => d.message)).toEqual([]);
  const inferred = infer(validated.events);
  expect(inferred.diagnostics.filter((d) => d.severity === "error").map((d) => d.message)).toEqual([]);
  expect(inferred.events).toHaveLength(extracted.length);
  return { ...typeFiles(renderTypes(inferred.events)), events: inferred.events };
}

function build(defs: readonly (Def | string)[], reorder: Reorder = (events) => events): Built {
  return renderExtracted(reorder(extractAll(defs)));
}

// ---------------------------------------------------------------------------------------------
// Reading the output

/** What the template declares after the payload types, in order: the maps, then `webhookEvents`. */
const FIXED_NAMES = [
  "EventPayloads",
  "EventTag",
  "WebhookTag",
  "EventPayload",
  "WebhookPayloads",
  "WebhookEvents",
  "EventDefinitionOf",
  "WebhookEventTags",
  "EventDefinitions",
  "webhookEvents",
  "copy",
  "definitions",
];

interface Declaration {
  readonly kind: "interface" | "type" | "value" | "other";
  readonly name: string;
  readonly exported: boolean;
  /** The declaration's source with its JSDoc. */
  readonly text: string;
  /** Names of the types it refers to. */
  readonly references: readonly string[];
}

function parse(code: string): ts.SourceFile {
  return ts.createSourceFile("index.ts", code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
}

/** Syntax errors in `code`, through the public API (no type checking). */
function syntaxErrors(code: string): string[] {
  const output = ts.transpileModule(code, {
    fileName: "index.ts",
    reportDiagnostics: true,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  });
  return (output.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

/**
 * Statements that tie the files together: imports and re-exports, and each webhook module's
 * part of the `webhookEvents` data (`const $webhook`, its default export).
 */
function isModulePlumbing(statement: ts.Statement): boolean {
  if (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement) || ts.isExportAssignment(statement)) {
    return true;
  }
  const name = ts.isVariableStatement(statement) ? statement.declarationList.declarations[0]?.name : undefined;
  return name !== undefined && ts.isIdentifier(name) && name.text.startsWith("$");
}

/** The top-level declarations of `code`, in order (module plumbing left out). */
function declarations(code: string): Declaration[] {
  const file = parse(code);
  return file.statements
    .filter((statement) => !isModulePlumbing(statement))
    .map((statement) => {
      const ranges = ts.getLeadingCommentRanges(code, statement.getFullStart()) ?? [];
      const doc = ranges.filter((r) => code.startsWith("/**", r.pos)).at(-1);
      const text = code.slice(doc?.pos ?? statement.getStart(file), statement.getEnd());
      // The template's runtime part (`webhookEvents`, its data and helper) declares values.
      const value = ts.isVariableStatement(statement)
        ? statement.declarationList.declarations[0]?.name
        : ts.isFunctionDeclaration(statement)
          ? statement.name
          : undefined;
      if (value !== undefined && ts.isIdentifier(value)) {
        return { kind: "value", name: value.text, exported: false, text, references: [] };
      }
      if (!ts.isInterfaceDeclaration(statement) && !ts.isTypeAliasDeclaration(statement)) {
        return { kind: "other", name: "", exported: false, text, references: [] };
      }
      const references: string[] = [];
      const visit = (node: ts.Node): void => {
        if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName)) references.push(node.typeName.text);
        ts.forEachChild(node, visit);
      };
      ts.forEachChild(statement, visit);
      const exported = statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false;
      const kind = ts.isInterfaceDeclaration(statement) ? "interface" : "type";
      return { kind, name: statement.name.text, exported, text, references };
    });
}

function names(code: string): string[] {
  return declarations(code).map((d) => d.name);
}

/** The one declaration called `name`, with its JSDoc. */
function declaration(code: string, name: string): string {
  const found = declarations(code).filter((d) => d.name === name);
  expect(
    found.map((d) => d.name),
    `declarations named ${name}`,
  ).toEqual([name]);
  return found[0]!.text;
}

const lines = (...text: string[]): string => text.join("\n");

/** A copy of `value` with the field at `path` replaced, or removed when `replacement` is undefined. */
function changed(value: JsonObject, path: readonly string[], replacement: JsonValue | undefined): JsonObject {
  const [key, ...rest] = path;
  const out: JsonObject = {};
  for (const k of Object.keys(value)) {
    if (k !== key) setOwn(out, k, value[k]!);
    else if (rest.length > 0) {
      const inner = value[k]!;
      if (!isJsonObject(inner)) throw new Error(`no object at ${k}`);
      setOwn(out, k, changed(inner, rest, replacement));
    } else if (replacement !== undefined) setOwn(out, k, replacement);
  }
  if (key !== undefined && getOwn(value, key) === undefined) throw new Error(`no field ${key}`);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Type checking with the real compiler

const SCRATCH = fileScratchDir("emit-typescript");

const COMPILER_OPTIONS: ts.CompilerOptions = { ...PROMISED_OPTIONS, noEmit: true, skipLibCheck: true, types: [] };

/** TypeScript's own lib files, parsed once for every program of this file. */
const libraryFiles = new Map<string, ts.SourceFile | undefined>();

function typeCheck(files: Readonly<Record<string, string>>): { problems: string[]; program: ts.Program } {
  const dir = mkdtempSync(join(SCRATCH, "case-"));
  writeTree(dir, files);
  const host = ts.createCompilerHost(COMPILER_OPTIONS);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, version, onError, fresh) => {
    if (fileName.startsWith(dir)) return read(fileName, version, onError, fresh);
    if (!libraryFiles.has(fileName)) libraryFiles.set(fileName, read(fileName, version, onError, fresh));
    return libraryFiles.get(fileName);
  };
  const roots = Object.keys(files)
    .filter((name) => name.endsWith(".ts"))
    .map((name) => join(dir, name));
  const program = ts.createProgram(roots, COMPILER_OPTIONS, host);
  const problems = ts.getPreEmitDiagnostics(program).map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    if (d.file === undefined || d.start === undefined) return message;
    const { line } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${relative(dir, d.file.fileName)}:${line + 1}: ${message}`;
  });
  return { problems, program };
}

const EQUAL = "type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;";

/** usage.ts: every sample and example of every event as a literal of its payload type, then `extra`. */
function usage(built: Built, extra: readonly string[]): string {
  const out = ['import type * as G from "./index.js";', "", EQUAL, ""];
  built.events.forEach((event, i) => {
    [event.sample, ...event.examples].forEach((value, j) => {
      out.push(`export const payload${i}x${j}: G.EventPayloads[${JSON.stringify(event.tag)}] = ${literal(value)};`);
    });
    out.push(
      `export const byName${i}: Equal<G.EventPayload<${JSON.stringify(event.tag)}>, G.${event.typeName}> = true;`,
    );
  });
  return [...out, "", ...extra, ""].join("\n");
}

/** Compiles index.ts with usage.ts and expects no diagnostics (an unused @ts-expect-error is one). */
function expectTypeChecks(built: Built, extra: readonly string[] = []): ts.Program {
  const { problems, program } = typeCheck({ ...built.files, "usage.ts": usage(built, extra) });
  expect(problems).toEqual([]);
  return program;
}

let negativeCount = 0;

/** Lines asserting that `value` is NOT assignable to the payload type of `tag`. */
function rejects(why: string, tag: string, value: JsonObject): string[] {
  negativeCount++;
  return [
    `// @ts-expect-error ${why}`,
    `export const rejected${negativeCount}: G.EventPayloads[${JSON.stringify(tag)}] = ${literal(value)};`,
  ];
}

function eventOf(built: Built, tag: string): InferredEvent {
  const event = built.events.find((e) => e.tag === tag);
  if (event === undefined) throw new Error(`no event ${tag}`);
  return event;
}

// ---------------------------------------------------------------------------------------------

describe("the type-checking harness", () => {
  it("reports type errors and unused @ts-expect-error directives", () => {
    const { problems } = typeCheck({
      "index.ts": "export interface A { n: number }\n",
      "usage.ts": [
        'import type { A } from "./index.js";',
        "export const wrong: A = { n: 'x' };",
        "// @ts-expect-error nothing is wrong here",
        "export const right: A = { n: 1 };",
        "",
      ].join("\n"),
    });
    expect(problems).toEqual([
      "usage.ts:2: Type 'string' is not assignable to type 'number'.",
      "usage.ts:3: Unused '@ts-expect-error' directive.",
    ]);
  });
});

describe("renderTypes: whole files", () => {
  it("renders one event as a payload interface, its four parts and the data in its webhook's module, and the maps in index.ts", () => {
    const built = build([definition()]);
    expect(Object.keys(built.files)).toEqual(["webhooks/new-webhook.ts", "index.ts"]);
    expect(built.files["webhooks/new-webhook.ts"]).toMatchInlineSnapshot(`
      "// Generated by ductape-events from your event definitions. Do not edit: change the *.event.ts files and run \`ductape-events build\`.
      //
      // The events of webhook "new-webhook": import their types from ../index.js, which re-exports them.

      import type { EventDefinitions, WebhookEventTags } from "../index.js";

      /**
       * New Event: Notify customer of great things
       *
       * Tag \`new-webhook:new-event\`.
       */
      export interface NewWebhookNewEventPayload {
        headers: NewWebhookNewEventHeaders;
        query: NewWebhookNewEventQuery;
        body: NewWebhookNewEventBody;
        params: NewWebhookNewEventParams;
      }

      /** The headers of \`new-webhook:new-event\`. */
      export type NewWebhookNewEventHeaders = Record<string, string>;

      /** The query of \`new-webhook:new-event\`. */
      export type NewWebhookNewEventQuery = Record<string, never>;

      /** The body of \`new-webhook:new-event\`. */
      export interface NewWebhookNewEventBody {
        event: string;
      }

      /** The params of \`new-webhook:new-event\`. */
      export type NewWebhookNewEventParams = Record<string, never>;

      /**
       * The "new-webhook" part of the data behind \`webhookEvents\` (../index.ts), checked against the
       * payload types by this annotation.
       */
      const $new_webhook: Pick<EventDefinitions, WebhookEventTags<"new-webhook">> = {
        "new-webhook:new-event": {
          name: "New Event",
          tag: "new-webhook:new-event",
          description: "Notify customer of great things",
          sample: {
            headers: {},
            query: {},
            body: {
              event: "new-transaction",
            },
            params: {},
          },
        },
      };

      export default $new_webhook;
      "
    `);
    expect(built.files["index.ts"]).toMatchInlineSnapshot(`
      "// Generated by ductape-events from your event definitions. Do not edit: change the *.event.ts files and run \`ductape-events build\`.
      //
      // The payload types and samples live in one module per webhook under ./webhooks/; this file
      // re-exports every type of them, so import from here.

      export * from "./webhooks/new-webhook.js";
      import type { NewWebhookNewEventPayload } from "./webhooks/new-webhook.js";
      import $new_webhook from "./webhooks/new-webhook.js";

      /** The payload type of every declared event, by tag. */
      export interface EventPayloads {
        "new-webhook:new-event": NewWebhookNewEventPayload;
      }

      /** Every declared event tag (\`webhook-tag:event-tag\`). */
      export type EventTag = keyof EventPayloads;

      /** Every declared webhook tag. */
      export type WebhookTag = "new-webhook";

      /** The payload type of one event, e.g. \`EventPayload<"new-webhook:new-event">\`. */
      export type EventPayload<T extends EventTag> = EventPayloads[T];

      /**
       * The payloads each webhook delivers: a union of its events' payloads. When every event of a
       * webhook declares a \`selector\`, the selected field holds each event's own literal value, so a
       * \`switch\` on it narrows the object that holds it, and only that: after \`switch (p.body.event)\`,
       * \`p.body\` is the body of the matching event, while \`p\` and its other parts stay unions (a union
       * narrows only by a property of its own members). After \`switch (p.headers["x-github-event"])\`,
       * \`p.headers\` is narrowed and \`p.body\` is not; narrow it by its own fields, or name the event's
       * type, \`EventPayload<tag>\`.
       */
      export interface WebhookPayloads {
        "new-webhook": NewWebhookNewEventPayload;
      }

      /**
       * The type of \`webhookEvents\`: the read methods of Ductape's \`app.webhooks.events\`, over the
       * declared events.
       */
      export interface WebhookEvents {
        /**
         * Every event of a webhook, in tag order. A webhook that declares no event (which only
         * untyped JavaScript can ask for) gives an empty array.
         */
        fetchAll<W extends WebhookTag>(webhookTag: W): Promise<EventDefinitionOf<WebhookEventTags<W>>[]>;
        /**
         * One event, by its tag \`webhook-tag:event-tag\`. A tag that is not declared (which only
         * untyped JavaScript can ask for) rejects with an Error naming it.
         */
        fetch<T extends EventTag>(tag: T): Promise<EventDefinitionOf<T>>;
      }

      /**
       * The definition of one event, e.g. \`EventDefinitionOf<"new-webhook:new-event">\`; for a union of tags,
       * the union of their definitions.
       */
      export type EventDefinitionOf<T extends EventTag> = EventDefinitions[T];

      /** The tags of one webhook's events, e.g. \`WebhookEventTags<"new-webhook">\`. */
      export type WebhookEventTags<W extends WebhookTag> = Extract<EventTag, \`\${W}:\${string}\`>;

      /**
       * Every declared event as Ductape's SDK returns it from \`app.webhooks.events.fetch(tag)\`, by
       * tag: \`{ name, tag, description, sample }\`, with \`tag\` the literal tag and \`sample\` typed as
       * the event's payload.
       */
      export type EventDefinitions = {
        [T in EventTag]: {
          /** The event's display name. */
          name: string;
          /** The event's tag, \`webhook-tag:event-tag\`. */
          tag: T;
          /** What the event means, as declared (may be empty). */
          description: string;
          /** The declared sample payload: headers, query, body and params. */
          sample: EventPayloads[T];
        };
      };

      /**
       * The declared events, offline, through the same interface as Ductape's SDK
       * (\`app.webhooks.events\`), for application tests and docs:
       *
       * \`\`\`ts
       * const event = await webhookEvents.fetch("new-webhook:new-event");
       * event.sample.body; // EventPayload<"new-webhook:new-event">["body"]
       * const events = await webhookEvents.fetchAll("new-webhook");
       * \`\`\`
       *
       * The object is frozen, and every call returns a fresh deep copy: changing a result never
       * changes what the next call returns. Importing only types from this file loads none of it;
       * bundlers drop it (and the samples) when \`webhookEvents\` is not used.
       */
      export const webhookEvents: Readonly<WebhookEvents> = /* @__PURE__ */ Object.freeze({
        async fetchAll<W extends WebhookTag>(webhookTag: W): Promise<EventDefinitionOf<WebhookEventTags<W>>[]> {
          const prefix = \`\${String(webhookTag)}:\`;
          const tags = Object.keys(definitions).filter((tag) => tag.startsWith(prefix));
          // The tags starting with \`\${webhookTag}:\` are exactly WebhookEventTags<W>; TypeScript cannot see that.
          return tags.map((tag) => copy(definitions[tag as EventTag])) as EventDefinitionOf<WebhookEventTags<W>>[];
        },
        async fetch<T extends EventTag>(tag: T): Promise<EventDefinitionOf<T>> {
          if (typeof tag === "string" && Object.prototype.hasOwnProperty.call(definitions, tag)) {
            return copy(definitions[tag]);
          }
          throw new Error(\`Unknown webhook event tag \${JSON.stringify(String(tag))}: no event declares it.\`);
        },
      });

      /** A deep copy of JSON data. JSON.parse makes every key an own property, \`__proto__\` too. */
      function copy<T>(value: T): T {
        return JSON.parse(JSON.stringify(value)) as T;
      }

      /**
       * The declared definitions, by tag, checked against their types by this annotation (each
       * webhook's module checks its own part too). Never handed out: \`webhookEvents\` returns copies.
       */
      const definitions: EventDefinitions = /* @__PURE__ */ Object.freeze({
        ...$new_webhook,
      });
      "
    `);
    expectTypeChecks(built);
  });

  it("names a webhook's module by its tag, reserved words, digits, hyphens and device names included", () => {
    const built = build([
      { tag: "class:created", body: "{ a: 1 }" },
      { tag: "3d-secure-v2:checked", body: "{ b: true }" },
      { tag: "con:opened", body: '{ c: "x" }' },
      { tag: "default:x", body: "{ d: null }" },
    ]);
    expect(Object.keys(built.files)).toEqual([
      "webhooks/3d-secure-v2.ts",
      "webhooks/class.ts",
      "webhooks/con_.ts",
      "webhooks/default.ts",
      "index.ts",
    ]);
    expect(built.files["index.ts"]).toContain('import $3d_secure_v2 from "./webhooks/3d-secure-v2.js";');
    expect(built.files["index.ts"]).toContain('import $con from "./webhooks/con_.js";');
    expectTypeChecks(built, [
      'export const byName: Equal<G.Event3DSecureV2CheckedPayload, G.EventPayload<"3d-secure-v2:checked">> = true;',
      'export const webhooks: Equal<G.WebhookTag, "3d-secure-v2" | "class" | "con" | "default"> = true;',
    ]);
  });

  it("renders no events as empty maps that still compile", () => {
    const built = renderExtracted([]);
    expect(names(built.code)).toEqual(FIXED_NAMES);
    expect(built.code).toContain("// No events are declared yet.");
    expect(declaration(built.code, "WebhookTag")).toBe(
      lines("/** Every declared webhook tag. */", "export type WebhookTag = never;"),
    );
    expectTypeChecks(built, [
      "export const noTags: Equal<G.EventTag, never> = true;",
      "export const noWebhooks: Equal<G.WebhookTag, never> = true;",
    ]);
  });
});

describe("renderTypes: names", () => {
  const rich: Def = {
    tag: "a:b",
    headers: '{ "x-sig": "s" }',
    params: '{ id: "p1" }',
    body: `{
      customer: { id: 1, address: { city: "c" } },
      items: [{ sku: "s", options: [{ k: "v" }] }],
      addresses: [{ zip: "z" }],
      categories: [{ n: "c" }],
      data: [{ q: 1 }],
      boxes: [{ w: 1 }],
      line_items: [{ qty: 1 }],
      rows: [[{ c: 1 }]],
      matrix: [[1, 2], [3]],
      meta: {},
    }`,
  };

  it("names the payload, its parts (always exported) and nested objects from the tag and the path", () => {
    const { code } = build([rich]);
    const all = declarations(code);
    expect(all.map((d) => [d.kind, d.name])).toEqual([
      ["interface", "ABPayload"],
      ["interface", "ABHeaders"],
      ["type", "ABQuery"],
      ["interface", "ABBody"],
      ["interface", "ABBodyCustomer"],
      ["interface", "ABBodyCustomerAddress"],
      ["interface", "ABBodyItem"],
      ["interface", "ABBodyItemOption"],
      ["interface", "ABBodyAddress"],
      ["interface", "ABBodyCategory"],
      ["interface", "ABBodyDataItem"],
      ["interface", "ABBodyBox"],
      ["interface", "ABBodyLineItem"],
      ["interface", "ABBodyRowItem"],
      ["interface", "ABParams"],
      ["interface", "EventPayloads"],
      ["type", "EventTag"],
      ["type", "WebhookTag"],
      ["type", "EventPayload"],
      ["interface", "WebhookPayloads"],
      ["interface", "WebhookEvents"],
      ["type", "EventDefinitionOf"],
      ["type", "WebhookEventTags"],
      ["type", "EventDefinitions"],
      ["value", "webhookEvents"],
      ["value", "copy"],
      ["value", "definitions"],
    ]);
    // Every type is exported; of the values, only webhookEvents is (its data and helper are private).
    expect(all.filter((d) => d.kind !== "value").every((d) => d.exported)).toBe(true);
    expect(declaration(code, "ABPayload")).toBe(
      lines(
        "/**",
        " * Event",
        " *",
        " * Tag `a:b`.",
        " */",
        "export interface ABPayload {",
        "  headers: ABHeaders;",
        "  query: ABQuery;",
        "  body: ABBody;",
        "  params: ABParams;",
        "}",
      ),
    );
    expect(declaration(code, "ABBody")).toBe(
      lines(
        "/** The body of `a:b`. */",
        "export interface ABBody {",
        "  customer: ABBodyCustomer;",
        "  items: ABBodyItem[];",
        "  addresses: ABBodyAddress[];",
        "  categories: ABBodyCategory[];",
        "  data: ABBodyDataItem[];",
        "  boxes: ABBodyBox[];",
        "  line_items: ABBodyLineItem[];",
        "  rows: ABBodyRowItem[][];",
        "  matrix: number[][];",
        "  meta: Record<string, never>;",
        "}",
      ),
    );
    expect(declaration(code, "ABBodyItem")).toBe(
      lines(
        "/** `body.items[]` in `a:b`. */",
        "export interface ABBodyItem {",
        "  sku: string;",
        "  options: ABBodyItemOption[];",
        "}",
      ),
    );
    expect(declaration(code, "ABBodyItemOption")).toBe(
      lines("/** `body.items[].options[]` in `a:b`. */", "export interface ABBodyItemOption {", "  k: string;", "}"),
    );
    expect(declaration(code, "ABBodyRowItem")).toBe(
      lines("/** `body.rows[][]` in `a:b`. */", "export interface ABBodyRowItem {", "  c: number;", "}"),
    );
    expect(declaration(code, "ABBodyCustomerAddress")).toBe(
      lines(
        "/** `body.customer.address` in `a:b`. */",
        "export interface ABBodyCustomerAddress {",
        "  city: string;",
        "}",
      ),
    );
    expect(declaration(code, "ABParams")).toBe(
      lines("/** The params of `a:b`. */", "export interface ABParams {", "  id: string;", "}"),
    );
  });

  it("declares an interface before the interfaces it nests", () => {
    const { code } = build([rich]);
    expectTopDown(code);
  });

  it("declares a part typed as a map or a union before the interface it refers to", () => {
    // A body keyed by id (a map of objects) is a type alias declared before the interface it
    // names; a body that may be null keeps the part's name for its object shape, and the payload
    // field says `| null`.
    const { code } = build([
      {
        tag: "map:body",
        body: "{ o1: { qty: 1 }, o2: { qty: 2 } }",
        refine: `{ body: { schema: { type: "object", additionalProperties: { type: "object", properties: { qty: { type: "integer" } }, required: ["qty"], additionalProperties: false } } } }`,
      },
      { tag: "null:body", body: "{ n: 1 }", refine: "{ body: { nullable: true } }" },
    ]);
    expect(declaration(code, "MapBodyBody")).toBe(
      lines("/** The body of `map:body`. */", "export type MapBodyBody = Record<string, MapBodyBodyValue>;"),
    );
    expect(declaration(code, "NullBodyBody")).toContain("export interface NullBodyBody {");
    expect(declaration(code, "NullBodyPayload")).toContain("  body: NullBodyBody | null;");
    expectTopDown(code);
  });

  it("names array elements by the singular of the array's name, or appends Item", () => {
    const { code } = build([
      {
        tag: "s:t",
        body: `{
          boxes: [{ a: 1 }], matches: [{ a: 1 }], wishes: [{ a: 1 }], policies: [{ a: 1 }], keys: [{ a: 1 }],
          IDs: [{ a: 1 }], status: [{ a: 1 }], address: [{ a: 1 }], children: [{ a: 1 }], list2: [{ a: 1 }],
        }`,
      },
    ]);
    expect(declaration(code, "STBody")).toBe(
      lines(
        "/** The body of `s:t`. */",
        "export interface STBody {",
        "  boxes: STBodyBox[];",
        "  matches: STBodyMatch[];",
        "  wishes: STBodyWish[];",
        "  policies: STBodyPolicy[];",
        "  keys: STBodyKey[];",
        "  IDs: STBodyID[];",
        "  status: STBodyStatusItem[];",
        "  address: STBodyAddressItem[];",
        "  children: STBodyChildrenItem[];",
        "  list2: STBodyList2Item[];",
        "}",
      ),
    );
  });
});

/** Asserts that every generated name is declared after the declarations that refer to it. */
function expectTopDown(code: string): void {
  const all = declarations(code).filter((d) => !FIXED_NAMES.includes(d.name));
  const position = new Map(all.map((d, i) => [d.name, i]));
  const backwards: string[] = [];
  all.forEach((d, i) => {
    for (const ref of d.references) {
      const at = position.get(ref);
      if (at !== undefined && at < i) backwards.push(`${d.name} refers to ${ref}, declared before it`);
    }
  });
  expect(backwards).toEqual([]);
}

describe("renderTypes: collisions", () => {
  it("gives keys that make one name two names, the second with 2, the third with 3", () => {
    const built = build([
      {
        tag: "a:b",
        body: '{ a_b: { x: 1 }, aB: { y: 2 }, "a-b": { z: 3 }, "日本": { u: 1 }, "中文": { v: 1 } }',
      },
    ]);
    expect(declaration(built.code, "ABBody")).toBe(
      lines(
        "/** The body of `a:b`. */",
        "export interface ABBody {",
        "  a_b: ABBodyAB;",
        "  aB: ABBodyAB2;",
        '  "a-b": ABBodyAB3;',
        '  "日本": ABBodyField;',
        '  "中文": ABBodyField2;',
        "}",
      ),
    );
    expect(declaration(built.code, "ABBodyAB2")).toBe(
      lines("/** `body.aB` in `a:b`. */", "export interface ABBodyAB2 {", "  y: number;", "}"),
    );
    expect(declaration(built.code, "ABBodyField2")).toBe(
      lines('/** `body["中文"]` in `a:b`. */', "export interface ABBodyField2 {", "  v: number;", "}"),
    );
    expectUniqueNames(built.code);
    const sample = eventOf(built, "a:b").sample;
    expectTypeChecks(built, [
      ...rejects("aB holds y, not x", "a:b", changed(sample, ["body", "aB"], { x: 1 })),
      ...rejects("a_b.x is a number", "a:b", changed(sample, ["body", "a_b", "x"], "1")),
    ]);
  });

  it("keeps a nested name that equals another event's part or payload name apart from it, whatever the order", () => {
    const defs: Def[] = [
      // a:b's body.c.body is `ABBodyCBody`, which is also the body of a:b-body-c.
      { tag: "a:b", body: "{ c: { body: { fromNested: 1 } }, payload: { fromPayloadKey: true } }" },
      { tag: "a:b-body-c", body: '{ fromPart: "p" }' },
      // a:b-body's payload is `ABBodyPayload`, also the name a:b's body.payload would take.
      { tag: "a:b-body", body: "{ own: 1 }" },
      // The other way round in tag order: b-a-body:x sorts before b:a.
      { tag: "b:a", body: "{ x: { headers: { fromNested: 1 } } }" },
      { tag: "b-a-body:x", headers: '{ "x-from-part": "h" }' },
    ];
    const built = build(defs);
    expectUniqueNames(built.code);
    // Payload and part names are reserved for every event first, so a nested object yields.
    expect(declaration(built.code, "ABBodyC")).toContain("  body: ABBodyCBody2;");
    expect(declaration(built.code, "ABBodyCBody2")).toContain("  fromNested: number;");
    expect(declaration(built.code, "ABBodyCPayload")).toContain("  body: ABBodyCBody;");
    expect(declaration(built.code, "ABBodyCBody")).toContain("  fromPart: string;");
    expect(declaration(built.code, "ABBody")).toContain("  payload: ABBodyPayload2;");
    expect(declaration(built.code, "ABBodyPayload2")).toContain("  fromPayloadKey: boolean;");
    expect(declaration(built.code, "ABBodyPayload")).toContain("  body: ABBodyBody;");
    expect(declaration(built.code, "BABodyXPayload")).toContain("  headers: BABodyXHeaders;");
    expect(declaration(built.code, "BABodyXHeaders")).toContain('  "x-from-part": string;');
    expect(declaration(built.code, "BABodyX")).toContain("  headers: BABodyXHeaders2;");
    expect(declaration(built.code, "BABodyXHeaders2")).toContain("  fromNested: number;");

    const reversed = build(defs, (events) => [...events].reverse());
    expect(reversed.code).toBe(built.code);

    const sample = eventOf(built, "a:b-body-c").sample;
    expectTypeChecks(built, [
      "export const nested: Equal<G.ABPayload['body']['c']['body'], G.ABBodyCBody2> = true;",
      "export const part: Equal<G.ABBodyCPayload['body'], G.ABBodyCBody> = true;",
      "export const headers: Equal<G.BABodyXPayload['headers'], G.BABodyXHeaders> = true;",
      ...rejects("the part is not the nested object", "a:b-body-c", changed(sample, ["body"], { fromNested: 1 })),
    ]);
  });

  it("never takes a fixed name, a keyword or a global, even from tags and keys that spell them", () => {
    const keys = ["Date", "Object", "Array", "Record", "Promise", "class", "string", "default", "EventPayloads"];
    const body = `{ ${keys.map((k) => `${k}: { v: 1 }`).join(", ")} }`;
    const tags = ["event:payloads", "event:payload", "event:tag", "webhook:tag", "webhook:payloads", "date:now"];
    const built = build(tags.map((tag) => ({ tag, body })));
    expectUniqueNames(built.code);
    const declared = names(built.code);
    for (const fixed of FIXED_NAMES) expect(declared.filter((n) => n === fixed)).toEqual([fixed]);

    // Every other name starts with its event's prefix: `Date` in the body is `EventPayloadsBodyDate`.
    const prefixes = built.events.map((e) => e.typeName.replace(/Payload$/, ""));
    const unprefixed = declared.filter((n) => !FIXED_NAMES.includes(n) && !prefixes.some((p) => n.startsWith(p)));
    expect(unprefixed).toEqual([]);
    expect(declaration(built.code, "DateNowBody")).toContain("  Date: DateNowBodyDate;");
    expect(declaration(built.code, "DateNowBody")).toContain("  EventPayloads: DateNowBodyEventPayloads;");

    const keywords = new Set<string>();
    for (let kind = ts.SyntaxKind.FirstKeyword; kind <= ts.SyntaxKind.LastKeyword; kind++) {
      const text = ts.tokenToString(kind);
      if (text !== undefined) keywords.add(text);
    }
    expect(declared.filter((n) => keywords.has(n))).toEqual([]);

    // The globals of the default library (ES2022 with the DOM), as the checker sees them from
    // inside lib.es5.d.ts, a global script.
    const program = expectTypeChecks(built);
    const lib = program.getSourceFiles().find((f) => f.fileName.endsWith("lib.es5.d.ts"));
    const meaning = ts.SymbolFlags.Type | ts.SymbolFlags.Value | ts.SymbolFlags.Namespace;
    const globals = new Set(
      program
        .getTypeChecker()
        .getSymbolsInScope(lib!.statements[0]!, meaning)
        .map((s) => s.name),
    );
    expect(["Date", "Object", "Array", "Record", "Headers", "Event"].filter((n) => !globals.has(n))).toEqual([]);
    expect(declared.filter((n) => globals.has(n))).toEqual([]);
  });
});

function expectUniqueNames(code: string): void {
  const declared = names(code);
  // Interfaces of one name merge instead of failing to compile, so duplicates must be caught here.
  expect(declared.filter((n, i) => declared.indexOf(n) !== i)).toEqual([]);
}

describe("renderTypes: property keys and comments", () => {
  it("writes identifier keys bare and quotes every other key, __proto__ included", () => {
    const built = build([
      {
        tag: "k:q",
        query: `{ plain: "1", $dollar: "2", _under: "3", camelCase9: "4", class: "5", constructor: "6", "x-sig": "7",
          "a b": "8", "": "9", "0": "10", "1abc": "11", "ünï": "12", ["__proto__"]: "13", "*/": "14", "a\\u2028b": "15",
          "quote\\"d": "16", "back\\\\slash": "17" }`,
      },
    ]);
    expect(declaration(built.code, "KQQuery")).toBe(
      lines(
        "/** The query of `k:q`. */",
        "export interface KQQuery {",
        '  "0": string;',
        "  plain: string;",
        "  $dollar: string;",
        "  _under: string;",
        "  camelCase9: string;",
        "  class: string;",
        "  constructor: string;",
        '  "x-sig": string;',
        '  "a b": string;',
        '  "": string;',
        '  "1abc": string;',
        '  "ünï": string;',
        '  "__proto__": string;',
        '  "*/": string;',
        '  "a\u2028b": string;',
        '  "quote\\"d": string;',
        '  "back\\\\slash": string;',
        "}",
      ),
    );
    expect(syntaxErrors(built.code)).toEqual([]);
    const sample = eventOf(built, "k:q").sample;
    expectTypeChecks(built, [
      "export const protoIsAField: Equal<G.KQQuery['__proto__'], string> = true;",
      ...rejects("__proto__ is a required string", "k:q", changed(sample, ["query", "__proto__"], 1)),
      ...rejects("a missing key", "k:q", changed(sample, ["query", ""], undefined)),
      ...rejects("the empty key is a string", "k:q", changed(sample, ["query", ""], null)),
    ]);
  });

  it("keeps names, descriptions and keys inside their comments whatever they contain", () => {
    const injection = "*/ export const injected = 1; /*";
    const built = build([
      {
        tag: "c:d",
        name: "Weird */ name",
        description: `one\ntwo\r\nthree\u2028four\u2029five \`code\` ${injection}`,
        body: '{ kind: "a", "*/": { x: 1 }, "a\\nb": { y: 1 }, nested: { z: 1 } }',
        refine: `{
          "body.kind": { description: ${JSON.stringify(`Kind ${injection}\nsecond \`line\``)} },
          "body.nested": { schema: { type: "object", properties: { z: { type: "integer", description: "z */ declare const z: 1; /**" } }, required: ["z"], additionalProperties: false, description: "Nested */ type X = 1; /*" } },
        }`,
      },
    ]);
    expect(syntaxErrors(built.code)).toEqual([]);
    const all = declarations(built.code);
    expect(all.filter((d) => d.kind === "other").map((d) => d.text)).toEqual([]);
    expect(all.map((d) => d.name)).toEqual([
      "CDPayload",
      "CDHeaders",
      "CDQuery",
      "CDBody",
      "CDBodyField",
      "CDBodyAB",
      "CDBodyNested",
      "CDParams",
      ...FIXED_NAMES,
    ]);
    expect(declaration(built.code, "CDPayload")).toBe(
      lines(
        "/**",
        " * Weird *\\/ name: one",
        " * two",
        " * three",
        " * four",
        " * five `code` *\\/ export const injected = 1; /*",
        " *",
        " * Tag `c:d`.",
        " */",
        "export interface CDPayload {",
        "  headers: CDHeaders;",
        "  query: CDQuery;",
        "  body: CDBody;",
        "  params: CDParams;",
        "}",
      ),
    );
    expect(declaration(built.code, "CDBody")).toBe(
      lines(
        "/** The body of `c:d`. */",
        "export interface CDBody {",
        "  /**",
        "   * Kind *\\/ export const injected = 1; /*",
        "   * second `line`",
        "   */",
        "  kind: string;",
        '  "*/": CDBodyField;',
        '  "a\\nb": CDBodyAB;',
        "  /** Nested *\\/ type X = 1; /* */",
        "  nested: CDBodyNested;",
        "}",
      ),
    );
    expect(declaration(built.code, "CDBodyField")).toBe(
      lines('/** `body["*\\/"]` in `c:d`. */', "export interface CDBodyField {", "  x: number;", "}"),
    );
    expect(declaration(built.code, "CDBodyAB")).toBe(
      lines('/** `body["a\\nb"]` in `c:d`. */', "export interface CDBodyAB {", "  y: number;", "}"),
    );
    expect(declaration(built.code, "CDBodyNested")).toBe(
      lines(
        "/**",
        " * Nested *\\/ type X = 1; /*",
        " *",
        " * `body.nested` in `c:d`.",
        " */",
        "export interface CDBodyNested {",
        "  /** z *\\/ declare const z: 1; /** */",
        "  z: number;",
        "}",
      ),
    );
    // The JSDoc TypeScript reads for the payload is the whole name and description.
    const file = parse(built.code);
    const payloadNode = file.statements.find((s) => ts.isInterfaceDeclaration(s) && s.name.text === "CDPayload")!;
    const docs = ts.getJSDocCommentsAndTags(payloadNode).filter(ts.isJSDoc);
    expect(docs.map((d) => ts.getTextOfJSDocComment(d.comment))).toEqual([
      "Weird *\\/ name: one\ntwo\nthree\nfour\nfive `code` *\\/ export const injected = 1; /*\n\nTag `c:d`.",
    ]);
    expectTypeChecks(built, ["// @ts-expect-error nothing was injected", "export const x: typeof G.injected = 1;"]);
  });
});

describe("renderTypes: types", () => {
  it("types integers and numbers as number, and notes string formats in JSDoc", () => {
    const built = build([
      {
        tag: "t:formats",
        body: `{ at: "2024-01-31T10:00:00Z", day: "2024-01-31", mail: "a@b.co", site: "https://x.io/a",
          id: "123e4567-e89b-12d3-a456-426614174000", plain: "hello", count: 3, ratio: 0.5, mixed: [1, 2.5], flag: true }`,
      },
    ]);
    expect(declaration(built.code, "TFormatsBody")).toBe(
      lines(
        "/** The body of `t:formats`. */",
        "export interface TFormatsBody {",
        "  /** @format date-time */",
        "  at: string;",
        "  /** @format date */",
        "  day: string;",
        "  /** @format email */",
        "  mail: string;",
        "  /** @format uri */",
        "  site: string;",
        "  /** @format uuid */",
        "  id: string;",
        "  plain: string;",
        "  count: number;",
        "  ratio: number;",
        "  mixed: number[];",
        "  flag: boolean;",
        "}",
      ),
    );
    const sample = eventOf(built, "t:formats").sample;
    expectTypeChecks(built, [
      ...rejects("count is a number", "t:formats", changed(sample, ["body", "count"], "3")),
      ...rejects("at is required", "t:formats", changed(sample, ["body", "at"], undefined)),
      ...rejects("flag is a boolean", "t:formats", changed(sample, ["body", "flag"], 1)),
    ]);
  });

  it("keeps a string's format in JSDoc when the field may also be null", () => {
    const built = build([
      {
        tag: "t:nullable-format",
        body: '{ at: "2024-01-31T10:00:00Z" }',
        examples: [payload({ body: "{ at: null }" })],
      },
    ]);
    expect(declaration(built.code, "TNullableFormatBody")).toBe(
      lines(
        "/** The body of `t:nullable-format`. */",
        "export interface TNullableFormatBody {",
        "  /** @format date-time */",
        "  at: string | null;",
        "}",
      ),
    );
  });

  it("makes a part optional in the payload when a refinement makes it optional", () => {
    // The schema (and so the manifest) accepts a payload without query; the type must too.
    const built = build([{ tag: "o:p", query: '{ page: "1" }', refine: "{ query: { optional: true } }" }]);
    expect(eventOf(built, "o:p").schema.required).toEqual(["headers", "body", "params"]);
    expect(declaration(built.code, "OPPayload")).toContain(
      lines("export interface OPPayload {", "  headers: OPHeaders;", "  query?: OPQuery;", "  body: OPBody;"),
    );
    expectTypeChecks(built, [
      "export const withoutQuery: G.OPPayload = { headers: {}, body: {}, params: {} };",
      "// @ts-expect-error body is still required",
      "export const withoutBody: G.OPPayload = { headers: {}, query: { page: '1' }, params: {} };",
    ]);
  });

  it("types empty objects as Record<string, never> and headers as open string maps", () => {
    const built = build([
      { tag: "h:known", headers: '{ "x-sig": "s", accept: "a" }', body: "{ meta: {}, list: [] }" },
      { tag: "h:none" },
    ]);
    expect(declaration(built.code, "HKnownHeaders")).toBe(
      lines(
        "/** The headers of `h:known`. */",
        "export interface HKnownHeaders {",
        '  "x-sig": string;',
        "  accept: string;",
        "  [key: string]: string;",
        "}",
      ),
    );
    expect(declaration(built.code, "HKnownBody")).toBe(
      lines(
        "/** The body of `h:known`. */",
        "export interface HKnownBody {",
        "  meta: Record<string, never>;",
        "  list: unknown[];",
        "}",
      ),
    );
    expect(declaration(built.code, "HNoneHeaders")).toBe(
      lines("/** The headers of `h:none`. */", "export type HNoneHeaders = Record<string, string>;"),
    );
    expect(declaration(built.code, "HNoneBody")).toBe(
      lines("/** The body of `h:none`. */", "export type HNoneBody = Record<string, never>;"),
    );
    const known = eventOf(built, "h:known").sample;
    expectTypeChecks(built, [
      "export const extraHeader: G.HKnownHeaders = { 'x-sig': 's', accept: 'a', 'x-other': 'o' };",
      "declare const p: G.HKnownPayload;",
      "// @ts-expect-error an unknown header may be missing",
      "export const unknownHeader: string = p.headers['x-other'];",
      "export const knownHeader: string = p.headers['x-sig'];",
      ...rejects("a header is a string", "h:known", changed(known, ["headers", "x-sig"], 1)),
      ...rejects("a known header is required", "h:known", changed(known, ["headers", "accept"], undefined)),
      ...rejects("meta is empty", "h:known", changed(known, ["body", "meta"], { a: 1 })),
      ...rejects("the body is closed", "h:known", changed(known, ["body"], { meta: {}, list: [], extra: 1 })),
      ...rejects("query is empty", "h:none", { headers: {}, query: { q: "1" }, body: {}, params: {} }),
    ]);
  });

  it("types differing values as unions: (a | b)[] in arrays, string | null, literals and enums", () => {
    const built = build([
      {
        tag: "u:v",
        body: '{ mixed: [1, "a"], maybe: "s", nested: [[1, "a"]], kind: "a", level: "low", count: 1, either: 1 }',
        examples: [
          payload({
            body: '{ mixed: [true], maybe: null, nested: [], kind: "b", level: "high", count: 2, either: "x" }',
          }),
        ],
        refine: `{
          "body.kind": { literal: true },
          "body.level": { enum: ["low", "high", null] },
          "body.count": { nullable: true },
        }`,
      },
    ]);
    const body = declaration(built.code, "UVBody").split("\n");
    expect(body.filter((line) => !line.startsWith("  nested:"))).toEqual([
      "/** The body of `u:v`. */",
      "export interface UVBody {",
      "  mixed: (string | number | boolean)[];",
      "  maybe: string | null;",
      '  kind: "a" | "b";',
      // A listed enum keeps the order written; literals of the samples are sorted.
      '  level: "low" | "high" | null;',
      "  count: number | null;",
      "  either: string | number;",
      "}",
    ]);
    // Arrays of arrays of a union; the redundant parentheses of the second form are harmless.
    expect(["  nested: (string | number)[][];", "  nested: ((string | number)[])[];"]).toContain(
      body.find((line) => line.startsWith("  nested:")),
    );
    const sample = eventOf(built, "u:v").sample;
    expectTypeChecks(built, [
      "export const nested: Equal<G.UVBody['nested'], (string | number)[][]> = true;",
      ...rejects("kind is a or b", "u:v", changed(sample, ["body", "kind"], "c")),
      ...rejects("level is an enum", "u:v", changed(sample, ["body", "level"], "mid")),
      ...rejects("mixed holds no null", "u:v", changed(sample, ["body", "mixed"], [null])),
      ...rejects("maybe is not a number", "u:v", changed(sample, ["body", "maybe"], 1)),
    ]);
  });

  it("types literal numbers, booleans and negative numbers as literal types", () => {
    const built = build([
      {
        tag: "l:n",
        body: "{ code: 1, ok: true, delta: -3, rate: 2.5, codes: [1, 2], big: 1e21 }",
        refine: `{
          "body.code": { enum: [1, 2, 3] },
          "body.ok": { literal: true },
          "body.delta": { enum: [-3, 0] },
          "body.rate": { literal: true },
          "body.codes[]": { enum: [1, 2] },
          "body.big": { literal: true },
        }`,
      },
    ]);
    expect(declaration(built.code, "LNBody")).toBe(
      lines(
        "/** The body of `l:n`. */",
        "export interface LNBody {",
        "  code: 1 | 2 | 3;",
        "  ok: true;",
        "  delta: -3 | 0;",
        "  rate: 2.5;",
        "  codes: (1 | 2)[];",
        "  big: 1e+21;",
        "}",
      ),
    );
    const sample = eventOf(built, "l:n").sample;
    expectTypeChecks(built, [
      ...rejects("ok is true", "l:n", changed(sample, ["body", "ok"], false)),
      ...rejects("delta is -3 or 0", "l:n", changed(sample, ["body", "delta"], 3)),
      ...rejects("codes are 1 or 2", "l:n", changed(sample, ["body", "codes"], [3])),
    ]);
  });

  it("includes every named property's type in an index signature from an explicit schema", () => {
    const built = build([
      {
        tag: "m:n",
        body: '{ m: { label: "l", a: 1, b: 2.5 }, open: { k: { deep: 1 } } }',
        refine: `{
          "body.m": { schema: { type: "object", properties: { label: { type: "string" } }, required: ["label"], additionalProperties: { type: "number" } } },
          "body.open": { schema: { type: "object", additionalProperties: { type: "object", properties: { deep: { type: "integer" } }, required: ["deep"], additionalProperties: false } } },
        }`,
      },
    ]);
    expect(declaration(built.code, "MNBodyM")).toBe(
      lines(
        "/** `body.m` in `m:n`. */",
        "export interface MNBodyM {",
        "  label: string;",
        "  [key: string]: number | string;",
        "}",
      ),
    );
    expect(declaration(built.code, "MNBody")).toContain("  open: Record<string, MNBodyOpenValue>;");
    expect(declaration(built.code, "MNBodyOpenValue")).toBe(
      lines("/** `body.open[key]` in `m:n`. */", "export interface MNBodyOpenValue {", "  deep: number;", "}"),
    );
    const sample = eventOf(built, "m:n").sample;
    expectTypeChecks(built, [
      "declare const p: G.MNPayload;",
      "export const label: string = p.body.m.label;",
      "// @ts-expect-error another key may be missing",
      "export const other: number = p.body.m['other'];",
      ...rejects("label is a string", "m:n", changed(sample, ["body", "m", "label"], 1)),
      ...rejects("other values are numbers", "m:n", changed(sample, ["body", "m", "a"], true)),
      ...rejects("label is required", "m:n", changed(sample, ["body", "m", "label"], undefined)),
      ...rejects("map values are closed", "m:n", changed(sample, ["body", "open", "k"], { deep: 1, x: 1 })),
    ]);
  });
});

describe("renderTypes: selectors", () => {
  const defs: Def[] = [
    { tag: "w:x", body: '{ type: "x", onlyInX: 1 }', selector: "body.type" },
    {
      tag: "w:y",
      body: '{ type: "y", onlyInY: "s" }',
      examples: [payload({ body: '{ type: "y", onlyInY: "t" }' })],
      selector: "body.type",
    },
    { tag: "n:one", body: "{ code: 1, a: true }", selector: "body.code" },
    { tag: "n:two", body: '{ code: 2, b: "s" }', selector: "body.code" },
    // Only one event of webhook v has a selector: its union is not discriminated.
    { tag: "v:p", body: '{ type: "p" }', selector: "body.type" },
    { tag: "v:q", body: '{ type: "q" }' },
  ];

  it("types the selected field as each event's literal and the webhook as their union", () => {
    const built = build(defs);
    expect(declaration(built.code, "WXBody")).toBe(
      lines("/** The body of `w:x`. */", "export interface WXBody {", '  type: "x";', "  onlyInX: number;", "}"),
    );
    expect(declaration(built.code, "WYBody")).toBe(
      lines("/** The body of `w:y`. */", "export interface WYBody {", '  type: "y";', "  onlyInY: string;", "}"),
    );
    expect(declaration(built.code, "NOneBody")).toContain("  code: 1;");
    expect(declaration(built.code, "NTwoBody")).toContain("  code: 2;");
    expect(declaration(built.code, "VPBody")).toContain("  type: string;");
    expect(declaration(built.code, "VQBody")).toContain("  type: string;");
    expect(declaration(built.code, "WebhookPayloads")).toContain(
      lines(
        "export interface WebhookPayloads {",
        '  "n": NOnePayload | NTwoPayload;',
        '  "v": VPPayload | VQPayload;',
        '  "w": WXPayload | WYPayload;',
        "}",
      ),
    );
    expect(declaration(built.code, "WebhookTag")).toContain('export type WebhookTag = "n" | "v" | "w";');

    const x = eventOf(built, "w:x").sample;
    expectTypeChecks(built, [
      "export const union: Equal<G.WebhookPayloads['w'], G.WXPayload | G.WYPayload> = true;",
      "export const tags: Equal<G.EventTag, 'n:one' | 'n:two' | 'v:p' | 'v:q' | 'w:x' | 'w:y'> = true;",
      "export function onW(p: G.WebhookPayloads['w']): number | string {",
      "  switch (p.body.type) {",
      '    case "x": {',
      "      // @ts-expect-error onlyInY belongs to w:y",
      "      p.body.onlyInY;",
      "      return p.body.onlyInX;",
      "    }",
      '    case "y": {',
      "      // @ts-expect-error onlyInX belongs to w:x",
      "      p.body.onlyInX;",
      "      return p.body.onlyInY;",
      "    }",
      "    default: {",
      "      const none: never = p.body;",
      "      return none;",
      "    }",
      "  }",
      "}",
      "export function onN(p: G.WebhookPayloads['n']): boolean | string {",
      "  if (p.body.code === 1) return p.body.a;",
      "  return p.body.b;",
      "}",
      "export function onV(p: G.WebhookPayloads['v']): string {",
      "  // @ts-expect-error v is not discriminated: type is a string",
      '  const literal: "p" | "q" = p.body.type;',
      "  return literal;",
      "}",
      ...rejects("w:x's type is x", "w:x", changed(x, ["body", "type"], "y")),
      ...rejects("w:x has no onlyInY", "w:x", changed(x, ["body"], { type: "x", onlyInX: 1, onlyInY: "s" })),
    ]);
  });
});

describe("renderTypes: everything together compiles", () => {
  it("compiles one file holding every kind of event, each sample and example assignable", () => {
    const built = build([
      {
        tag: "orders:order-created",
        name: "Order `created` */",
        description: "A shopper placed an order.\nStock is reserved.",
        headers: '{ "content-type": "application/json", "x-signature": "sig" }',
        query: '{ version: "2" }',
        body: `{
          event: "order.created",
          order: { id: 1, created_at: "2024-01-31T10:00:00Z", total: 9.5, items: [{ sku: "a", qty: 1 }], tags: [],
            shipping_address: { line1: "l", "post-code": "p", ["__proto__"]: "x" }, notes: null },
        }`,
        params: '{ store: "s1" }',
        examples: [
          payload({
            headers: '{ "content-type": "application/json", "x-signature": "sig2", "x-retry": "1" }',
            query: '{ version: "2" }',
            body: `{
              event: "order.created",
              order: { id: 2, created_at: "2024-02-01T10:00:00Z", total: 3, items: [{ sku: "b", qty: 2, gift: true }],
                tags: ["vip"], shipping_address: { line1: "m", "post-code": "q", ["__proto__"]: "y" }, notes: "n" },
            }`,
            params: '{ store: "s1" }',
          }),
        ],
        refine: `{ "body.order.items[].sku": { description: "Stock */ unit" } }`,
        selector: "body.event",
      },
      {
        tag: "orders:order-cancelled",
        body: '{ event: "order.cancelled", reason: "r", order: { id: 1 } }',
        selector: "body.event",
      },
      { tag: "payments:refund", body: '{ refund: { amount: 1, currency: "EUR" }, data: [{ id: 1 }] }' },
    ]);
    expectUniqueNames(built.code);
    expectTopDown(built.code);
    expect(declaration(built.code, "OrdersOrderCreatedBodyOrder")).toBe(
      lines(
        "/** `body.order` in `orders:order-created`. */",
        "export interface OrdersOrderCreatedBodyOrder {",
        "  id: number;",
        "  /** @format date-time */",
        "  created_at: string;",
        "  total: number;",
        "  items: OrdersOrderCreatedBodyOrderItem[];",
        "  tags: string[];",
        "  shipping_address: OrdersOrderCreatedBodyOrderShippingAddress;",
        "  notes: string | null;",
        "}",
      ),
    );
    expect(declaration(built.code, "OrdersOrderCreatedBodyOrderItem")).toBe(
      lines(
        "/** `body.order.items[]` in `orders:order-created`. */",
        "export interface OrdersOrderCreatedBodyOrderItem {",
        "  /** Stock *\\/ unit */",
        "  sku: string;",
        "  qty: number;",
        "  gift?: boolean;",
        "}",
      ),
    );
    const created = eventOf(built, "orders:order-created").sample;
    expectTypeChecks(built, [
      ...rejects("id is a number", "orders:order-created", changed(created, ["body", "order", "id"], "1")),
      ...rejects("items are required", "orders:order-created", changed(created, ["body", "order", "items"], undefined)),
      ...rejects(
        "sku is a string",
        "orders:order-created",
        changed(created, ["body", "order", "items"], [{ sku: 1, qty: 1 }]),
      ),
      ...rejects("a part is required", "orders:order-created", changed(created, ["params"], undefined)),
      ...rejects("query.version is required", "orders:order-created", changed(created, ["query"], {})),
      ...rejects(
        "__proto__ is a string",
        "orders:order-created",
        changed(created, ["body", "order", "shipping_address", "__proto__"], 1),
      ),
      ...rejects(
        "the event is selected",
        "orders:order-created",
        changed(created, ["body", "event"], "order.cancelled"),
      ),
      "declare const p: G.EventPayload<'orders:order-created'>;",
      "export const gift: boolean | undefined = p.body.order.items[0]?.gift;",
      "// @ts-expect-error an array element may be missing",
      "export const first: string = p.body.order.items[0].sku;",
    ]);
  });
});

describe("renderTypes: with a cache (watch mode)", () => {
  /**
   * Events whose names meet: `q:r`'s nested `body.queryPage` and `q:r-body`'s `query.page` both
   * want QRBodyQueryPage, `q:r`'s `body.query` wants QRBodyQuery, a part name of `q:r-body`;
   * `q:s` has keys that make one name twice. Each tag has variants, so its event changes.
   */
  const POOL: Record<string, readonly Def[]> = {
    "q:r": [
      { tag: "q:r", body: "{ queryPage: { n: 1 } }" },
      { tag: "q:r", body: '{ query: { page: { n: "x" } }, other: { k: true } }' },
      { tag: "q:r", body: "{ plain: 1 }" },
    ],
    "q:r-body": [
      { tag: "q:r-body", query: '{ page: { m: "1" } }' },
      { tag: "q:r-body", query: '{ other: { m: "1" } }', body: "{ page: { z: 1 } }" },
    ],
    "q:s": [
      { tag: "q:s", body: "{ a_b: { x: 1 }, aB: { y: 2 } }" },
      { tag: "q:s", body: "{ ab: { x: 1 } }" },
    ],
    "q:r-body-query": [{ tag: "q:r-body-query", body: "{ page: { w: 1 } }" }],
    "r:q": [
      { tag: "r:q", body: "{ x: 1 }" },
      { tag: "r:q", body: "{ qRBodyQueryPage: { y: 1 } }" },
    ],
  };
  // One InferredEvent per variant, made once: an unchanged event is the same object, as in watch mode.
  const variants = new Map(
    Object.entries(POOL).map(([tag, defs]) => [tag, defs.map((d) => build([d]).events[0]!)] as const),
  );
  const tags = [...variants.keys()].sort();

  it("renders every file byte for byte as without a cache, whatever events come, change and go", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.nat(3), { minLength: tags.length, maxLength: tags.length }), {
          minLength: 2,
          maxLength: 10,
        }),
        (steps) => {
          const cache = createTypesCache();
          for (const choice of steps) {
            // Per tag: 0 leaves it out, n takes its variant n - 1 (when there is one).
            const events = tags.flatMap((tag, i) => {
              const event = variants.get(tag)![(choice[i] ?? 0) - 1];
              return event === undefined ? [] : [event];
            });
            expect(renderTypes(events, cache)).toEqual(renderTypes(events));
          }
        },
      ),
      {
        numRuns: 150,
        // Same tags, and an earlier event's new variant takes a name a later, unchanged event had.
        examples: [
          [
            [
              [3, 1, 0, 0, 0],
              [1, 1, 0, 0, 0],
              [3, 1, 0, 0, 0],
            ],
          ],
        ],
      },
    );
  });
});

describe("renderTypes: determinism", () => {
  const defs: Def[] = [
    { tag: "a:b", body: '{ c: { body: { x: 1 } }, a_b: { y: 1 }, aB: { z: 1 }, items: [{ k: "v" }] }' },
    { tag: "a:b-body-c", body: '{ y: "s" }' },
    { tag: "b:a", body: "{ x: { headers: { n: 1 } } }" },
    { tag: "b-a-body:x", headers: '{ "x-h": "h" }' },
    { tag: "w:x", body: '{ type: "x", onlyInX: 1 }', selector: "body.type" },
    { tag: "w:y", body: '{ type: "y", onlyInY: "s" }', selector: "body.type" },
    { tag: "z:last", body: '{ when: "2024-01-31T10:00:00Z", n: null, list: [1, "a"] }' },
  ];

  it("renders the same text twice from the same events, and leaves them as they were", () => {
    const extracted = extractAll(defs);
    const validated = validate(extracted);
    const inferred = infer(validated.events);
    const before = JSON.stringify(inferred.events.map((e) => e.schema));
    const first = renderTypes(inferred.events);
    expect(renderTypes(inferred.events)).toEqual(first);
    expect(JSON.stringify(inferred.events.map((e) => e.schema))).toBe(before);
  });

  it("renders the same text whatever order the events come in", () => {
    const extracted = extractAll(defs);
    const expected = renderExtracted(extracted).code;
    fc.assert(
      fc.property(fc.shuffledSubarray([...extracted], { minLength: extracted.length }), (shuffled) => {
        expect(renderExtracted(shuffled).code).toBe(expected);
      }),
      { numRuns: 30, seed: 20261127 },
    );
  });

  it("renders the same text whatever order the examples come in", () => {
    const examples = [
      payload({ body: '{ a: 1, b: "x", extra: { q: 1 } }' }),
      payload({ body: "{ a: 2.5, b: null }" }),
      payload({ body: '{ a: 1, b: "y", other: [1] }' }),
    ];
    const render = (order: readonly number[]): string =>
      build([{ tag: "e:x", body: '{ a: 1, b: "s" }', examples: order.map((i) => examples[i]!) }]).code;
    const expected = render([0, 1, 2]);
    for (const order of [
      [2, 1, 0],
      [1, 0, 2],
      [2, 0, 1],
    ]) {
      expect(render(order)).toBe(expected);
    }
  });
});
