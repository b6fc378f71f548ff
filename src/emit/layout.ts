import { basename, dirname, join } from "node:path";
import { isWithin } from "../util/files.js";
import { SLUG } from "../naming/index.js";

/** The folder under outDir that holds one manifest and one TypeScript module per webhook. */
export const WEBHOOK_FILES_DIR = "webhooks";

/** The outputs in outDir itself, beside `webhooks/`. */
export const INDEX_FILES = { types: "index.ts", manifest: "manifest.json" } as const;

/** The module of the shared definitions' types, in outDir; written only when there are any. */
export const DEFINITIONS_FILE = "definitions.ts";

/** The documents of `formats` in outDir itself (the JSON Schemas go under SCHEMA_FILES_DIR). */
export const FORMAT_FILES = { openapi: "openapi.json", asyncapi: "asyncapi.json" } as const;

/** The folder under outDir that holds the JSON Schema documents, one folder per webhook. */
export const SCHEMA_FILES_DIR = "schemas";

const SCHEMA_SUFFIX = ".schema.json";

/** A writer's temporary file beside an output: `<name>.<mark>-<n>.tmp`. */
const TEMPORARY = /\.[0-9a-f]+-\d+\.tmp$/;

/**
 * Whether `path` is one of a build's outputs, or a temporary file the writer puts beside one
 * (`<name>.<mark>-<n>.tmp`): what a build writes is no change to rebuild for (watch mode). Only
 * those: with `outDir: "."` the rest of outDir is the project itself (a `schemas/` folder of the
 * user's included: only files named as event schemas are ours there).
 */
export function isOutput(path: string, outDir: string): boolean {
  if (isWithin(path, join(outDir, WEBHOOK_FILES_DIR))) return true;
  // receive.ts's modules (config `receive`): `receive/<webhook>.ts`, `_runtime.ts`, `_definitions.ts`.
  if (dirname(path) === join(outDir, "receive"))
    return /^(?:_runtime|_definitions|[a-z0-9-]+_?)\.ts$/.test(basename(path).replace(TEMPORARY, ""));
  const name = basename(path).replace(TEMPORARY, "");
  if (dirname(dirname(path)) === join(outDir, SCHEMA_FILES_DIR)) {
    return schemaFileTag(basename(dirname(path)), name) !== undefined;
  }
  if (dirname(path) !== outDir) return false;
  return [...Object.values(INDEX_FILES), DEFINITIONS_FILE, "receive.ts", ...Object.values(FORMAT_FILES)].some(
    (output) => name === output,
  );
}

/**
 * Names Windows reserves for devices in every folder, whatever the extension (`con.json` cannot
 * be created there). Such a webhook's files get an underscore, which no slug holds, so the
 * mapping from webhook tags to file names stays one to one.
 */
const WINDOWS_DEVICES = /^(?:con|prn|aux|nul|com[0-9]|lpt[0-9])$/;

/**
 * The base name (without extension) of a webhook's files under `webhooks/`. Webhook tags are
 * validated lowercase slugs (`src/validate/tag.ts`): letters, digits and inner hyphens, so they
 * are safe file names, and no two differ only in case: two webhooks never map to one file, on
 * a case-insensitive file system either. A tag that is not a slug here is a bug, so it throws.
 */
export function webhookFileBase(webhook: string): string {
  return fileBase(webhook);
}

/** A slug (a webhook's or an event's tag) as a file or folder name: itself, or with `_` if Windows reserves it. */
function fileBase(slug: string): string {
  if (!SLUG.test(slug)) throw new Error(`tag ${JSON.stringify(slug)} is not a slug`);
  return WINDOWS_DEVICES.test(slug) ? `${slug}_` : slug;
}

/** The slug a file or folder name was made from by fileBase; undefined for any other name. */
function slugOfBase(base: string): string | undefined {
  const slug = base.endsWith("_") ? base.slice(0, -1) : base;
  return SLUG.test(slug) && fileBase(slug) === base ? slug : undefined;
}

/**
 * Posix path, relative to outDir, of an event's JSON Schema: `schemas/<webhook>/<event>.schema.json`,
 * both names from tags as the webhooks' files are (one to one, Windows device names with `_`).
 */
export function schemaFile(webhook: string, event: string): string {
  return `${SCHEMA_FILES_DIR}/${fileBase(webhook)}/${fileBase(event)}${SCHEMA_SUFFIX}`;
}

/**
 * The event tag whose schema file has this folder and file name (`schemaFile`'s inverse), or
 * undefined when the names are not such a file's.
 */
export function schemaFileTag(folder: string, name: string): string | undefined {
  if (!name.endsWith(SCHEMA_SUFFIX)) return undefined;
  const webhook = slugOfBase(folder);
  const event = slugOfBase(name.slice(0, -SCHEMA_SUFFIX.length));
  return webhook === undefined || event === undefined ? undefined : `${webhook}:${event}`;
}

/** Whether `name` is the name of one of a webhook's files (`<base>.json` or `<base>.ts`). */
export function isWebhookFileName(name: string): boolean {
  const base = /^(.*)\.(?:json|ts)$/.exec(name)?.[1];
  return base !== undefined && slugOfBase(base) !== undefined;
}

/** Posix paths, relative to outDir, of one webhook's two files. */
export function webhookFiles(webhook: string): { readonly manifest: string; readonly types: string } {
  const base = `${WEBHOOK_FILES_DIR}/${webhookFileBase(webhook)}`;
  return { manifest: `${base}.json`, types: `${base}.ts` };
}

/** An identifier for a webhook in generated code: `$` and the tag, hyphens as underscores (`$v2_order`). */
export function webhookIdentifier(webhook: string): string {
  return `$${webhook.replace(/-/g, "_")}`;
}
