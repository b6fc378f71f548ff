import type { ItemResult } from "../cache/incremental.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { byTag } from "../util/order.js";
import type { ValidEvent } from "../validate/index.js";
import { inferEvent } from "./event.js";
import type { InferredEvent, InferResult } from "./index.js";

/**
 * Inference fed the events a few at a time, as a cold build validates its files in chunks, in
 * file order: `finish` gives what one `infer` call gives over the same events sorted by tag.
 * Each event is inferred as it comes and only its result kept, so its literal tree can go at
 * once. Whether a webhook is discriminated is known only at the end: an event with a selector
 * whose webhook turns out to have an event without one is inferred again in `finish`, from the
 * event `reload` gives for its file (without `reload`, such events are kept whole, in case).
 */
export class InferenceRun {
  private readonly done: {
    readonly order: number;
    readonly tag: string;
    readonly webhook: string;
    readonly file: string;
    /** Whether it was inferred as part of a discriminated webhook. */
    readonly discriminated: boolean;
    result: ItemResult<InferredEvent>;
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
        result: inferEvent(event, discriminated),
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
      entry.result = inferEvent(event, false);
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
