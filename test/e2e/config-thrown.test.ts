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

  it("after two imports on one line, each rewritten to a longer URL", async () => {
    const { head } = await thrown({
      "ductape.config.ts":
        'import { a } from "./a.js"; import { b } from "./b.js"; if (a && b) throw new Error("both");\nexport default {};\n',
      "a.ts": "export const a: boolean = true;\n",
      "b.ts": "export const b: boolean = true;\n",
    });
    expect(head).toBe("ductape.config.ts:1:75 - error DT1002: The config file could not be loaded: both");
  });

  it("by its stack's frames, not by a URL its message holds", async () => {
    const { head } = await thrown({
      "ductape.config.ts": "const where: string = import.meta.url;\nthrow new Error(`bad config at ${where}`);\n",
    });
    expect(head).toMatch(/^ductape\.config\.ts:2:7 - error DT1002: /);
  });

  it("in a JavaScript module the config imports, and at the config's call of a package that threw", async () => {
    const helper = "export function out() {\n  const none = [];\n  return none[0].trim();\n}\n";
    const { head, stderr } = await thrown({
      "ductape.config.ts": 'import { out } from "./lib/out.mjs";\nexport default { outDir: out() };\n',
      "lib/out.mjs": helper,
    });
    expect(head).toMatch(/^lib\/out\.mjs:3:18 - error DT1002: /);
    expect(stderr).toContain("> 3 |   return none[0].trim();");
    const fromPackage = await thrown({
      "node_modules/strict-parse/package.json": '{ "name": "strict-parse", "type": "module", "main": "index.js" }\n',
      "node_modules/strict-parse/index.js":
        "export function parse(text) {\n  throw new Error(`cannot parse ${text}`);\n}\n",
      "ductape.config.ts": 'import { parse } from "strict-parse";\n\nexport default parse("outDir: [");\n',
    });
    expect(fromPackage.head).toMatch(/^ductape\.config\.ts:3:16 - error DT1002: .*cannot parse outDir: \[$/);
  });

  it("a syntax error in a JavaScript config, and in a TypeScript module it imports, with a code frame", async () => {
    const js = await thrown({ "ductape.config.mjs": "const a = 1;\nconst x = ;\nexport default {};\n" });
    expect(js.head).toMatch(/^ductape\.config\.mjs:2:11 - error DT1002: /);
    expect(js.stderr).toContain("> 2 | const x = ;");
    const ts = await thrown({
      "ductape.config.ts": 'import { out } from "./bad.js";\nexport default { outDir: out };\n',
      "bad.ts": 'export const out: string = "x";\nexport const broken = { a: 1 b: 2 };\n',
    });
    expect(ts.head).toMatch(/^bad\.ts:2:30 - error DT1002: /);
    expect(ts.stderr).toContain("hint: Correct the syntax at the place shown");
    expect(ts.stderr).toContain("> 2 | export const broken = { a: 1 b: 2 };");
  });

  it("a package not installed: at its import, with what to do", async () => {
    const { head, stderr } = await thrown({
      "ductape.config.ts": '// Loads "dotenv" first: settings from .env\nimport "dotenv/config";\nexport default {};\n',
    });
    expect(head).toMatch(/^ductape\.config\.ts:2:8 - error DT1002: .*Cannot find package 'dotenv' imported from /);
    expect(stderr).toContain("hint: Install it (npm install dotenv), or correct the name in the import.");
  });

  it("a .js config Node loads is left to it: a package.json without a type, export default only in a comment", async () => {
    for (const [pkg, config] of [
      ['{ "name": "app" }\n', 'export default { outDir: "generated" };\n'],
      [
        '{ "name": "app", "type": "commonjs" }\n',
        '/*\nexport default { outDir: "x" };\n*/\nmodule.exports = { outDir: "generated" };\n',
      ],
    ] as const) {
      const dir = scratchDir("config-js-loads");
      writeTree(dir, { "package.json": pkg, "ductape.config.js": config, "events/.keep": "" });
      const result = await runCli(dir, ["build"]);
      expect(result.stderr, config).not.toContain("DT1002");
    }
  });

  it("import and export in a .js file that its package makes CommonJS: said so, without Node's warning", async () => {
    const { head, stderr } = await thrown({
      "package.json": '{ "name": "app", "type": "commonjs" }\n',
      "ductape.config.js": '// The shop\'s events\n  export default { outDir: "generated" };\n',
    });
    expect(head).toBe(
      'ductape.config.js:2:3 - error DT1002: The config file could not be loaded: ductape.config.js uses import or export, but its package.json says "type": "commonjs"',
    );
    expect(stderr).toContain(
      'hint: Rename it to ductape.config.mjs (or .ts), or set "type": "module" in that package.json.',
    );
    expect(stderr).not.toContain("Warning");
  });

  it("in JavaScript, which runs as written", async () => {
    const { head, stderr } = await thrown({
      "ductape.config.mjs": "const o = {};\n\nexport default { outDir: o.a.b };\n",
    });
    expect(head).toMatch(/^ductape\.config\.mjs:3:30 - error DT1002: /);
    expect(stderr).toContain("> 3 | export default { outDir: o.a.b };");
    // A SyntaxError raised while it runs is placed like any other error.
    const parsed = await thrown({ "ductape.config.mjs": 'const a = 1;\n\nexport default JSON.parse("{ not json");\n' });
    expect(parsed.head).toMatch(/^ductape\.config\.mjs:3:21 - error DT1002: .*JSON/);
  });
});
