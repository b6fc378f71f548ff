import type { InferredEvent } from "../infer/index.js";
import type { DefinitionTable, InferredSchema } from "../infer/schema.js";
import { typeNameForTag } from "../naming/index.js";
import { compareCodeUnits } from "../util/order.js";
import { Definitions } from "./to-json-schema.js";
import { typeStem } from "./type-names.js";
import { webhookBounds } from "./webhook-bounds.js";

/**
 * What openapi.json and asyncapi.json are both made of: each event's body as a named schema
 * component, each webhook's union of bodies where a discriminator applies, and the shared named
 * definitions. Both documents name their components alike, so one plan serves both.
 */
export interface ContractPlan {
  /** Events in tag order, each with the component name of its body. */
  readonly events: readonly PlannedEvent[];
  /** Webhooks in the order of their first event tags (as in manifest.json). */
  readonly webhooks: readonly PlannedWebhook[];
  /** The shared definitions under their component names. */
  readonly definitions: Definitions;
  /**
   * An event's piece of a document (its operation, its message, its body's schema, its JSON
   * Schema document), made once per build and, with a cache, kept while the event is the same
   * object with the same body name and definitions.
   */
  piece(planned: PlannedEvent, kind: PieceKind, make: () => string): string;
}

export type PieceKind = "operation" | "message" | "body" | "document";

/**
 * Each event's pieces, kept between builds (watch mode): keyed by the InferredEvent object
 * (inference hands an unchanged event over as the same object), with what else they were made
 * from: the name of the event's body component and the definitions given.
 */
export type PiecesCache = WeakMap<InferredEvent, KeptPieces>;

interface KeptPieces {
  readonly body: string;
  readonly definitions: DefinitionTable | undefined;
  readonly pieces: Map<PieceKind, string>;
}

export interface PlannedEvent {
  readonly event: InferredEvent;
  /** Name of its body's schema under `components/schemas`. */
  readonly body: string;
}

export interface PlannedWebhook {
  readonly webhook: string;
  readonly events: readonly PlannedEvent[];
  /** Set when the webhook's bodies can be told apart by a discriminator (see discriminatorOf). */
  readonly union?: { readonly name: string; readonly propertyName: string; readonly mapping: readonly Mapped[] };
}

/** A selector value and the component of the body that holds it. */
export interface Mapped {
  readonly value: string;
  readonly body: string;
}

/**
 * Component names: OpenAPI and AsyncAPI allow `^[a-zA-Z0-9.\-_]+$`. Names are claimed in a fixed
 * order (events' bodies by tag, then webhooks' unions by tag, then definitions by name), and a
 * name already taken gets `_2`, `_3`, ...: the events' bodies, claimed first, keep the names of
 * their TypeScript interfaces (`PaymentsChargeBody`), unique since validation keeps type names
 * unique.
 */
export class ComponentNames {
  private readonly taken = new Set<string>();

  claim(wanted: string): string {
    const safe = wanted.replace(/[^A-Za-z0-9._-]/g, "_") || "_";
    let name = safe;
    for (let n = 2; this.taken.has(name); n++) name = `${safe}_${n}`;
    this.taken.add(name);
    return name;
  }
}

/**
 * Plans the components of events sorted by tag. `definitions`: the shared definitions declared
 * schemas reach, each wanted under its TypeScript name (`definitionNames`, by key; else its
 * key), made safe and unique here.
 */
export function planContract(
  events: readonly InferredEvent[],
  definitions?: DefinitionTable,
  definitionNames?: ReadonlyMap<string, string>,
  cache?: PiecesCache,
): ContractPlan {
  const names = new ComponentNames();
  const planned = events.map((event) => ({ event, body: names.claim(`${typeStem(event.typeName)}Body`) }));
  const webhooks = webhookBounds(events).map(({ webhook, start, end }): PlannedWebhook => {
    const members = planned.slice(start, end);
    const propertyName = discriminatorOf(members.map((m) => m.event));
    if (propertyName === undefined) return { webhook, events: members };
    const mapping = members.map((m) => ({ value: String(m.event.selector!.value), body: m.body }));
    const name = names.claim(`${typeStem(typeNameForTag(webhook))}WebhookBody`);
    return { webhook, events: members, union: { name, propertyName, mapping } };
  });
  // Sorted so that the names given do not depend on the table's insertion order.
  const wanted = [...(definitions?.keys() ?? [])].map((key) => [definitionNames?.get(key) ?? key, key] as const);
  wanted.sort(([a, keyA], [b, keyB]) => compareCodeUnits(a, b) || compareCodeUnits(keyA, keyB));
  const safe = new Map(wanted.map(([name, key]) => [key, names.claim(name)]));
  // Without a cache only the bodies, which both documents hold, are kept, and only for this
  // call: a cold build holds no more of the documents than the one it is writing.
  const kept = cache ?? new WeakMap();
  const piece = ({ event, body }: PlannedEvent, kind: PieceKind, make: () => string): string => {
    if (cache === undefined && kind !== "body") return make();
    let pieces = kept.get(event);
    if (pieces === undefined || pieces.body !== body || pieces.definitions !== definitions) {
      pieces = { body, definitions, pieces: new Map() };
      kept.set(event, pieces);
    }
    let text = pieces.pieces.get(kind);
    if (text === undefined) {
      text = make();
      pieces.pieces.set(kind, text);
    }
    return text;
  };
  return { events: planned, webhooks, definitions: new Definitions(definitions, safe), piece };
}

/**
 * The body property a webhook's events are told apart by, as an OpenAPI discriminator needs
 * it: every event has a selector, all on the same top-level property of the body, each value a
 * string (a discriminator's mapping keys are strings) and the property required in every body.
 * Selectors are unique per webhook (validation), so the mapping is one to one. Undefined
 * otherwise: a selector on a header, a nested field or a number cannot be a discriminator.
 */
export function discriminatorOf(events: readonly InferredEvent[]): string | undefined {
  let name: string | undefined;
  for (const event of events) {
    const selector = event.selector;
    if (selector === undefined || typeof selector.value !== "string" || selector.steps.length !== 2) return undefined;
    const [part, field] = selector.steps;
    if (part === undefined || !("key" in part) || part.key !== "body") return undefined;
    if (field === undefined || !("key" in field) || (name !== undefined && field.key !== name)) return undefined;
    const body = partOf(event, "body");
    if (body === undefined || !("properties" in body) || !body.required.includes(field.key)) return undefined;
    name = field.key;
  }
  return name;
}

/** One part (`headers`, `query`, `body`, `params`) of an event's payload schema. */
export function partOf(
  event: InferredEvent,
  part: "headers" | "query" | "body" | "params",
): InferredSchema | undefined {
  return Object.prototype.hasOwnProperty.call(event.schema.properties, part)
    ? event.schema.properties[part]
    : undefined;
}
