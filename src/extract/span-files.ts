import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { ExtractedEvent, LiteralValue } from "./types.js";

/**
 * The files that spans of the events' values and of the diagnostics point into, in a fixed
 * order. A value reached again (events share the values of common constants) is not walked
 * again: all the files under it were added when it was first walked.
 */
export function spanFiles(events: readonly ExtractedEvent[], diagnostics: readonly Diagnostic[]): Set<string> {
  const files = new Set<string>();
  const seen = new Set<LiteralValue>();
  const pending: LiteralValue[] = [];
  const visit = (value: LiteralValue): void => {
    // A string, number, boolean or null only adds its file. Once that is in, walking it would add
    // nothing, now or when it is met again, so it need not be remembered: most values are such
    // leaves of the event's own file, and `seen` then holds only arrays, objects and rare leaves.
    if (isLeaf(value) && files.has(value.source.path)) return;
    if (seen.has(value)) return;
    seen.add(value);
    pending.push(value);
  };
  for (const event of events) {
    visit(event.definition);
    for (let value = pending.pop(); value !== undefined; value = pending.pop()) {
      files.add(value.source.path);
      // Children are pushed last to first, so that they are walked first to last.
      if (value.kind === "array") {
        for (let i = value.elements.length - 1; i >= 0; i -= 1) visit(value.elements[i]!);
      } else if (value.kind === "object") {
        for (let i = value.properties.length - 1; i >= 0; i -= 1) {
          const property = value.properties[i]!;
          // A spread-in key keeps its own span, in a file that no value may point into.
          files.add(property.keySource.path);
          visit(property.value);
        }
      }
    }
  }
  for (const d of diagnostics) {
    if (d.span !== undefined) files.add(d.span.file);
    for (const related of d.related ?? []) files.add(related.span.file);
  }
  return files;
}

function isLeaf(value: LiteralValue): boolean {
  return value.kind !== "array" && value.kind !== "object";
}
