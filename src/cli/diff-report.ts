/**
 * A diff's result as text: `pretty` for people (grouped by webhook and event), `json` (a
 * documented, stable document: docs/diff.md) and `github` (workflow annotations at the event
 * file's line). Printers only print; the exit code is decided once, by `diffExitCode`.
 */
import { Codes, diagnostic } from "../diagnostics/catalogue.js";
import type { Diagnostic, Span } from "../diagnostics/diagnostic.js";
import { formatDiagnostic, formatLocation } from "../diagnostics/format.js";
import { relativePosix } from "../util/files.js";
import type { DiffResult, ReportedChange } from "../diff/index.js";
import { annotation } from "./reporters/github.js";

export const DIFF_FORMATS = ["pretty", "json", "github"] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

/** Where output goes, as the command line gives it. */
export interface DiffIo {
  readonly cwd: string;
  readonly color: boolean;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** Format version of the json document. */
export const DIFF_JSON_VERSION = 1;

/** 0 nothing breaking (acknowledged breaks pass), 1 a breaking change, 2 bad input (an error), 3 a fault of ours. */
export function diffExitCode(result: DiffResult): number {
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  if (errors.some((d) => d.code.startsWith("DT9"))) return 3;
  if (errors.length > 0) return 2;
  return result.changes.some(isBreak) ? 1 : 0;
}

/** A breaking change for the audience asked for, not acknowledged. */
function isBreak(change: ReportedChange): boolean {
  return change.severity === "breaking" && !change.acknowledged;
}

export function printDiff(result: DiffResult, format: DiffFormat, io: DiffIo): void {
  if (format === "json") io.stdout(`${JSON.stringify(diffDocument(result, io.cwd), null, 2)}\n`);
  else if (format === "github") printGithub(result, io);
  else printPretty(result, io);
}

/** The json document (docs/diff.md documents each field; only additions, never changes, within a version). */
export function diffDocument(result: DiffResult, cwd: string): unknown {
  const location = (span: Span | undefined) =>
    span === undefined ? { file: null, line: null } : { file: relativePosix(cwd, span.file), line: span.start.line };
  return {
    version: DIFF_JSON_VERSION,
    ok: diffExitCode(result) === 0,
    base:
      result.base === undefined
        ? null
        : { kind: result.base.kind, name: result.base.name, commit: result.base.commit ?? null },
    for: result.audience,
    summary: counts(result.changes),
    changes: result.changes.map((c) => ({
      tag: c.tag,
      webhook: c.webhook,
      path: c.path,
      kind: c.kind,
      severity: c.severity,
      receivers: c.receivers,
      senders: c.senders,
      acknowledged: c.acknowledged,
      before: c.before,
      after: c.after,
      ...location(c.span),
    })),
    diagnostics: result.diagnostics.map((d) => ({
      code: d.code,
      severity: d.severity,
      message: d.message,
      hint: d.hint ?? null,
      ...location(d.span),
    })),
  };
}

function counts(changes: readonly ReportedChange[]) {
  const breaking = changes.filter(isBreak).length;
  const acknowledged = changes.filter((c) => c.acknowledged).length;
  return { breaking, acknowledged, safe: changes.length - breaking - acknowledged };
}

/** `-> ` texts: `none` where a side is absent. */
function beforeAfter(change: ReportedChange): string {
  return `${change.before ?? "none"} -> ${change.after ?? "none"}`;
}

function printPretty(result: DiffResult, io: DiffIo): void {
  for (const d of result.diagnostics) {
    io.stderr(`${formatDiagnostic(d, { cwd: io.cwd, sources: result.sources, color: io.color })}\n\n`);
  }
  if (result.base === undefined) {
    io.stderr("✖ Nothing was compared.\n");
    return;
  }
  const lines: string[] = [];
  const base =
    result.base.commit === undefined ? result.base.name : `${result.base.name} (${result.base.commit.slice(0, 12)})`;
  lines.push(`Compared with ${base}, for ${result.audience}.`);
  let webhook: string | undefined;
  let tag: string | undefined;
  const width = Math.max(0, ...result.changes.map((c) => c.path.length));
  for (const change of result.changes) {
    if (change.webhook !== webhook) lines.push("", change.webhook);
    if (change.tag !== tag) lines.push(`  ${change.tag}`);
    webhook = change.webhook;
    tag = change.tag;
    const mark = change.acknowledged ? "!" : change.severity === "breaking" ? "✖" : "✔";
    const note = change.acknowledged
      ? "  (breaking, acknowledged)"
      : change.severity === "breaking"
        ? "  (breaking)"
        : "";
    const at = change.span === undefined ? "" : `  ${formatLocation(change.span, io.cwd)}`;
    lines.push(`    ${mark} ${change.path.padEnd(width)}  ${change.kind}: ${beforeAfter(change)}${note}${at}`);
  }
  const { breaking, acknowledged, safe } = counts(result.changes);
  const summary =
    result.changes.length === 0
      ? "✔ No changes."
      : `${breaking > 0 ? "✖" : "✔"} ${plural(breaking, "breaking change")}` +
        `${acknowledged > 0 ? `, ${acknowledged} acknowledged` : ""}, ${safe} safe.`;
  lines.push("", summary);
  io.stdout(`${lines.join("\n")}\n`);
}

/** Annotations: an error per breaking change, a warning per acknowledged one, then the safe ones and a summary as plain lines. */
function printGithub(result: DiffResult, io: DiffIo): void {
  for (const d of result.diagnostics) io.stdout(`${annotation(d, io.cwd)}\n`);
  for (const change of result.changes) {
    if (change.severity !== "breaking") continue;
    io.stdout(`${annotation(changeDiagnostic(change, result.audience), io.cwd)}\n`);
  }
  for (const change of result.changes) {
    if (change.severity === "breaking") continue;
    io.stdout(`${change.tag} ${change.path}: ${change.kind} (${beforeAfter(change)}), safe.\n`);
  }
  const { breaking, acknowledged, safe } = counts(result.changes);
  const base = result.base?.name ?? "the base";
  io.stdout(`${plural(breaking, "breaking change")}, ${acknowledged} acknowledged, ${safe} safe against ${base}.\n`);
}

function changeDiagnostic(change: ReportedChange, audience: string): Diagnostic {
  const params = { tag: change.tag, path: change.path, kind: change.kind, before: change.before, after: change.after };
  return change.acknowledged
    ? diagnostic(Codes.AcknowledgedChange, params, { span: change.span })
    : diagnostic(Codes.BreakingChange, { ...params, audience }, { span: change.span });
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
