import type { Diagnostic, Span } from "./diagnostic.js";
import { relative, sep } from "node:path";

export interface FormatOptions {
  /** Paths are shown relative to this folder; the process's working folder by default. */
  readonly cwd?: string;
  /** Source text by absolute path, for code frames; a file missing here gets no frame. */
  readonly sources?: ReadonlyMap<string, string>;
  /** Use ANSI colours. */
  readonly color?: boolean;
}

const ansi = (code: string) => (text: string, on: boolean) => (on ? `\u001b[${code}m${text}\u001b[0m` : text);
const red = ansi("31");
const yellow = ansi("33");
const dim = ansi("2");
const bold = ansi("1");
const cyan = ansi("36");

/** `file:line:col` with the file relative to cwd and `/` as separator on every OS. */
export function formatLocation(span: Span, cwd: string): string {
  // Spelled out, not relativePosix from files.ts: diagnostics/ imports nothing of ours.
  const file = relative(cwd, span.file).split(sep).join("/");
  return `${file}:${span.start.line}:${span.start.column}`;
}

/**
 * One diagnostic as the terminal shows it: `file:line:col - error CODE: message` (the severity
 * as a word, as tsc prints it, so that output without colour and editors' problem matchers can
 * tell errors from warnings), a code frame, the hint, and any related locations.
 */
export function formatDiagnostic(d: Diagnostic, options: FormatOptions = {}): string {
  const color = options.color ?? false;
  const cwd = options.cwd ?? process.cwd();
  const paint = d.severity === "error" ? red : yellow;
  const where = d.span === undefined ? "ductape-events" : formatLocation(d.span, cwd);
  const lines = [`${bold(where, color)} - ${paint(`${d.severity} ${d.code}`, color)}: ${printable(d.message)}`];
  const frame = d.span === undefined ? undefined : codeFrame(options.sources?.get(d.span.file), d.span, color);
  if (frame !== undefined) lines.push(frame);
  if (d.detail !== undefined) lines.push(...d.detail.split("\n").map((line) => `  ${printable(line)}`));
  const related = d.related ?? [];
  for (const place of related.slice(0, MAX_RELATED)) {
    lines.push(`  ${cyan(formatLocation(place.span, cwd), color)}  ${printable(place.message)}`);
    const relatedFrame = codeFrame(options.sources?.get(place.span.file), place.span, color);
    if (relatedFrame !== undefined) lines.push(relatedFrame);
  }
  if (related.length > MAX_RELATED) {
    const more = related.length - MAX_RELATED;
    lines.push(`  and ${more} more ${more === 1 ? "place" : "places"}`);
  }
  if (d.hint !== undefined) lines.push(`  ${dim("hint:", color)} ${printable(d.hint)}`);
  return lines.join("\n");
}

export function formatDiagnostics(diagnostics: readonly Diagnostic[], options: FormatOptions = {}): string {
  return diagnostics.map((d) => formatDiagnostic(d, options)).join("\n\n");
}

/**
 * Draws the span's first line with one line of context before and after, and marks the span
 * with carets. The marker line copies the tabs of the source line so carets stay aligned.
 */
export function codeFrame(text: string | undefined, span: Span, color = false): string | undefined {
  if (text === undefined) return undefined;
  const lines = linesOf(text);
  const index = span.start.line - 1;
  const line = lines[index];
  if (line === undefined) return undefined;
  const first = Math.max(0, index - 1);
  const last = Math.min(lines.length - 1, index + 1);
  const width = String(last + 1).length;
  const startCol = Math.min(span.start.column - 1, line.length);
  const endCol = span.end.line === span.start.line ? Math.max(span.end.column - 1, startCol + 1) : line.length;
  // On a long line (minified data, a one-line definition) show a window around the span.
  const from = startCol > FRAME_WIDTH - 40 ? startCol - 40 : 0;
  const out: string[] = [];
  for (let i = first; i <= last; i++) {
    const gutter = `${i === index ? ">" : " "} ${String(i + 1).padStart(width)} | `;
    out.push(dim(gutter, color) + windowed(lines[i] ?? "", from));
    if (i === index) {
      const pad = (from > 0 ? " " : "") + line.slice(from, startCol).replace(/[^\t]/g, " ");
      const marks = "^".repeat(Math.max(1, Math.min(endCol, line.length, from + FRAME_WIDTH) - startCol));
      out.push(dim(`  ${" ".repeat(width)} | `, color) + pad + red(marks, color));
    }
  }
  return out.join("\n");
}

const FRAME_WIDTH = 160;

/** Related places printed under a diagnostic: a long list's start (`--reporter json` has them all). */
const MAX_RELATED = 10;

/**
 * The lines of the text last framed: diagnostics are reported sorted by file, so a file with
 * many of them is split once, not once per frame.
 */
let framed: { readonly text: string; readonly lines: readonly string[] } | undefined;

function linesOf(text: string): readonly string[] {
  if (framed?.text !== text) {
    // Columns do not count a byte order mark (see lineStarts), so the frame does not show it.
    framed = { text, lines: (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r?\n/) };
  }
  return framed.lines;
}

/** The part of a line a frame shows, with `…` where it was cut. */
function windowed(text: string, from: number): string {
  const shown = text.slice(from, from + FRAME_WIDTH);
  return printable(`${from > 0 ? "…" : ""}${shown}${text.length > from + FRAME_WIDTH ? "…" : ""}`);
}

/**
 * Shows control characters from user text as escapes, so that a hostile string in an event
 * file cannot move the cursor, recolour or clear the terminal it is reported in.
 */
export function printable(text: string): string {
  return text.replace(
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
