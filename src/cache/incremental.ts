/**
 * Watch mode's cache for a stage made of a step per item and a step across items (validate,
 * infer). Contract: `each` is a pure function of its item (compared by identity) and what it is
 * `given`; the step across items reads of each output only what `sameAcross` compares. Then, when
 * a call replaces a few items of the last call by items whose outputs compare the same, and the
 * last call's step across items reported nothing, the full run would give the last result with
 * those outputs and their diagnostics swapped in: `patch` gives that without going over every item.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";

/** What a stage made of one item: its output, when it has one, and its diagnostics. */
export interface ItemResult<Out> {
  readonly event?: Out;
  readonly diagnostics: readonly Diagnostic[];
}

/** What a stage made of all its items. */
export interface StageResult<Out> {
  readonly events: readonly Out[];
  readonly diagnostics: readonly Diagnostic[];
}

/** A stage as a step per item and a step across items (see the contract above). */
export interface ItemwiseStage<Item, Out, Given> {
  /** What each item is computed with besides itself, decided over all items; absent: nothing. */
  readonly given?: (items: readonly Item[]) => (item: Item) => Given;
  readonly each: (item: Item, given: Given) => ItemResult<Out>;
  /** Over the outputs in item order: may reorder them in place; returns its diagnostics. */
  readonly across: (events: Out[]) => readonly Diagnostic[];
  /** Whether `now` in place of `before` leaves `given` and the step across items as they were. */
  readonly sameAcross: (before: Out, now: Out) => boolean;
  /** Where the output of the item at `index` stands in a result's events (checked by identity). */
  readonly indexOf: (events: readonly Out[], event: Out, index: number) => number;
}

/** The stage over every item, without a cache. */
export function runStage<Item, Out, Given>(
  stage: ItemwiseStage<Item, Out, Given>,
  items: readonly Item[],
): StageResult<Out> {
  return runWhole(stage, items, stage.each).result;
}

/** Most items `patch` replaces in one call: each moves the diagnostics after it (an edit touches a few; a checkout, many). */
const MAX_PATCHED = 64;

const NOTHING_GIVEN = (): undefined => undefined;

/** The last call of a cache, kept for `patch`. */
interface LastRun<Item, Out, Given> {
  readonly items: readonly Item[];
  readonly result: StageResult<Out>;
  readonly given: (item: Item) => Given;
  /** Where each item's diagnostics begin in `result.diagnostics`, and their end. */
  readonly offsets: Uint32Array;
}

/**
 * A stage's results kept between calls: each item's by identity (weakly held, so the results of
 * edited or deleted files go with them), and the last call, for `patch`.
 */
export class Incremental<Item extends object, Out, Given> {
  private readonly results = new WeakMap<Item, { readonly given: Given; readonly result: ItemResult<Out> }>();
  private last: LastRun<Item, Out, Given> | undefined;

  constructor(private readonly stage: ItemwiseStage<Item, Out, Given>) {}

  /** What the stage gives over `items`: patched from the last call when it can be, else run whole. */
  run(items: readonly Item[]): StageResult<Out> {
    const patched = this.patch(items);
    if (patched !== undefined) return patched;
    const whole = runWhole(this.stage, items, (item, given) => this.get(item, given));
    this.last =
      whole.across === 0 ? { items, result: whole.result, given: whole.given, offsets: whole.offsets } : undefined;
    return whole.result;
  }

  /** The result for one item given `given`: from the cache, or computed now and kept. */
  get(item: Item, given: Given): ItemResult<Out> {
    const cached = this.results.get(item);
    if (cached !== undefined && cached.given === given) return cached.result;
    const result = this.stage.each(item, given);
    this.results.set(item, { given, result });
    return result;
  }

  /** The last call's result with the replaced items' outputs and diagnostics swapped in (see the contract). */
  patch(items: readonly Item[]): StageResult<Out> | undefined {
    const last = this.last;
    if (last === undefined || items.length !== last.items.length) return undefined;
    let events: Out[] | undefined;
    let diagnostics: Diagnostic[] | undefined;
    let offsets: Uint32Array | undefined;
    let replaced = 0;
    for (let index = 0; index < items.length; index++) {
      const item = items[index]!;
      const before = last.items[index]!;
      if (item === before) continue;
      if (++replaced > MAX_PATCHED) return undefined;
      const old = this.get(before, last.given(before)).event;
      const now = this.get(item, last.given(item));
      if (old === undefined || now.event === undefined || !this.stage.sameAcross(old, now.event)) return undefined;
      events ??= [...last.result.events];
      const at = this.stage.indexOf(events, old, index);
      if (events[at] !== old) return undefined;
      events[at] = now.event;
      diagnostics ??= [...last.result.diagnostics];
      offsets ??= last.offsets.slice();
      // This item's diagnostics take the place of the ones it had; the later ones move.
      const start = offsets[index]!;
      const removed = offsets[index + 1]! - start;
      diagnostics.splice(start, removed, ...now.diagnostics);
      const shift = now.diagnostics.length - removed;
      if (shift !== 0) for (let later = index + 1; later < offsets.length; later++) offsets[later]! += shift;
    }
    const result = events === undefined || diagnostics === undefined ? last.result : { events, diagnostics };
    this.last = { items, result, given: last.given, offsets: offsets ?? last.offsets };
    return result;
  }
}

/** Every item through `each` in order, then the step across items. */
function runWhole<Item, Out, Given>(
  stage: ItemwiseStage<Item, Out, Given>,
  items: readonly Item[],
  each: (item: Item, given: Given) => ItemResult<Out>,
) {
  const given = stage.given?.(items) ?? (NOTHING_GIVEN as () => Given);
  const events: Out[] = [];
  const diagnostics: Diagnostic[] = [];
  const offsets = new Uint32Array(items.length + 1);
  for (let index = 0; index < items.length; index++) {
    offsets[index] = diagnostics.length;
    const item = items[index]!;
    const result = each(item, given(item));
    for (const d of result.diagnostics) diagnostics.push(d);
    if (result.event !== undefined) events.push(result.event);
  }
  offsets[items.length] = diagnostics.length;
  const across = stage.across(events);
  for (const d of across) diagnostics.push(d);
  return { result: { events, diagnostics }, given, offsets, across: across.length };
}
