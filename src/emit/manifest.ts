import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { toPosix } from "../discover/index.js";
import type { InferredEvent, ObjectSchema } from "../infer/index.js";
import type { JsonObject } from "../json.js";
import { flatString } from "./flat.js";
import { BANNER } from "./templates.js";

/** One event as recorded in manifest.json. */
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
  /** JSON Schema of the payload, inferred from the sample. */
  readonly schema: ObjectSchema;
  /** Posix path of the event file relative to the config's folder. */
  readonly source: string;
}

/** The content of manifest.json; its JSON Schema ships as `ductape-events/manifest.schema.json`. */
export interface Manifest {
  readonly $comment: string;
  readonly version: 1;
  readonly events: readonly ManifestEvent[];
}

export function createManifest(events: readonly InferredEvent[], rootDir: string): Manifest {
  return { $comment: BANNER, version: 1, events: events.map((e) => manifestEvent(e, rootDir)) };
}

function manifestEvent(e: InferredEvent, rootDir: string): ManifestEvent {
  return {
    tag: e.tag,
    webhook: e.webhook,
    event: e.event,
    name: e.name,
    description: e.description,
    sample: e.sample,
    ...(e.examples.length === 0 ? {} : { examples: e.examples }),
    ...(e.selector === undefined ? {} : { selector: e.selector.path }),
    schema: e.schema,
    source: toPosix(relative(rootDir, e.file)),
  };
}

/**
 * manifest.json: exactly `JSON.stringify(createManifest(events, rootDir), null, 2)` and a newline.
 * With a cache it is put together from one fragment per event, so that only new or changed events
 * are serialised again (watch mode); test/disk-cache.test.ts holds both ways to the same bytes.
 */
export function renderManifest(events: readonly InferredEvent[], rootDir: string, cache?: FragmentCache): string {
  // Without a cache, one call does it all, faster than fragments (10,000 events: ~0.5 s against ~0.8 s).
  if (cache === undefined) return `${JSON.stringify(createManifest(events, rootDir), null, 2)}\n`;
  const head = JSON.stringify({ $comment: BANNER, version: 1 }, null, 2).slice(0, -2);
  if (events.length === 0) return `${head},\n  "events": []\n}\n`;
  const fragments = events.map((e) => fragment(cache, e, rootDir));
  return `${head},\n  "events": [\n${fragments.join(",\n")}\n  ]\n}\n`;
}

/** Each event's text, keyed by the InferredEvent object and the folder paths are relative to. */
export type FragmentCache = WeakMap<InferredEvent, { readonly rootDir: string; readonly text: string }>;

function fragment(cache: FragmentCache, event: InferredEvent, rootDir: string): string {
  const hit = cache.get(event);
  if (hit !== undefined && hit.rootDir === rootDir) return hit.text;
  const text = indent(JSON.stringify(manifestEvent(event, rootDir), null, 2));
  cache.set(event, { rootDir, text });
  return text;
}

/**
 * The fragment one level deeper, flattened since it is kept and joined on every build. Only
 * `\n` starts a line here: JSON escapes it inside strings but not U+2028 and U+2029, which a
 * multiline `^` would also treat as line starts.
 */
function indent(json: string): string {
  return flatString(`    ${json.replace(/\n/g, "\n    ")}`);
}

/** The events of the manifest.json in `outDir`, as a build wrote them. */
export function readManifestEvents(outDir: string): readonly ManifestEvent[] {
  return (JSON.parse(readFileSync(join(outDir, "manifest.json"), "utf8")) as Manifest).events;
}
