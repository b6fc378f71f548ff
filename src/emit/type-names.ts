import type { InferredEvent } from "../infer/index.js";
import { pascal } from "./ts-syntax.js";

/** Names the rest of index.ts declares; payload types must never take them. */
const FIXED_NAMES = [
  "EventPayloads",
  "EventTag",
  "WebhookTag",
  "EventPayload",
  "WebhookPayloads",
  "EventDefinitions",
  "EventDefinitionOf",
  "WebhookEventTags",
  "WebhookEvents",
];
/** The parts of a payload, in the order its interface lists them; each gets a reserved name. */
export const PARTS = ["headers", "query", "body", "params"] as const;

/** Names no nested interface may take: the fixed ones, and every event's payload and part names. */
export function reservedNames(events: readonly InferredEvent[]): ReadonlySet<string> {
  const reserved = new Set(FIXED_NAMES);
  for (const event of events) {
    reserved.add(event.typeName);
    const stem = typeStem(event.typeName);
    for (const part of PARTS) reserved.add(partName(stem, part));
  }
  return reserved;
}

/** `PaymentsChargePayload` -> `PaymentsCharge`: the stem every interface of an event starts with. */
export function typeStem(typeName: string): string {
  return typeName.endsWith("Payload") ? typeName.slice(0, -"Payload".length) : typeName;
}

/**
 * A part's interface name: the payload's stem, then the part (`PaymentsChargeBody`).
 * The docs site writes it as the prefix and `partName("", part)`.
 */
export function partName(prefix: string, part: (typeof PARTS)[number]): string {
  return `${prefix}${pascal(part)}`;
}

/** What owns names between calls: one event's part of the outputs, with the names it claimed. */
export interface NameOwner {
  readonly claimed: readonly string[];
}

/**
 * The names taken so far in one call, in tag order: reserved names, names claimed in this call,
 * and the names of parts reused in this call. A reused part's names are found through `owners`
 * (the part that claimed each name last, kept between calls), so reusing a part costs no work
 * per name; when a part claims a name that another part owned, that part is `dispossessed`, and
 * is checked name by name before it is reused again.
 */
export class NameRegistry {
  private readonly claimed = new Set<string>();
  private readonly reused = new Set<NameOwner>();
  private log: { base: string; name: string }[] | undefined;

  /** `reserved` is only read, so that it can be kept between calls. */
  constructor(
    readonly reserved: ReadonlySet<string>,
    private readonly owners: Map<string, NameOwner>,
    private readonly dispossessed: WeakSet<NameOwner>,
  ) {}

  has(name: string): boolean {
    if (this.reserved.has(name) || this.claimed.has(name)) return true;
    const owner = this.owners.get(name);
    return owner !== undefined && this.reused.has(owner);
  }

  claim(base: string): string {
    let name = base;
    for (let n = 2; this.has(name); n++) name = `${base}${n}`;
    this.claimed.add(name);
    this.log?.push({ base, name });
    return name;
  }

  /** Makes `part` the owner of its names; parts that owned one before lose it. */
  own(part: NameOwner): void {
    for (const name of part.claimed) {
      const previous = this.owners.get(name);
      if (previous !== undefined && previous !== part) this.dispossessed.add(previous);
      this.owners.set(name, part);
    }
  }

  /** Takes the names of a part that owns them. */
  reuse(part: NameOwner): void {
    this.reused.add(part);
  }

  /** Runs `work`, and lists the claims made meanwhile. */
  recording<T>(work: () => T): { result: T; claims: readonly { readonly base: string; readonly name: string }[] } {
    const claims: { base: string; name: string }[] = [];
    this.log = claims;
    try {
      return { result: work(), claims };
    } finally {
      this.log = undefined;
    }
  }
}

/**
 * The name for an array's elements, from the array's: `...Items` -> `...Item`,
 * `...Addresses` -> `...Address`, and `...Tags` -> `...Tag`; otherwise `...Item` is appended.
 */
export function elementName(hint: string): string {
  const word = /[A-Z][a-z0-9]*$/.exec(hint)?.[0] ?? "";
  const singular = singularize(word);
  return singular === word ? `${hint}Item` : `${hint.slice(0, hint.length - word.length)}${singular}`;
}

/** Words whose singular the rules below would get wrong; a name is better plain than odd. */
const SINGULAR_EXCEPTIONS: ReadonlyMap<string, string> = new Map([
  ["cookies", "cookie"],
  ["movies", "movie"],
  ["pies", "pie"],
  ["ties", "tie"],
  ["series", "series"],
  ["species", "species"],
  ["news", "news"],
]);

function singularize(word: string): string {
  const exception = SINGULAR_EXCEPTIONS.get(word.toLowerCase());
  if (exception !== undefined) return word.slice(0, 1) + exception.slice(1);
  if (/[^aeiou]ies$/i.test(word)) return `${word.slice(0, -3)}y`;
  if (/(ss|sh|ch|x|us)es$/i.test(word)) return word.slice(0, -2);
  if (/zzes$/i.test(word)) return word.slice(0, -3);
  if (/[^su]s$/i.test(word)) return word.slice(0, -1);
  return word;
}
