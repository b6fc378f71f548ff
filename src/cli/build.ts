import { readFileSync } from "node:fs";
import { relative, sep } from "node:path";
import { build, type BuildOptions, type BuildResult } from "../build.js";
import { Codes, diagnostic } from "../diagnostics/catalogue.js";
import { fileSpan } from "../diagnostics/diagnostic.js";
import { shortDiff } from "./diff.js";
import { exitCodeFor, ExitCode } from "./exit-codes.js";
import { progressPrinter } from "./progress.js";
import { chooseReporter, REPORTERS, type ReporterName } from "./reporters/index.js";
import type { Command, Io, OptionValues } from "./run.js";
import { watch } from "./watch.js";

/** Options shared by the commands that build. */
export const BUILD_OPTIONS = {
  config: { type: "string", short: "c", description: "Config file (default: ./ductape.config.ts)" },
  reporter: {
    type: "string",
    description: "Output format: pretty, json or github (default: pretty; github in GitHub Actions)",
  },
  strict: { type: "boolean", description: "Treat warnings as errors (also: strict: true in the config)" },
} as const;

export const buildCommand: Command = {
  summary: "Check every event definition and write manifest.json and index.ts",
  usage: "ductape-events build [--config <path>] [--check] [--watch] [--strict] [--reporter <name>]",
  options: {
    ...BUILD_OPTIONS,
    check: { type: "boolean", description: "Write nothing; exit 1 if any output is missing or out of date (for CI)" },
    watch: {
      type: "boolean",
      short: "w",
      description: "Build, then rebuild on every change (same as `ductape-events watch`)",
    },
  },
  async run(values, io) {
    const reporter = reporterFor(values, io);
    if (reporter === undefined) return ExitCode.Usage;
    const options = buildOptions(values, io);
    if (values["watch"] === true) {
      if (values["check"] === true) return usage(io, "--check and --watch cannot be combined.");
      return watch(options, reporter, io);
    }
    const check = values["check"] === true;
    const progress = reporter === "pretty" ? progressPrinter(io) : undefined;
    const result = await build({ ...options, write: !check, onProgress: progress?.update });
    progress?.clear();
    const reported = check ? withStaleOutputs(result, io) : result;
    REPORTERS[reporter].report(reported, io, check ? "check" : "build");
    return exitCodeFor(reported.diagnostics);
  },
};

export function buildOptions(values: OptionValues, io: Io): BuildOptions {
  return {
    cwd: io.cwd,
    config: typeof values["config"] === "string" ? values["config"] : undefined,
    strict: values["strict"] === true ? true : undefined,
  };
}

/** The reporter named by --reporter, or the default; prints a usage error for an unknown name. */
export function reporterFor(values: OptionValues, io: Io): ReporterName | undefined {
  const flag = typeof values["reporter"] === "string" ? values["reporter"] : undefined;
  const name = chooseReporter(flag, io.env);
  if (name === undefined) usage(io, `Unknown reporter "${flag ?? ""}"; use pretty, json or github.`);
  return name;
}

function usage(io: Io, reason: string): number {
  io.stderr(`ductape-events  ${Codes.UsageError.code}  ${reason}\n`);
  return ExitCode.Usage;
}

/** Check mode: every output that a build would change becomes a diagnostic with a short diff. */
function withStaleOutputs(result: BuildResult, io: Io): BuildResult {
  const stale = result.files
    .filter((file) => file.status === "stale")
    .map((file) => {
      const path = relative(io.cwd, file.path).split(sep).join("/");
      const before = readOrUndefined(file.path);
      const detail = before === undefined ? undefined : shortDiff(before, file.contents);
      return diagnostic(
        Codes.OutputStale,
        { path, missing: before === undefined },
        { span: fileSpan(file.path), detail },
      );
    });
  return { ...result, diagnostics: [...result.diagnostics, ...stale] };
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}
