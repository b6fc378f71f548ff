import type { Diagnostic, Span } from "../../diagnostics/diagnostic.js";
import type { Reporter } from "./index.js";
import { relativePosix } from "../../util/files.js";

/**
 * For editors and scripts: one JSON document on stdout, nothing else. Paths are relative to the
 * working directory with `/` separators; positions are 1-based.
 */
export const jsonReporter: Reporter = {
  report(result, io, mode) {
    const path = (file: string): string => relativePosix(io.cwd, file);
    const location = (span: Span | undefined) =>
      span === undefined
        ? { file: null, line: null, column: null, endLine: null, endColumn: null }
        : {
            file: path(span.file),
            line: span.start.line,
            column: span.start.column,
            endLine: span.end.line,
            endColumn: span.end.column,
          };
    const diagnostic = (d: Diagnostic) => ({
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
    });
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
        files: result.files.map((f) => ({ path: path(f.path), status: f.status })),
      },
      diagnostics: result.diagnostics.map(diagnostic),
    };
    io.stdout(`${JSON.stringify(document, null, 2)}\n`);
  },
};
