import type { InferredEvent, InferredSchema, Literal, ObjectSchema } from "../infer/index.js";
// The schema model only: the stage's index would load its format checks (ajv-formats) too.
import { isTyped, isUnion } from "../infer/schema.js";
import { getOwn, type JsonValue } from "../json.js";
import { flatString } from "./flat.js";
import { shardFiles, webhookIdentifier } from "./layout.js";
import { BANNER, fill, readTemplate } from "./templates.js";

const INDEX_TEMPLATE = readTemplate("index.ts.tpl");
const WEBHOOK_TEMPLATE = readTemplate("webhook.ts.tpl");

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
const PARTS = ["headers", "query", "body", "params"] as const;

/** The TypeScript outputs: `index.ts`, and one module per webhook (`webhooks/<webhook>.ts`). */
export interface RenderedTypes {
  readonly index: string;
  /** Each webhook's module, by webhook tag, in webhook tag order (empty when given to `onModule` instead). */
  readonly webhooks: ReadonlyMap<string, string>;
  /** Each webhook's events, in webhook tag order; within one, in the order given (by tag). */
  readonly groups: ReadonlyMap<string, readonly InferredEvent[]>;
}

/** Takes each webhook's module as soon as it is rendered, with the webhook's events. */
export type ModuleSink = (webhook: string, members: readonly InferredEvent[], text: string) => void;

/**
 * Renders the TypeScript outputs. Per event a payload interface, its four parts and every
 * nested object as named, exported interfaces, in the module of the event's webhook, with that
 * webhook's part of the data behind `webhookEvents`; then `index.ts`, which re-exports every
 * module and declares the maps that tie tags and webhooks to the payload types.
 *
 * Names come from the tag and the path (`payments:charge` body.customer ->
 * `PaymentsChargeBodyCustomer`). Payload names are fixed by the tag (validation rejects two
 * tags with one name); every other name is claimed in tag order across all webhooks and, if
 * taken, gets the next free number, so the same input always yields the same names, and the
 * modules that index.ts re-exports never export one name twice.
 *
 * The `webhookEvents` registry: the fixed code is in the index template, and the data (every
 * event's name, tag, description and sample) is rendered into each webhook's module as an
 * object literal annotated with its slice of `EventDefinitions`, so the compiler checks each
 * sample against its payload type.
 *
 * Events come sorted by tag, as inference returns them, so each webhook's events are contiguous
 * (webhook tags hold no `:`), and rendering in tag order finishes one webhook's module before it
 * starts the next. Given `onModule`, each module goes there as soon as it is done, in the order
 * of the webhooks' first tags (not webhook tag order: `a-b:x` sorts before `a:x`), and is not
 * kept (`webhooks` comes back empty): a build writes it and lets it go.
 *
 * With a cache (watch mode), a webhook's module is put together again only when one of its
 * events was rendered again, and index.ts only when the set of events changed.
 */
