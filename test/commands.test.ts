import { describe, expect, it } from "vitest";
import { COMMANDS } from "../src/cli/commands.js";

describe("COMMANDS", () => {
  it.each(Object.keys(COMMANDS))("%s: the usage line names every option the command takes", (name) => {
    const command = COMMANDS[name]!;
    expect(command.usage.startsWith(`ductape-events ${name}`)).toBe(true);
    const named = [...command.usage.matchAll(/--([a-z-]+)/g)].map((m) => m[1]);
    expect(named.sort()).toEqual(Object.keys(command.options).sort());
  });
});
