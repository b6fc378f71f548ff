import { isJsonObject, type JsonObject, type JsonValue } from "../util/json.js";
import { compareCodeUnits } from "../util/order.js";
import { BANNER, fill, readTemplate } from "../emit/templates.js";
import { ValidatorCompiler, type CompileProblem } from "./compile.js";
import { renderFormats } from "./formats.js";

/** One event as the receive modules need it: its tag, payload schema (self-contained) and selector. */
export interface ReceiveEvent {
  readonly tag: string;
  readonly webhook: string;
  /** The manifest's JSON Schema of the payload, with the definitions it reaches under `$defs`. */
  readonly schema: JsonObject;
  /** The selected field's path (`["headers", "x-github-event"]`) and this event's value there. */
  readonly selector: { readonly path: readonly string[]; readonly value: string | number } | undefined;
}

/** A problem of one event's schema (or of a shared definition's, `tag` undefined). */
export interface ReceiveProblem extends CompileProblem {
  readonly tag: string | undefined;
  readonly definition?: string | undefined;
}

export interface RenderedReceive {
  /** Paths relative to outDir (posix) and their text, in the order to write them. */
  readonly files: readonly (readonly [string, string])[];
  readonly problems: readonly ReceiveProblem[];
  /** Each webhook's module as rendered, to hand to the next call (watch mode). */
  readonly webhooks: ReadonlyMap<string, KeptWebhook>;
}

/**
 * A webhook's module and what it was made of: the very event objects (an unchanged event is
 * handed over as the same object) and the key of everything else it depends on.
 */
export interface KeptWebhook {
  readonly members: readonly ReceiveEvent[];
  readonly key: string;
  readonly text: string;
  readonly problems: readonly ReceiveProblem[];
}

export const RECEIVE_FILE = "receive.ts";
export const RECEIVE_DIR = "receive";
export const RUNTIME_FILE = "_runtime.ts";
export const DEFINITIONS_FILE = "_definitions.ts";

/**
 * `receive.ts` and the modules under `receive/`: `_runtime.ts` (types and helpers),
 * `_definitions.ts` (one function per shared definition, when there are any) and one module per
 * webhook holding its events' validators, so that an application importing one webhook's module
 * bundles none of the others'. `receive.ts` joins every webhook's. Events in tag order.
 */