export function renderTypes(
  events: readonly InferredEvent[],
  cache?: TypesCache,
  onModule?: ModuleSink,
): RenderedTypes {
  // What the tags decide, the names reserved and index.ts, is kept while the tags are the same.
  const same = cache?.tagged !== undefined && sameTags(cache.tagged, events) ? cache.tagged : undefined;
  const tags = same?.tags ?? events.map((e) => e.tag);
  const names = new NameRegistry(
    same?.reserved ?? reservedNames(events),
    cache?.owners ?? new Map(),
    cache?.dispossessed ?? new WeakSet(),
  );
  const bounds = same?.bounds ?? webhookBounds(events);
  const modules = new Map<string, string>();
  const shards = new Map<string, KeptModule>();
  const byWebhook = new Map<string, readonly InferredEvent[]>();
  // In tag order, across webhooks: names are claimed in that order.
  for (const { webhook, start, end } of bounds) {
    const members = events.slice(start, end);
    byWebhook.set(webhook, members);
    const pieces = members.map((event) => renderEvent(event, names, cache));
    const kept = cache?.webhooks.get(webhook);
    // A module made now is a rope (see fill): one kept between builds is flattened once.
    const text =
      kept !== undefined && sameItems(kept.pieces, pieces)
        ? kept.text
        : cache === undefined
          ? renderWebhookModule(webhook, pieces)
          : flatString(renderWebhookModule(webhook, pieces));
    if (cache !== undefined) shards.set(webhook, { pieces, text });
    if (onModule === undefined) modules.set(webhook, text);
    else onModule(webhook, members, text);
  }
  const order = [...byWebhook.keys()].sort();
  const groups = new Map(order.map((webhook) => [webhook, byWebhook.get(webhook)!]));
  const webhooks = new Map<string, string>();
  for (const webhook of order) {
    const text = modules.get(webhook);
    if (text !== undefined) webhooks.set(webhook, text);
  }
  const index = same?.index ?? renderIndex(events, groups);
  if (cache !== undefined) {
    cache.webhooks = shards;
    cache.tagged = { events, tags, reserved: names.reserved, index, bounds };
  }
  return { index, webhooks, groups };
}

/** Where each webhook's events are in events sorted by tag: `events.slice(start, end)`. */
interface WebhookBounds {
  readonly webhook: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Each webhook's events, in the order the webhooks first appear. Events sorted by tag keep each
 * webhook's events together (webhook tags hold no `:`), so that order is the tags', and names are
 * claimed in it. Events in any other order are a bug, so it throws.
 */
function webhookBounds(events: readonly InferredEvent[]): WebhookBounds[] {
  const bounds: WebhookBounds[] = [];
  const seen = new Set<string>();
  let start = 0;
  for (let i = 1; i <= events.length; i++) {
    const webhook = events[start]!.webhook;
    if (i < events.length && events[i]!.webhook === webhook) continue;
    if (seen.has(webhook)) throw new Error(`the events of webhook ${JSON.stringify(webhook)} are not together`);
    seen.add(webhook);
    bounds.push({ webhook, start, end: i });
    start = i;
  }
  return bounds;
}

/** Names no nested interface may take: the fixed ones, and every event's payload and part names. */
function reservedNames(events: readonly InferredEvent[]): ReadonlySet<string> {
  const reserved = new Set(FIXED_NAMES);
  for (const event of events) {
    reserved.add(event.typeName);
    const prefix = event.typeName.replace(/Payload$/, "");
    for (const part of PARTS) reserved.add(partName(prefix, part));
  }
  return reserved;
}

/** A webhook's module, `webhooks/<webhook>.ts`. */
function renderWebhookModule(webhook: string, pieces: readonly RenderedEvent[]): string {
  // Concatenated, not joined: the module is flattened once, when it is written (see fill).
  let payloads = "";
  let definitions = "{\n";
  for (let i = 0; i < pieces.length; i++) {
    payloads += i === 0 ? pieces[i]!.declarations : `\n\n${pieces[i]!.declarations}`;
    definitions += `${pieces[i]!.definition}\n`;
  }
  return fill(WEBHOOK_TEMPLATE, {
    banner: BANNER,
    webhook: stringLiteral(webhook),
    payloads,
    identifier: webhookIdentifier(webhook),
    definitions: `${definitions}}`,
  });
}

/** index.ts: it depends only on the events' tags (payload names follow from them). */
function renderIndex(events: readonly InferredEvent[], groups: ReadonlyMap<string, readonly InferredEvent[]>): string {
  const modules = [...groups].map(([webhook, members]) => {
    const specifier = stringLiteral(`./${shardFiles(webhook).types.replace(/\.ts$/, ".js")}`);
    const payloads = members.map((e) => e.typeName).join(", ");
    return [
      `export * from ${specifier};`,
      `import type { ${payloads} } from ${specifier};`,
      `import ${webhookIdentifier(webhook)} from ${specifier};`,
    ].join("\n");
  });
  const webhooks = [...groups.keys()];
  const spreads = webhooks.map((w) => `  ...${webhookIdentifier(w)},`);
  return fill(INDEX_TEMPLATE, {
    banner: BANNER,
    modules: modules.length === 0 ? "// No events are declared yet." : modules.join("\n\n"),
    payloadMap: events.map((e) => `  ${JSON.stringify(e.tag)}: ${e.typeName};`).join("\n"),
    webhookTags: webhooks.length === 0 ? "never" : webhooks.map((w) => JSON.stringify(w)).join(" | "),
    webhookMap: [...groups]
      .map(([w, members]) => `  ${JSON.stringify(w)}: ${members.map((e) => e.typeName).join(" | ")};`)
      .join("\n"),
    exampleTag: events[0]?.tag ?? "webhook-tag:event-tag",
    exampleWebhook: events[0]?.webhook ?? "webhook-tag",
    definitions: spreads.length === 0 ? "{}" : `/* @__PURE__ */ Object.freeze({\n${spreads.join("\n")}\n})`,
  });
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

/** Events as an earlier call saw them, and their tags. */
export interface TaggedEvents {
  readonly events: readonly { readonly tag: string }[];
  readonly tags: readonly string[];
}

/**
 * Whether `events` have exactly the tags of `kept`, in order. An event that is the very object
 * kept is not even looked into: at 10,000 events, reading each one's tag costs milliseconds.
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
interface RenderedEvent {
  /** Its interfaces. */
  readonly declarations: string;
  /** Its entry in the `webhookEvents` data. */
  readonly definition: string;
  /** The names its interfaces claimed, in order. */
  readonly claimed: readonly string[];
  /** Whether every claim got the name asked for, none a numbered one. */
  readonly firstChoice: boolean;
}

/** A webhook's module as last rendered, and the events' parts it was made of. */
interface KeptModule {
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
  readonly events: WeakMap<InferredEvent, RenderedEvent>;
  webhooks: ReadonlyMap<string, KeptModule>;
  /** What depends on the tags alone: the reserved names, index.ts, and where each webhook's events are. */
  tagged:
    | (TaggedEvents & {
        readonly reserved: ReadonlySet<string>;
        readonly index: string;
        readonly bounds: readonly WebhookBounds[];
      })
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
    owners: new Map(),
    dispossessed: new WeakSet(),
    checkedWith: new WeakMap(),
  };
}

