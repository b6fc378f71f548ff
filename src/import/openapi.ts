import { Codes, diagnostic } from "../diagnostics/catalogue.js";
import { hasErrors, type Diagnostic } from "../diagnostics/diagnostic.js";
import { suggest } from "../diagnostics/suggest.js";
import { slugify } from "../naming/index.js";
import { MAX_TAG_PART } from "../validate/tag.js";
import { getOwn, isJsonObject, setOwn, type JsonObject, type JsonValue } from "../util/json.js";
import { exampleChecker } from "./check.js";
import { DATA_KEYWORDS, eventTag, OperationReader, slugPart, type Draft } from "./read-operation.js";
import { pointerOf, type SourceDocument } from "./document.js";
import { noOperations, openApiRoot, sourceOperations, type SourceOperation } from "./operations.js";
import { escapeRegExp } from "../util/regexp.js";

/** What to import, beside the document. */
export interface ImportOptions {
  /** The webhook tag of every event; by default the operations' tags, else the document's title. */
  readonly webhook?: string | undefined;
  /** Names (webhook or callback names, operationIds) to import, `*` matching any text; all when absent. */
  readonly only?: readonly string[] | undefined;
}

/** A payload as an event file declares it. */
export interface ImportedSample {
  readonly headers: JsonObject;
  readonly query: JsonObject;
  readonly body: JsonObject;
  readonly params: JsonObject;
}

/** Where an event's body schema lives: a component of the shared file, or the event's own schema file. */
export type BodySchema =
  { readonly kind: "component"; readonly pointer: string } | { readonly kind: "inline"; readonly schema: JsonValue };

/** One event to write. */
export interface ImportedEvent {
  readonly webhook: string;
  readonly event: string;
  readonly name: string;
  readonly description: string;
  /** Where the operation was in the document, as a message names it. */
  readonly origin: string;
  readonly body: BodySchema | undefined;
  readonly headers: JsonObject | undefined;
  readonly query: JsonObject | undefined;
  /** The params' schema: OpenAPI webhooks have no path, but ductape-events' own openapi.json keeps it as `x-ductape-params`. */
  readonly params: JsonObject | undefined;
  /** The selector ductape-events' own openapi.json records as `x-ductape-selector`. */
  readonly selector: string | undefined;
  readonly sample: ImportedSample;
  readonly examples: readonly ImportedSample[];
}

/** Everything an import writes, before it is laid out in files. */
export interface ImportPlan {
  /** The source's `openapi` version, which decides the schemas' dialect. */
  readonly openapi: string;
  readonly jsonSchemaDialect: string | undefined;
  readonly info: JsonObject;
  /** The document's `components/schemas`, every one of them (OpenAPI 3.0 bounds made 2020-12's). */
  readonly schemas: JsonObject;
  /** Events sorted by tag. */
  readonly events: readonly ImportedEvent[];
}

export type ImportResult =
  | { readonly plan: ImportPlan; readonly diagnostics: readonly Diagnostic[] }
  | { readonly plan: undefined; readonly diagnostics: readonly Diagnostic[] };

