import type { WebhookEventsApi } from "./sync/api.js";

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

/** A JSON value, as samples hold. */
export type JsonLiteral = string | number | boolean | null;

/**
 * What a sample cannot say about one field, keyed by its path in the payload:
 * `"body.customer.email"`, `"body.items[].sku"` (`[]`: every element of an array),
 * `'headers["x-signature"]'`. Every sample and example must still satisfy the refined type.
 */
export interface Refinement {
  /** The field may be absent. */
  optional?: boolean;
  /** The field may be `null`. */
  nullable?: boolean;
  /** Type the field as the literal value(s) it has in the sample and examples. */
  literal?: boolean;
  /** The only values the field takes; becomes a union of literal types. */
  enum?: JsonLiteral[];
  /**
   * A JSON Schema for the field, replacing what was inferred: any keyword, as in a declared
   * schema (see docs/event-files.md); no `$ref` yet.
   */
  schema?: Record<string, unknown>;
  /** Documentation for the field, shown in the generated JSDoc. */
  description?: string;
}

/**
 * A JSON Schema, as data: an object literal, a const, a JSON file imported by default import,
 * or `{ $ref: "..." }` into the same document, a relative file (`./schemas/order.json#/definitions/order`)
 * or a JSON file of an installed package (`provider-schemas/schema.json#/definitions/order`).
 * Dialects draft-07 (the default), 2019-09 and 2020-12 (by `$schema`), and OpenAPI 3.0's
 * `nullable`. Nothing is fetched from the network. See docs/schemas.md.
 */
export type JsonSchemaDefinition = { readonly [keyword: string]: unknown } | boolean;

/**
 * Declared schemas of the payload's parts. A part with one takes its type from the schema
 * instead of the samples, and every sample and example must validate against it; a part
 * without one is inferred from the samples. `refine` applies on top either way.
 */
export interface EventSchemas {
  /** The schema of the request body. */
  body?: JsonSchemaDefinition;
  /** The schema of the HTTP headers (names in lowercase, values strings). */
  headers?: JsonSchemaDefinition;
  /** The schema of the query parameters. */
  query?: JsonSchemaDefinition;
  /** The schema of the URL parameters. */
  params?: JsonSchemaDefinition;
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
  /**
   * More payloads of the same event, merged with the sample to infer the type: a field absent
   * from one is optional, a field that is a string in one and null in another is
   * `string | null`. Local only: the platform stores just `sample`.
   */
  examples?: WebhookSample[];
  /**
   * JSON Schemas of the payload's parts (see {@link EventSchemas}): the provider's published
   * contract, typed exactly, where samples show only one case. Local only.
   */
  schema?: EventSchemas;
  /** Refinements of the inferred type, by field path (see {@link Refinement}). */
  refine?: Record<string, Refinement>;
  /**
   * The field that identifies this event among its webhook's events: a string or number field
   * of the sample, as a path in the payload such as `"body.event"` or
   * `'headers["x-github-event"]'`, or in the platform's notation `"$Event{event}"` (a path into
   * the body: `$Event{data.object}` is `body.data.object`). Either is recorded as written.
   * When every event of a webhook has one (the same field), the field is typed as the sample's
   * value and `WebhookPayloads[webhook]` is a discriminated union: a `switch` on the field
   * narrows the part that holds it (`payload.body` for `body.event`), not the whole payload.
   */
  selector?: string;
  /**
   * Breaking changes of this event's contract that are intended, so that `ductape-events diff`
   * lists them as acknowledged and passes (see docs/diff.md): payload paths (`"body.legacy_id"`
   * covers that field and everything under it), `"tag"` (this event was renamed), `"selector"`,
   * or the tag of an event that was removed (`"orders:order-cancelled"`). Local only; once the
   * change is in the base, diff warns that the entry is stale.
   */
  acknowledge?: string[];
}

/** The options of `ductape.config.ts`. Relative paths are resolved against the config's folder. */
export interface DuctapeConfig {
  /** Glob or globs of event files. Default: `"events/**\/*.event.ts"`. */
  events?: string | string[];
  /** Globs of files to leave out, in addition to node_modules and outDir. Default: none. */
  ignore?: string | string[];
  /** Folder that receives `manifest.json`, `index.ts` and `webhooks/` (one manifest and module per webhook). Default: `"generated"`. */
  outDir?: string;
  /** Treat warnings (such as an empty array in a sample) as errors. Default: `false`. */
  strict?: boolean;
  /**
   * Standard documents every build also writes into `outDir`, from the same schemas as the
   * types: `"openapi"` (`openapi.json`, OpenAPI 3.1, one `webhooks` operation per event),
   * `"asyncapi"` (`asyncapi.json`, AsyncAPI 3.0, a channel per webhook and a message per event)
   * and `"json-schema"` (`schemas/<webhook>/<event>.schema.json`, JSON Schema 2020-12, one per
   * event payload). Any subset, each at most once; `build --check` covers them, and a format
   * taken out of the list has its files deleted by the next build. Default: none.
   */
  formats?: ("openapi" | "asyncapi" | "json-schema")[];
  /**
   * Writes `receive.ts` (and `receive/`) into `outDir` on every build: validators of received
   * deliveries compiled ahead of time from the events' schemas (no package imported at run
   * time), with `parseEvent`, `isEvent`, `identifyEvent`, `eventSchema` (Standard Schema) and
   * `createRouter` (docs/receive.md). `unknownKeys`: a key no schema declares is `"accept"`ed and
   * reported as `extra` (default), or `"reject"`ed as an issue. Default: off.
   */
  receive?: boolean | { unknownKeys?: "accept" | "reject" };
  /**
   * Writes the event docs site on every build (docs/event-docs.md): `out`, its folder (default
   * `"event-docs"`; outside outDir, node_modules and the event sources: docs/config.md), and
   * `title`, the site's title (default `"Webhook events"`; one line, at most 100 characters).
   * Default: no site (`ductape-events docs` writes one whatever this says).
   */
  docs?: { out?: string; title?: string };
  /**
   * The Ductape workspace that `plan` and `push` compare with and write to: a function
   * returning (or resolving to) `ductape.app.webhooks.events` of an initialised SDK. It runs
   * only for plan and push; take credentials from the environment, never from this file.
   */
  remote?: () => WebhookEventsApi | Promise<WebhookEventsApi>;
  /**
   * How plan and push talk to the platform. Defaults: the documented API ("classic"), 4 calls at
   * once, 3 retries from 500 ms, 30 s per call.
   */
  sync?: {
    /**
     * The generation of the platform's events API. `"classic"` (default): the documented one;
     * events are sent with name, tag, description and sample only. `"selectors"`: the newer
     * one, whose `create` requires a `selector`: every event must then select a field of the
     * body (`selector: "body.type"`, sent as `$Event{type}` with the sample's value there as
     * `selectorValue`), and plan compares both with the platform's.
     */
    api?: "classic" | "selectors";
    /** Calls in flight at once. */
    concurrency?: number;
    /** Retries of a transient failure (a network error, HTTP 429 or 5xx). */
    retries?: number;
    /**
     * Wait before the first retry in milliseconds, doubled for each next one; each wait is
     * jittered (between half and all of it), and a 429 or 503 whose `Retry-After` asks for
     * longer is waited for (at most 60 s).
     */
    retryDelayMs?: number;
    /**
     * Longest wait in milliseconds for the answer to one call, and for `remote()`. A call that
     * takes longer fails as a network error does, so it is retried.
     */
    timeoutMs?: number;
  };
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
