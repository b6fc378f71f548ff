import { basename } from "node:path";
import { slugify } from "../naming/index.js";
import { getOwn, isJsonObject, setOwn, type JsonObject, type JsonValue } from "../util/json.js";
import { printJson, printLiteral } from "./literal.js";
import type { ImportedEvent, ImportedSample, ImportPlan } from "./openapi.js";

/** A file an import would create, relative to `--out`, with its text. */
export interface ImportFile {
  readonly path: string;
  readonly text: string;
}

/** One event's files: written together, or skipped together. */
export interface EventFiles {
  readonly tag: string;
  readonly files: readonly ImportFile[];
}

export interface ImportLayout {
  /** The document's schemas, which event files refer to; absent when none does. */
  readonly shared: ImportFile | undefined;
  readonly events: readonly EventFiles[];
}

/** What the event file is written by: ts-morph, loaded by the command (never on a build). */
export type EventFilePrinter = (comment: string, definition: string) => string;

/**
 * Where an import's files go, under `--out`:
 *
 * ```
 * schemas/<document>.json          the document's components/schemas, shared by every event
 * <webhook>/<event>.event.ts       one per operation
 * ```
 *
 * A body that is a component stays a `$ref` to it in the shared file, so that events sharing a
 * definition share one type, named from it as a hand-written one would be. Headers and query
 * (made of the operation's parameters) and a body written in the operation itself are the
 * event's own: written in the event file, they are typed as its own parts (`GithubPushHeaders`);
 * kept in a JSON file and reached by `$ref`, they would be shared definitions, named `Headers2`.
 */
export function layoutImport(
  plan: ImportPlan,
  source: string,
  print: EventFilePrinter,
  sharedPath = sharedPathOf(source),
): ImportLayout {
  const dialect = dialectOf(plan);
  const events = plan.events.map((event) => eventFiles(event, source, sharedPath, dialect, print));
  const usesShared = events.some((e) => e.files.some((f) => f.text.includes(`${sharedPath}#`)));
  return { shared: usesShared ? { path: sharedPath, text: sharedText(plan, source) } : undefined, events };
}

/** Where the shared file goes by default: named after the document's file (`schemas/api-github-com.json`). */
export function sharedPathOf(source: string): string {
  return `schemas/${slugify(basename(source).replace(/\.(json|ya?ml)$/i, "")) || "openapi"}.json`;
}

/**
 * Where the shared file goes when its default place holds the schemas of another document
 * (another title): the title joins the name (`schemas/openapi-acme-payments.json`), so that
 * providers who all call their document `openapi.yaml` do not meet.
 */
export function sharedPathBeside(source: string, plan: ImportPlan): string {
  const title = getOwn(plan.info, "title");
  const slug = typeof title === "string" ? slugify(title) : "";
  return sharedPathOf(source).replace(/\.json$/, `-${slug || "2"}.json`);
}

/** The title a shared file records (its `info.title`), to tell whose schemas it holds. */
export function sharedTitle(text: string): string | undefined {
  try {
    const doc = JSON.parse(text) as unknown;
    const info = isJsonObject(doc as JsonValue) ? getOwn(doc as JsonObject, "info") : undefined;
    const title = isJsonObject(info) ? getOwn(info, "title") : undefined;
    return typeof title === "string" ? title : undefined;
  } catch {
    return undefined;
  }
}

/** The title the shared file of this plan records. */
export function planTitle(plan: ImportPlan, source: string): string {
  const title = getOwn(plan.info, "title");
  return typeof title === "string" ? title : basename(source);
}

/** The dialect the operations' own schemas are written in, as their files' `$schema` says. */
interface FileDialect {
  readonly uri: string;
  readonly defs: "$defs" | "definitions";
}

