// {{banner}}
//
// The validators of webhook {{webhook}}, compiled from the JSON Schemas of its events in the
// manifest. Import this module to receive this webhook only (../receive.ts joins every webhook):
// a bundler then leaves the other webhooks' validators out.

import type { EventPayloads } from "../index.js";
{{runtime}}{{definitions}}

export type { Delivery, Failed, Identified, Issue, Parsed, ParseResult, Path, Received, StandardSchemaV1 } from "./_runtime.js";
export { formatIssue, formatPath } from "./_runtime.js";

/** The payload type of each event of webhook {{webhook}}, by tag. */
export type Payloads = Pick<EventPayloads, {{tags}}>;

{{declarations}}

/** The events this module validates, for ../receive.ts. */
export const receiver: Receiver = {
  events: /* @__PURE__ */ new Map<string, EventCheck>([
{{events}}
  ]),
  webhooks: /* @__PURE__ */ new Map([
    {{route}},
  ]),
  reject: {{reject}},
};

/**
 * Checks a delivery against event `tag`: `{ ok: true, tag, payload, extra }` with the payload
 * typed, or `{ ok: false, tag, issues }` naming every field that is wrong.
 */
export function parseEvent<T extends keyof Payloads>(tag: T, input: unknown): ParseResult<Payloads, T> {
  return parse<Payloads, T>(receiver, tag, input);
}

/**
 * Whether `input` is a delivery of event `tag`: the same answer as `parseEvent(tag, input).ok`.
 * It narrows `input` to what that promises of the delivery as given (header names in any case).
 */
export function isEvent<T extends keyof Payloads>(tag: T, input: unknown): input is Received<Payloads[T]> {
  return test(receiver, tag, input);
}

/**
 * Which event of the webhook a delivery is (by its selector; without one, the first event whose
 * schema it matches), validated: on success a union discriminated by `tag`.
 */
export function identifyEvent(webhook: {{webhook}}, input: unknown): Identified<Payloads> {
  return identify<Payloads>(receiver, webhook, input);
}

/** Event `tag` as a Standard Schema v1 object. */
export function eventSchema<T extends keyof Payloads>(tag: T): StandardSchemaV1<unknown, Payloads[T]> {
  return standard<Payloads, T>(receiver, tag);
}

/**
 * A function that identifies a delivery of the webhook and calls its event's handler with the
 * payload, or `fallback` (unknown event, invalid payload, or no handler).
 */
export function createRouter<R>(
  handlers: Handlers<Payloads, R>,
  fallback: Fallback<Payloads, R>,
): (webhook: {{webhook}}, input: unknown) => R {
  return route<Payloads, R>(receiver, handlers, fallback);
}
