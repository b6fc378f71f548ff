// {{banner}}
//
// Validation and dispatch of received deliveries, for every webhook: validators compiled ahead
// of time from the manifest's JSON Schemas, importing nothing outside this folder. To bundle one
// webhook's validators only, import its module under ./receive/ instead (same functions).

import type { EventPayloads, WebhookEventTags, WebhookTag } from "./index.js";
import {
  join,
  parse,
  test,
  identify,
  standard,
  route,
  type Fallback,
  type Handlers,
  type Identified,
  type ParseResult,
  type Received,
  type StandardSchemaV1,
} from "./receive/_runtime.js";{{imports}}

export type {
  Delivery,
  Failed,
  Fallback,
  Handlers,
  Identified,
  Issue,
  Parsed,
  ParseResult,
  Path,
  Received,
  StandardSchemaV1,
} from "./receive/_runtime.js";
export { formatIssue, formatPath } from "./receive/_runtime.js";

const receiver = /* @__PURE__ */ join([{{receivers}}], {{reject}});

/**
 * Checks a delivery against event `tag`: `{ ok: true, tag, payload, extra }` with the payload
 * typed, or `{ ok: false, tag, issues }` naming every field that is wrong.
 */
export function parseEvent<T extends keyof EventPayloads>(tag: T, input: unknown): ParseResult<EventPayloads, T> {
  return parse<EventPayloads, T>(receiver, tag, input);
}

/**
 * Whether `input` is a delivery of event `tag`: the same answer as `parseEvent(tag, input).ok`.
 * It narrows `input` to what that promises of the delivery as given (header names in any case).
 */
export function isEvent<T extends keyof EventPayloads>(tag: T, input: unknown): input is Received<EventPayloads[T]> {
  return test(receiver, tag, input);
}

/**
 * Which event of `webhook` a delivery is (by the webhook's selector; without one, the first event
 * whose schema it matches), validated: on success a union discriminated by `tag`.
 */
export function identifyEvent<W extends WebhookTag>(
  webhook: W,
  input: unknown,
): Identified<Pick<EventPayloads, WebhookEventTags<W>>> {
  return identify<Pick<EventPayloads, WebhookEventTags<W>>>(receiver, webhook, input);
}

/** Event `tag` as a Standard Schema v1 object. */
export function eventSchema<T extends keyof EventPayloads>(tag: T): StandardSchemaV1<unknown, EventPayloads[T]> {
  return standard<EventPayloads, T>(receiver, tag);
}

/**
 * A function that identifies a delivery of a webhook and calls its event's handler with the
 * payload, or `fallback` (unknown event, invalid payload, or no handler).
 */
export function createRouter<R>(
  handlers: Handlers<EventPayloads, R>,
  fallback: Fallback<EventPayloads, R>,
): (webhook: WebhookTag, input: unknown) => R {
  return route<EventPayloads, R>(receiver, handlers, fallback);
}
