// Only the array diff: the package's index loads every other kind of diff as well.
import { diffArrays } from "diff/lib/diff/array.js";

/**
 * The short line diff of `build --check` and of `plan`'s sample changes: exact hunks with a
 * little context (Myers' diff, from the `diff` package), cut after a few changed lines with a
 * note of how much was left out; the full diff is one `git diff` away.
 */
export interface LineDiff {
  /** The hunks as printed: `@@ line N @@`, then `  context`, `- removed`, `+ added` lines. */
  readonly text: string;
  /** The line of `before` at which the first change stands (an addition: the line it goes before). */
  readonly firstChangedLine: number;
}

export interface DiffOptions {
  /** Unchanged lines shown around each change. Default 2. */
  readonly context?: number;
  /** Changed lines printed before the rest is summed up in one line. Default 12. */
  readonly maxLines?: number;
  /**
   * Longest line printed, in UTF-16 code units; a longer one is cut to a window of this width, around
   * its first difference from the line it replaces (or from its start), with how much was left
   * out on each side. Generated files can hold one-line megabytes (a docs index's search data).
   * Default 160.
   */
  readonly width?: number;
}

/** The diff as text, empty for equal texts. */
export function shortDiff(before: string, after: string, options: DiffOptions = {}): string {
  return lineDiff(before, after, options)?.text ?? "";
}

/** The diff of two texts line by line, or undefined when they are equal. */
export function lineDiff(before: string, after: string, options: DiffOptions = {}): LineDiff | undefined {
  if (before === after) return undefined;
  const a = before.split("\n");
  const b = after.split("\n");
  const exact = editScript(a, b);
  const ops = exact ?? roughScript(a, b);
  const hunks = hunksOf(ops, options.context ?? 2);
  if (hunks.length === 0) return undefined;
  const how = a.length === b.length ? "compared line by line" : "shown as one changed block";
  const note =
    exact === undefined ? ` (more than ${MAX_EDITS.toLocaleString("en-US")} lines added or removed: ${how})` : "";
  const text = render(ops, hunks, { maxLines: options.maxLines ?? 12, width: options.width ?? 160 }, note);
  const lines = a.length - (a[a.length - 1] === "" ? 1 : 0);
  return { text, firstChangedLine: Math.max(1, Math.min(ops.oldLine[hunks[0]!.firstChange]!, lines)) };
}

/** The edit script as parallel arrays: each op's kind, its line, and the line of `before` it stands at. */
interface Ops {
  readonly kind: string[];
  readonly line: string[];
  readonly oldLine: number[];
}

/**
 * Beyond this many added plus removed lines, the diff would take too long (its time grows with
 * the file's length times the number of edits); such files are shown as one changed block.
 */
const MAX_EDITS = 1000;

function editScript(a: string[], b: string[]): Ops | undefined {
  const changes = diffArrays(a, b, { maxEditLength: MAX_EDITS });
  if (changes === undefined) return undefined;
  const ops = newOps();
  let old = 1;
  for (const change of changes) {
    const kind = change.added ? "+" : change.removed ? "-" : " ";
    for (const line of change.value) {
      push(ops, kind, line, old);
      if (kind !== "+") old++;
    }
  }
  return ops;
}

/**
 * Common leading and trailing lines kept; between them, when both sides have as many lines
 * (edits in place, the usual change to a generated file), each line compared with the one at
 * its place, else everything shown as removed, then added.
 */
function roughScript(a: readonly string[], b: readonly string[]): Ops {
  if (a.length === b.length) return inPlaceScript(a, b);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const ops = newOps();
  for (let i = 0; i < head; i++) push(ops, " ", a[i]!, i + 1);
  for (let i = head; i < a.length - tail; i++) push(ops, "-", a[i]!, i + 1);
  for (let j = head; j < b.length - tail; j++) push(ops, "+", b[j]!, a.length - tail + 1);
  for (let i = a.length - tail; i < a.length; i++) push(ops, " ", a[i]!, i + 1);
  return ops;
}

function inPlaceScript(a: readonly string[], b: readonly string[]): Ops {
  const ops = newOps();
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) push(ops, " ", a[i]!, i + 1);
    else {
      push(ops, "-", a[i]!, i + 1);
      push(ops, "+", b[i]!, i + 1);
    }
  }
  return ops;
}

