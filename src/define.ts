/**
 * The types users write, and the identity helpers that give their files type checking. These
 * mirror the field tables of Ductape's webhook events page.
 */

/** A webhook event's tag: `webhook-tag:event-tag`, each side a lowercase slug. */
export type EventTagString = `${string}:${string}`;

/** A sample request as Ductape stores it for an event. */
export interface WebhookSample {
  /** HTTP headers sent with the event request. */
  headers: Record<string, string>;
  /** Query parameters included in the request. */
  query: Record<string, unknown>;
  /** The request body, typically containing event details. */
  body: Record<string, unknown>;
  /** URL parameters included in the event request. */
  params: Record<string, unknown>;
}

/** One webhook event, as passed to `app.webhooks.events.create`. */
export interface EventDefinition {
  /** A human-readable name for the webhook event. */
  name: string;
  /** A unique identifier combining the webhook and event: `webhook-tag:event-tag`. */
  tag: EventTagString;
  /** A brief explanation of the event's purpose. */
  description: string;
  /** A sample payload; the generated payload type is inferred from it. */
  sample: WebhookSample;
}

/** The options of `ductape.config.ts`. Relative paths are resolved against the config's folder. */
export interface DuctapeConfig {
  /** Glob or globs of event files. Default: `"events/**\/*.event.ts"`. */
  events?: string | string[];
  /** Globs of files to leave out, in addition to node_modules and outDir. Default: none. */
  ignore?: string | string[];
  /** Folder that receives `manifest.json` and `index.ts`. Default: `"generated"`. */
  outDir?: string;
  /** Treat warnings (such as an empty array in a sample) as errors. Default: `false`. */
  strict?: boolean;
}

/**
 * Declares an event. The build reads the argument statically, without running the file, so it
 * must be literal data (constants and relative imports of constants are fine).
 */
export function defineEvent<const T extends EventDefinition>(definition: T): T {
  return definition;
}

/** Declares the configuration in `ductape.config.ts`. */
export function defineConfig(config: DuctapeConfig): DuctapeConfig {
  return config;
}
