import { Codes, diagnostic } from "../diagnostics/catalogue.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { formatKeyPath, locate, type KeyPath } from "../extract/index.js";
import { getOwn, isJsonObject, setOwn, type JsonObject, type JsonValue } from "../util/json.js";
import { PAYLOAD_PARTS } from "../naming/payload-path.js";
import type { ValidEvent } from "../validate/index.js";
import { rejections } from "./check.js";
import { merge, orderLike } from "./merge.js";
import { applyEdits, refinementEdits, selectorEdit, type Edit } from "./refine.js";
import { checkLimits } from "./limits.js";
import { inferObject } from "./sample.js";
import type { InferredSchema, ObjectSchema } from "./schema.js";
import { schemaWarnings } from "./warnings.js";
import { byTag } from "../util/order.js";

export type {
  AllOfSchema,
  ArraySchema,
  DefinitionTable,
  InferredSchema,
  Keywords,
  Literal,
  NeverSchema,
  NullSchema,
  ObjectSchema,
  OneOfSchema,
  RefSchema,
  ScalarSchema,
  SchemaDefinition,
  SchemaKind,
  StringFormat,
  TypedSchema,
  UnionSchema,
  UnknownSchema,
} from "./schema.js";
export { isTyped, isUnion, isUnknown, kindOfSchema } from "./schema.js";
export { inferValue } from "./sample.js";
export { merge } from "./merge.js";

/**
 * An event with the JSON Schema of its payload. The definition's literal tree is left behind: only
 * inference's diagnostics need it, and at 10,000 events the trees are a third of the heap.
 */
export interface InferredEvent extends Omit<ValidEvent, "definition"> {
  readonly schema: ObjectSchema;
}

export interface InferResult {
  readonly events: readonly InferredEvent[];
  readonly diagnostics: readonly Diagnostic[];
}

export { MAX_SAMPLE_DEPTH, MAX_SAMPLE_VALUES } from "./limits.js";

/**
 * Infers each event's payload schema: the sample and examples merged, then refined, then every
 * sample checked against the result. Selector fields become literal types when every event of
 * the webhook has a selector (that is what makes the webhook's union discriminated).
 */
export function infer(events: readonly ValidEvent[], cache?: InferCache): InferResult {
  const patched = cache?.patch(events);
  if (patched !== undefined) return patched;
  const diagnostics: Diagnostic[] = [];
  const inferred: InferredEvent[] = [];
  // Where each event's diagnostics begin in `diagnostics`, for InferCache.patch.
  const offsets = new Uint32Array(events.length + 1);
  const discriminated = fullySelectedWebhooks(events);
  for (const [index, event] of events.entries()) {
    offsets[index] = diagnostics.length;
    const result = (cache ?? NO_CACHE).get(event, discriminated.has(event.webhook));
    diagnostics.push(...result.diagnostics);
    if (result.event !== undefined) inferred.push(result.event);
  }
  offsets[events.length] = diagnostics.length;
  const result = { events: inferred, diagnostics };
  cache?.remember(events, result, discriminated, offsets);
  return result;
}

/**
 * Inference fed the events a few at a time, as a cold build validates its files in chunks, in
 * file order. `finish` gives what one `infer` call gives over the same events sorted by tag (as
 * `validate` sorts them: stably).
 *
 * Each event is inferred as it comes, and only its result is kept, so that its definition's
 * literal tree can go at once. Whether a webhook is discriminated (every one of its events has a
 * selector) is known only at the end; an event is inferred as things stand when it comes. That
 * only changes for an event with a selector whose webhook later turns out to have an event
 * without one: `finish` infers such events again, from the event that `reload` gives for its
 * file (the same event, extracted and validated again from the texts the build read). Without
 * `reload`, the events inferred as discriminated are kept whole until `finish`, in case.
 */
export class InferenceRun {
  private readonly done: {
    readonly order: number;
    readonly tag: string;
    readonly webhook: string;
    readonly file: string;
    /** Whether it was inferred as part of a discriminated webhook. */
    readonly discriminated: boolean;
    result: OneResult;
    /** Kept when it may need inferring again and cannot be reloaded. */
    readonly event: ValidEvent | undefined;
  }[] = [];
  /** Per webhook, whether every event added so far has a selector. */
  private readonly selected = new Map<string, boolean>();

  constructor(private readonly reload?: (file: string) => ValidEvent | undefined) {}

  add(events: readonly ValidEvent[]): void {
    for (const event of events) {
      const { tag, webhook, file, selector } = event;
      const discriminated = (this.selected.get(webhook) ?? true) && selector !== undefined;
      this.selected.set(webhook, discriminated);
      this.done.push({
        order: this.done.length,
        tag,
        webhook,
        file,
        discriminated,
        result: NO_CACHE.get(event, discriminated),
        event: discriminated && this.reload === undefined ? event : undefined,
      });
    }
  }

