import type { ErrorObject } from "ajv";
import { Codes, diagnostic } from "../diagnostics/catalogue.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { locate, objectToJson, type ExtractedEvent, type LiteralObject } from "../extract/index.js";
import { describeJsonType, getOwn, isJsonObject, type JsonObject, type JsonValue } from "../util/json.js";
import { splitTag, typeNameForTag } from "../naming/index.js";
import { isPlatformNotation, PAYLOAD_PARTS, parseSelector, type PathStep } from "../naming/payload-path.js";
import { crossChecks, type CrossCheckedEvent } from "./cross.js";
// Compiled ahead of time from the definition schema: no ajv compile on any build.
import generated from "./definition-validator.generated.js";
import { faultyField, fromAjvError } from "./schema-errors.js";
import { tagProblem } from "./tag.js";
import { byTag } from "../util/order.js";

export { tagProblem } from "./tag.js";

/** One entry of a definition's `refine`, as declared. */
export interface RefinementEntry {
  /** The key as written, e.g. `"body.items[].sku"`. */
  readonly path: string;
  /** The refinement object, as plain JSON (checked further by inference). */
  readonly refinement: JsonObject;
}

/** The event's selector, checked against its sample. */
export interface Selector {
  /** As written: a payload path (`body.event`) or the platform's notation (`$Event{event}`). */
  readonly path: string;
  /** The same field whichever notation it was written in. */
  readonly steps: readonly PathStep[];
  /** The value at the path in the sample: what identifies this event. */
  readonly value: string | number;
}

/** A definition that passed every check, with its tag split and its samples as plain JSON. */
export interface ValidEvent {
  /** Absolute path of the event file. */
  readonly file: string;
  readonly tag: string;
  readonly webhook: string;
  readonly event: string;
  readonly name: string;
  readonly description: string;
  /** `{ headers, query, body, params }` exactly as declared. */
  readonly sample: JsonObject;
  /** Further payloads of the event (local only), in declared order. */
  readonly examples: readonly JsonObject[];
  readonly refine: readonly RefinementEntry[];
  readonly selector: Selector | undefined;
  /** Name of the generated payload interface. */
  readonly typeName: string;
  /** The definition as extracted, for locating later diagnostics in the user's file. */
  readonly definition: LiteralObject;
  /**
   * Its name or description has errors (reported): it is still inferred and checked against the
   * other events, for their problems, but it is no event of a build's result.
   */
  readonly incomplete: boolean;
}

export interface ValidateResult {
  /** Events that passed their own checks, sorted by tag (conflicts are reported, not dropped). */
  readonly events: readonly ValidEvent[];
  readonly diagnostics: readonly Diagnostic[];
}

/** The precompiled validator's shape: ajv's, as generated from DEFINITION_AJV_OPTIONS. */
interface DefinitionValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

const validateDefinition = generated as DefinitionValidator;

function schemaErrors(data: JsonValue): readonly ErrorObject[] {
  return validateDefinition(data) ? [] : (validateDefinition.errors ?? []);
}

type OneResult = { readonly event?: ValidEvent; readonly diagnostics: readonly Diagnostic[] };

/**
 * Each definition's own checks, kept between calls (watch mode): a definition that extraction
 * returned unchanged (the same object) is not checked again. Weakly held, so outcomes of
 * deleted or edited files go with them. Create one with `createValidateCache()`.
 *
 * It also keeps the last call's input and result. When a call differs from it only in a few
 * definitions that each still pass their own checks with the same tag, type name, webhook and
 * selector, and the last call found no conflict between events, the cross-event checks would
 * find none again and the tag order is the same: the result is the last one with those events
 * replaced (`patch`), without going over every event (tens of milliseconds at 10,000 events).
 */
export class ValidateCache {
  private readonly results = new WeakMap<ExtractedEvent, OneResult>();
  private last: { readonly items: readonly ExtractedEvent[]; readonly result: ValidateResult } | undefined;

  /** The result for one item: from the cache, or computed now and kept. */
  get(item: ExtractedEvent): OneResult {
    let result = this.results.get(item);
    if (result === undefined) {
      result = validateOne(item);
      this.results.set(item, result);
    }
    return result;
  }

