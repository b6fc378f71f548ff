import type { BuildOptions } from "../build.js";
import { buildResult } from "../build-result.js";
import { Codes, diagnostic } from "../diagnostics/catalogue.js";
import { formatDiagnostic } from "../diagnostics/format.js";
import { ExitCode } from "./exit-codes.js";
import type { Io, OptionValues } from "./io.js";
import { chooseReporter, REPORTERS, type ReporterName } from "./reporters/index.js";

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
 * Prints a DT1006 usage error and returns the usage exit code. With `reporter` json or github
 * (asked for on the same command line, or GitHub Actions' default), it is reported as a build's
 * problems are, so that a script or CI reading the report sees it too.
 */
export function usageError(io: Io, reason: string, suggestion?: string, reporter: ReporterName = "pretty"): number {
  const d = diagnostic(Codes.UsageError, { reason, suggestion });
  if (reporter === "pretty") io.stderr(`${formatDiagnostic(d, { cwd: io.cwd, color: io.color })}\n`);
  else REPORTERS[reporter].report(buildResult({ diagnostics: [d] }, 0), io, "build");
  return ExitCode.Usage;
}

/**
 * The reporter a command line asks for, read before it is parsed (to report a parse error the
 * way it asks): `--reporter <name>` or `--reporter=<name>` when that is a reporter, else the default.
 */
export function requestedReporter(args: readonly string[], io: Io): ReporterName {
  let flag: string | undefined;
  args.forEach((arg, i) => {
    if (arg === "--reporter") flag = args[i + 1];
    else if (arg.startsWith("--reporter=")) flag = arg.slice("--reporter=".length);
  });
  return chooseReporter(flag, io.env) ?? chooseReporter(undefined, io.env) ?? "pretty";
}
