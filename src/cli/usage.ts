/**
 * A usage error printed the way the command line asks for output, so that a script reading
 * stdout gets its document even when the flags are wrong: the build's reporters (`--reporter`),
 * diff's `--format`, and the `--json` of list, plan and push --dry-run. Kept apart from the
 * commands' own modules, which load the compiler.
 */
import { buildResult } from "../build-result.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { formatDiagnostic } from "../diagnostics/format.js";
import { AUDIENCES, type Audience } from "../diff/rules.js";
import type { Command } from "./commands.js";
import { printDiff } from "./diff-report.js";
import type { Io } from "./io.js";
import { jsonDiagnostic } from "./reporters/json.js";
import { chooseReporter, REPORTERS, type ReporterName } from "./reporters/index.js";

/** How a command prints its usage errors: its name says which document `format` means. */
export interface UsageOutput {
  readonly command: string;
  readonly format: ReporterName;
  /** diff's `--for`, echoed in its document. */
  readonly audience?: Audience;
}

/**
 * The output a command line asks for, read before it is parsed (a parse error is reported the
 * way it asks): a known value of `--reporter` or `--format` (else the default, github in GitHub
 * Actions), or `--json` (push: with `--dry-run`, the only push that prints a document). Given
 * with a value they do not take (`--json=1`), they still say what was meant.
 */
export function requestedOutput(
  name: string,
  command: Command,
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): UsageOutput {
  // After `--` everything is a positional argument, whatever it looks like.
  const end = args.indexOf("--");
  const flags = end === -1 ? args : args.slice(0, end);
  const has = (option: string): boolean => Object.hasOwn(command.options, option);
  const audience = has("for") ? AUDIENCES.find((a) => a === lastValue(flags, "for")) : undefined;
  if (has("reporter") || has("format")) {
    const flag = lastValue(flags, has("reporter") ? "reporter" : "format");
    const format = chooseReporter(flag, env) ?? chooseReporter(undefined, env) ?? "pretty";
    return { command: name, format, ...(audience === undefined ? {} : { audience }) };
  }
  const given = (flag: string): boolean => flags.some((arg) => arg === flag || arg.startsWith(`${flag}=`));
  // `--dry-run=yes` is wrong, but it says which push was meant.
  const json = has("json") && given("--json") && (!has("dry-run") || given("--dry-run"));
  return { command: name, format: json ? "json" : "pretty" };
}

/** The value of the last `--name <value>` or `--name=<value>`. */
function lastValue(args: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  args.forEach((arg, i) => {
    if (arg === `--${name}`) value = args[i + 1];
    else if (arg.startsWith(`--${name}=`)) value = arg.slice(name.length + 3);
  });
  return value;
}

/**
 * Prints a usage error as `output` asks. list's document is an array of events, which cannot
 * carry it: `[]`, as list prints when the config has errors, and the diagnostic on stderr. plan
 * prints its failure document, and the diagnostic on stderr as for its other failures.
 */
export function printUsageError(io: Io, d: Diagnostic, output: UsageOutput, exitCode: number): void {
  const human = (): void => io.stderr(`${formatDiagnostic(d, { cwd: io.cwd, color: io.color })}\n`);
  const { command, format } = output;
  if (format === "pretty") return human();
  if (command === "list" || command === "plan" || command === "push") {
    human();
    if (format !== "json") return;
    io.stdout(command === "list" ? "[]\n" : `${JSON.stringify(planFailure(exitCode, [d], io.cwd))}\n`);
    return;
  }
  if (command === "diff") {
    const result = { base: undefined, audience: output.audience ?? "receivers", changes: [], sources: new Map() };
    return printDiff({ ...result, diagnostics: [d] }, format, io);
  }
  REPORTERS[format].report(buildResult({ diagnostics: [d] }, 0), io, command === "check" ? "check" : "build");
}

/** plan's document when there is no plan: the exit code says why, the diagnostics what (also on stderr). */
export function planFailure(exitCode: number, diagnostics: readonly Diagnostic[], cwd: string): unknown {
  return { version: 1, ok: false, exitCode, diagnostics: diagnostics.map((d) => jsonDiagnostic(d, cwd)) };
}
