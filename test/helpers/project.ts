import { spawn, type ChildProcess } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { REPO } from "./tmp.js";

export { REPO };

/** The compiled CLI that end-to-end tests run: `npm test` builds it before vitest starts. */
export const CLI = join(REPO, "dist", "cli", "main.js");
/** End-to-end cases, a folder each: `<case>/project` is the input, `<case>/expected` its output (test/e2e/cases.test.ts). */
export const CASES = join(REPO, "test", "cases");
/** Projects that ordinary tests copy and then edit or drive (watch loops, sync, the corpus). */
export const FIXTURES = join(REPO, "test", "fixtures");
/** Scratch projects live inside the repository (git-ignored), so `ductape-events` resolves by self-reference. */
export const SCRATCH = join(REPO, ".tmp");

/** Fails with a message that says what to do, instead of a confusing ENOENT from a child process. */
export function assertCliBuilt(): void {
  if (!existsSync(CLI)) {
    throw new Error(`${relative(REPO, CLI)} does not exist: run \`npm run build\` before the end-to-end tests.`);
  }
}

export interface RunResult {
  /** Exit code; `null` only if the process was killed. */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * A small, fixed environment for child processes: colours off, and nothing from the machine
 * that could change the output (FORCE_COLOR, GITHUB_ACTIONS picking another reporter, ...).
 */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { NO_COLOR: "1" };
  for (const name of ["PATH", "HOME", "USERPROFILE", "SYSTEMROOT", "TMPDIR", "TEMP", "TMP", "LANG"]) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}

/** Runs `node <args>` in `cwd` with colours off, and collects its output. */
export function runNode(args: readonly string[], cwd: string, timeoutMs = 45_000): Promise<RunResult> {
  return runNodeWithEnv(args, cwd, childEnv(), timeoutMs);
}

function runNodeWithEnv(
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({
        code,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
      });
    });
  });
}

/** A copy of a fixture in a fresh scratch folder. */
export interface Project {
  /** Absolute path of the copy. */
  readonly dir: string;
  /** Runs the real CLI (`node dist/cli/main.js ...args`) with the project as cwd. */
  run(...args: string[]): Promise<RunResult>;
  /** Absolute path of a file of the project, given posix-style relative to it. */
  path(rel: string): string;
  read(rel: string): string;
  readBytes(rel: string): Buffer;
  write(rel: string, text: string): void;
  exists(rel: string): boolean;
  /** Every file of the project (dot files too), posix paths relative to it, sorted. */
  files(under?: string): string[];
  /** `normalize(text, dir)`. */
  normalize(text: string): string;
}

export interface CopyOptions {
  /** Name of the scratch folder before its random suffix. Default: the fixture's name. */
  readonly prefix?: string;
  /** Create the files in reverse order (to show outputs do not depend on creation order). */
  readonly reverse?: boolean;
}

/** The folder of a project by name: a case's input (`test/cases/<name>/project`) or a fixture (`test/fixtures/<name>`). */
export function fixtureDir(name: string): string {
  const asCase = join(CASES, name, "project");
  return statSync(asCase, { throwIfNoEntry: false })?.isDirectory() === true ? asCase : join(FIXTURES, name);
}

/** Every project by name, the cases' inputs and the fixtures, sorted by name. */
export function fixtureProjects(): { name: string; dir: string }[] {
  const names = [...readdirSync(CASES), ...readdirSync(FIXTURES)].sort();
  return names.map((name) => ({ name, dir: fixtureDir(name) }));
}

const created: string[] = [];

/** Copies the project `fixtureDir(name)` to `.tmp/<prefix>-<random>/`; call `removeProjects` in afterAll. */
export function copyFixture(name: string, options: CopyOptions = {}): Project {
  const source = fixtureDir(name);
  if (!statSync(source, { throwIfNoEntry: false })?.isDirectory())
    throw new Error(`No project ${name} in ${CASES} or ${FIXTURES}`);
  mkdirSync(SCRATCH, { recursive: true });
  const dir = mkdtempSync(join(SCRATCH, `${options.prefix ?? name}-`));
  created.push(dir);
  const files = listFiles(source);
  for (const file of options.reverse === true ? [...files].reverse() : files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), readFileSync(join(source, file)));
  }
  return projectAt(dir);
}

/** Removes every project copied by this module (set KEEP_TMP=1 to keep them for debugging). */
export function removeProjects(): void {
  if (process.env["KEEP_TMP"] === "1") return;
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

function projectAt(dir: string): Project {
  const path = (rel: string): string => join(dir, ...rel.split("/"));
  return {
    dir,
    run: (...args) => runNode([CLI, ...args], dir),
    path,
    read: (rel) => readFileSync(path(rel), "utf8"),
    readBytes: (rel) => readFileSync(path(rel)),
    write: (rel, text) => {
      mkdirSync(dirname(path(rel)), { recursive: true });
      writeFileSync(path(rel), text);
    },
    exists: (rel) => existsSync(path(rel)),
    files: (under) =>
      existsSync(under === undefined ? dir : path(under)) ? listFiles(under === undefined ? dir : path(under)) : [],
    normalize: (text) => normalize(text, dir),
  };
}

/** Files under `root`, posix paths relative to it, sorted by code unit. */
export function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push(relative(root, full).split(sep).join("/"));
    }
  };
  walk(root);
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Makes CLI output comparable: the scratch path becomes `<project>` and timings `<time>`. */
export function normalize(text: string, projectDir: string): string {
  let out = text;
  const real = existsSync(projectDir) ? realpathSync(projectDir) : projectDir;
  for (const dir of new Set([projectDir, real])) out = out.split(dir).join("<project>");
  return out.replace(/\d+ ms\b/g, "<time>");
}

