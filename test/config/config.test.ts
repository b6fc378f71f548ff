import { execFileSync } from "node:child_process";
import { readdirSync, rmSync, symlinkSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { configLocator, loadConfig } from "../../src/config/index.js";
import { parseModuleText } from "../../src/syntax/parse.js";
import { assertCliBuilt } from "../helpers/project.js";
import { REPO, scratchDir, writeTree } from "../helpers/tmp.js";

describe("loadConfig", () => {
  it("uses the defaults when there is no config file", async () => {
    const dir = scratchDir("config-none");
    const result = await loadConfig({ cwd: dir });
    expect(result).toEqual({
      ok: true,
      diagnostics: [],
      config: {
        configFile: undefined,
        rootDir: dir,
        events: ["events/**/*.event.ts"],
        ignore: [],
        outDir: join(dir, "generated"),
        strict: false,
        remote: undefined,
        sync: { api: "classic", concurrency: 4, retries: 3, retryDelayMs: 500, timeoutMs: 30_000 },
        formats: [],
      },
      sources: new Map(),
      // A config file appearing under any of these names would be loaded (watch mode reloads then).
      inputs: ["ductape.config.ts", "ductape.config.mts", "ductape.config.js", "ductape.config.mjs"].map((name) =>
        join(dir, name),
      ),
    });
  });

  // Read by our parser, and by TypeScript's (a class makes ours decline).
  it.each(["", "class Unused {}\n"])(
    "places a problem in options spread in from another module at the spread",
    async (tail) => {
      const dir = scratchDir("config-spread");
      writeTree(dir, {
        "base.mjs":
          'export const first = { strict: false };\nexport const base = { outdir: "generated" };\nexport const retry = { retrys: 2 };\nexport const whole = { sync: { concurency: 2 } };\n',
        "ductape.config.mjs": `import { first, base, retry } from "./base.mjs";\n\nexport default {\n  ...first, ...base,\n  sync: { ...retry },\n};\n${tail}`,
      });
      const result = await loadConfig({ cwd: dir });
      // The last spread into the key's object (a later one overrides an earlier one's keys).
      expect(result.diagnostics.map((d) => [d.code, d.span?.start])).toEqual([
        ["DT1004", { line: 4, column: 13 }],
        ["DT1004", { line: 5, column: 11 }],
      ]);
      // A nested key that came with a spread of a whole object: at that spread.
      writeTree(dir, {
        "ductape.config.mjs": `import { whole } from "./base.mjs";\n\nexport default {\n  ...whole,\n};\n${tail}`,
      });
      expect((await loadConfig({ cwd: dir })).diagnostics.map((d) => [d.code, d.span?.start])).toEqual([
        ["DT1004", { line: 4, column: 3 }],
      ]);
    },
  );

  it("suggests a nested option by a longer or shorter name for it", async () => {
    const dir = scratchDir("config-nested-names");
    writeTree(dir, { "ductape.config.mjs": 'export default { docs: { output: "site" }, sync: { timeout: 5 } };\n' });
    const result = await loadConfig({ cwd: dir });
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      'Unknown config option "docs.output". Did you mean "out"?',
      'Unknown config option "sync.timeout". Did you mean "timeoutMs"?',
    ]);
  });

  it("reports the folders' problems beside the other options' at once, unless an option they read is wrong", async () => {
    const dir = scratchDir("config-all-at-once");
    writeTree(dir, { "package.json": "{}\n" });
    const codes = async (config: string) => {
      writeTree(dir, { "ductape.config.mjs": config });
      const result = await loadConfig({ cwd: dir });
      expect(result.ok).toBe(false);
      return result.diagnostics.map((d) => [d.code, d.span?.start.line]);
    };
    // A misspelt format, an outDir that is a file and a docs folder inside outDir: three problems, one run.
    const three =
      'export default {\n  formats: ["opnapi"],\n  outDir: "package.json",\n  docs: { out: "package.json/site" },\n};\n';
    expect(await codes(three)).toEqual([
      ["DT1012", 2],
      ["DT1005", 3],
      ["DT1017", 4],
      ["DT1005", 4],
    ]);
    // A problem in an option a check does not read holds it back no more: the title is not the folder.
    const title =
      'export default {\n  outDir: "package.json",\n  docs: { out: "src", title: "" },\n  events: "src/**/*.event.ts",\n};\n';
    expect((await codes(title)).map(([code]) => code)).toEqual(["DT1005", "DT1005", "DT1018"]);
    // A receive setting of the wrong type beside a docs folder among the event sources.
    const docsAmongEvents =
      'export default {\n  receive: null,\n  events: "src/**/*.event.ts",\n  docs: { out: "src" },\n};\n';
    expect((await codes(docsAmongEvents)).map(([code]) => code)).toEqual(["DT1005", "DT1018"]);
    // A misspelt key under docs is where the folder was meant to be: the docs check waits for it.
    writeTree(dir, { "event-docs": "a file where the default docs folder would go\n" });
    expect(await codes('export default {\n  docs: { output: "site" },\n};\n')).toEqual([["DT1004", 2]]);
    // An unknown option may be one the folder checks read, misspelt: they wait for it.
    expect(await codes('export default {\n  evnts: "src/**/*.event.ts",\n  docs: { out: "src" },\n};\n')).toEqual([
      ["DT1004", 2],
    ]);
  });

  it("refuses an outDir that is a file or lies below one (DT1005 at outDir), with a config and without", async () => {
    const dir = scratchDir("config-outdir-file");
    writeTree(dir, {
      "package.json": "{}\n",
      "ductape.config.mjs": 'export default {\n  outDir: "package.json",\n};\n',
    });
    const result = await loadConfig({ cwd: dir });
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map((d) => [d.code, d.message, d.span?.start])).toEqual([
      [
        "DT1005",
        'Config option "outDir" must be a folder, or a path where one can be made, got "package.json", a file.',
        { line: 2, column: 3 },
      ],
    ]);
    writeTree(dir, { "ductape.config.mjs": 'export default { outDir: "package.json/gen" };\n' });
    expect((await loadConfig({ cwd: dir })).diagnostics[0]?.message).toContain('got "package.json/gen", below a file.');
    symlinkSync(join(dir, "nowhere"), join(dir, "dangling"));
    symlinkSync(join(dir, "loop"), join(dir, "loop"));
    for (const [outDir, got] of [
      ["dangling", '"dangling", a link to nothing.'],
      ["loop", '"loop", which cannot be used (ELOOP).'],
    ]) {
      writeTree(dir, { "ductape.config.mjs": `export default { outDir: ${JSON.stringify(outDir)} };\n` });
      expect((await loadConfig({ cwd: dir })).diagnostics[0]?.message, outDir).toContain(`got ${got}`);
    }
    const bare = scratchDir("config-outdir-default-file");
    writeTree(bare, { generated: "not a folder\n" });
    const defaults = await loadConfig({ cwd: bare });
    expect(defaults.diagnostics.map((d) => [d.code, d.span])).toEqual([["DT1005", undefined]]);
  });

  it("executes a TypeScript config with package and relative TypeScript imports, leaving no files behind", async () => {
    const dir = scratchDir("config-ts");
    writeTree(dir, {
      "ductape.config.ts": [
        'import { defineConfig } from "ductape-events";',
        'import { OUT } from "./paths.js";',
        'const events: string[] = ["defs/**/*.event.ts"];',
        "export default defineConfig({ events, outDir: OUT });",
      ].join("\n"),
      "paths.ts": 'export const OUT: string = "types/out";\n',
    });
    const before = readdirSync(dir).sort();
    const result = await loadConfig({ cwd: dir });
    expect(result.ok && result.config).toMatchObject({
      events: ["defs/**/*.event.ts"],
      outDir: join(dir, "types/out"),
    });
    expect(readdirSync(dir).sort()).toEqual(before);
    // What watch mode reloads the config for: the names looked for, each module run, and the paths
    // tried for its relative imports (up to the one found); not packages.
    expect(result.inputs?.map((path) => path.slice(dir.length + 1))).toEqual([
      "ductape.config.ts",
      "ductape.config.mts",
      "ductape.config.js",
      "ductape.config.mjs",
      "paths.ts",
    ]);
  });

  it("follows a relative import to the file an event file's import would name: `./x.js` is x.ts before x.js", async () => {
    // TypeScript's order, which extraction follows too (candidateFiles): a stale x.js beside its
    // source must not win for the config alone.
    const dir = scratchDir("config-source-first");
    writeTree(dir, {
      "ductape.config.ts": [
        'import { defineConfig } from "ductape-events";',
        'import { OUT } from "./paths.js";',
        "export default defineConfig({ outDir: OUT });",
      ].join("\n"),
      "paths.ts": 'export const OUT: string = "from-ts";\n',
      "paths.js": 'export const OUT = "from-js";\n',
    });
    const result = await loadConfig({ cwd: dir });
    expect(result.ok && result.config.outDir).toBe(join(dir, "from-ts"));
  });

  it("loads at once without meeting each other's temporary files, and runs the config each time", async () => {
    const dir = scratchDir("config-concurrent");
    writeTree(dir, {
      "ductape.config.ts":
        'import { OUT } from "./paths.js";\nexport default { outDir: OUT + "-" + String(++(globalThis as { runs?: number }).runs!) };\n',
      "paths.ts": 'export const OUT: string = "out";\n',
    });
    (globalThis as { runs?: number }).runs = 0;
    const results = await Promise.all(Array.from({ length: 8 }, () => loadConfig({ cwd: dir })));
    expect(results.map((r) => r.diagnostics)).toEqual(results.map(() => []));
    const outDirs = results.map((r) => (r.ok ? r.config.outDir.slice(dir.length + 1) : ""));
    expect(outDirs.sort()).toEqual(Array.from({ length: 8 }, (_, i) => `out-${i + 1}`).sort());
    expect(readdirSync(dir).sort()).toEqual(["ductape.config.ts", "paths.ts"]);
  });

  it("loads a JSON file or JavaScript module a TypeScript config imports afresh after an edit (Node, in one process)", () => {
    // Run by Node itself: vitest's module runner would hide what Node's module cache does.
    assertCliBuilt();
    const dir = scratchDir("config-json-afresh");
    writeTree(dir, {
      "ductape.config.ts":
        'import settings from "./settings.json" with { type: "json" };\nimport { extra } from "./extra.js";\nexport default { outDir: settings.outDir + extra };\n',
      "settings.json": '{ "outDir": "one" }',
      "extra.js": 'export const extra = "-a";\n',
    });
    const script = [
      `import { loadConfig } from ${JSON.stringify(pathToFileURL(join(REPO, "dist/config/index.js")).href)};`,
      'import { writeFileSync } from "node:fs";',
      `const dir = ${JSON.stringify(dir)};`,
      "const first = await loadConfig({ cwd: dir });",
      'writeFileSync(dir + "/settings.json", \'{ "outDir": "two" }\');',
      'writeFileSync(dir + "/extra.js", \'export const extra = "-b";\\n\');',
      "const second = await loadConfig({ cwd: dir });",
      "console.log(JSON.stringify([first.config?.outDir, second.config?.outDir]));",
    ].join("\n");
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    expect(JSON.parse(out)).toEqual([join(dir, "one-a"), join(dir, "two-b")]);
  });

  it("cannot tell the inputs of a JavaScript config, which Node imports", async () => {
    const dir = scratchDir("config-js");
    writeTree(dir, {
      "ductape.config.mjs": 'import "./other.mjs";\nexport default { outDir: "out" };\n',
      "other.mjs": "",
    });
    const result = await loadConfig({ cwd: dir });
    expect(result.ok && result.config.outDir).toBe(join(dir, "out"));
    expect(result.inputs).toBeUndefined();
  });

  it("runs a config that is JavaScript as it stands, with relative imports of JavaScript and TypeScript", async () => {
    // Plain JavaScript is run as written (without loading TypeScript); paths.ts needs transpiling.
    const dir = scratchDir("config-plain");
    writeTree(dir, {
      "ductape.config.ts": [
        'import { defineConfig } from "ductape-events";',
        'import { OUT } from "./paths.js";',
        'import { GLOBS } from "./globs.js";',
        "export default defineConfig({ events: [...GLOBS], outDir: OUT, strict: true });",
      ].join("\n"),
      "paths.ts": 'export const OUT: string = "types/out";\n',
      "globs.ts": 'export const GLOBS = ["defs/**/*.event.ts"];\n',
    });
    const before = readdirSync(dir).sort();
    const result = await loadConfig({ cwd: dir });
    expect(result.ok && result.config).toMatchObject({
      events: ["defs/**/*.event.ts"],
      outDir: join(dir, "types/out"),
    });
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it("drops what TypeScript drops even when the rest is plain JavaScript: unused imports, empty clauses", async () => {
    // Running the text as written would run boom.ts, which TypeScript's output never imports.
    const dropped = [
      ['import { Unused } from "./boom.js";'],
      ['import {} from "./boom.js";'],
      ['export {} from "./boom.js";'],
    ];
    for (const [index, lines] of dropped.entries()) {
      const dir = scratchDir(`config-dropped-${index}`);
      writeTree(dir, {
        "ductape.config.ts": [
          'import { defineConfig } from "ductape-events";',
          ...lines,
          'export default defineConfig({ events: ["defs/**/*.event.ts"] });',
        ].join("\n"),
        "boom.ts": 'throw new Error("boom.ts must not run");\nexport const Unused = 1;\n',
      });
      const result = await loadConfig({ cwd: dir });
      expect(result.ok && result.config.events, lines.join(" ")).toEqual(["defs/**/*.event.ts"]);
    }
  });

  it("runs a JavaScript config again once it is edited (watch mode loads it in one process)", async () => {
    const dir = scratchDir("config-js-edit");
    const config = (outDir: string) => `export default { outDir: ${JSON.stringify(outDir)} };\n`;
    writeTree(dir, { "ductape.config.mjs": config("one") });
    const first = await loadConfig({ cwd: dir });
    writeTree(dir, { "ductape.config.mjs": config("two") });
    const second = await loadConfig({ cwd: dir });
    expect([first.ok && first.config.outDir, second.ok && second.config.outDir]).toEqual([
      join(dir, "one"),
      join(dir, "two"),
    ]);
  });

  it("reports unknown keys with a did-you-mean and wrong types, at the key", async () => {
    const dir = scratchDir("config-bad");
    writeTree(dir, {
      "ductape.config.ts": 'export default {\n  outdir: "x",\n  events: 42,\n};\n',
    });
    const result = await loadConfig({ cwd: dir });
    expect(result.ok).toBe(false);
    expect(
      result.diagnostics.map((d) => `${d.code} ${d.span?.start.line}:${d.span?.start.column} ${d.message}`),
    ).toEqual([
      'DT1005 3:3 Config option "events" must be a glob string or an array of non-empty glob strings, got a number.',
      'DT1004 2:3 Unknown config option "outdir". Did you mean "outDir"?',
    ]);
  });

  it("takes every default written out (ignore: [] included); events: [] is still an error", async () => {
    const dir = scratchDir("config-defaults-written");
    writeTree(dir, {
      "ductape.config.mjs":
        'export default { events: "events/**/*.event.ts", ignore: [], outDir: "generated", strict: false };\n',
    });
    const ok = await loadConfig({ cwd: dir });
    expect(ok.diagnostics).toEqual([]);
    expect(ok.ok && ok.config.ignore).toEqual([]);
    writeTree(dir, { "ductape.config.mjs": "export default { events: [], ignore: [''] };\n" });
    const bad = await loadConfig({ cwd: dir });
    expect(bad.diagnostics.map((d) => d.message)).toEqual([
      'Config option "events" must be a glob string or an array of non-empty glob strings, got an empty array.',
      'Config option "ignore" must be a glob string or an array of non-empty glob strings (or []), got an array holding a blank string.',
    ]);
  });

  it("takes sync.timeoutMs as a whole number of milliseconds from 1, beside the other sync settings", async () => {
    const dir = scratchDir("config-sync-ok");
    writeTree(dir, { "ductape.config.mjs": "export default { sync: { timeoutMs: 250, retries: 0 } };\n" });
    const ok = await loadConfig({ cwd: dir });
    expect(ok.ok && ok.config.sync).toEqual({
      api: "classic",
      concurrency: 4,
      retries: 0,
      retryDelayMs: 500,
      timeoutMs: 250,
    });
  });

  it("takes sync.api as the platform API's generation, classic by default; any other value is DT1005 at the key", async () => {
    const dir = scratchDir("config-sync-api");
    writeTree(dir, { "ductape.config.mjs": 'export default { sync: { api: "selectors" } };\n' });
    const ok = await loadConfig({ cwd: dir });
    expect(ok.ok && ok.config.sync.api).toBe("selectors");
    // Written out as undefined, a setting keeps its default.
    writeTree(dir, { "ductape.config.mjs": "export default { sync: { api: undefined, retries: undefined } };\n" });
    const defaults = await loadConfig({ cwd: dir });
    expect(defaults.ok && [defaults.config.sync.api, defaults.config.sync.retries]).toEqual(["classic", 3]);
    const bad = scratchDir("config-sync-api-bad");
    writeTree(bad, {
      "ductape.config.ts": 'export default {\n  sync: {\n    retries: 1,\n    api: "2024",\n    apy: 2,\n  },\n};\n',
    });
    const result = await loadConfig({ cwd: bad });
    expect(
      result.diagnostics.map((d) => `${d.code} ${d.span?.start.line}:${d.span?.start.column} ${d.message}`),
    ).toEqual([
      'DT1005 4:5 Config option "sync.api" must be "classic" (the documented API, events without a selector) or "selectors" (the API whose events carry a $Event{...} selector), got "2024".',
      'DT1004 5:5 Unknown config option "sync.apy". Did you mean "api"?',
    ]);
    // A value close to an allowed one is suggested.
    writeTree(bad, { "ductape.config.ts": 'export default { sync: { api: "selector" } };\n' });
    const near = await loadConfig({ cwd: bad });
    expect(near.diagnostics.map((d) => d.message)).toEqual([
      expect.stringMatching(/got "selector"\. Did you mean "selectors"\?$/),
    ]);
  });

  it("names each wrong sync setting on its own, at its key, with a did-you-mean for unknown ones", async () => {
    const dir = scratchDir("config-sync-bad");
    writeTree(dir, {
      "ductape.config.ts": [
        "export default {",
        "  sync: {",
        "    timeoutMs: 0,",
        "    concurency: 2,",
        '    retries: "3",',
        "    retryDelayMs: 1.5,",
        "  },",
        "};",
      ].join("\n"),
    });
    const result = await loadConfig({ cwd: dir });
    expect(
      result.diagnostics.map((d) => `${d.code} ${d.span?.start.line}:${d.span?.start.column} ${d.message}`),
    ).toEqual([
      'DT1004 4:5 Unknown config option "sync.concurency". Did you mean "concurrency"?',
      'DT1005 5:5 Config option "sync.retries" must be a whole number from 0, got "3".',
      'DT1005 6:5 Config option "sync.retryDelayMs" must be a whole number from 0, got 1.5.',
      'DT1005 3:5 Config option "sync.timeoutMs" must be a whole number from 1, got 0.',
    ]);
    // A nested key is pointed at where it is nested, even when the same name is used above it.
    const nested = scratchDir("config-sync-nested");
    writeTree(nested, {
      "ductape.config.ts":
        "export default {\n  retries: 2,\n  sync: {\n    retries: -1,\n    timeoutMs: 3000000000,\n  },\n};",
    });
    expect(
      (await loadConfig({ cwd: nested })).diagnostics.map((d) => `${d.code} ${d.span?.start.line} ${d.message}`),
    ).toEqual([
      'DT1004 2 Unknown config option "retries".',
      'DT1005 4 Config option "sync.retries" must be a whole number from 0, got -1.',
      'DT1005 5 Config option "sync.timeoutMs" must be at most 2147483647 (milliseconds), got 3000000000.',
    ]);
    // The exported config's keys win over same-named keys elsewhere in the file, and keys are
    // found through `as const` and `satisfies`.
    const exported = scratchDir("config-sync-exported");
    writeTree(exported, {
      "ductape.config.ts": [
        "const client = { strict: true, sync: { retries: 2 } };",
        "export default {",
        "  remote: () => client,",
        '  strict: "yes",',
        "  sync: { retries: -1, timeoutMs: 0 } as const satisfies object,",
        "};",
      ].join("\n"),
    });
    expect(
      (await loadConfig({ cwd: exported })).diagnostics.map(
        (d) => `${d.span?.start.line}:${d.span?.start.column} ${d.code}`,
      ),
    ).toEqual(["4:3 DT1005", "5:11 DT1005", "5:24 DT1005"]);
    const notObject = scratchDir("config-sync-object");
    writeTree(notObject, { "ductape.config.mjs": "export default { sync: [1] };\n" });
    expect((await loadConfig({ cwd: notObject })).diagnostics.map((d) => d.message)).toEqual([
      'Config option "sync" must be an object with optional api, concurrency, retries, retryDelayMs, timeoutMs, got an array holding a number.',
    ]);
  });

  it("takes outDir with forward slashes only, so that a shared config means one folder everywhere", async () => {
    const dir = scratchDir("config-outdir-backslash");
    writeTree(dir, { "ductape.config.mjs": 'export default { outDir: ".\\\\gen\\\\types" };\n' });
    const result = await loadConfig({ cwd: dir });
    expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      'DT1005 Config option "outDir" must be a path with forward slashes, which every system reads alike, got ".\\\\gen\\\\types".',
    ]);
  });

  it("turns a syntax error into a located diagnostic", async () => {
    const dir = scratchDir("config-syntax");
    writeTree(dir, { "ductape.config.ts": 'export default {\n  events: ["a"\n};\n' });
    const result = await loadConfig({ cwd: dir });
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({ code: "DT1002", span: { start: { line: 3 } } });
  });

  it("turns a throwing config into a diagnostic, keeping the cause", async () => {
    const dir = scratchDir("config-throws");
    writeTree(dir, { "ductape.config.ts": 'throw new Error("boom");\n' });
    const result = await loadConfig({ cwd: dir });
    expect(result.diagnostics[0]).toMatchObject({
      code: "DT1002",
      message: "The config file could not be loaded: boom",
    });
    expect(result.diagnostics[0]?.cause).toBeInstanceOf(Error);
  });

  it("reports a missing --config file and a config without a default export", async () => {
    const dir = scratchDir("config-missing");
    expect((await loadConfig({ cwd: dir, configFile: "nope.ts" })).diagnostics[0]?.code).toBe("DT1001");
    // An event file named by --config is said to be one, not run as a config of unknown options.
    writeTree(dir, { "events/a.event.ts": 'export default { name: "A", tag: "w:a", sample: {} };\n' });
    expect((await loadConfig({ cwd: dir, configFile: "events/a.event.ts" })).diagnostics.map((d) => d.message)).toEqual(
      ['The config file "events/a.event.ts" is an event file, not a config file.'],
    );
    // A default export that is no object is pointed at.
    writeTree(dir, {
      "ductape.config.mjs":
        "// Usage: export default a function\nconst settings = () => ({});\nexport default settings;\n",
    });
    expect((await loadConfig({ cwd: dir })).diagnostics.map((d) => [d.code, d.span?.start])).toEqual([
      ["DT1003", { line: 3, column: 1 }],
    ]);
    // Among named exports too; a re-export from a module whose name holds "default" is no default export.
    writeTree(dir, {
      "default-helpers.mjs": "export const x = 1;\n",
      "ductape.config.mjs":
        'export { x } from "./default-helpers.mjs";\nconst limit = 5;\nexport { limit as default };\n',
    });
    expect((await loadConfig({ cwd: dir })).diagnostics.map((d) => [d.code, d.span?.start])).toEqual([
      ["DT1003", { line: 3, column: 1 }],
    ]);
    rmSync(join(dir, "ductape.config.mjs"));
    writeTree(dir, { "ductape.config.ts": "export const x = 1;\n" });
    expect((await loadConfig({ cwd: dir })).diagnostics[0]?.message).toBe(
      "The config's default export must be an object, got no default export.",
    );
  });

  it("a Promise or a class instance as the default export is DT1003, not a config of defaults", async () => {
    const dir = scratchDir("config-not-plain");
    for (const [source, got] of [
      ['export default Promise.resolve({ outDir: "x" });\n', "a Promise"],
      ["export default new Date(0);\n", "an instance of Date"],
      ["export default new (class Settings {})();\n", "an instance of Settings"],
    ] as const) {
      writeTree(dir, { "ductape.config.mjs": source });
      const result = await loadConfig({ cwd: dir });
      expect(result.ok).toBe(false);
      expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([
        ["DT1003", `The config's default export must be an object, got ${got}.`],
      ]);
    }
    writeTree(dir, { "ductape.config.mjs": 'export default Object.assign(Object.create(null), { outDir: "x" });\n' });
    expect((await loadConfig({ cwd: dir })).ok).toBe(true);
  });
});

