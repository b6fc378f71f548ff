import type { Diagnostic, Span } from "../../diagnostics/diagnostic.js";
import type { Reporter } from "./index.js";
import { relativePosix } from "../../util/files.js";

/**
 * For editors and scripts: one JSON document on stdout, nothing else. Paths are relative to the
 * working directory with `/` separators; positions are 1-based.
 */
export const jsonReporter: Reporter = {
  report(result, io, mode) {
    const errors = result.diagnostics.filter((d) => d.severity === "error").length;
    const document = {
      version: 1,
      ok: errors === 0,
      mode,
      summary: {
        events: result.counts.events,
        webhooks: result.counts.webhooks,
        errors,
        warnings: result.diagnostics.length - errors,
        durationMs: Math.round(result.durationMs),
        cached: result.cached,
        files: result.files.map((f) => ({ path: relativePosix(io.cwd, f.path), status: f.status })),
      },
      diagnostics: result.diagnostics.map((d) => jsonDiagnostic(d, io.cwd)),
    };
    io.stdout(`${JSON.stringify(document, null, 2)}\n`);
  },
};

/** A diagnostic as the json reporter prints it (docs/cli.md); also in plan's document when there is no plan. */
export function jsonDiagnostic(d: Diagnostic, cwd: string): unknown {
  const location = (span: Span | undefined) =>
    span === undefined
      ? { file: null, line: null, column: null, endLine: null, endColumn: null }
      : {
          file: relativePosix(cwd, span.file),
          line: span.start.line,
          column: span.start.column,
          endLine: span.end.line,
          endColumn: span.end.column,
        };
  return {
    code: d.code,
    severity: d.severity,
    title: d.title,
    message: d.message,
    hint: d.hint ?? null,
    detail: d.detail ?? null,
    ...location(d.span),
    related: (d.related ?? []).map((r) => ({ message: r.message, ...location(r.span) })),
    // A grouped warning (one per event and code) names every place here; pretty output lists a few.
    ...(d.paths === undefined ? {} : { paths: d.paths.map((p) => ({ path: p.path, ...location(p.span) })) }),
  };
}
