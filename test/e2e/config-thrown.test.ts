import { beforeAll, describe, expect, it } from "vitest";
import { assertCliBuilt, diagnosticHeads, runCli, STACK_FRAME } from "../helpers/project.js";
import { scratchDir, writeTree } from "../helpers/tmp.js";

/**
 * A config that throws while it runs is reported where it threw, in the file the user wrote,
 * with that line in the code frame: through TypeScript's transpiling (which drops lines), the
 * import specifiers the temporary modules rewrite, and into the modules the config imports.
 */

beforeAll(() => assertCliBuilt());

async function thrown(tree: Record<string, string>): Promise<{ head: string; stderr: string }> {
  const dir = scratchDir("config-thrown");
  writeTree(dir, tree);
  const result = await runCli(dir, ["build"]);
  expect(result.code).toBe(2);
  expect(result.stderr).not.toMatch(STACK_FRAME);
  const heads = diagnosticHeads(result.stderr);
  expect(heads).toHaveLength(1);
  return { head: heads[0]!, stderr: result.stderr };
}

describe("a config that throws is placed where it threw", () => {
  it("in TypeScript whose types the transpiled code has dropped, so that lines moved", async () => {
    const config = [
      "interface Settings {",
      "  readonly out: string;",
      "}",
      "type Maybe = Settings | undefined;",
      "const settings: Maybe = undefined as Maybe;",
      "export default { outDir: settings!.out };",
      "",
    ].join("\n");
    const { head, stderr } = await thrown({ "ductape.config.ts": config });
    expect(head).toMatch(/^ductape\.config\.ts:6:36 - error DT1002: The config file could not be loaded: Cannot read /);
    expect(stderr).toContain("> 6 | export default { outDir: settings!.out };");
  });

  it("after an import on the same line, whose specifier the temporary module rewrote", async () => {
    const { head } = await thrown({
      "ductape.config.ts": 'import { flag } from "./flag.js"; if (flag) throw new Error("on");\nexport default {};\n',
      "flag.ts": "export const flag: boolean = true;\n",
    });
    expect(head).toBe("ductape.config.ts:1:51 - error DT1002: The config file could not be loaded: on");
  });

  it("in a module the config imports, shown with that module's line", async () => {
    const { head, stderr } = await thrown({
      "ductape.config.ts": 'import { out } from "./lib/out.js";\nexport default { outDir: out() };\n',
      "lib/out.ts": "export function out(): string {\n  const none: string[] = [];\n  return none[0]!.trim();\n}\n",
    });
    expect(head).toMatch(/^lib\/out\.ts:3:19 - error DT1002: /);
    expect(stderr).toContain("> 3 |   return none[0]!.trim();");
  });

  it("in JavaScript, which runs as written", async () => {
    const { head, stderr } = await thrown({
      "ductape.config.mjs": "const o = {};\n\nexport default { outDir: o.a.b };\n",
    });
    expect(head).toMatch(/^ductape\.config\.mjs:3:30 - error DT1002: /);
    expect(stderr).toContain("> 3 | export default { outDir: o.a.b };");
  });
});
