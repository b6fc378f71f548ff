import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/cli/commands.js";
import { run } from "../../src/cli/run.js";

describe("COMMANDS", () => {
  it.each(Object.keys(COMMANDS))("%s: the usage line names every option the command takes", (name) => {
    const command = COMMANDS[name]!;
    expect(command.usage.startsWith(`ductape-events ${name}`)).toBe(true);
    const named = [...command.usage.matchAll(/--([a-z-]+)/g)].map((m) => m[1]);
    expect(named.sort()).toEqual(Object.keys(command.options).sort());
  });
});

describe("run", () => {
  it("turns anything a command throws into DT9001 and exit 3, never a rejected promise", async () => {
    let stderr = "";
    const io = {
      cwd: process.cwd(),
      stdout: () => {
        throw new Error("stdout is gone");
      },
      stderr: (text: string) => void (stderr += text),
      color: false,
      isTTY: false,
      env: {},
    };
    await expect(run(["--version"], io)).resolves.toBe(3);
    expect(stderr).toContain("error DT9001: Internal error: stdout is gone");
    expect(stderr).toContain("please report it");
  });
});
