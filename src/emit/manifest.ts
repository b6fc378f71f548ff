import { relative } from "node:path";
import { toPosix } from "../discover/index.js";
import type { InferredEvent, ObjectSchema } from "../infer/index.js";
import type { JsonObject } from "../json.js";
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
  return {
    $comment: BANNER,
    version: 1,
    events: events.map((e) => ({
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
    })),
  };
}

export function renderManifest(manifest: Manifest): string {
  return JSON.stringify(manifest, null, 2) + "\n";
}
