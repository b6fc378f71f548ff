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
 * <webhook>/<event>.schema.json    its headers, query and (when not a component) body schemas
 * ```
 *
 * Bodies that are a component stay a `$ref` to it, so that events sharing a definition share
 * one type; headers and query (made of the operation's parameters) are the event's own.
 */
export function layoutImport(plan: ImportPlan, source: string, print: EventFilePrinter): ImportLayout {
  const stem = slugify(basename(source).replace(/\.(json|ya?ml)$/i, "")) || "openapi";
  const sharedPath = `schemas/${stem}.json`;
  const dialect = dialectOf(plan);
  const events = plan.events.map((event) => eventFiles(event, source, sharedPath, dialect, print));
  const usesShared = events.some((e) => e.files.some((f) => f.text.includes(`${sharedPath}#`)));
  return { shared: usesShared ? { path: sharedPath, text: sharedText(plan, source) } : undefined, events };
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
  const title = getOwn(plan.info, "title");
  const version = getOwn(plan.info, "version");
  doc["info"] = {
    title: typeof title === "string" ? title : basename(source),
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
  const folder = event.webhook;
  const own = `${event.event}.schema.json`;
  const toShared = `../${sharedPath}`;
  const defs: JsonObject = {};
  const schema: JsonObject = {};
  for (const part of ["headers", "query"] as const) {
    const value = event[part];
    if (value === undefined) continue;
    setOwn(defs, part, retarget(value, toShared));
    schema[part] = { $ref: `./${own}#/${dialect.defs}/${part}` };
  }
  if (event.body?.kind === "component") schema["body"] = { $ref: `${toShared}#${event.body.pointer}` };
  else if (event.body?.kind === "inline") {
    setOwn(defs, "body", retarget(event.body.schema, toShared));
    schema["body"] = { $ref: `./${own}#/${dialect.defs}/body` };
  }
  const files: ImportFile[] = [];
  if (Object.keys(defs).length > 0) {
    const document = {
      $schema: dialect.uri,
      $comment: `${event.webhook}:${event.event}, from ${event.origin} of ${basename(source)}.`,
      [dialect.defs]: defs,
    };
    files.push({ path: `${folder}/${own}`, text: `${printJson(document)}\n` });
  }
  const definition: JsonObject = {
    name: event.name,
    tag: `${event.webhook}:${event.event}`,
    description: event.description,
  };
  if (Object.keys(schema).length > 0) definition["schema"] = schema;
  definition["sample"] = sampleValue(event.sample);
  if (event.examples.length > 0) definition["examples"] = event.examples.map(sampleValue);
  const comment = `// Imported from ${basename(source)} (${event.origin}) by \`ductape-events import openapi\`.`;
  files.unshift({
    path: `${folder}/${event.event}.event.ts`,
    text: print(
      comment,
      printLiteral(definition, "export default defineEvent(".length, ") as EventDefinition;".length),
    ),
  });
  return { tag: `${event.webhook}:${event.event}`, files };
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
