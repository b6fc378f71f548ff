import type { Position } from "../diagnostics/diagnostic.js";

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