function renderEvent(event: InferredEvent, names: NameRegistry, cache: TypesCache | undefined): RenderedEvent {
  const hit = cache?.events.get(event);
  if (hit !== undefined && hit.firstChoice && cache !== undefined) {
    // Its names were free and its own against these reserved names, and no part claimed one since.
    if (cache.checkedWith.get(hit) === names.reserved && !cache.dispossessed.has(hit)) {
      names.reuse(hit);
      return hit;
    }
    if (hit.claimed.every((name) => !names.has(name))) return kept(hit, names, cache);
  }
  const { result: declarations, claims } = names.recording(() => new EventRenderer(event, names).render());
  // Numbered names make a part unsure to reuse, not different: the same text keeps its object, so its module is reused.
  if (hit !== undefined && cache !== undefined && hit.declarations === declarations) return kept(hit, names, cache);
  // The declarations are made by `join`, which gives a flat string; the definition is a rope
  // (see valueSource). Kept between builds and put into a module on every one, the rope is
  // flattened once (see flatString); a build without a cache writes it once and lets it go.
  const definition = definitionEntry(event);
  const rendered: RenderedEvent = {
    declarations,
    definition: cache === undefined ? definition : flatString(definition),
    claimed: claims.map((c) => c.name),
    firstChoice: claims.every((c) => c.name === c.base),
  };
  cache?.events.set(event, rendered);
  return cache === undefined ? rendered : kept(rendered, names, cache);
}

