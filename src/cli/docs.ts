import { join } from "node:path";
import { build, type BuildResult } from "../build.js";
import { hasErrors } from "../diagnostics/diagnostic.js";
import { exitCodeFor, ExitCode } from "./exit-codes.js";
import type { Io, OptionValues } from "./io.js";
import { buildOptions, reporterFor } from "./options.js";
import { progressPrinter } from "./progress.js";
import { REPORTERS } from "./reporters/index.js";
import { relativePosix } from "../util/files.js";

/**
 * `ductape-events docs`: a build that also writes the event docs site, to `--out`, else to the
 * config's `docs.out`, else to `event-docs`. It is a whole build (the same checks, the outputs
 * kept current), so that the site never shows events the build would reject.
 */
export async function runDocs(values: OptionValues, io: Io): Promise<number> {
  const reporter = reporterFor(values, io);
  if (reporter === undefined) return ExitCode.Usage;
  const out = typeof values["out"] === "string" ? values["out"] : undefined;
  const progress = reporter === "pretty" ? progressPrinter(io) : undefined;
  const result = await build({ ...buildOptions(values, io), docs: { out }, onProgress: progress?.update });
  progress?.clear();
  REPORTERS[reporter].report(result, io, "build");
  if (reporter === "pretty") printDocsLocation(result, io);
  return exitCodeFor(result.diagnostics);
}

/**
 * Where the site is, for people (pretty output; `docs`, and `build` with docs on), after a build
 * without errors. On stderr: stdout carries only the reporter's output.
 */
export function printDocsLocation(result: BuildResult, io: Io): void {
  const docsDir = result.config?.docs?.outDir;
  if (hasErrors(result.diagnostics) || docsDir === undefined) return;
  io.stderr(`Event docs: open ${relativePosix(io.cwd, join(docsDir, "index.html"))} in a browser.\n`);
}
