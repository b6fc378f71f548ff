import type { BuildOptions } from "../build.js";
import { Codes, diagnostic } from "../diagnostics/catalogue.js";
import { ExitCode } from "./exit-codes.js";
import type { Io, OptionValues } from "./io.js";
import { chooseReporter, type ReporterName } from "./reporters/index.js";
import { printUsageError, type UsageOutput } from "./usage.js";

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

/**
 * Prints a DT1006 usage error and returns the usage exit code. With json or github output
 * (asked for on the same command line, or GitHub Actions' default), it is reported in the
 * command's document, so that a script or CI reading stdout sees it too: `usage.ts`.
 */
export function usageError(
  io: Io,
  reason: string,
  suggestion?: string,
  output: ReporterName | UsageOutput = "pretty",
): number {
  const d = diagnostic(Codes.UsageError, { reason, suggestion });
  printUsageError(io, d, typeof output === "string" ? { command: "build", format: output } : output, ExitCode.Usage);
  return ExitCode.Usage;
}
