import { basename, dirname, join } from "node:path";
import { isWithin } from "../util/files.js";
import { SLUG } from "../naming/index.js";

/** The folder under outDir that holds one manifest and one TypeScript module per webhook. */
export const WEBHOOK_FILES_DIR = "webhooks";

/** The outputs in outDir itself, beside `webhooks/`. */
export const INDEX_FILES = { types: "index.ts", manifest: "manifest.json" } as const;

/** The module of the shared definitions' types, in outDir; written only when there are any. */
export const DEFINITIONS_FILE = "definitions.ts";

/**
 * Whether `path` is one of a build's outputs, or a temporary file the writer puts beside one
 * (`<name>.<mark>-<n>.tmp`): what a build writes is no change to rebuild for (watch mode). Only
 * those: with `outDir: "."` the rest of outDir is the project itself.
 */
export function isOutput(path: string, outDir: string): boolean {
  if (isWithin(path, join(outDir, WEBHOOK_FILES_DIR))) return true;
  if (dirname(path) !== outDir) return false;
  const name = basename(path);
  return [...Object.values(INDEX_FILES), DEFINITIONS_FILE].some(
    (output) => name === output || (name.startsWith(`${output}.`) && name.endsWith(".tmp")),
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
  if (!SLUG.test(webhook)) throw new Error(`webhook tag ${JSON.stringify(webhook)} is not a slug`);
  return WINDOWS_DEVICES.test(webhook) ? `${webhook}_` : webhook;
}

/** Whether `name` is the name of one of a webhook's files (`<base>.json` or `<base>.ts`). */
export function isWebhookFileName(name: string): boolean {
  const base = /^(.*)\.(?:json|ts)$/.exec(name)?.[1];
  if (base === undefined) return false;
  const webhook = base.endsWith("_") ? base.slice(0, -1) : base;
  return SLUG.test(webhook) && webhookFileBase(webhook) === base;
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