/** A part whose names were just claimed or checked free: it owns them now. */
function kept(part: RenderedEvent, names: NameRegistry, cache: TypesCache): RenderedEvent {
  names.own(part);
  names.reuse(part);
  cache.checkedWith.set(part, names.reserved);
  cache.dispossessed.delete(part);
  return part;
}

/** An event's entry in the registry's data, `{ "tag": { name, tag, description, sample } }` (in tag order). */
function definitionEntry(event: InferredEvent): string {
  return (
    `  ${stringLiteral(event.tag)}: {\n` +
    `    name: ${stringLiteral(event.name)},\n` +
    `    tag: ${stringLiteral(event.tag)},\n` +
    `    description: ${stringLiteral(event.description)},\n` +
    `    sample: ${valueSource(event.sample, 2)},\n  },`
  );
}

/**
 * A JSON value as TypeScript source at `depth` levels of indentation, one key or element per
 * line, keys in the value's order. Built by concatenation, which V8 keeps as a rope until the
 * module is written: measured on 1,000 samples, half the time of collecting pieces and joining
 * them. Depth is bounded: inference refuses samples nested more than MAX_SAMPLE_DEPTH levels.
 */
function valueSource(value: JsonValue, depth: number): string {
  if (typeof value === "string") return stringLiteral(value);
  // Samples hold no NaN or Infinity; -0 prints as 0, as JSON does.
  if (typeof value === "number") return Object.is(value, -0) ? "0" : JSON.stringify(value);
  if (value === null || typeof value === "boolean") return String(value);
  const inner = indentation(depth + 1);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    let out = "[\n";
    for (let i = 0; i < value.length; i++) out += `${inner}${valueSource(value[i]!, depth + 1)},\n`;
    return `${out}${indentation(depth)}]`;
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return "{}";
  let out = "{\n";
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    out += `${inner}${spellingOf(key).dataKey}${valueSource(value[key]!, depth + 1)},\n`;
  }
  return `${out}${indentation(depth)}}`;
}

/** Indentation strings by depth (two spaces a level), each made once. */
const INDENTATION: string[] = [];

function indentation(depth: number): string {
  return (INDENTATION[depth] ??= "  ".repeat(depth));
}

/**
 * A key in an object literal: bare when a plain identifier, else a string. `__proto__` is
 * computed, `["__proto__"]`: written plain or quoted it would set the prototype, not a property.
 */
