import type { InferredEvent } from "../infer/index.js";
import type { DefinitionTable } from "../infer/schema.js";
import type { RenderedDefinitions } from "./definitions.js";
import type { WebhookBounds } from "./webhook-bounds.js";

/** Events as an earlier call saw them, and their tags. */
export interface TaggedEvents {
  readonly events: readonly { readonly tag: string }[];
  readonly tags: readonly string[];
}

/**
 * Whether `events` have exactly the tags of `kept`, in order. An event that is the very object
 * kept is not even looked into: watch mode asks on every rebuild, over every event.
 */
export function sameTags(kept: TaggedEvents, events: readonly { readonly tag: string }[]): boolean {
  if (kept.tags.length !== events.length) return false;
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    if (event !== kept.events[i] && event.tag !== kept.tags[i]) return false;
  }
  return true;
}

/** One event's part of the TypeScript outputs. */
export interface RenderedEvent {
  /** Its interfaces. */
  readonly declarations: string;
  /** Its entry in the `webhookEvents` data. */
  readonly definition: string;
  /** The names its interfaces claimed, in order. */
  readonly claimed: readonly string[];
  /** Whether every claim got the name asked for, none a numbered one. */
  readonly firstChoice: boolean;
  /** The shared definitions' type names its declarations use, sorted. */
  readonly uses: readonly string[];
}

/** A webhook's module as last rendered, and the events' parts it was made of. */
export interface KeptModule {
  readonly pieces: readonly RenderedEvent[];
  readonly text: string;
}

/**
 * The TypeScript outputs' parts, kept between calls (watch mode). Each event's part is keyed by
 * the InferredEvent object. Names are claimed across events, so a kept part is reused only when
 * rendering it again would give the same text: each of its names was its first choice then, and
 * is still free now. A webhook's module is reused when it is made of the very same parts, and
 * index.ts when the tags are the same.
 */
export interface TypesCache {
  /** Emptied when the shared definitions' names change (see renderTypes): parts spell them. */
  events: WeakMap<InferredEvent, RenderedEvent>;
  webhooks: ReadonlyMap<string, KeptModule>;
  /** What depends on the tags alone: the reserved names, index.ts, and where each webhook's events are. */
  tagged:
    | (TaggedEvents & {
        readonly reserved: ReadonlySet<string>;
        readonly index: string;
        readonly bounds: readonly WebhookBounds[];
        /** The names reserved from the tags alone, before the shared definitions'. */
        readonly tagReserved: ReadonlySet<string>;
        /** Whether index.ts re-exports definitions.ts. */
        readonly hasDefinitions: boolean;
      })
    | undefined;
  /** The shared definitions as last rendered, and what they were rendered from. */
  definitions:
    | {
        readonly table: DefinitionTable;
        readonly tagReserved: ReadonlySet<string>;
        readonly rendered: RenderedDefinitions;
        /** The definitions' names and declared names, as one text: when it changes, parts are rendered again. */
        readonly signature: string;
      }
    | undefined;
  /** The part that claimed each name last (see NameRegistry). */
  readonly owners: Map<string, RenderedEvent>;
  /** Parts that lost a name to another part since they last owned all theirs. */
  readonly dispossessed: WeakSet<RenderedEvent>;
  /** The reserved names each part's names were last found free against. */
  readonly checkedWith: WeakMap<RenderedEvent, ReadonlySet<string>>;
}

export function createTypesCache(): TypesCache {
  return {
    events: new WeakMap(),
    webhooks: new Map(),
    tagged: undefined,
    definitions: undefined,
    owners: new Map(),
    dispossessed: new WeakSet(),
    checkedWith: new WeakMap(),
  };
}
