import type { Position, Span } from "../diagnostics/diagnostic.js";
import type { Node } from "../syntax/tree.js";
import type { SpanSource } from "./types.js";

/**
 * Positions of the lines and columns below these limits are interned (see `positionAt`). They
 * cover the event files of real projects, while bounding what the table can ever hold to a few
 * megabytes: it lives as long as the process, and watch mode runs for hours.
 */
const INTERNED_LINES = 1024;
const INTERNED_COLUMNS = 160;

/** Interned positions by 0-based line, then 0-based column; rows and slots are filled on first use. */
const interned: (Position | undefined)[][] = [];

/**
 * The 0-based line of a character offset, as TypeScript counts lines: the last line that starts
 * at or before it, given the file's line starts (`sourceFile.getLineStarts()`, computed once per
 * file). `fromLine` is a line known to start at or before the offset, which narrows the search.
 */
export function lineOf(lineStarts: readonly number[], offset: number, fromLine = 0): number {
  // The end of a value is most often on the line of its start.
  if (fromLine + 1 >= lineStarts.length || lineStarts[fromLine + 1]! > offset) return fromLine;
  let low = fromLine + 1;
  let high = lineStarts.length - 1;
  while (low < high) {
    // The upper middle, so that `low = middle` always makes progress.
    const middle = (low + high + 1) >>> 1;
    if (lineStarts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}

/**
 * The position at a 0-based line and column. Few are distinct across files (line 12, column 7
 * recurs in every file that long), so the common ones are shared, frozen since every span
 * holding one sees any change to it. (Values work out their spans only when asked, see
 * src/extract/values.ts; spans of diagnostics and of values placed in messages still recur.)
 */
export function positionAt(line: number, column: number): Position {
  if (line >= INTERNED_LINES || column >= INTERNED_COLUMNS) return { line: line + 1, column: column + 1 };
  const row = (interned[line] ??= []);
  return (row[column] ??= Object.freeze({ line: line + 1, column: column + 1 }));
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
