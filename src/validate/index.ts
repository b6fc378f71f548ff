import { Incremental, runStage, type ItemwiseStage } from "../cache/incremental.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { DeclaredParts, ExtractedEvent, LiteralObject } from "../extract/index.js";
import type { JsonObject } from "../util/json.js";
import type { PathStep } from "../naming/payload-path.js";
import { byTag } from "../util/order.js";
import { crossChecks } from "./cross.js";
import { validateEvent } from "./event.js";

export { tagProblem } from "./tag.js";
export { ValidationRun } from "./chunked.js";

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
  /** Its parts' declared schemas, resolved, with the samples checked against them; absent when none. */
  readonly declared?: DeclaredParts;
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

/**
 * Checks every definition on its own, then all of them together (tags, type names, selectors).
 * With a cache, a definition seen before as the same object is not checked on its own again.
 */
export function validate(extracted: readonly ExtractedEvent[], cache?: ValidateCache): ValidateResult {
  return cache === undefined ? runStage(VALIDATION, extracted) : cache.run(extracted);
}

/** Validation as a check per definition (`event.ts`) and checks across events (`cross.ts`). */
const VALIDATION: ItemwiseStage<ExtractedEvent, ValidEvent, undefined> = {
  each: validateEvent,
  across(events) {
    const conflicts = crossChecks(events);
    // Sorted by tag here, once, so the manifest and the types never depend on file order.
    events.sort(byTag);
    return conflicts;
  },
  // All that the checks across events read of an event, and its place in the tag order.
  sameAcross: (a, b) =>
    a.tag === b.tag &&
    a.typeName === b.typeName &&
    a.webhook === b.webhook &&
    a.selector?.path === b.selector?.path &&
    a.selector?.value === b.selector?.value,
  indexOf: (events, event) => indexOfTag(events, event.tag),
};

/** Validation's results kept between calls (watch mode); see src/cache/incremental.ts. */
export type ValidateCache = Incremental<ExtractedEvent, ValidEvent, undefined>;

export function createValidateCache(): ValidateCache {
  return new Incremental(VALIDATION);
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
