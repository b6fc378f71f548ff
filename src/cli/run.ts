import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { Codes, diagnostic } from "../diagnostics/catalogue.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { formatDiagnostic } from "../diagnostics/format.js";
import { suggest } from "../diagnostics/suggest.js";
import { buildCommand } from "./build.js";
import { ExitCode } from "./exit-codes.js";
import { initCommand } from "./init.js";
import { listCommand } from "./list.js";
import { watchCommand } from "./watch-command.js";

/** Where a command prints, and how; injectable so tests can run commands in-process. */
export interface Io {
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Use ANSI colours in human-readable output. */
  readonly color: boolean;
  /** Whether output goes to a terminal (progress display, prompts). */
  readonly isTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export type OptionValues = Readonly<Record<string, string | boolean | undefined>>;

export interface CommandOption {
  readonly type: "string" | "boolean";
  readonly short?: string;
  readonly description: string;
}

export interface Command {
  readonly summary: string;
  readonly usage: string;
  readonly options: Readonly<Record<string, CommandOption>>;
  readonly run: (values: OptionValues, io: Io) => Promise<number>;
}

const COMMANDS: Readonly<Record<string, Command>> = {
  build: buildCommand,
  watch: watchCommand,
  list: listCommand,
  init: initCommand,
};

/** Runs the command line and returns the exit code; never throws for bad input. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout(mainHelp());
    return name === undefined ? ExitCode.Usage : ExitCode.Ok;
  }
  if (name === "--version" || name === "-v") {
    io.stdout(`${version()}\n`);
    return ExitCode.Ok;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    const reason = `Unknown command "${name}".`;
    return usageError(io, diagnostic(Codes.UsageError, { reason, suggestion: suggest(name, Object.keys(COMMANDS)) }));
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...rest],
      options: { ...command.options, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    return usageError(io, argumentError(error, command));
  }
  if (values["help"] === true) {
    io.stdout(commandHelp(command));
    return ExitCode.Ok;
  }
  return command.run(values, io);
}

function usageError(io: Io, d: Diagnostic): number {
  io.stderr(`${formatDiagnostic(d, { cwd: io.cwd, color: io.color })}\n`);
  return ExitCode.Usage;
}

/** Turns node:util's parse errors into a diagnostic that names the flag and a likely fix. */
function argumentError(error: unknown, command: Command): Diagnostic {
  const message = error instanceof Error ? error.message : String(error);
  const flag = /'(-{1,2}[^'\s]+)'/.exec(message)?.[1];
  const known = Object.keys(command.options).map((o) => `--${o}`);
  const suggestion = flag === undefined ? undefined : suggest(flag.split("=")[0]!, known);
  return diagnostic(Codes.UsageError, { reason: message.split(". ")[0]!.replace(/\.$/, "") + ".", suggestion });
}

function mainHelp(): string {
  const commands = Object.entries(COMMANDS)
    .map(([name, c]) => `  ${name.padEnd(10)}${c.summary}`)
    .join("\n");
  return `ductape-events ${version()}: Ductape webhook events as code.

Usage: ductape-events <command> [options]

Commands:
${commands}

Options:
  -h, --help     Show help (also after a command: ductape-events build --help)
  -v, --version  Show the version

Exit codes: 0 success, 1 problems in event definitions or outputs, 2 usage or config error,
3 internal error.
`;
}

function commandHelp(command: Command): string {
  const options = Object.entries(command.options)
    .map(
      ([flag, o]) =>
        `  ${`${o.short === undefined ? "" : `-${o.short}, `}--${flag}${o.type === "string" ? " <value>" : ""}`.padEnd(24)}${o.description}`,
    )
    .join("\n");
  return `${command.summary}

Usage: ${command.usage}

Options:
${options}
  ${"-h, --help".padEnd(24)}Show this help
`;
}

function version(): string {
  const pkg: unknown = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
  return typeof pkg === "object" && pkg !== null && "version" in pkg ? String(pkg.version) : "unknown";
}