/** Reads an OpenAPI 3 document's webhooks (or callbacks) as events. Problems are diagnostics; nothing throws on input. */
export function planImport(doc: SourceDocument, options: ImportOptions = {}): ImportResult {
  const opened = openApiRoot(doc);
  if ("problem" in opened) return { plan: undefined, diagnostics: [opened.problem] };
  const { root, version } = opened;
  const { operations, problems } = sourceOperations(doc, root);
  if (operations.length === 0 && problems.length === 0)
    return { plan: undefined, diagnostics: [noOperations(doc, root)] };
  const chosen = options.only === undefined ? operations : operations.filter((op) => matchesAny(op, options.only!));
  const unmatched = (options.only ?? []).filter((pattern) => !operations.some((op) => matchesAny(op, [pattern])));
  if (unmatched.length > 0)
    return { plan: undefined, diagnostics: [...problems, onlyMatchesNothing(unmatched, operations)] };
  const info = isJsonObject(getOwn(root, "info")) ? (getOwn(root, "info") as JsonObject) : {};
  const webhooks = webhookTags(chosen, options.webhook, info);
  if ("problem" in webhooks) return { plan: undefined, diagnostics: [...problems, webhooks.problem(doc)] };
  const openapi30 = version.startsWith("3.0");
  const checker = exampleChecker(doc.value, openapi30);
  // ductape-events' own openapi.json lists every query parameter of the samples, whose types are closed.
  const closed = getOwn(root, "x-ductape-events") !== undefined;
  const reader = new OperationReader(doc, checker, problems, closed);
  const drafts = chosen.flatMap((op, i) => reader.read(op, webhooks.tags[i]!) ?? []);
  const modern = openapi30 ? drafts.map(withModernBounds) : drafts;
  problems.push(...lossyNumbers(doc, chosen));
  const schemas = componentSchemas(root, openapi30);
  const events = uniqueTags(modern);
  if (hasErrors(problems)) return { plan: undefined, diagnostics: problems };
  const jsonSchemaDialect = getOwn(root, "jsonSchemaDialect");
  return {
    plan: {
      openapi: version,
      jsonSchemaDialect: typeof jsonSchemaDialect === "string" ? jsonSchemaDialect : undefined,
      info,
      schemas,
      events,
    },
    diagnostics: problems,
  };
}

/** The names `--only` knows an operation by: its name, its operationId, and the event name it becomes. */
function onlyNames(op: SourceOperation): string[] {
  const id = getOwn(op.operation, "operationId");
  const operationId = typeof id === "string" ? id : undefined;
  return [...new Set([op.name, ...(operationId === undefined ? [] : [operationId]), eventTag(op, operationId)])];
}

/** Whether an operation is among those `--only` names. */
function matchesAny(op: SourceOperation, patterns: readonly string[]): boolean {
  const names = onlyNames(op);
  return patterns.some((pattern) => names.some((name) => globMatch(pattern, name)));
}

/** `--only` names that match no operation: a mistake on the command line, each with the closest name. */
function onlyMatchesNothing(unmatched: readonly string[], operations: readonly SourceOperation[]): Diagnostic {
  const names = operations.flatMap(onlyNames);
  const listed = unmatched
    .map((pattern) => {
      const closest = suggest(pattern, names);
      return JSON.stringify(pattern) + (closest === undefined ? "" : ` (did you mean "${closest}"?)`);
    })
    .join(", ");
  const reason = `--only ${listed} matched no webhook name, callback name, operationId or event name of the document.`;
  return diagnostic(Codes.UsageError, { reason });
}

/** `*` matches any text, everything else itself. */
export function globMatch(pattern: string, name: string): boolean {
  const source = pattern.split("*").map(escapeRegExp).join(".*");
  return new RegExp(`^${source}$`).test(name);
}

/**
 * The webhook tag of each operation: `--webhook`; else each operation's first tag, when every
 * operation has one (a document with a tag per webhook, such as our own openapi.json); else the
 * document's title, slugged, for all (one provider, one webhook).
 */
function webhookTags(
  operations: readonly SourceOperation[],
  given: string | undefined,
  info: JsonObject,
): { tags: string[] } | { problem: (doc: SourceDocument) => Diagnostic } {
  if (given !== undefined) return { tags: operations.map(() => given) };
  const own = operations.map((op) => {
    const tags = getOwn(op.operation, "tags");
    return Array.isArray(tags) && typeof tags[0] === "string" ? slugPart(tags[0]) : undefined;
  });
  if (own.length > 0 && own.every((tag) => tag !== undefined && tag !== "")) return { tags: own as string[] };
  const title = getOwn(info, "title");
  const fromTitle = typeof title === "string" ? slugify(title) : "";
  if (fromTitle === "" || fromTitle.length > MAX_TAG_PART) {
    return {
      problem: (doc) =>
        diagnostic(
          Codes.ImportNoWebhookTag,
          { title: typeof title === "string" ? title : "" },
          { span: doc.locate(["info", "title"]) },
        ),
    };
  }
  return { tags: operations.map(() => fromTitle) };
}

/**
 * Event tags made unique within each webhook: the first operation (in the order of the
 * document) keeps the tag, the next get `-2`, `-3`, ... (a number no other tag has).
 */