  finish(): InferResult {
    const all = this.done;
    for (const entry of all) {
      // A webhook once found not discriminated stays so: only `true` can have changed.
      if (!entry.discriminated || this.selected.get(entry.webhook) === true) continue;
      const event = entry.event ?? this.reload?.(entry.file);
      if (event === undefined) throw new Error(`the event of ${entry.file} could not be read again`);
      entry.result = NO_CACHE.get(event, false);
    }
    all.sort((a, b) => byTag(a, b) || a.order - b.order);
    const events: InferredEvent[] = [];
    const diagnostics: Diagnostic[] = [];
    for (const { result } of all) {
      if (result.event !== undefined) events.push(result.event);
      for (const d of result.diagnostics) diagnostics.push(d);
    }
    return { events, diagnostics };
  }
}

type OneResult = { readonly event?: InferredEvent; readonly diagnostics: readonly Diagnostic[] };

/**
 * Each event's inference, kept between calls (watch mode): an event that validation returned
 * unchanged (the same object), in a webhook whose discrimination did not change, is not inferred
 * again, and keeps its InferredEvent object, so that later stages can recognise it too.
 * Create one with `createInferCache()`.
 */
export class InferCache {
  private readonly results = new WeakMap<ValidEvent, { discriminated: boolean; result: OneResult }>();
  /** The last call (see `patch`), when every one of its events was inferred. */
  private last:
    | {
        readonly events: readonly ValidEvent[];
        readonly result: InferResult;
        readonly discriminated: ReadonlySet<string>;
        readonly offsets: Uint32Array;
      }
    | undefined;

  constructor(private readonly keep: boolean) {}

  /** Keeps a call for `patch`: only one in which every event was inferred, so positions match. */
  remember(events: readonly ValidEvent[], result: InferResult, discriminated: Set<string>, offsets: Uint32Array): void {
    const complete = this.keep && result.events.length === events.length;
    this.last = complete ? { events, result, discriminated, offsets } : undefined;
  }

  /**
   * The result for `events` made from the last call's, when they differ from its events only in
   * a few events with the same webhook and whether they have a selector (so no webhook's
   * discrimination changes) that are still inferred: those events and their diagnostics are
   * replaced, without going over every event (watch mode, after an edit).
   */
  patch(events: readonly ValidEvent[]): InferResult | undefined {
    const last = this.last;
    if (last === undefined || events.length !== last.events.length) return undefined;
    let inferred: InferredEvent[] | undefined;
    let diagnostics: Diagnostic[] | undefined;
    let offsets: Uint32Array | undefined;
    let replaced = 0;
    for (let index = 0; index < events.length; index++) {
      const event = events[index]!;
      const before = last.events[index]!;
      if (event === before) continue;
      // Each replacement moves the diagnostics and offsets after it: for many, the full path is cheaper.
      if (++replaced > MAX_PATCHED) return undefined;
      if (event.webhook !== before.webhook || (event.selector === undefined) !== (before.selector === undefined)) {
        return undefined;
      }
      const result = this.get(event, last.discriminated.has(event.webhook));
      if (result.event === undefined) return undefined;
      inferred ??= [...last.result.events];
      diagnostics ??= [...last.result.diagnostics];
      offsets ??= last.offsets.slice();
      inferred[index] = result.event;
      // This event's diagnostics take the place of the ones it had; the later ones move.
      const start = offsets[index]!;
      const removed = offsets[index + 1]! - start;
      diagnostics.splice(start, removed, ...result.diagnostics);
      const shift = result.diagnostics.length - removed;
      if (shift !== 0) for (let later = index + 1; later < offsets.length; later++) offsets[later]! += shift;
    }
    if (inferred === undefined || diagnostics === undefined || offsets === undefined) return last.result;
    const result = { events: inferred, diagnostics };
    this.last = { events, result, discriminated: last.discriminated, offsets };
    return result;
  }

  /** The result for one item: from the cache, or computed now and kept. */
  get(event: ValidEvent, discriminated: boolean): OneResult {
    const cached = this.results.get(event);
    if (cached !== undefined && cached.discriminated === discriminated) return cached.result;
    const { schema, diagnostics } = inferEvent(event, discriminated);
    const result = schema === undefined ? { diagnostics } : { event: inferredEvent(event, schema), diagnostics };
    if (this.keep) this.results.set(event, { discriminated, result });
    return result;
  }
}

const NO_CACHE = new InferCache(false);

/** The event without its literal tree (see InferredEvent), with its schema. */
function inferredEvent(event: ValidEvent, schema: ObjectSchema): InferredEvent {
  const { definition, ...rest } = event;
  return { ...rest, schema };
}

export function createInferCache(): InferCache {
  return new InferCache(true);
}

/** Most events `InferCache.patch` replaces in one call (an edit touches a few; a checkout, many). */
const MAX_PATCHED = 64;

/** Webhooks all of whose events name a selector. */
function fullySelectedWebhooks(events: readonly ValidEvent[]): Set<string> {
  const webhooks = new Set(events.map((e) => e.webhook));
  for (const event of events) if (event.selector === undefined) webhooks.delete(event.webhook);
  return webhooks;
}