function newOps(): Ops {
  return { kind: [], line: [], oldLine: [] };
}

function push(ops: Ops, kind: string, line: string, oldLine: number): void {
  ops.kind.push(kind);
  ops.line.push(line);
  ops.oldLine.push(oldLine);
}

/** A run of ops to print: from `start` to `end` (exclusive), context included. */
interface Hunk {
  readonly start: number;
  readonly end: number;
  readonly firstChange: number;
}

/** Changes closer than twice the context share a hunk, as in a unified diff. */
function hunksOf(ops: Ops, context: number): Hunk[] {
  const hunks: { start: number; end: number; firstChange: number }[] = [];
  const count = ops.kind.length;
  for (let i = 0; i < count; i++) {
    if (ops.kind[i] === " ") continue;
    const start = Math.max(0, i - context);
    const end = Math.min(count, i + context + 1);
    const last = hunks[hunks.length - 1];
    if (last !== undefined && start <= last.end) last.end = end;
    else hunks.push({ start, end, firstChange: i });
  }
  return hunks;
}

function render(
  ops: Ops,
  hunks: readonly Hunk[],
  { maxLines, width }: { readonly maxLines: number; readonly width: number },
  note: string,
): string {
  const out: string[] = [];
  const partners = partnersOf(ops);
  let shown = 0;
  let total = 0;
  let unshownHunks = 0;
  for (const hunk of hunks) {
    if (shown >= maxLines) unshownHunks++;
    let headed = false;
    for (let i = hunk.start; i < hunk.end; i++) {
      const kind = ops.kind[i]!;
      if (kind !== " ") total++;
      if (shown >= maxLines) continue;
      if (!headed) out.push(`@@ line ${ops.oldLine[i]!} @@`);
      headed = true;
      const partner = partners.get(i);
      out.push(`${kind} ${clip(ops.line[i]!, partner === undefined ? undefined : ops.line[partner], width)}`);
      if (kind !== " ") shown++;
    }
  }
  if (total > shown) {
    const places =
      unshownHunks === 0 ? "" : ` in ${unshownHunks === 1 ? "1 more place" : `${unshownHunks} more places`}`;
    out.push(`… ${total - shown} more changed ${total - shown === 1 ? "line" : "lines"}${places}${note}`);
  } else if (note !== "") out.push(`…${note}`);
  return out.join("\n");
}

/**
 * For each removed line, the added line it was replaced by, and back: the k-th removal of a run of
 * changes with the k-th addition of the same run (a long line is cut around where it differs from
 * its partner).
 */
function partnersOf(ops: Ops): Map<number, number> {
  const partners = new Map<number, number>();
  const count = ops.kind.length;
  for (let start = 0; start < count;) {
    if (ops.kind[start] === " ") {
      start++;
      continue;
    }
    let end = start;
    const removed: number[] = [];
    const added: number[] = [];
    for (; end < count && ops.kind[end] !== " "; end++) (ops.kind[end] === "-" ? removed : added).push(end);
    for (let k = 0; k < Math.min(removed.length, added.length); k++) {
      partners.set(removed[k]!, added[k]!);
      partners.set(added[k]!, removed[k]!);
    }
    start = end;
  }
  return partners;
}

/**
 * A line cut to `width`: the window starts a little before its first difference from `partner`
 * (a line that changed in one place shows that place), else at the start; each side that was
 * cut says how many characters it left out.
 */
export function clip(line: string, partner: string | undefined, width: number): string {
  if (line.length <= width) return line;
  let from = 0;
  if (partner !== undefined) {
    let at = 0;
    while (at < line.length && at < partner.length && line.charCodeAt(at) === partner.charCodeAt(at)) at++;
    from = Math.max(0, Math.min(at - Math.floor(width / 4), line.length - width));
  }
  let to = Math.min(line.length, from + width);
  // Never half a surrogate pair at either edge.
  if (from > 0 && isLowSurrogate(line.charCodeAt(from))) from++;
  if (to < line.length && isLowSurrogate(line.charCodeAt(to))) to--;
  const before = from === 0 ? "" : `[${count(from)} before] …`;
  const after = to === line.length ? "" : `… [${count(line.length - to)} more]`;
  return `${before}${line.slice(from, to)}${after}`;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

function count(n: number): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? "character" : "characters"}`;
}