function uniqueTags(drafts: readonly Draft[]): ImportedEvent[] {
  const taken = new Set(drafts.map((d) => `${d.webhook}:${d.event}`));
  const seen = new Set<string>();
  const events: ImportedEvent[] = [];
  for (const { order: _, ...draft } of drafts) {
    let event = draft.event;
    if (seen.has(`${draft.webhook}:${event}`)) {
      let n = 2;
      const base = draft.event.slice(0, MAX_TAG_PART - 4);
      while (taken.has(`${draft.webhook}:${base}-${n}`) || seen.has(`${draft.webhook}:${base}-${n}`)) n += 1;
      event = `${base}-${n}`;
    }
    seen.add(`${draft.webhook}:${event}`);
    events.push({ ...draft, event });
  }
  return events.sort((a, b) => compare(`${a.webhook}:${a.event}`, `${b.webhook}:${b.event}`));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Numbers that would lose digits in a schema that is written: the shared schemas file (every
 * component schema) and the chosen operations' own schemas (of bodies and parameters, in the
 * operation or in the components it refers to). Examples are not among them: one that cannot be
 * kept is not used (DT7101), and the sample comes from another.
 */
function lossyNumbers(doc: SourceDocument, chosen: readonly SourceOperation[]): Diagnostic[] {
  const written = ["/components/", ...chosen.map((op) => `${pointerOf(op.path)}/`)];
  const problems: Diagnostic[] = [];
  for (const [pointer, number] of doc.lossyNumbers) {
    const inSchema = pointer.startsWith("/components/schemas/") || pointer.includes("/schema/");
    if (!inSchema || !written.some((prefix) => pointer.startsWith(prefix))) continue;
    const steps = pointer
      .split("/")
      .slice(1)
      .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"));
    problems.push(diagnostic(Codes.ImportLossyNumber, { written: number }, { span: doc.locate(steps) }));
  }
  return problems;
}

/**
 * The document's `components/schemas`, every one: they go to one shared file, so that the same
 * document imported for other operations later writes the same file. OpenAPI 3.0's boolean
 * `exclusiveMinimum`/`exclusiveMaximum` (draft 4) are written as the bounds later drafts take.
 */
function componentSchemas(root: JsonObject, openapi30: boolean): JsonObject {
  const components = getOwn(root, "components");
  const schemas = isJsonObject(components) ? getOwn(components, "schemas") : undefined;
  if (!isJsonObject(schemas)) return {};
  return openapi30 ? (modernBounds(schemas) as JsonObject) : schemas;
}

/** An OpenAPI 3.0 operation's own schemas with later drafts' bounds (see `modernBounds`). */
function withModernBounds(draft: Draft): Draft {
  const bounded = (schema: JsonObject | undefined) =>
    schema === undefined ? undefined : (modernBounds(schema) as JsonObject);
  const body: BodySchema | undefined =
    draft.body?.kind === "inline" ? { kind: "inline", schema: modernBounds(draft.body.schema) } : draft.body;
  return {
    ...draft,
    body,
    headers: bounded(draft.headers),
    query: bounded(draft.query),
    params: bounded(draft.params),
  };
}

/** A copy with draft 4's `exclusiveMinimum: true` beside `minimum` written as `exclusiveMinimum: <minimum>`. */
function modernBounds(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(modernBounds);
  if (!isJsonObject(value)) return value;
  const out: JsonObject = {};
  for (const key of Object.keys(value)) {
    const v = value[key]!;
    if ((key === "exclusiveMinimum" || key === "exclusiveMaximum") && typeof v === "boolean") {
      const bound = getOwn(value, key === "exclusiveMinimum" ? "minimum" : "maximum");
      if (v && typeof bound === "number") setOwn(out, key, bound);
      continue;
    }
    if (
      (key === "minimum" || key === "maximum") &&
      getOwn(value, key === "minimum" ? "exclusiveMinimum" : "exclusiveMaximum") === true
    )
      continue;
    setOwn(out, key, DATA_KEYWORDS.has(key) && key !== "$ref" ? v : modernBounds(v));
  }
  return out;
}