function inferEvent(event: ValidEvent, discriminated: boolean): { schema?: ObjectSchema; diagnostics: Diagnostic[] } {
  const payloads = [event.sample, ...event.examples];
  for (const [index, payload] of payloads.entries()) {
    const limit = checkLimits(event, payload, index === 0 ? ["sample"] : ["examples", index - 1]);
    if (limit !== undefined) return { diagnostics: [limit] };
  }
  const inferredSample = payloadSchema(event.sample);
  // Examples may come in any order; ordering keys like the sample makes the output independent of
  // it. Without examples the schema is the sample's, already in its order (a property test holds
  // orderLike(s, s) to s), and copying it would only make garbage.
  const ordered =
    event.examples.length === 0
      ? inferredSample
      : (orderLike(
          event.examples.map(payloadSchema).reduce<InferredSchema>(merge, inferredSample),
          inferredSample,
        ) as ObjectSchema);

  const { edits, diagnostics } = refinementEdits(event, discriminated);
  const selector = discriminated ? selectorEdit(event) : undefined;
  const allEdits: Edit[] = selector === undefined ? edits : [...edits, selector];
  const refined = applyEdits(ordered, allEdits, event);
  diagnostics.push(...refined.diagnostics);
  if (diagnostics.length > 0) return { diagnostics };

  const schema: ObjectSchema = {
    ...refined.schema,
    title: event.typeName,
    description: event.description === "" ? event.name : `${event.name}: ${event.description}`,
  };
  // Inference alone accepts every sample by construction; refinements and selectors may not.
  if (allEdits.length > 0) {
    const refused = rejections(schema, payloads, ordered).map((r) => rejectionDiagnostic(event, allEdits, r));
    if (refused.length > 0) return { diagnostics: refused };
  }
  return { schema, diagnostics: schemaWarnings(event, schema) };
}

/** The schema of a whole payload: its four parts, with headers open to any other header. */
function payloadSchema(payload: JsonObject): ObjectSchema {
  const properties: Record<string, InferredSchema> = {};
  for (const part of PAYLOAD_PARTS) {
    const value = getOwn(payload, part);
    const schema = inferObject(isJsonObject(value) ? value : {});
    // Headers are open: a partner or proxy may add any header, and every header value is a string.
    setOwn(properties, part, part === "headers" ? { ...schema, additionalProperties: { type: "string" } } : schema);
  }
  return { type: "object", properties, required: [...PAYLOAD_PARTS], additionalProperties: false };
}

function rejectionDiagnostic(
  event: ValidEvent,
  edits: readonly Edit[],
  r: ReturnType<typeof rejections>[number],
): Diagnostic {
  const root: KeyPath = r.index === 0 ? ["sample"] : ["examples", r.index - 1];
  const steps = r.path;
  const keypath = formatKeyPath([...root, ...steps]);
  // Blame the edit whose path covers the rejected value most closely.
  const edit =
    [...edits].sort((a, b) => b.steps.length - a.steps.length).find((e) => covers(e, steps, r.value)) ?? edits[0]!;
  const which = r.index === 0 ? "the sample" : `examples[${r.index - 1}]`;
  const value = `${keypath} = ${excerpt(r.value)}`;
  const span = locate(event.definition, edit.at, { key: edit.at[0] === "refine" });
  if (edit.at[0] === "selector") {
    // The check stops at the object that lacks the field, short of the selector's path.
    const has = steps.length < edit.steps.length ? lacks(edit, steps, r.value) : `has ${excerpt(r.value)}`;
    const problem = `must be ${JSON.stringify(event.selector?.value)} in every example, since it identifies the event; ${which} ${has}`;
    return diagnostic(Codes.InvalidSelector, { selector: edit.label, problem }, { span });
  }
  return diagnostic(Codes.RefinementRejectsSample, { path: edit.label, which, value, reason: r.reason }, { span });
}

/**
 * Whether the edit's path leads to the rejected value: through it, or ending above it. A value
 * rejected above the edit's path (an object lacking a required key) is the edit's only when the
 * key it lacks is the edit's next step.
 */
function covers(edit: Edit, steps: readonly (string | number)[], value: JsonValue | undefined): boolean {
  const through = edit.steps.every((step, i) =>
    "each" in step
      ? typeof steps[i] === "number" || steps[i] === undefined
      : steps[i] === step.key || steps[i] === undefined,
  );
  if (!through || steps.length >= edit.steps.length) return through;
  const next = edit.steps[steps.length]!;
  return "key" in next && isJsonObject(value) && !Object.hasOwn(value, next.key);
}

/** What a payload lacking the selected field has instead: nothing, or the header in another case. */
function lacks(edit: Edit, steps: readonly (string | number)[], value: JsonValue | undefined): string {
  const next = edit.steps[steps.length];
  const first = edit.steps[0];
  if (next !== undefined && "key" in next && first !== undefined && "key" in first && first.key === "headers") {
    const spelled = isJsonObject(value)
      ? Object.keys(value).find((key) => key.toLowerCase() === next.key.toLowerCase())
      : undefined;
    if (spelled !== undefined)
      return `has it as ${JSON.stringify(spelled)}: write header names in lowercase, as receivers see them`;
  }
  return "lacks the field";
}

function excerpt(value: JsonValue | undefined): string {
  const text = value === undefined ? "nothing" : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