  /** Keeps a call's input and result for `patch`; only when it found no conflict between events. */
  remember(items: readonly ExtractedEvent[], result: ValidateResult, conflicts: number): void {
    this.last = conflicts === 0 ? { items, result } : undefined;
  }

  /** The result of validating `items`, made from the last call's when it can be (see the class). */
  patch(items: readonly ExtractedEvent[]): ValidateResult | undefined {
    const last = this.last;
    if (last === undefined || items.length !== last.items.length) return undefined;
    let events: ValidEvent[] | undefined;
    for (let index = 0; index < items.length; index++) {
      const item = items[index]!;
      const before = last.items[index]!;
      if (item === before) continue;
      const old = this.get(before);
      const now = this.get(item);
      if (old.event === undefined || now.event === undefined) return undefined;
      if (old.diagnostics.length > 0 || now.diagnostics.length > 0 || !sameKeys(old.event, now.event)) return undefined;
      events ??= [...last.result.events];
      const at = indexOfTag(events, old.event.tag);
      if (events[at] !== old.event) return undefined;
      events[at] = now.event;
    }
    const result = events === undefined ? last.result : { events, diagnostics: last.result.diagnostics };
    this.last = { items, result };
    return result;
  }
}

/** Whether two events are alike for every check across events (and for their order). */
function sameKeys(a: ValidEvent, b: ValidEvent): boolean {
  return (
    a.tag === b.tag &&
    a.typeName === b.typeName &&
    a.webhook === b.webhook &&
    a.selector?.path === b.selector?.path &&
    a.selector?.value === b.selector?.value
  );
}

/** The index of the event with `tag` in events sorted by tag (tags are unique: no conflicts). */
function indexOfTag(events: readonly ValidEvent[], tag: string): number {
  let low = 0;
  let high = events.length - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (events[middle]!.tag < tag) low = middle + 1;
    else high = middle;
  }
  return low;
}

export function createValidateCache(): ValidateCache {
  return new ValidateCache();
}

/**
 * Checks every definition on its own, then all of them together (tags, type names, selectors).
 * With a cache, a definition seen before as the same object is not checked on its own again.
 */
export function validate(extracted: readonly ExtractedEvent[], cache?: ValidateCache): ValidateResult {
  const patched = cache?.patch(extracted);
  if (patched !== undefined) return patched;
  const diagnostics: Diagnostic[] = [];
  const events: ValidEvent[] = [];
  for (const item of extracted) {
    const result = cache === undefined ? validateOne(item) : cache.get(item);
    diagnostics.push(...result.diagnostics);
    if (result.event !== undefined) events.push(result.event);
  }
  const conflicts = crossChecks(events);
  diagnostics.push(...conflicts);
  // Sorted by tag here, once, so the manifest and the types never depend on file order.
  events.sort(byTag);
  const result = { events, diagnostics };
  cache?.remember(extracted, result, conflicts.length);
  return result;
}

/**
 * Validation fed the definitions a few at a time, as a cold build reads its files in chunks:
 * `add` checks each definition on its own and returns the events that pass, in the order given;
 * `finish` runs the checks across every event added. Their diagnostics, in that order, are one
 * `validate` call's over all the definitions; sorting the events by tag is left to the caller.
 *
 * Of each event, only what the checks across events read is kept (its tag, type name, webhook
 * and selector, and the `tag` and `selector` entries of its definition), so the rest of its
 * definition's literal tree can go as soon as the later stages are done with the event.
 */
export class ValidationRun {
  private readonly kept: CrossCheckedEvent[] = [];

  add(items: readonly ExtractedEvent[]): ValidateResult {
    const diagnostics: Diagnostic[] = [];
    const events: ValidEvent[] = [];
    for (const item of items) {
      const result = validateOne(item);
      for (const d of result.diagnostics) diagnostics.push(d);
      if (result.event === undefined) continue;
      events.push(result.event);
      this.kept.push(crossCheckedPart(result.event));
    }
    return { events, diagnostics };
  }

  finish(): Diagnostic[] {
    return crossChecks(this.kept);
  }
}