// The same answers whether our parser reads the config or declines it (a class) for TypeScript.
describe.each([
  ["our parser", ""],
  ["TypeScript", "class Unused {}\n"],
])("configLocator (%s): where an option, or one string of its value, is written", (_parser, tail) => {
  const text = [
    'const shared = { events: ["other/**/*.event.ts"], outDir: "elsewhere" };',
    "export default {",
    "  ...shared,",
    '  events: ["events/**/*.event.ts", `more/*.event.ts`] as const,',
    "  sync: { retries: 2 } satisfies object,",
    "};",
    tail,
  ].join("\n");
  const locate = configLocator("/p/ductape.config.ts", text);

  it("is read by the parser named", () => {
    expect(parseModuleText(text) === undefined).toBe(tail !== "");
  });
  const at = (key: string, value?: string) => {
    const span = locate(key, value);
    return span === undefined ? undefined : `${span.start.line}:${span.start.column}-${span.end.column}`;
  };

  it("finds a string inside an array, inside export default first, then anywhere", () => {
    expect(at("events", "more/*.event.ts")).toBe("4:36-53");
    expect(at("events", "other/**/*.event.ts")).toBe("1:27-48");
  });

  it("falls back to the key, by path then by name, and says when the source does not write it", () => {
    expect(at("events", "missing/**")).toBe("4:3-9");
    expect(at("outDir")).toBe("1:51-57");
    expect(at("sync.retries")).toBe("5:11-18");
    expect(at("ignore")).toBeUndefined();
  });
});
