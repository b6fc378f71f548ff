import type { BuildOptions } from "../build.js";
import { Codes, diagnostic } from "../diagnostics/catalogue.js";
import { formatDiagnostic } from "../diagnostics/format.js";
import { ExitCode } from "./exit-codes.js";
import type { Io, OptionValues } from "./io.js";
import { chooseReporter, type ReporterName } from "./reporters/index.js";

/** The build options that the flags of `build`, `watch` and `list` set. */
export function buildOptions(values: OptionValues, io: Io): BuildOptions {
  return {
    cwd: io.cwd,
    config: typeof values["config"] === "string" ? values["config"] : undefined,
    strict: values["strict"] === true ? true : undefined,
    diskCache: values["no-cache"] === true ? false : undefined,
  };
}

/** The reporter named by --reporter, or the default; prints a usage error for an unknown name. */
export function reporterFor(values: OptionValues, io: Io): ReporterName | undefined {
  const flag = typeof values["reporter"] === "string" ? values["reporter"] : undefined;
  const name = chooseReporter(flag, io.env);
  if (name === undefined) usageError(io, `Unknown reporter "${flag ?? ""}"; use pretty, json or github.`);
  return name;
}

/** Prints a DT1006 usage error and returns the usage exit code. */
export function usageError(io: Io, reason: string, suggestion?: string): number {
  const d = diagnostic(Codes.UsageError, { reason, suggestion });
  io.stderr(`${formatDiagnostic(d, { cwd: io.cwd, color: io.color })}\n`);
  return ExitCode.Usage;
}