/** What the checks across events read of an event: its definition cut down to `tag` and `selector`. */
function crossCheckedPart(event: ValidEvent): CrossCheckedEvent {
  const { tag, typeName, webhook, selector, definition } = event;
  const properties = definition.properties.filter((p) => p.key === "tag" || p.key === "selector");
  return { tag, typeName, webhook, selector, definition: { ...definition, properties } };
}

interface DefinitionJson {
  readonly name: string;
  readonly tag: string;
  readonly description: string;
  readonly sample: JsonObject;
  readonly examples?: readonly JsonObject[];
  readonly refine?: Readonly<Record<string, JsonObject>>;
  readonly selector?: string;
}

/**
 * Fields that no later check reads: a definition whose only problems are there (or unknown
 * fields) still goes on to inference and the checks across events, marked `incomplete`, so that
 * their problems are reported in the same build rather than after these are fixed.
 */
const TEXT_ONLY: ReadonlySet<string | null> = new Set(["name", "description", null]);

function validateOne(item: ExtractedEvent): OneResult {
  const data = objectToJson(item.definition);
  const errors = schemaErrors(data);
  const diagnostics = errors.map((error) => fromAjvError(error, data, item.definition));
  const faults = new Set(errors.map(faultyField));
  const name = getOwn(data, "name");
  if (typeof name === "string" && name.trim() === "") {
    diagnostics.push(diagnostic(Codes.EmptyName, { keypath: "name" }, { span: locate(item.definition, ["name"]) }));
    faults.add("name");
  }
  const tag = getOwn(data, "tag");
  const problem = typeof tag === "string" ? tagProblem(tag) : undefined;
  if (typeof tag === "string" && problem !== undefined) {
    diagnostics.push(diagnostic(Codes.InvalidTag, { tag, ...problem }, { span: locate(item.definition, ["tag"]) }));
    faults.add("tag");
  }
  if ([...faults].some((field) => !TEXT_ONLY.has(field))) return { diagnostics };

  // The schema has proven these shapes, but for name and description when `incomplete`.
  const valid = data as unknown as DefinitionJson;
  const selector = valid.selector === undefined ? undefined : checkSelector(valid.selector, valid.sample);
  if (selector !== undefined && "problem" in selector) {
    const params = { selector: valid.selector!, problem: selector.problem };
    diagnostics.push(diagnostic(Codes.InvalidSelector, params, { span: locate(item.definition, ["selector"]) }));
    return { diagnostics };
  }
  const refine = valid.refine ?? {};
  return {
    diagnostics,
    event: {
      file: item.file,
      tag: valid.tag,
      ...splitTag(valid.tag),
      name: typeof valid.name === "string" ? valid.name : "",
      description: typeof valid.description === "string" ? valid.description : "",
      incomplete: diagnostics.length > 0,
      sample: valid.sample,
      examples: valid.examples ?? [],
      refine: Object.keys(refine).map((path) => ({ path, refinement: refine[path]! })),
      selector,
      typeName: typeNameForTag(valid.tag),
      definition: item.definition,
    },
  };
}

/**
 * A selector must name a string or number field of the sample (no `[]`: one value per payload),
 * in either notation (see parseSelector).
 */
function checkSelector(path: string, sample: JsonObject): Selector | { problem: string } {
  const parsed = parseSelector(path);
  if (!parsed.ok) return { problem: parsed.problem };
  let node: JsonValue | undefined = sample;
  for (const step of parsed.steps) {
    if ("each" in step) return { problem: "goes into array elements ([]); it must name one field" };
    node = isJsonObject(node) ? getOwn(node, step.key) : undefined;
    if (node === undefined) return { problem: `names no field of the sample${notationNote(path, parsed.steps)}` };
  }
  if (typeof node !== "string" && typeof node !== "number") {
    return {
      problem: `names a field holding ${describeJsonType(node)}, not a string or number`,
    };
  }
  return { path, steps: parsed.steps, value: node };
}

/** For `$Event{body.event}`: the platform's notation starts inside the body already. */
function notationNote(path: string, steps: readonly PathStep[]): string {
  const inside = steps[1];
  if (!isPlatformNotation(path) || inside === undefined || !("key" in inside)) return "";
  if (!(PAYLOAD_PARTS as readonly string[]).includes(inside.key)) return "";
  return ` ($Event{...} is a path into the body: $Event{event} is body.event)`;
}