function objectKey(key: string): string {
  if (key === "__proto__") return `[${stringLiteral(key)}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : stringLiteral(key);
}

/**
 * A string literal. U+2028 and U+2029 are valid in string literals since ES2019, but escaped
 * anyway so that older tools reading the file never take them for line breaks.
 */
const LINE_SEPARATORS = /[\u2028\u2029]/;

function stringLiteral(text: string): string {
  const json = JSON.stringify(text);
  if (!LINE_SEPARATORS.test(json)) return json;
  return json.replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

/**
 * The names taken so far in one call, in tag order: reserved names, names claimed in this call,
 * and the names of parts reused in this call. A reused part's names are found through `owners`
 * (the part that claimed each name last, kept between calls), so reusing a part costs no work
 * per name; when a part claims a name that another part owned, that part is `dispossessed`, and
 * is checked name by name before it is reused again.
 */
class NameRegistry {
  private readonly claimed = new Set<string>();
  private readonly reused = new Set<RenderedEvent>();
  private log: { base: string; name: string }[] | undefined;

  /** `reserved` is only read, so that it can be kept between calls. */
  constructor(
    readonly reserved: ReadonlySet<string>,
    private readonly owners: Map<string, RenderedEvent>,
    private readonly dispossessed: WeakSet<RenderedEvent>,
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
  own(part: RenderedEvent): void {
    for (const name of part.claimed) {
      const previous = this.owners.get(name);
      if (previous !== undefined && previous !== part) this.dispossessed.add(previous);
      this.owners.set(name, part);
    }
  }

  /** Takes the names of a part that owns them. */
  reuse(part: RenderedEvent): void {
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

/** Where a value sits: the name to claim for it if it is an object, and its payload path. */
interface Site {
  readonly hint: string;
  readonly path: string;
}

/** The site of the field `key` of the interface `name` at payload path `path`. */
function fieldSite(name: string, path: string, key: string, schema: InferredSchema): Site {
  return namesNested(schema) ? { hint: `${name}${pascal(key)}`, path: `${path}${pathStep(key)}` } : LEAF;
}

/** The site of a value whose type names nothing (see `namesNested`): its hint and path are never read. */
const LEAF: Site = Object.freeze({ hint: "", path: "" });

/**
 * Whether a value's type may need its site: objects and arrays (they name interfaces, or their
 * elements' or values' types may), alone or in a union. A string, number, boolean or null type
 * reads neither hint nor path, so most fields need not spell theirs out.
 */
function namesNested(schema: InferredSchema): boolean {
  if (isUnion(schema)) return schema.anyOf.some(namesNested);
  return isTyped(schema) && (schema.type === "object" || schema.type === "array");
}

/** Renders one event's declarations, collecting nested interfaces as it meets them. */
class EventRenderer {
  private readonly declarations: string[] = [];
  private readonly named = new Map<ObjectSchema, string>();
  private readonly prefix: string;

  constructor(
    private readonly event: InferredEvent,
    private readonly names: NameRegistry,
  ) {
    this.prefix = event.typeName.replace(/Payload$/, "");
  }

  render(): string {
    const { event } = this;
    const fields = PARTS.map((part) => {
      const schema = getOwn(event.schema.properties, part) ?? {};
      // Part names were reserved for every event up front, so adding an event never renames them.
      const name = partName(this.prefix, part);
      const doc = `The ${part} of \`${event.tag}\`.`;
      const object = objectVariant(schema);
      let type = name;
      if (object !== undefined) {
        // The part's object shape takes the part's name; `null` or other kinds stay in the field.
        this.declareInterface(name, object, doc, part);
        type = this.typeOf(schema, { hint: name, path: part });
      } else {
        const slot = this.declarations.push("") - 1;
        this.declarations[slot] =
          `${comment([doc], "")}export type ${name} = ${this.typeOf(schema, { hint: name, path: part })};`;
      }
      const optional = event.schema.required.includes(part) ? "" : "?";
      return `  ${part}${optional}: ${type};`;
    });
    const doc = [
      event.description === "" ? event.name : `${event.name}: ${event.description}`,
      "",
      `Tag \`${event.tag}\`.`,
    ];
    const payload = `${comment(doc, "")}export interface ${event.typeName} {\n${fields.join("\n")}\n}`;
    return [payload, ...this.declarations].join("\n\n");
  }

  /**
   * Adds an interface to the declarations. Its place is taken before its fields are rendered,
   * so an interface comes before the interfaces it nests, reading top-down like the payload.
   */
  private declareInterface(name: string, schema: ObjectSchema, doc: string, path: string): void {
    const slot = this.declarations.push("") - 1;
    this.declarations[slot] = this.interfaceOf(name, schema, doc, path);
  }

  private interfaceOf(name: string, schema: ObjectSchema, doc: string, path: string): string {
    this.named.set(schema, name);
    // Each line ends in a newline; concatenated, like valueSource.
    let lines = "";
    for (const key of Object.keys(schema.properties)) {
      const property = schema.properties[key]!;
      const docs = propertyDocs(property);
      if (docs.length > 0) lines += `${comment(docs, "  ").trimEnd()}\n`;
      const spelling = spellingOf(key);
      const field = schema.required.includes(key) ? spelling.field : spelling.optionalField;
      lines += `${field}${this.typeOf(property, fieldSite(name, path, key, property))};\n`;
    }
    if (schema.additionalProperties !== false) lines += `  [key: string]: ${this.indexType(schema, name, path)};\n`;
    const description = schema.description === undefined ? [doc] : [schema.description, "", doc];
    return `${comment(description, "")}export interface ${name} {\n${lines === "" ? "\n" : lines}}`;
  }

  /**
   * TypeScript requires every named property to fit the index signature, so the signature's
   * type includes theirs; reading an unknown key still gives `undefined` as a possibility.
   */
  private indexType(schema: ObjectSchema, name: string, path: string): string {
    if (schema.additionalProperties === false) return "never";
    const extra = this.typeOf(schema.additionalProperties, { hint: `${name}Value`, path: `${path}[key]` });
    if (extra === "unknown") return "unknown";
    const types = new Set([extra]);
    for (const key of Object.keys(schema.properties)) {
      const property = schema.properties[key]!;
      types.add(this.typeOf(property, fieldSite(name, path, key, property)));
    }
    return [...types, "undefined"].join(" | ");
  }

  /** The type of a value; objects with fields become named interfaces, declared once. */
  private typeOf(schema: InferredSchema, site: Site): string {
    if (isUnion(schema)) return schema.anyOf.map((v) => this.typeOf(v, site)).join(" | ");
    if (!isTyped(schema)) return "unknown";
    switch (schema.type) {
      case "null":
        return "null";
      case "boolean":
      case "string":
      case "integer":
      case "number":
        if (schema.enum !== undefined) return schema.enum.map(literalType).join(" | ");
        return schema.type === "integer" ? "number" : schema.type;
      case "array": {
        const items = this.typeOf(
          schema.items,
          namesNested(schema.items) ? { hint: elementName(site.hint), path: `${site.path}[]` } : LEAF,
        );
        return isUnionType(schema.items) ? `(${items})[]` : `${items}[]`;
      }
      case "object": {
        if (!hasFields(schema)) {
          if (schema.additionalProperties === false) return "Record<string, never>";
          const value = this.typeOf(schema.additionalProperties, {
            hint: `${site.hint}Value`,
            path: `${site.path}[key]`,
          });
          // Like an index signature: reading a key that is not there gives undefined.
          return value === "unknown" ? "Record<string, unknown>" : `Record<string, ${value} | undefined>`;
        }
        const known = this.named.get(schema);
        if (known !== undefined) return known;
        const name = this.names.claim(site.hint);
        this.declareInterface(name, schema, `\`${site.path}\` in \`${this.event.tag}\`.`, site.path);
        return name;
      }
    }
  }
}