export function renderReceive(
  events: readonly ReceiveEvent[],
  reject: boolean,
  fileBase: (webhook: string) => string,
  kept?: ReadonlyMap<string, KeptWebhook>,
): RenderedReceive {
  const problems: ReceiveProblem[] = [];
  const definitions = collectDefinitions(events);
  const defNames = new Map(
    [...definitions.keys()].map((name, i) => [name, `def${i}_${name.replace(/[^A-Za-z0-9_$]/g, "_")}`]),
  );
  const files: [string, string][] = [[`${RECEIVE_DIR}/${RUNTIME_FILE}`, renderRuntime()]];
  if (definitions.size > 0) {
    const compiler = new ValidatorCompiler({ prefix: "d", definition: (name) => defNames.get(name) });
    const exported: string[] = [];
    for (const [name, schema] of definitions) {
      const check = compiler.check(schema, ["$defs", name]);
      const fn = defNames.get(name)!;
      exported.push(
        `/** \`#/$defs/${name}\`. */\nexport function ${fn}(v: unknown, c: Ctx): boolean {\n  return ${check}(v, c);\n}`,
      );
    }
    for (const problem of compiler.problems)
      problems.push({
        ...problem,
        tag: undefined,
        definition: [...definitions.keys()].find((n) => problem.at[1] === n),
      });
    const text = [
      `// ${BANNER}`,
      "//",
      "// The checks of the shared definitions (each `$defs` entry of the manifest's schemas), one function each,",
      "// called by the webhooks' modules beside it.",
      "",
      importLine(compiler.runtime, "./_runtime.js", []),
      "",
      [...compiler.declarations, ...exported].join("\n\n"),
      "",
    ].join("\n");
    files.push([`${RECEIVE_DIR}/${DEFINITIONS_FILE}`, text]);
  }
  const groups = new Map<string, ReceiveEvent[]>();
  for (const event of events) groups.set(event.webhook, [...(groups.get(event.webhook) ?? []), event]);
  const webhooks = new Map<string, KeptWebhook>();
  // A module depends on its events, the functions' names of the definitions, and the mode.
  const key = JSON.stringify([reject, [...defNames]]);
  for (const [webhook, members] of groups) {
    const prior = kept?.get(webhook);
    if (prior !== undefined && prior.key === key && sameItems(prior.members, members)) {
      problems.push(...prior.problems);
      webhooks.set(webhook, prior);
      files.push([`${RECEIVE_DIR}/${fileBase(webhook)}.ts`, prior.text]);
      continue;
    }
    const before = problems.length;
    const compiler = new ValidatorCompiler({ prefix: "v", definition: (name) => defNames.get(name) });
    const roots = members.map((event) => compiler.check(withoutDefs(event.schema)));
    for (const problem of compiler.problems) {
      // The problem's node belongs to every event whose schema holds it: named for the first.
      const owner = members.find((event) => holds(event.schema, problem.at)) ?? members[0]!;
      problems.push({ ...problem, tag: owner.tag });
    }
    const defs = [
      ...new Set([...compiler.declarations.join("\n").matchAll(/\b(def\d+_[A-Za-z0-9_$]+)\(/g)].map((m) => m[1]!)),
    ].sort(compareCodeUnits);
    const text = fill(templates().webhook, {
      banner: BANNER,
      webhook: JSON.stringify(webhook),
      runtime: importLine(compiler.runtime, "./_runtime.js", ["Receiver", "EventCheck", "headerNames", ...API_IMPORTS]),
      definitions: defs.length === 0 ? "" : `\nimport { ${defs.join(", ")} } from "./_definitions.js";`,
      tags: members.map((e) => JSON.stringify(e.tag)).join(" | "),
      declarations: compiler.declarations.join("\n\n"),
      events: members
        .map(
          (event, i) =>
            `    [${JSON.stringify(event.tag)}, { check: ${roots[i]!}, headers: /* @__PURE__ */ headerNames(${JSON.stringify(declaredHeaders(event.schema))}) }],`,
        )
        .join("\n"),
      route: `[${JSON.stringify(webhook)}, { tags: ${JSON.stringify(members.map((e) => e.tag))}, selector: ${selectorOf(members)} }]`,
      reject: String(reject),
    });
    files.push([`${RECEIVE_DIR}/${fileBase(webhook)}.ts`, text]);
    webhooks.set(webhook, { members, key, text, problems: problems.slice(before) });
  }
  files.push([RECEIVE_FILE, renderJoined([...groups.keys()], reject, fileBase)]);
  return { files, problems, webhooks };
}

/** What the API functions of every module use of the runtime. */
const API_IMPORTS = [
  "parse",
  "test",
  "identify",
  "standard",
  "route",
  "ParseResult",
  "Identified",
  "Handlers",
  "Fallback",
  "Received",
  "StandardSchemaV1",
];
const TYPES = new Set([
  "Ctx",
  "Receiver",
  "EventCheck",
  "ParseResult",
  "Identified",
  "Handlers",
  "Fallback",
  "Received",
  "StandardSchemaV1",
  "Check",
]);

function importLine(names: Iterable<string>, from: string, extra: readonly string[]): string {
  const all = [...new Set([...names, ...extra])].sort(compareCodeUnits);
  const specifiers = all.map((name) => (TYPES.has(name) ? `type ${name}` : name));
  return `import { ${specifiers.join(", ")} } from ${JSON.stringify(from)};`;
}

let read: { readonly webhook: string; readonly joined: string; readonly runtime: string } | undefined;

/** The templates, read once (a build writes a module per webhook). */
function templates(): NonNullable<typeof read> {
  read ??= {
    webhook: readTemplate("receive/webhook.ts.tpl"),
    joined: readTemplate("receive/receive.ts.tpl"),
    runtime: fill(readTemplate("receive/runtime.ts.tpl"), { banner: BANNER, formats: renderFormats() }),
  };
  return read;
}

function renderRuntime(): string {
  return templates().runtime;
}

function renderJoined(webhooks: readonly string[], reject: boolean, fileBase: (webhook: string) => string): string {
  const imports = webhooks.map(
    (w, i) => `import { receiver as w${i} } from ${JSON.stringify(`./${RECEIVE_DIR}/${fileBase(w)}.js`)};`,
  );
  return fill(templates().joined, {
    banner: BANNER,
    imports: imports.length === 0 ? "" : `\n${imports.join("\n")}`,
    receivers: webhooks.map((_, i) => `w${i}`).join(", "),
    reject: String(reject),
  });
}

/** Every shared definition the events' schemas hold under `$defs`, by name, sorted. */
function collectDefinitions(events: readonly ReceiveEvent[]): Map<string, JsonValue> {
  const found = new Map<string, JsonValue>();
  for (const event of events) {
    const defs = event.schema["$defs"];
    if (!isJsonObject(defs)) continue;
    for (const name of Object.keys(defs)) if (!found.has(name)) found.set(name, defs[name]!);
  }
  return new Map([...found].sort(([a], [b]) => compareCodeUnits(a, b)));
}

function withoutDefs(schema: JsonObject): JsonObject {
  if (!Object.hasOwn(schema, "$defs")) return schema;
  const { $defs: _, ...rest } = schema;
  return rest;
}

/** Whether `schema` has something at `path` (a problem's path ends at the keyword). */
function holds(schema: JsonValue, path: readonly (string | number)[]): boolean {
  let node: JsonValue | undefined = schema;
  for (const step of path) {
    if (node === null || typeof node !== "object") return false;
    node = Array.isArray(node) ? node[step as number] : (node as JsonObject)[step as string];
  }
  return node !== undefined;
}

/** Declared header names: a delivery's are matched to them case-insensitively. */
function declaredHeaders(schema: JsonObject): string[] {
  const properties = schema["properties"];
  const headers = isJsonObject(properties) ? properties["headers"] : undefined;
  const declared = isJsonObject(headers) ? headers["properties"] : undefined;
  if (!isJsonObject(declared)) return [];
  return Object.keys(declared);
}

/** A webhook's selector when every event has one on the same field, else `undefined` (each event is tried). */
function selectorOf(members: readonly ReceiveEvent[]): string {
  const first = members[0]?.selector;
  if (first === undefined) return "undefined";
  const samePath = (p: readonly string[]) =>
    p.length === first.path.length &&
    p.every((step, i) =>
      i === 1 && p[0] === "headers" ? step.toLowerCase() === first.path[i]!.toLowerCase() : step === first.path[i],
    );
  if (!members.every((e) => e.selector !== undefined && samePath(e.selector.path))) return "undefined";
  const tags = members.map((e) => `[${JSON.stringify(e.selector!.value)}, ${JSON.stringify(e.tag)}]`).join(", ");
  return `{ path: ${JSON.stringify(first.path)}, tags: /* @__PURE__ */ new Map<string | number, string>([${tags}]) }`;
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}
