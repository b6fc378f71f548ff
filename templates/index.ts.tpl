// {{banner}}
//
// The payload types and samples live in one module per webhook under ./webhooks/; this file
// re-exports every type of them, so import from here.

{{modules}}

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
 * `switch` on it narrows the object that holds it, and only that: after `switch (p.body.event)`,
 * `p.body` is the body of the matching event, while `p` and its other parts stay unions (a union
 * narrows only by a property of its own members). After `switch (p.headers["x-github-event"])`,
 * `p.headers` is narrowed and `p.body` is not; narrow it by its own fields, or name the event's
 * type, `EventPayload<tag>`.
 */
export interface WebhookPayloads {
{{webhookMap}}
}

/**
 * The type of `webhookEvents`: the read methods of Ductape's `app.webhooks.events`, over the
 * declared events.
 */
export interface WebhookEvents {
  /**
   * Every event of a webhook, in tag order. A webhook that declares no event (which only
   * untyped JavaScript can ask for) gives an empty array.
   */
  fetchAll<W extends WebhookTag>(webhookTag: W): Promise<EventDefinitionOf<WebhookEventTags<W>>[]>;
  /**
   * One event, by its tag `webhook-tag:event-tag`. A tag that is not declared (which only
   * untyped JavaScript can ask for) rejects with an Error naming it.
   */
  fetch<T extends EventTag>(tag: T): Promise<EventDefinitionOf<T>>;
}

/**
 * The definition of one event, e.g. `EventDefinitionOf<"{{exampleTag}}">`; for a union of tags,
 * the union of their definitions.
 */
export type EventDefinitionOf<T extends EventTag> = EventDefinitions[T];

/** The tags of one webhook's events, e.g. `WebhookEventTags<"{{exampleWebhook}}">`. */
export type WebhookEventTags<W extends WebhookTag> = Extract<EventTag, `${W}:${string}`>;

/**
 * Every declared event as Ductape's SDK returns it from `app.webhooks.events.fetch(tag)`, by
 * tag: `{ name, tag, description, sample }`, with `tag` the literal tag and `sample` typed as
 * the event's payload.
 */
export type EventDefinitions = {
  [T in EventTag]: {
    /** The event's display name. */
    name: string;
    /** The event's tag, `webhook-tag:event-tag`. */
    tag: T;
    /** What the event means, as declared (may be empty). */
    description: string;
    /** The declared sample payload: headers, query, body and params. */
    sample: EventPayloads[T];
  };
};

/**
 * The declared events, offline, through the same interface as Ductape's SDK
 * (`app.webhooks.events`), for application tests and docs:
 *
 * ```ts
 * const event = await webhookEvents.fetch("{{exampleTag}}");
 * event.sample.body; // EventPayload<"{{exampleTag}}">["body"]
 * const events = await webhookEvents.fetchAll("{{exampleWebhook}}");
 * ```
 *
 * The object is frozen, and every call returns a fresh deep copy: changing a result never
 * changes what the next call returns. Importing only types from this file loads none of it;
 * bundlers drop it (and the samples) when `webhookEvents` is not used.
 */
export const webhookEvents: Readonly<WebhookEvents> = /* @__PURE__ */ Object.freeze({
  async fetchAll<W extends WebhookTag>(webhookTag: W): Promise<EventDefinitionOf<WebhookEventTags<W>>[]> {
    const prefix = `${String(webhookTag)}:`;
    const tags = Object.keys(definitions).filter((tag) => tag.startsWith(prefix));
    // The tags starting with `${webhookTag}:` are exactly WebhookEventTags<W>; TypeScript cannot see that.
    return tags.map((tag) => copy(definitions[tag as EventTag])) as EventDefinitionOf<WebhookEventTags<W>>[];
  },
  async fetch<T extends EventTag>(tag: T): Promise<EventDefinitionOf<T>> {
    if (typeof tag === "string" && Object.prototype.hasOwnProperty.call(definitions, tag)) {
      return copy(definitions[tag]);
    }
    throw new Error(`Unknown webhook event tag ${JSON.stringify(String(tag))}: no event declares it.`);
  },
});

/** A deep copy of JSON data. JSON.parse makes every key an own property, `__proto__` too. */
function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * The declared definitions, by tag, checked against their types by this annotation (each
 * webhook's module checks its own part too). Never handed out: `webhookEvents` returns copies.
 */
const definitions: EventDefinitions = {{definitions}};