function partName(prefix: string, part: (typeof PARTS)[number]): string {
  return `${prefix}${pascal(part)}`;
}

/** The object-with-fields shape of a schema (alone or in a union), which becomes an interface. */
function objectVariant(schema: InferredSchema): ObjectSchema | undefined {
  const variants = isUnion(schema) ? schema.anyOf : [schema];
  return variants.find((v): v is ObjectSchema => isTyped(v) && v.type === "object" && hasFields(v));
}

/** Whether an object type needs an interface: it has named fields. */
function hasFields(schema: ObjectSchema): boolean {
  return Object.keys(schema.properties).length > 0;
}

/** The JSDoc lines of a property: its description, and its string format. Most have neither. */
function propertyDocs(schema: InferredSchema): readonly string[] {
  const format = stringFormat(schema);
  const tag = format === undefined ? undefined : `@format ${format}`;
  if (schema.description === undefined) return tag === undefined ? NO_DOCS : [tag];
  return tag === undefined ? [schema.description] : [schema.description, tag];
}

const NO_DOCS: readonly string[] = [];

/** The format of a string schema, or of a union's first string member: a nullable date is still a date. */
function stringFormat(schema: InferredSchema): string | undefined {
  if (!isUnion(schema)) return isTyped(schema) && schema.type === "string" ? schema.format : undefined;
  for (const variant of schema.anyOf) {
    if (isTyped(variant) && variant.type === "string" && variant.format !== undefined) return variant.format;
  }
  return undefined;
}

