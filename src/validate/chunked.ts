import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { ExtractedEvent } from "../extract/index.js";
import { crossChecks, type CrossCheckedEvent } from "./cross.js";
import { validateEvent } from "./event.js";
import type { ValidateResult, ValidEvent } from "./index.js";

/**
 * Validation fed the definitions a few at a time, as a cold build reads its files in chunks:
 * `add` checks each definition on its own and returns the events that pass, in the order given;
 * `finish` runs the checks across every event added. Their diagnostics, in that order, are one
 * `validate` call's over all the definitions; sorting the events by tag is left to the caller.
 * Of each event only what the checks across events read is kept, so the rest of its literal
 * tree can go as soon as the later stages are done with the event.
 */
export class ValidationRun {
  private readonly kept: CrossCheckedEvent[] = [];

  add(items: readonly ExtractedEvent[]): ValidateResult {
    const diagnostics: Diagnostic[] = [];
    const events: ValidEvent[] = [];
    for (const item of items) {
      const result = validateEvent(item);
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
