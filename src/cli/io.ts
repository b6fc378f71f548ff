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

/** Parsed flags of a command, by long name. */
export type OptionValues = Readonly<Record<string, string | boolean | undefined>>;

/** A command's implementation: runs with parsed flags and returns the exit code. */
export type CommandRun = (values: OptionValues, io: Io) => Promise<number>;
