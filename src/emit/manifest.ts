import { readFileSync } from "node:fs";
import { join } from "node:path";
import { relativePosix } from "../util/files.js";
import type { InferredEvent } from "../infer/index.js";
import type { DefinitionTable } from "../infer/schema.js";
import { selfContained, type SelfContainedMemo } from "../infer/to-json-schema.js";
import { isRecord, type JsonObject } from "../util/json.js";
import { flatString } from "./flat.js";
import { INDEX_FILES, isWebhookFileName, WEBHOOK_FILES_DIR, webhookFiles } from "./layout.js";
import { BANNER } from "./templates.js";
import { byTag } from "../util/order.js";

/** Format version of manifest.json and of the webhooks' manifests. */
export const MANIFEST_VERSION = 2;

/** One event as recorded in its webhook's manifest (`webhooks/<webhook>.json`). */
export interface ManifestEvent {
  readonly tag: string;
  readonly webhook: string;
  readonly event: string;
  readonly name: string;
  readonly description: string;
  /** The sample exactly as declared. */
  readonly sample: JsonObject;
  /** Further payloads declared for inference (local: never sent to the platform). */
  readonly examples?: readonly JsonObject[];
  /** Path of the field that identifies the event within its webhook, e.g. `body.event`. */
  readonly selector?: string;
  /**
   * JSON Schema of the payload, inferred from the sample or declared, refined. Self-contained:
   * the shared definitions it reaches by `$ref` are under its `$defs` (by type name, sorted).
   */
  readonly schema: JsonObject;
  /** Posix path of the event file relative to the config's folder. */
  readonly source: string;
}

/**
 * The content of manifest.json: an index of the webhooks, each with its files and its event
 * tags. It changes only when events are added, removed or renamed. Its JSON Schema ships as
 * `ductape-events/manifest.schema.json` (with the webhooks' manifests under `definitions`).
 */
export interface Manifest {
  readonly $comment: string;
  readonly version: typeof MANIFEST_VERSION;
  /** Sorted by webhook tag. */
  readonly webhooks: readonly ManifestWebhook[];
}

export interface ManifestWebhook {
  readonly tag: string;
  /** Posix path of the webhook's manifest, relative to manifest.json's folder. */
  readonly manifest: string;
  /** Posix path of the webhook's TypeScript module, relative to manifest.json's folder. */
  readonly types: string;
  /** Its event tags (`webhook-tag:event-tag`), sorted. */
  readonly events: readonly string[];
}

/** The content of `webhooks/<webhook>.json`: the webhook's events, complete. */
export interface WebhookManifest {
  readonly $comment: string;
  readonly version: typeof MANIFEST_VERSION;
  readonly webhook: string;
  /** Sorted by tag. */
  readonly events: readonly ManifestEvent[];
}

/** The shared definitions, and the type name of each by key, that events' schemas may refer to. */
export interface ManifestDefinitions {
  readonly table: DefinitionTable;
  readonly names: ReadonlyMap<string, string>;
}

/**
 * The records one build made, by event, for one `rootDir` and one set of definitions: the docs
 * site is rendered from the records the webhooks' manifests were written from, rather than
 * converting every schema a second time.
 */
export type ManifestEventMemo = Map<InferredEvent, ManifestEvent>;

/** Every event as recorded in the webhooks' manifests, in tag order. */
export function manifestEvents(
  events: readonly InferredEvent[],
  rootDir: string,
  definitions?: ManifestDefinitions,
  memo?: ManifestEventMemo,
): ManifestEvent[] {
  return events.map((e) => manifestEvent(e, rootDir, definitions, memo));
}

function manifestEvent(
  e: InferredEvent,
  rootDir: string,
  definitions: ManifestDefinitions | undefined,
  memo?: ManifestEventMemo,
): ManifestEvent {
  const kept = memo?.get(e);
  if (kept !== undefined) return kept;
  const made = recordOf(e, rootDir, definitions);
  memo?.set(e, made);
  return made;
}

function recordOf(e: InferredEvent, rootDir: string, definitions: ManifestDefinitions | undefined): ManifestEvent {
  return {
    tag: e.tag,
    webhook: e.webhook,
    event: e.event,
    name: e.name,
    description: e.description,
    sample: e.sample,
    ...(e.examples.length === 0 ? {} : { examples: e.examples }),
    ...(e.selector === undefined ? {} : { selector: e.selector.path }),
    schema: selfContained(
      e.schema,
      definitions?.table,
      (key) => definitions?.names.get(key) ?? key,
      definitions === undefined ? undefined : memoOf(definitions),
    ),
    source: relativePosix(rootDir, e.file),
  };
}

/** The definitions as converted for one table named alike, shared by the events' schemas (see `selfContained`). */
const MEMOS = new WeakMap<ManifestDefinitions, SelfContainedMemo>();

function memoOf(definitions: ManifestDefinitions): SelfContainedMemo {
  let memo = MEMOS.get(definitions);
  if (memo === undefined) {
    memo = { converted: new WeakMap(), reached: new WeakMap() };
    MEMOS.set(definitions, memo);
  }
  return memo;
}