/** One line per diagnostic: `location  CODE  message`, in the order printed. */
export function diagnosticHeads(stderr: string): string[] {
  return stderr.split("\n").filter((line) => HEAD.test(line));
}

/** `file:line:col - error DT1234: message` (or `ductape-events - warning ...` where there is no file). */
const HEAD = /^(\S*) - ((?:error|warning) DT\d{4}): /;

/** The severity and code of a diagnostic's first line: `"error DT3006"`. */
export function severityAndCode(head: string): string {
  return HEAD.exec(head)?.[2] ?? head;
}

/** What a node stack frame looks like in text; user-input errors must never print one. */
export const STACK_FRAME = /\n\s+at .+:\d+:\d+/;

export interface CliOptions {
  /**
   * Variables set (a string) or removed (`undefined`) on top of the fixed child environment,
   * which has `NO_COLOR=1`: `{ NO_COLOR: undefined, FORCE_COLOR: "1" }` turns colours on.
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Kill the process (SIGKILL) after this long. Default: 45 s. */
  readonly timeoutMs?: number;
}

function cliEnv(options: CliOptions): NodeJS.ProcessEnv {
  const env = childEnv();
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

/** Runs the real CLI (`node dist/cli/main.js ...args`) in `cwd`, with environment changes, and collects its output. */
export function runCli(cwd: string, args: readonly string[], options: CliOptions = {}): Promise<RunResult> {
  return runNodeWithEnv([CLI, ...args], cwd, cliEnv(options), options.timeoutMs ?? 45_000);
}

/** A long-running CLI process (`watch`), with its output so far. */
export interface CliProcess {
  readonly child: ChildProcess;
  /** Everything printed on stdout so far. */
  stdout(): string;
  /** Everything printed on stderr so far. */
  stderr(): string;
  /** Whether the process has not exited yet. */
  alive(): boolean;
  /** Resolves when the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL if still running; safe to call any number of times (for afterEach/finally). */
  kill(): void;
}

/** Starts the real CLI in `cwd` without waiting for it; call `kill()` when done, whatever happens. */
export function startCli(cwd: string, args: readonly string[], options: CliOptions = {}): CliProcess {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd,
    env: cliEnv(options),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  let running = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on("error", (error) => {
      running = false;
      reject(error);
    });
    child.on("close", (code, signal) => {
      running = false;
      resolve({ code, signal });
    });
  });
  // A spawn error is reported by whoever awaits `exited`; never as an unhandled rejection.
  exited.catch(() => undefined);
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    alive: () => running,
    exited,
    kill: () => {
      if (running && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    },
  };
}

/**
 * Polls `check` every `intervalMs` until it returns something other than `undefined` or `false`,
 * and returns that; throws after `timeoutMs` with `describe()` (e.g. the process output) in the message.
 */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false,
  options: { timeoutMs?: number; intervalMs?: number; describe?: () => string } = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) {
      const extra = options.describe === undefined ? "" : `\n${options.describe()}`;
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${extra}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 10));
  }
}

/** An empty scratch project `.tmp/<prefix>-<random>/`, removed by `removeProjects` like copies of fixtures. */
export function emptyProject(prefix: string): Project {
  mkdirSync(SCRATCH, { recursive: true });
  const dir = mkdtempSync(join(SCRATCH, `${prefix}-`));
  created.push(dir);
  return projectAt(dir);
}

/**
 * Makes `ductape-events` resolve in a project that has its own package.json, as an install would:
 * `node_modules/ductape-events` becomes a link to this repository (removing the project removes
 * only the link).
 */
export function linkSelf(project: Project): void {
  mkdirSync(project.path("node_modules"), { recursive: true });
  symlinkSync(REPO, project.path("node_modules/ductape-events"), "dir");
}

/**
 * Whether `runCliOnTerminal` can work here: it needs util-linux `script` to give the child a
 * pseudo-terminal (Linux only; tests that need a terminal skip themselves elsewhere).
 */
export const CAN_RUN_ON_TERMINAL =
  process.platform === "linux" && ["/usr/bin/script", "/bin/script"].some((path) => existsSync(path));

/**
 * Runs the real CLI on a pseudo-terminal (through `script -qec`), so that `process.stdout.isTTY`
 * is true and prompts are shown, and types `input` into it. The terminal merges stderr into
 * stdout, echoes the input and ends lines with `\r\n`; `stdout` is returned with `\r` removed
 * and ANSI control sequences (cursor moves around the prompt) stripped.
 */
export function runCliOnTerminal(
  cwd: string,
  args: readonly string[],
  input: string,
  options: CliOptions = {},
): Promise<RunResult> {
  const quote = (word: string): string => `'${word.split("'").join("'\\''")}'`;
  const command = [process.execPath, CLI, ...args].map(quote).join(" ");
  return new Promise((resolve, reject) => {
    const child = spawn("script", ["-qec", command, "/dev/null"], {
      cwd,
      env: cliEnv(options),
      stdio: ["pipe", "pipe", "pipe"],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    // Typed ahead: the terminal keeps it until the CLI reads its answer. stdin stays open, since
    // `script` would end the session at its end.
    child.stdin.write(input);
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 45_000);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      child.stdin.destroy();
      const text = Buffer.concat(stdout).toString("utf8");
      resolve({
        code,
        stdout: text.replace(/\r/g, "").replace(/\u001b\[[0-9;?]*[A-Za-z]/g, ""),
        stderr: Buffer.concat(stderr).toString("utf8"),
      });
    });
  });
}
