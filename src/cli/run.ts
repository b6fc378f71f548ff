import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { Codes, diagnostic } from "../diagnostics/catalogue.js";
import { formatDiagnostic } from "../diagnostics/format.js";
import { suggest } from "../diagnostics/suggest.js";
import { COMMANDS, type Command } from "./commands.js";
import { ExitCode } from "./exit-codes.js";
import { colorFlag, type Io } from "./io.js";
import { usageError } from "./options.js";
import { requestedOutput } from "./usage.js";
import { messageOf } from "../util/errors.js";

export type { Io, OptionValues } from "./io.js";

/**
 * Runs the command line and returns the exit code; never throws. Bad input is a usage error
 * (2); anything a command throws is a fault of ours, reported as DT9001 (3), never a bare
 * stack trace.
 */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  const { args, color } = colorFlag(argv);
  try {
    return await runCommand(args, color === undefined ? io : { ...io, color });
  } catch (error) {
    const reason = messageOf(error);
    const d = diagnostic(Codes.InternalError, { reason }, { cause: error });
    io.stderr(`${formatDiagnostic(d, { cwd: io.cwd, sources: new Map(), color: io.color })}\n`);
    return ExitCode.Internal;
  }
}

async function runCommand(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr(mainHelp());
    return ExitCode.Usage;
  }
  if (name === "--help" || name === "-h" || name === "help") {
    io.stdout(mainHelp());
    return ExitCode.Ok;
  }
  if (name === "--version" || name === "-v") {
    io.stdout(`${version()}\n`);
    return ExitCode.Ok;
  }
  // Own keys only: `toString` or `__proto__` are no commands.
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (command === undefined) {
    return usageError(
      io,
      `Unknown command "${name}".`,
      suggest(name, [...Object.keys(COMMANDS), "--help", "--version"]),
    );
  }
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...rest],
      options: { ...command.options, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: command.arguments !== undefined,
    }));
  } catch (error) {
    const { reason, suggestion } = argumentError(error, command);
    return usageError(io, reason, suggestion, requestedOutput(name, command, rest, io.env));
  }
  if (values["help"] === true) {
    io.stdout(commandHelp(command));
    return ExitCode.Ok;
  }
  const names = command.arguments ?? [];
  if (positionals.length !== names.length) {
    const reason = `${name} takes ${names.length} arguments (${command.usage}), got ${positionals.length}.`;
    return usageError(io, reason, undefined, requestedOutput(name, command, rest, io.env));
  }
  names.forEach((argument, i) => (values[argument] = positionals[i]));
  return (await command.load())(values, io);
}

/** Turns node:util's parse errors into a reason that names the flag, and a likely fix. */
function argumentError(error: unknown, command: Command): { reason: string; suggestion: string | undefined } {
  const message = messageOf(error);
  const known = Object.keys(command.options).map((o) => `--${o}`);
  // `Option '-c, --config <value>' argument missing`: the long name, and what it takes.
  const missing = /'(?:-\w, )?(--[\w-]+) <value>' argument missing/.exec(message)?.[1];
  if (missing !== undefined) return { reason: `${missing} needs a value: ${missing} <value>.`, suggestion: undefined };
  const flag = /'(-{1,2}[^'\s]+)'/.exec(message)?.[1];
  const name = flag?.split("=")[0];
  // `--out --strict`: the next word is a flag, so the value is missing (or starts with a dash).
  if (name !== undefined && /argument is ambiguous/.test(message))
    return {
      reason: `${name} needs a value: ${name} <value> (one that starts with a dash is written ${name}=-x).`,
      suggestion: undefined,
    };
  const reason = message.split(/\.(?:\s|$)/)[0]! + ".";
  // A known flag given a value it does not take (`--strict=false`): no "did you mean" itself.
  if (name !== undefined && known.includes(name) && /does not take an argument/.test(message)) {
    return {
      reason: `${reason} Write ${name} alone to turn it on, and leave it out to keep it off.`,
      suggestion: undefined,
    };
  }
  if (name === undefined || known.includes(name)) return { reason, suggestion: undefined };
  // A typo, or a longer or shorter spelling of a flag (`--output` for `--out`).
  const suggestion =
    suggest(name, known) ?? known.find((k) => k.length > 3 && (name.startsWith(k) || k.startsWith(name)));
  // A flag of another command (`build --out`): say whose it is.
  const owners = Object.entries(COMMANDS)
    .filter(([, other]) => other !== command && Object.hasOwn(other.options, name.replace(/^--/, "")))
    .map(([other]) => other);
  const elsewhere = owners.length === 0 || !name.startsWith("--") ? "" : ` It is an option of ${listed(owners)}.`;
  return { reason: `${reason}${elsewhere}`, suggestion };
}

/** `a`, `a and b`, `a, b and c`. */
function listed(words: readonly string[]): string {
  return words.length < 2 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)!}`;
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
  --color        Colour the diagnostics on stderr even when it is not a terminal
  --no-color     Never colour (by default: only on a terminal, and never when NO_COLOR is set)

Exit codes: 0 success, 1 problems in event definitions or outputs (plan: changes pending),
2 usage or config error, 3 internal error, 4 the platform failed (plan, push).
`;
}

function commandHelp(command: Command): string {
  const flags = Object.entries(command.options).map(
    ([flag, o]) =>
      `  ${`${o.short === undefined ? "" : `-${o.short}, `}--${flag}${o.type === "string" ? " <value>" : ""}`.padEnd(24)}${o.description}`,
  );
  flags.push(
    `  ${"--color, --no-color".padEnd(24)}Colour the diagnostics, or never (default: on a terminal, unless NO_COLOR)`,
    `  ${"-h, --help".padEnd(24)}Show this help`,
  );
  return `${command.summary}\n\nUsage: ${command.usage}\n\nOptions:\n${flags.join("\n")}\n`;
}

function version(): string {
  const pkg: unknown = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
  return typeof pkg === "object" && pkg !== null && "version" in pkg ? String(pkg.version) : "unknown";
}
