import { readFileSync } from "node:fs";
import { build, withDiagnostics, type BuildResult } from "../build.js";
import { Codes, diagnostic } from "../diagnostics/catalogue.js";
import { fileSpan } from "../diagnostics/diagnostic.js";
import { obsoleteReason, withoutEolVariants } from "../emit/index.js";
import { exitCodeFor, ExitCode } from "./exit-codes.js";
import { progressPrinter } from "./progress.js";
import type { Io, OptionValues } from "./io.js";
import { buildOptions, reporterFor, usageError } from "./options.js";
import { REPORTERS } from "./reporters/index.js";
import { watch } from "./watch.js";
import { printDocsLocation } from "./docs.js";
import { relativePosix } from "../util/files.js";

/** `ductape-events build`. */
export async function runBuild(values: OptionValues, io: Io): Promise<number> {
  const reporter = reporterFor(values, io);
  if (reporter === undefined) return ExitCode.Usage;
  const options = buildOptions(values, io);
  if (values["watch"] === true) {
    if (values["check"] === true) return usageError(io, "--check and --watch cannot be combined.", undefined, reporter);
    return watch(options, reporter, io);
  }
  const check = values["check"] === true;
  const progress = reporter === "pretty" ? progressPrinter(io) : undefined;
  const result = await build({ ...options, write: !check, onProgress: progress?.update });
  progress?.clear();
  const reported = check ? await withStaleOutputs(result, io) : result;
  REPORTERS[reporter].report(reported, io, check ? "check" : "build");
  if (reporter === "pretty" && !check) printDocsLocation(reported, io);
  return exitCodeFor(reported.diagnostics);
}

/** Check mode: every output that a build would change becomes a diagnostic with a short diff. */
async function withStaleOutputs(result: BuildResult, io: Io): Promise<BuildResult> {
  if (!result.files.some((file) => file.status === "stale" || file.status === "obsolete")) return result;
  // Loaded only to show a diff: a check that finds the outputs up to date never needs it.
  const { lineDiff } = await import("../util/text-diff.js");
  const stale = result.files
    .filter((file) => file.status === "stale" || file.status === "obsolete")
    .map((file) => {
      const path = relativePosix(io.cwd, file.path);
      if (file.status === "obsolete") {
        const reason = result.config === undefined ? undefined : obsoleteReason(file.path, result.config.outDir);
        const params = { path, missing: false, obsolete: true, reason };
        return diagnostic(Codes.OutputStale, params, { span: fileSpan(file.path) });
      }
      const before = readOrUndefined(file.path);
      // Line endings and a BOM do not make a file stale (see the writer), so they are no part of its diff.
      const diff = before === undefined ? undefined : lineDiff(withoutEolVariants(before), file.contents);
      // At the first changed line, where an annotation on the pull request's diff belongs.
      const line = diff?.firstChangedLine ?? 1;
      const span = { file: file.path, start: { line, column: 1 }, end: { line, column: 1 } };
      return diagnostic(Codes.OutputStale, { path, missing: before === undefined }, { span, detail: diff?.text });
    });
  return withDiagnostics(result, [...result.diagnostics, ...stale]);
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}
