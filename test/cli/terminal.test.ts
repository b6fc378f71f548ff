import { PassThrough } from "node:stream";
import { WriteStream } from "node:tty";
import { describe, expect, it } from "vitest";
import { colorFlag, terminalSettings, type Io, type OutputStream } from "../../src/cli/io.js";
import { progressPrinter } from "../../src/cli/progress.js";
import { askOnTerminal } from "../../src/cli/push.js";
import { run } from "../../src/cli/run.js";

/**
 * A terminal that answers `hasColors` with Node's own `tty.WriteStream` code (which reads only the
 * environment it is given), so the rules tested below are Node's, not a copy of them.
 */
const nodeHasColors = WriteStream.prototype.hasColors as (this: object, env: object) => boolean;
const terminal: OutputStream = {
  isTTY: true,
  hasColors: (env) => nodeHasColors.call({}, { TERM: "xterm-256color", ...env }),
};
/** A file or a pipe: no `isTTY`, no `hasColors`. */
const file: OutputStream = {};

describe("terminalSettings: each stream decides for itself", () => {
  it("`build 2>log` on a terminal: no colour and no progress in the log, prompts still possible", () => {
    expect(terminalSettings({ stdout: terminal, stderr: file }, {})).toEqual({
      color: false,
      isTTY: true,
      progress: false,
    });
  });

  it("`build >out.txt` on a terminal: diagnostics and progress on stderr keep colour and redraws", () => {
    expect(terminalSettings({ stdout: file, stderr: terminal }, {})).toEqual({
      color: true,
      isTTY: false,
      progress: true,
    });
  });

  it("asks the terminal with the environment: TERM=dumb and FORCE_COLOR=0 turn colour off", () => {
    expect(terminalSettings({ stdout: terminal, stderr: terminal }, { TERM: "dumb" })).toEqual({
      color: false,
      isTTY: true,
      progress: false,
    });
    expect(terminalSettings({ stdout: terminal, stderr: terminal }, { FORCE_COLOR: "0" }).color).toBe(false);
  });

  it("NO_COLOR wins everywhere; FORCE_COLOR colours a file or a pipe", () => {
    expect(terminalSettings({ stdout: terminal, stderr: terminal }, { NO_COLOR: "1", FORCE_COLOR: "1" }).color).toBe(
      false,
    );
    expect(terminalSettings({ stdout: file, stderr: file }, { FORCE_COLOR: "1" }).color).toBe(true);
    expect(terminalSettings({ stdout: file, stderr: file }, { FORCE_COLOR: "0" }).color).toBe(false);
    expect(terminalSettings({ stdout: file, stderr: file }, { NO_COLOR: "" }).color).toBe(false);
    // An empty NO_COLOR is no request (no-color.org), though Node's own hasColors counts it.
    expect(terminalSettings({ stdout: terminal, stderr: terminal }, { NO_COLOR: "" }).color).toBe(true);
  });
});

describe("--color and --no-color", () => {
  it("are taken out of the arguments wherever they stand; the last one wins", () => {
    expect(colorFlag(["build", "--strict"])).toEqual({ args: ["build", "--strict"], color: undefined });
    expect(colorFlag(["--no-color", "build", "--color"])).toEqual({ args: ["build"], color: true });
    expect(colorFlag(["build", "--color", "--no-color"])).toEqual({ args: ["build"], color: false });
  });

  function fakeIo(color: boolean): Io & { readonly err: () => string } {
    let err = "";
    return {
      cwd: process.cwd(),
      stdout: () => undefined,
      stderr: (text) => void (err += text),
      color,
      isTTY: false,
      env: {},
      err: () => err,
    };
  }

  it("override what the terminal and the environment decided", async () => {
    const off = fakeIo(true);
    expect(await run(["biuld", "--no-color"], off)).toBe(2);
    expect(off.err()).toContain("- error DT1006: ");
    expect(off.err()).not.toContain("\u001b[");
    const on = fakeIo(false);
    expect(await run(["--color", "biuld"], on)).toBe(2);
    expect(on.err()).toContain("\u001b[31merror DT1006\u001b[0m: ");
  });
});

describe("progressPrinter", () => {
  const io = (progress: boolean | undefined): Io & { readonly err: () => string } => {
    let err = "";
    return {
      cwd: "/",
      stdout: () => undefined,
      stderr: (text) => void (err += text),
      color: false,
      // stdout is a terminal in both cases: what counts is stderr, where the line is drawn.
      isTTY: true,
      ...(progress === undefined ? {} : { progress }),
      env: {},
      err: () => err,
    };
  };

  it("draws only where stderr is a terminal, and erases what it drew", () => {
    expect(progressPrinter(io(false))).toBeUndefined();
    expect(progressPrinter(io(undefined))).toBeUndefined();
    const shown = io(true);
    const printer = progressPrinter(shown)!;
    printer.update({ phase: "extract", done: 10, total: 100 });
    printer.clear();
    expect(shown.err()).toBe("\r\u001b[2Kreading event files 10/100\r\u001b[2K");
  });
});

describe("push's question on a terminal", () => {
  it.each([
    ["Ctrl-C", "\u0003"],
    ["Ctrl-D", "\u0004"],
  ])("%s is a no, and leaves the prompt line ended: nothing printed next lands on it", async (_, key) => {
    const input = new PassThrough();
    const output = Object.assign(new PassThrough(), { isTTY: true, columns: 80 });
    let shown = "";
    output.on("data", (chunk: Buffer) => (shown += chunk.toString()));
    const answer = askOnTerminal("Push 2 changes to the workspace? [y/N] ", { input, output });
    setTimeout(() => input.write(key), 10);
    expect(await answer).toBe(false);
    expect(shown).toContain("Push 2 changes to the workspace? [y/N] ");
    expect(shown.endsWith("\n")).toBe(true);
  });

  it("y is a yes", async () => {
    const input = new PassThrough();
    const answer = askOnTerminal("Push? [y/N] ", { input, output: new PassThrough() });
    setTimeout(() => input.write("y\n"), 10);
    expect(await answer).toBe(true);
  });
});
