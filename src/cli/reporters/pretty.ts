import type { BuildResult } from "../../build.js";
import { formatDiagnostic } from "../../diagnostics/format.js";
import type { Io } from "../io.js";
import type { BuildMode, Reporter } from "./index.js";
import { relativePosix } from "../../util/files.js";

/** For people: diagnostics with code frames on stderr, then one summary line. */
export const prettyReporter: Reporter = {
  report(result, io, mode) {
    for (const d of result.diagnostics) {
      io.stderr(`${formatDiagnostic(d, { cwd: io.cwd, sources: result.sources, color: io.color })}\n\n`);
    }
    const failed = result.diagnostics.some((d) => d.severity === "error");
    (failed ? io.stderr : io.stdout)(`${summaryLine(result, io, mode)}\n`);
  },
};

export function summaryLine(result: BuildResult, io: Pick<Io, "cwd">, mode: BuildMode): string {
  const errors = result.diagnostics.filter((d) => d.severity === "error").length;
  const warnings = result.diagnostics.length - errors;
  const time = `${Math.round(result.durationMs)} ms`;
  const problems = [plural(errors, "error"), plural(warnings, "warning")].filter((p) => !p.startsWith("0 ")).join(", ");
  if (errors > 0) {
    // A failure while renaming outputs into place may leave some replaced (DT5002 says which way).
    const unwritten =
      mode === "check" || result.diagnostics.some((d) => d.code === "DT5002") ? "" : "; no files were written";
    return `✖ ${problems}${unwritten} (${time}).`;
  }
  const { events, webhooks } = result.counts;
  // A build the disk cache proved up to date compiled nothing; say so, since it explains the time.
  const cached = result.cached ? ", nothing changed since the last build" : "";
  const written = result.files.filter((f) => f.status === "written").length;
  const removed = result.files.filter((f) => f.status === "removed").length;
  const planned = result.files.length - removed;
  // Every folder the files went to: outDir, and the docs site's when it is on.
  const config = result.config;
  const folders = (
    config === undefined ? [] : [config.outDir, ...(config.docs === undefined ? [] : [config.docs.outDir])]
  ).map((folder) => `${relativePosix(io.cwd, folder) || "."}/`);
  if (mode === "check") {
    const note = problems === "" ? "" : `; ${problems}`;
    const upToDate =
      folders.length > 1 ? `${folders.join(" and ")} are up to date` : `${folders.join("")} is up to date`;
    return `✔ ${plural(events, "event")} in ${plural(webhooks, "webhook")}; ${upToDate}${note} (${time}${cached}).`;
  }
  return (
    `✔ ${plural(events, "event")} in ${plural(webhooks, "webhook")} -> ${folders.join(", ")} ` +
    `(${written} of ${plural(planned, "file")} written${removed === 0 ? "" : `, ${removed} removed`}` +
    `${problems === "" ? "" : `; ${problems}`}) in ${time}${cached}.`
  );
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