function dialectOf(plan: ImportPlan): FileDialect {
  if (plan.openapi.startsWith("3.0")) return { uri: "http://json-schema.org/draft-07/schema#", defs: "definitions" };
  const declared = plan.jsonSchemaDialect;
  if (declared !== undefined && /json-schema\.org\/draft-07\//.test(declared))
    return { uri: "http://json-schema.org/draft-07/schema#", defs: "definitions" };
  if (declared !== undefined && /json-schema\.org\/draft\/2019-09\//.test(declared))
    return { uri: "https://json-schema.org/draft/2019-09/schema", defs: "$defs" };
  return { uri: "https://json-schema.org/draft/2020-12/schema", defs: "$defs" };
}

/**
 * The shared file: an OpenAPI document of the source's version holding its component schemas,
 * so that references between them stay as written (`#/components/schemas/...`) and the dialect
 * is the source's.
 */
function sharedText(plan: ImportPlan, source: string): string {
  const doc: JsonObject = { openapi: plan.openapi };
  const version = getOwn(plan.info, "version");
  doc["info"] = {
    title: planTitle(plan, source),
    version: typeof version === "string" ? version : "",
  };
  doc["x-ductape-events"] =
    `Imported from ${basename(source)} by ductape-events import openapi: the document's schemas, which the event files refer to by $ref. Yours to edit; an import never overwrites it.`;
  if (plan.jsonSchemaDialect !== undefined) doc["jsonSchemaDialect"] = plan.jsonSchemaDialect;
  doc["components"] = { schemas: plan.schemas };
  return `${printJson(doc)}\n`;
}

function eventFiles(
  event: ImportedEvent,
  source: string,
  sharedPath: string,
  dialect: FileDialect,
  print: EventFilePrinter,
): EventFiles {
  const toShared = `../${sharedPath}`;
  const own = (value: JsonValue): JsonValue => withDialect(retarget(value, toShared), dialect);
  const schema: Record<string, JsonValue | undefined> = {
    headers: event.headers === undefined ? undefined : own(event.headers),
    query: event.query === undefined ? undefined : own(event.query),
    body:
      event.body?.kind === "component"
        ? { $ref: `${toShared}#${event.body.pointer}` }
        : event.body?.kind === "inline"
          ? own(event.body.schema)
          : undefined,
    params: event.params === undefined ? undefined : own(event.params),
  };
  const definition: JsonObject = {
    name: event.name,
    tag: `${event.webhook}:${event.event}`,
    description: event.description,
  };
  // In the order of the sample's parts.
  const parts = ["headers", "query", "body", "params"].filter((part) => schema[part] !== undefined);
  if (parts.length > 0) definition["schema"] = Object.fromEntries(parts.map((part) => [part, schema[part]!]));
  if (event.selector !== undefined) definition["selector"] = event.selector;
  definition["sample"] = sampleValue(event.sample);
  if (event.examples.length > 0) definition["examples"] = event.examples.map(sampleValue);
  const comment = `// Imported from ${basename(source)} (${event.origin}) by \`ductape-events import openapi\`.`;
  const text = print(comment, printLiteral(definition, HEAD.length, TAIL.length));
  return {
    tag: `${event.webhook}:${event.event}`,
    files: [{ path: `${event.webhook}/${event.event}.event.ts`, text }],
  };
}

const HEAD = "export default defineEvent(";
const TAIL = ") as EventDefinition;";

/** Keywords whose meaning differs between draft-07 (the default of a schema in an event file) and later drafts. */
const LATER_KEYWORDS = new Set([
  "prefixItems",
  "$defs",
  "dependentRequired",
  "dependentSchemas",
  "unevaluatedProperties",
  "unevaluatedItems",
  "$anchor",
  "$dynamicRef",
  "$dynamicAnchor",
]);

/**
 * A schema written in the event file, with the document's `$schema` when that is not draft-07
 * (the default there) and the schema uses a keyword that tells: most need none.
 */
function withDialect(schema: JsonValue, dialect: FileDialect): JsonValue {
  if (dialect.defs === "definitions" || !isJsonObject(schema) || !usesLaterKeywords(schema)) return schema;
  return { $schema: dialect.uri, ...schema };
}

function usesLaterKeywords(value: JsonValue): boolean {
  if (Array.isArray(value)) return value.some(usesLaterKeywords);
  if (!isJsonObject(value)) return false;
  return Object.keys(value).some((key) => LATER_KEYWORDS.has(key) || usesLaterKeywords(value[key]!));
}

function sampleValue(sample: ImportedSample): JsonObject {
  return { headers: sample.headers, query: sample.query, body: sample.body, params: sample.params };
}

/** A schema with its references into the document's components made references into the shared file. */
function retarget(schema: JsonValue, shared: string): JsonValue {
  if (Array.isArray(schema)) return schema.map((s) => retarget(s, shared));
  if (!isJsonObject(schema)) return schema;
  const out: JsonObject = {};
  for (const key of Object.keys(schema)) {
    const value = schema[key]!;
    const isRef = key === "$ref" && typeof value === "string" && value.startsWith("#/components/schemas/");
    setOwn(out, key, isRef ? `${shared}${value}` : retarget(value, shared));
  }
  return out;
}
