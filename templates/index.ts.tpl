// {{banner}}

{{payloads}}

/** The payload type of every declared event, by tag. */
export interface EventPayloads {
{{payloadMap}}
}

/** Every declared event tag (`webhook-tag:event-tag`). */
export type EventTag = keyof EventPayloads;

/** Every declared webhook tag. */
export type WebhookTag = {{webhookTags}};

/** The payload type of one event, e.g. `EventPayload<"{{exampleTag}}">`. */
export type EventPayload<T extends EventTag> = EventPayloads[T];

/**
 * The payloads each webhook delivers: a union of its events' payloads. When every event of a
 * webhook declares a `selector`, the selected field holds each event's own literal value, so a
 * `switch` on it narrows the object that holds it: after `switch (p.body.event)`, `p.body` is
 * the body of the matching event.
 */
export interface WebhookPayloads {
{{webhookMap}}
}
