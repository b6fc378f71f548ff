/** Where a command prints, and how; injectable so tests can run commands in-process. */
export interface Io {
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /**
   * Use ANSI colours in human-readable output. Everything coloured (diagnostics) goes to
   * stderr, so this is decided for stderr (see `terminalSettings`), whatever stdout is.
   */
  readonly color: boolean;
  /** Whether stdout is a terminal, where a prompt can be answered. */
  readonly isTTY: boolean;
  /** Whether stderr is a terminal on which a progress line may be drawn and erased. Default: no. */
  readonly progress?: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * Aborted when stdout's reader has gone (`watch | head`), found at the first write after it:
   * a command that would otherwise run on (watch) stops then.
   */
  readonly stdoutClosed?: AbortSignal;
}

/** What the command line needs to know of an output stream (a `tty.WriteStream` when it is a terminal). */
export interface OutputStream {
  readonly isTTY?: boolean;
  readonly hasColors?: (env?: Readonly<Record<string, string | undefined>>) => boolean;
}

/**
 * Colour, prompts and progress, each decided from the stream it is written to: `build 2>log`
 * on a terminal keeps escape codes out of the log, and a piped stdout does not turn colour off
 * on a terminal's stderr. On a terminal, Node's `hasColors` reads FORCE_COLOR and TERM=dumb;
 * NO_COLOR always wins (no-color.org); elsewhere only FORCE_COLOR turns colour on.
 */
export function terminalSettings(
  streams: { readonly stdout: OutputStream; readonly stderr: OutputStream },
  env: Readonly<Record<string, string | undefined>>,
): Pick<Io, "color" | "isTTY" | "progress"> {
  return {
    color: hasColors(streams.stderr, env),
    isTTY: streams.stdout.isTTY === true,
    progress: streams.stderr.isTTY === true && env["TERM"] !== "dumb",
  };
}

function hasColors(stream: OutputStream, env: Readonly<Record<string, string | undefined>>): boolean {
  if (env["NO_COLOR"] !== undefined && env["NO_COLOR"] !== "") return false;
  // An empty NO_COLOR means nothing (no-color.org), though Node's hasColors counts it as set.
  const { NO_COLOR: _, ...rest } = env;
  if (stream.isTTY === true && stream.hasColors !== undefined) return stream.hasColors(rest);
  const force = env["FORCE_COLOR"];
  return force !== undefined && force !== "0" && force !== "false";
}

/**
 * `--color` and `--no-color`, taken out of the arguments wherever they stand (before or after
 * the command): the last one given wins over the terminal and the environment.
 */
export function colorFlag(argv: readonly string[]): { args: string[]; color: boolean | undefined } {
  let color: boolean | undefined;
  const args = argv.filter((arg) => {
    if (arg !== "--color" && arg !== "--no-color") return true;
    color = arg === "--color";
    return false;
  });
  return { args, color };
}

/** Parsed flags of a command, by long name. */
export type OptionValues = Readonly<Record<string, string | boolean | undefined>>;

/** A command's implementation: runs with parsed flags and returns the exit code. */
export type CommandRun = (values: OptionValues, io: Io) => Promise<number>;
