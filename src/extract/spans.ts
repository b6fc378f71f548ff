import type { Diagnostic, Span } from "../diagnostics/diagnostic.js";
import { lineOf, positionAt } from "./positions.js";
import type { Node } from "../syntax/tree.js";
import type { ExtractedEvent, LiteralValue, SpanSource } from "./types.js";

/** A file's text, where its lines start (see `lineStarts` in src/syntax/tree.ts), and the path it was read from. */
export interface ParsedFile {
  readonly path: string;
  readonly text: string;
  readonly lineStarts: readonly number[];
}

/** The span of a node's own text: leading comments and whitespace are not part of it. */
export function nodeSpan(node: Node, file: SpanSource): Span {
  return rangeSpan(file, node.start, node.end);
}

/** The span between two character offsets of a file, `start <= end`. */
export function rangeSpan(file: SpanSource, start: number, end: number): Span {
  const { lineStarts } = file;
  const startLine = lineOf(lineStarts, start);
  // The end is on the start's line or after it, and most often on it.
  const endLine = lineOf(lineStarts, end, startLine);
  return {
    file: file.path,
    // Never before the line's start: offset 0 of a file that begins with a byte order mark.
    start: positionAt(startLine, Math.max(0, start - lineStarts[startLine]!)),
    end: positionAt(endLine, Math.max(0, end - lineStarts[endLine]!)),
  };
}

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