/** manifest.json for events grouped by webhook, in webhook tag order. */
export function renderManifestIndex(groups: ReadonlyMap<string, readonly { readonly tag: string }[]>): string {
  const webhooks = [...groups].map(([tag, events]): ManifestWebhook => ({
    tag,
    ...webhookFiles(tag),
    events: events.map((e) => e.tag),
  }));
  const manifest: Manifest = { $comment: BANNER, version: MANIFEST_VERSION, webhooks };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/**
 * One webhook's manifest: exactly `JSON.stringify(manifest, null, 2)` and a newline. With a
 * cache it is put together from one fragment per event, so that only new or changed events are
 * serialised again (watch mode); test/cache/disk-cache.test.ts holds both ways to the same bytes.
 */
export function renderWebhookManifest(
  webhook: string,
  events: readonly InferredEvent[],
  rootDir: string,
  cache?: FragmentCache,
  definitions?: ManifestDefinitions,
  memo?: ManifestEventMemo,
): string {
  if (cache === undefined) {
    const manifest: WebhookManifest = {
      $comment: BANNER,
      version: MANIFEST_VERSION,
      webhook,
      events: manifestEvents(events, rootDir, definitions, memo),
    };
    return `${JSON.stringify(manifest, null, 2)}\n`;
  }
  const head = JSON.stringify({ $comment: BANNER, version: MANIFEST_VERSION, webhook }, null, 2).slice(0, -2);
  if (events.length === 0) return `${head},\n  "events": []\n}\n`;
  const fragments = events.map((e) => fragment(cache, e, rootDir, definitions, memo));
  return `${head},\n  "events": [\n${fragments.join(",\n")}\n  ]\n}\n`;
}

/**
 * Each event's text, keyed by the InferredEvent object, with the folder paths are relative to
 * and the shared definitions its `$defs` were taken from (another table may change them).
 */
export type FragmentCache = WeakMap<
  InferredEvent,
  { readonly rootDir: string; readonly definitions: ManifestDefinitions | undefined; readonly text: string }
>;

function fragment(
  cache: FragmentCache,
  event: InferredEvent,
  rootDir: string,
  definitions: ManifestDefinitions | undefined,
  memo: ManifestEventMemo | undefined,
): string {
  const hit = cache.get(event);
  if (hit !== undefined && hit.rootDir === rootDir && sameDefinitions(hit.definitions, definitions)) return hit.text;
  const text = indent(JSON.stringify(manifestEvent(event, rootDir, definitions, memo), null, 2));
  cache.set(event, { rootDir, definitions, text });
  return text;
}

/** Whether two calls had the same definitions: the same table, named alike (no table, or an empty one, is one case). */
export function sameDefinitions(a: ManifestDefinitions | undefined, b: ManifestDefinitions | undefined): boolean {
  if ((a?.table.size ?? 0) === 0 && (b?.table.size ?? 0) === 0) return true;
  if (a === undefined || b === undefined || a.table !== b.table || a.names.size !== b.names.size) return false;
  for (const [key, name] of a.names) if (b.names.get(key) !== name) return false;
  return true;
}

/**
 * The fragment one level deeper, flattened since it is kept and joined on every build. Only
 * `\n` starts a line here: JSON escapes it inside strings but not U+2028 and U+2029, which a
 * multiline `^` would also treat as line starts.
 */
function indent(json: string): string {
  return flatString(`    ${json.replace(/\n/g, "\n    ")}`);
}

/**
 * The webhook files (absolute paths) that manifest.json in `outDir` lists, as the last build
 * left it. Undefined when there is no such manifest (missing, or not a manifest). Only what
 * `listedPath` accepts is taken, so an edited manifest cannot point a build at any other file.
 */
export function listedWebhookFiles(outDir: string): string[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(join(outDir, INDEX_FILES.manifest), "utf8"));
  } catch {
    return undefined;
  }
  if (!isRecord(parsed) || !Array.isArray(parsed["webhooks"])) return undefined;
  const webhooks = parsed["webhooks"] as unknown[];
  return webhooks
    .filter(isRecord)
    .flatMap((webhook) => [webhook["manifest"], webhook["types"]])
    .filter(listedPath)
    .map((path) => join(outDir, ...path.split("/")));
}

/** A path as manifest.json lists a webhook's file: `webhooks/<a webhook's file name>`. */
function listedPath(value: unknown): value is string {
  if (typeof value !== "string") return false;
  const [folder, name, ...rest] = value.split("/");
  return folder === WEBHOOK_FILES_DIR && name !== undefined && rest.length === 0 && isWebhookFileName(name);
}

/**
 * The events recorded in `outDir` as a build wrote them: manifest.json names each webhook's
 * manifest, whose events are read in turn. Sorted by tag, as a build returns them.
 */
export function readManifestEvents(outDir: string): readonly ManifestEvent[] {
  const manifest = JSON.parse(readFileSync(join(outDir, INDEX_FILES.manifest), "utf8")) as Manifest;
  const events = manifest.webhooks.flatMap(
    (webhook) => (JSON.parse(readFileSync(join(outDir, webhook.manifest), "utf8")) as WebhookManifest).events,
  );
  return events.sort(byTag);
}