/**
 * The name for an array's elements, from the array's: `...Items` -> `...Item`,
 * `...Addresses` -> `...Address`, and `...Tags` -> `...Tag`; otherwise `...Item` is appended.
 */
function elementName(hint: string): string {
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

/** Whether a type renders as a top-level union, which needs parentheses before `[]`. */
function isUnionType(schema: InferredSchema): boolean {
  if (isUnion(schema)) return true;
  return (
    isTyped(schema) &&
    schema.type !== "array" &&
    schema.type !== "object" &&
    schema.type !== "null" &&
    (schema.enum?.length ?? 0) > 1
  );
}

/** How a key continues a payload path in docs: `.customer`, `["x-sig"]`. */
function pathStep(key: string): string {
  return spellingOf(key).pathStep;
}

/** `customer_id` -> `CustomerId`, `shippingAddress` -> `ShippingAddress`; never empty. */
export function pascal(key: string): string {
  return spellingOf(key).pascal;
}

/** A property name as TypeScript source: bare when it is a plain identifier, else quoted. */
export function propertyName(key: string): string {
  return spellingOf(key).propertyName;
}

/** The ways a payload key is written in a webhook's module (`webhooks/<webhook>.ts`). */
interface KeySpelling {
  readonly pascal: string;
  readonly pathStep: string;
  readonly propertyName: string;
  /** As a key of the registry's data, with its colon: `key: ` (see `objectKey`). */
  readonly dataKey: string;
  /** As an interface's field, indented, with its colon: `  key: `, and `  key?: ` when optional. */
  readonly field: string;
  readonly optionalField: string;
}

/**
 * Spellings by key. The same keys (`id`, `created_at`, `customer`) recur in nearly every
 * event, and each is spelled several times per use, so they are worked out once. Bounded, as
 * watch mode runs for hours: when full, it starts over.
 */
const SPELLINGS = new Map<string, KeySpelling>();
const MAX_SPELLINGS = 50_000;

function spellingOf(key: string): KeySpelling {
  let spelling = SPELLINGS.get(key);
  if (spelling === undefined) {
    const identifier = /^[A-Za-z_$][\w$]*$/.test(key);
    const words = key.split(/[^A-Za-z0-9]+/).filter((w) => w !== "");
    const name = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
    const property = identifier && key !== "__proto__" ? key : JSON.stringify(key);
    spelling = {
      pascal: name === "" ? "Field" : name,
      pathStep: identifier ? `.${key}` : `[${JSON.stringify(key)}]`,
      propertyName: property,
      dataKey: `${objectKey(key)}: `,
      field: `  ${property}: `,
      optionalField: `  ${property}?: `,
    };
    if (SPELLINGS.size >= MAX_SPELLINGS) SPELLINGS.clear();
    SPELLINGS.set(key, spelling);
  }
  return spelling;
}

function literalType(value: Literal): string {
  return typeof value === "number" && Object.is(value, -0) ? "0" : JSON.stringify(value);
}

/** A JSDoc block; text that would end the comment early (`*\/`) is escaped. */
export function comment(lines: readonly string[], indent: string): string {
  // Most comments are one plain line; only text with breaks or `*/` needs the general case.
  if (lines.length === 1 && !NEEDS_CARE.test(lines[0]!)) return `${indent}/** ${lines[0]} */\n`;
  const body = lines.flatMap((line) => line.split(/\r\n|\r|\n|\u2028|\u2029/)).map((line) => safeComment(line));
  if (body.length === 1) return `${indent}/** ${body[0]} */\n`;
  return `${indent}/**\n${body.map((line) => `${indent} *${line === "" ? "" : ` ${line}`}`).join("\n")}\n${indent} */\n`;
}

/** Text that comment() must split into lines or escape. */
const NEEDS_CARE = /[\r\n\u2028\u2029]|\*\//;

export function safeComment(text: string): string {
  return text.replace(/\*\//g, "*\\/");
}
