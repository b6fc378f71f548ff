import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fg from "fast-glob";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { extract, type ExtractResult } from "../../src/extract/index.js";
import { parseWithTypeScript } from "../../src/extract/from-typescript-ast.js";
import { parsing } from "../../src/extract/loader.js";
import { parseModuleText } from "../../src/syntax/parse.js";
import { fixtureProjects } from "../helpers/project.js";
import { fileScratchDir, REPO } from "../helpers/tmp.js";

// Our parser (src/syntax/parse.ts) must read every file it accepts exactly as TypeScript's
// parser does (same tree, hence the same values, spans and messages), must decline every file
// TypeScript rejects, and must accept the files real projects are made of.

afterEach(() => {
  parsing.mode = "fast";
});

/** Our tree for `text`, or undefined where our parser declines; then TypeScript's must match it. */
function expectSameTree(text: string, name = "/p/file.ts"): boolean {
  const fast = parseModuleText(text);
  if (fast === undefined) return false;
  const typescript = parseWithTypeScript(name, text, 3);
  expect(typescript.kind, `TypeScript rejects a file our parser accepted:\n${text}`).toBe("parsed");
  if (typescript.kind === "parsed") expect(fast, text).toStrictEqual(typescript.file);
  return true;
}

/** Extracts `files` with our parser and forced through TypeScript; both must agree exactly. */
function extractBothWays(files: readonly string[], readFile?: (path: string) => string): ExtractResult {
  const input = readFile === undefined ? { files } : { files, readFile };
  const before = { ...parsing.counts };
  parsing.mode = "typescript";
  const viaTypeScript = extract(input);
  parsing.mode = "fast";
  const counted = { ...parsing.counts };
  const fast = extract(input);
  expect(counted.fast).toBe(before.fast);
  expect(fast).toStrictEqual(viaTypeScript);
  return fast;
}

/** A generated benchmark project (bench/generate.mjs): its event files and helpers. */
const BENCH = fileScratchDir("parse-bench");
execFileSync(process.execPath, [join(REPO, "bench", "generate.mjs"), "60", BENCH], { stdio: "ignore" });
const BENCH_PROJECT = join(BENCH, "project");

function tsFiles(cwd: string, patterns: string[]): string[] {
  return fg.sync(patterns, { cwd, absolute: true, ignore: ["**/node_modules/**", "**/generated/**"] }).sort();
}

describe("our parser on real files", () => {
  it("gives TypeScript's tree for every file it accepts: fixtures, templates, benchmark, and this repo's sources", () => {
    const files = [
      ...tsFiles(REPO, ["templates/**/*.ts", "src/**/*.ts", "test/**/*.ts", "bench/**/*.ts"]),
      ...tsFiles(BENCH_PROJECT, ["**/*.ts"]),
    ];
    let accepted = 0;
    for (const file of files) if (expectSameTree(readFileSync(file, "utf8"), file)) accepted += 1;
    expect(accepted).toBeGreaterThan(100);
  });

  it("takes every event and helper file of the benchmark project and the example projects", () => {
    const projects = [
      "templates/init",
      "test/cases/valid/project",
      "test/fixtures/corpus",
      "test/fixtures/loop-shop",
      "test/fixtures/loop-warning",
    ];
    const declined = [...projects.map((p) => join(REPO, p)), BENCH_PROJECT]
      .flatMap((dir) => tsFiles(dir, ["**/*.ts"]))
      .filter((file) => !file.endsWith("ductape.config.ts"))
      .filter((file) => parseModuleText(readFileSync(file, "utf8")) === undefined);
    expect(declined).toEqual([]);

    const files = tsFiles(BENCH_PROJECT, ["events/**/*.event.ts"]);
    const before = { ...parsing.counts };
    const result = extract({ files });
    expect(parsing.counts.declined - before.declined).toBe(0);
    // The events and their helper files.
    expect(parsing.counts.fast - before.fast).toBe(files.length + 2);
    expect(result.events).toHaveLength(files.length);
  });

  it("extracts every fixture project alike with our parser and through TypeScript", () => {
    const projects = fixtureProjects().map(({ dir }) => dir);
    for (const project of [...projects, join(REPO, "templates"), BENCH_PROJECT]) {
      const files = tsFiles(project, ["**/*.event.ts"]);
      if (files.length > 0) extractBothWays(files);
    }
  });

  it("declines the syntax TypeScript reports, so that its messages stay TypeScript's", () => {
    const rejected = [
      `const a = 010;`,
      `const a = 08;`,
      `const a = '\\01';`,
      `const a = 0x_1;`,
      `const a = 1__0;`,
      `const a = 1_;`,
      `const a = 3in;`,
      `const a = "unterminated`,
      `const a = 1 const b = 2;`,
      `export default defineEvent({ a: 1 } b);`,
      `const a = { b: 1 c: 2 };`,
      `const a;`,
      `import { a } from;`,
      `export default { get };`,
      `const a = [1,, 2];`,
      `/* unterminated`,
    ];
    for (const text of rejected) {
      expect(parseModuleText(text), text).toBeUndefined();
    }
  });

  it("reports numbers a double does not hold alike, in event, helper and JSON files, whichever parser reads them", () => {
    const files = new Map([
      [
        "/p/events/a.event.ts",
        `import { defineEvent } from "ductape-events";\nimport { helper } from "./h.js";\nimport doc from "./d.json";\nexport default defineEvent({ sample: { body: { id: 820982911946154508, helper, doc } } });`,
      ],
      // A function: our parser declines this file, so TypeScript reads it even in the fast mode.
      [
        "/p/events/h.ts",
        `export function f() {}\nexport const helper = { n: 0.1000000000000000055511151231257827, m: 9007199254740992 };`,
      ],
      ["/p/events/d.json", `{ "id": -1234567890123456789, "x": 1.00000000000000011, "ok": 0.1 }`],
    ]);
    const readFile = (file: string): string => {
      const text = files.get(file);
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${file}`), { code: "ENOENT" });
      return text;
    };
    const result = extractBothWays(["/p/events/a.event.ts"], readFile);
    expect(result.diagnostics.map((d) => `${d.code} ${d.message.split(" ")[0]} ${d.span?.file}`)).toEqual([
      "DT2014 sample.body.id: /p/events/a.event.ts",
      "DT2014 sample.body.helper.n: /p/events/h.ts",
      "DT2014 sample.body.helper.m: /p/events/h.ts",
      "DT2014 sample.body.doc.id: /p/events/d.json",
      "DT2014 sample.body.doc.x: /p/events/d.json",
    ]);
  });

  it("counts a byte order mark and every kind of line break as TypeScript does", () => {
    const body = `import { a } from "./a.js";\r\nexport const b = {\r  c: a, // note\r\n  d: [1, 2],\n};\r\n`;
    expect(expectSameTree(`\uFEFF${body}`)).toBe(true);
    expect(expectSameTree(body.replaceAll("\r\n", "\n"))).toBe(true);
    // A line break ends a statement, except where the next line goes on with the expression.
    expect(expectSameTree(`const a = b\n(c)\nconst d = e\n.f\nconst g = h\n["i"]`)).toBe(true);
    expect(expectSameTree(`const a = 1\n-2`)).toBe(false);
    expect(expectSameTree(`const a = b\nas const`)).toBe(false);
  });

  it("reads numbers and strings as JavaScript does", () => {
    const numbers = ["0", "1.5", ".5", "1.", "1e3", "1E-3", "1.e2", "1_000.000_1", "0x1F", "0XfF", "0b101", "0o17"];
    const strings = [
      `"\\n\\t\\r\\b\\f\\v\\0"`,
      `'\\x41\\u0042\\u{1F600}\\u{41}'`,
      `"a\\\nb"`,
      `"\\'\\"\\\\"`,
      "`plain ${1}`",
    ];
    for (const literal of [...numbers, ...strings, "9007199254740993", "1e400", "0x1fffffffffffff1"]) {
      expect(expectSameTree(`export const a = ${literal};`), literal).toBe(!literal.includes("${"));
    }
  });
});

describe("a cold build of an ordinary project", () => {
  it("does not load TypeScript (in a fresh process of the built package)", () => {
    // The bench's ductape.config.ts is JavaScript as it stands, so the config loader runs it as
    // written; the disk cache is off, so no transpiled code is taken from it either.
    const probe = join(BENCH, "probe.mjs");
    writeFileSync(
      probe,
      [
        'import { createRequire } from "node:module";',
        `const { build } = await import(${JSON.stringify(join(REPO, "dist", "index.js"))});`,
        `const result = await build({ cwd: ${JSON.stringify(BENCH_PROJECT)}, diskCache: false });`,
        "const loaded = Object.keys(createRequire(import.meta.url).cache);",
        "const heavy = loaded.filter((path) => /[\\/\\\\](typescript|ts-morph|@ts-morph)[\\/\\\\]/.test(path));",
        "console.log(JSON.stringify({ cached: result.cached, errors: result.diagnostics.filter((d) => d.severity === 'error').length, events: result.events.length, heavy }));",
      ].join("\n"),
    );
    const run = JSON.parse(execFileSync(process.execPath, [probe], { encoding: "utf8" })) as Record<string, unknown>;
    expect(run).toEqual({ cached: false, errors: 0, events: 60, heavy: [] });
    rmSync(join(BENCH_PROJECT, "generated"), { recursive: true, force: true });
  });
});

// ---------------------------------------------------------------------------------------------
// Generated sources: programs of the subset and beyond it, with every kind of spacing, and
// mutations of them. Whatever our parser accepts must be TypeScript's tree, and extraction must
// give the same result either way.

const space = fc.constantFrom(" ", " ", "", "\n", "\r\n", "\r", "\t", "/* c */", "/* a\nb */", "// c\n", "\n\n");
const name = fc.constantFrom("a", "b", "A", "_x", "$", "x1", "undefined", "NaN", "as", "type", "from", "of", "get");
const key = fc.oneof(name, fc.constantFrom("default", "new", '"k-1"', "'k'", "1", "1e3", "0x10", ".5", "[K]", '["a"]'));

/** Parts of a string's text: mostly what strings hold, sometimes what our parser declines or TypeScript rejects. */
const stringPart = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.constantFrom(
      ...["a", " ", "é", "\\n", "\\x41", "\\u0042", "\\u{1F600}", "\\0", "\\'", '\\"', "\\\\", "\\\n", "\\\r\n"],
      ...["$", "\\r\\n", "\\t"],
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom("\\u{110000}", "\\01", "\\8", "\\q", "\u2028", "${", "`", "'", '"', "\n") },
);
const stringLiteral = fc
  .tuple(fc.constantFrom('"', "'", "`"), fc.array(stringPart, { maxLength: 4 }))
  .map(([quote, parts]) => `${quote}${parts.join("")}${quote}`);
const numberLiteral = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      ...["0", "1", "1.5", ".5", "1e3", "1E-3", "1_000", "0x1F", "0b101", "0o17", "1.", "9007199254740993"],
      ...["1e400", "0.1e+2", "0.0", "0X1_F", "1_0.0_1e1_0"],
      // Numbers a double does not hold exactly (DT2014), which both parsers must report alike.
      ...["820982911946154508", "0.1000000000000000055511151231257827", "1e-400", "0xFFFF_FFFF_FFFF_FFFF_F"],
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom("010", "08", "1n", "0x_1", "1__0", "00", "1e", "5_", "0b2", "1.5.1") },
);

/** Expressions: the subset, and a few things beyond it. */
const { expression } = fc.letrec<{ expression: string; member: string }>((tie) => ({
  expression: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    stringLiteral,
    numberLiteral,
    name,
    fc.constantFrom("true", "false", "null", "this", "new Date()", "() => 1", "`a${x}b`", "a + b", "/re/", "1n"),
    fc.tuple(fc.constantFrom("-", "+", "!", "- -", "typeof "), tie("expression")).map(([op, e]) => `${op}${e}`),
    fc.tuple(tie("expression"), space).map(([e, s]) => `(${s}${e}${s})`),
    fc
      .tuple(tie("expression"), space, fc.constantFrom("as const", "as T", "satisfies Record<string, unknown>"))
      .map(([e, s, suffix]) => `${e}${s}${suffix}`),
    fc.constantFrom("x as A.B<C[], D | 'e'>[]", "x as unknown as T", "x satisfies (T)", "<T>x", "x as {}"),
    fc.tuple(tie("expression"), space).map(([e, s]) => `${e}${s}!`),
    fc.tuple(tie("expression"), space, key).map(([e, s, k]) => `${e}${s}.${k}`),
    fc.tuple(tie("expression"), space, tie("expression")).map(([e, s, i]) => `${e}${s}[${i}]`),
    fc
      .tuple(fc.array(fc.tuple(fc.boolean(), tie("expression")), { maxLength: 3 }), space, fc.boolean())
      .map(([elements, s, comma]) => {
        const list = elements.map(([spread, e]) => (spread ? `...${e}` : e)).join(`,${s}`);
        return `[${s}${list}${comma && elements.length > 0 ? "," : ""}]`;
      }),
    fc
      .tuple(fc.array(tie("member"), { maxLength: 3 }), space, fc.boolean())
      .map(([members, s, comma]) => `{${s}${members.join(`,${s}`)}${comma && members.length > 0 ? "," : ""}${s}}`),
    fc
      .tuple(fc.constantFrom("f", "defineEvent", "ns.defineEvent"), fc.array(tie("expression"), { maxLength: 2 }))
      .map(([callee, args]) => `${callee}(${args.join(", ")})`),
  ),
  member: fc.oneof(
    fc.tuple(key, space, tie("expression")).map(([k, s, e]) => `${k}${s}:${s}${e}`),
    name,
    tie("expression").map((e) => `...${e}`),
    fc.constantFrom("get x() { return 1 }", "m() {}", "a = 1", "async x() {}", "[K]"),
  ),
}));

/** Top-level statements: imports, exports, declarations, and some that our parser declines. */
const statement = fc.oneof(
  fc.constantFrom(
    `import { defineEvent } from "ductape-events";`,
    `import * as ns from "./h.js"`,
    `import def, { a as b, type T, default as d } from "./h.js";`,
    `import type { X } from "./t.js";`,
    `import type X from "./t.js";`,
    `import "./side.js";`,
    `import data from "./d.json" with { type: "json" };`,
    `import { j } from "./d.json" with { "type": "json", other: "x", };`,
    `import x = require("x");`,
    `export { a as b, c };`,
    `export { default, a as "s" } from "./h.js";`,
    `export type { T } from "./t.js";`,
    `export * from "./h.js"`,
    `export * as ns from "./h.js";`,
    `export function f() {}`,
    `type X = {};`,
    `interface I {}`,
    `export type Money = { amount: number; readonly currency?: "usd" | 'eur', tags: string[] }`,
    `export interface Line { sku: string\n  qty: [number, A.B<C>]; "x-y": (A | B)[] }`,
    `type F = () => void;`,
    `interface J extends I {}`,
    `type\nX = 1`,
    `type G<T> = T;`,
    `type Q = { m(): void };`,
    `declare const d: number;`,
    `const enum C { A }`,
    `;`,
  ),
  fc
    .tuple(fc.constantFrom("", "export "), fc.constantFrom("const", "let", "var"), name, fc.boolean(), expression)
    .map(([ex, keyword, n, typed, e]) => `${ex}${keyword} ${n}${typed ? ": Record<string, T[]>" : ""} = ${e}`),
  fc
    .tuple(fc.constantFrom("", "export "), fc.array(fc.tuple(key, fc.option(expression)), { maxLength: 3 }))
    .map(([ex, members]) => `${ex}enum E { ${members.map(([k, e]) => (e === null ? k : `${k} = ${e}`)).join(", ")} }`),
  expression.map((e) => `export default ${e}`),
);

const program = fc
  .array(fc.tuple(space, statement, fc.constantFrom(";", "", "\n", " ")), { maxLength: 4 })
  .map((parts) => parts.map(([s, text, end]) => `${s}${text}${end}`).join(""));

/** Programs with characters inserted, deleted or cut off: mostly broken, sometimes still valid. */
const mutated = fc
  .tuple(
    program,
    fc.array(
      fc.tuple(fc.nat(), fc.constantFrom("delete", "cut", ...`"'\`\\\n()[]{},;:.-!<>=/*a0_ $#?\u2028\uFEFF`.split(""))),
      { minLength: 1, maxLength: 3 },
    ),
  )
  .map(([text, edits]) => {
    let out = text;
    for (const [at, edit] of edits) {
      const i = out.length === 0 ? 0 : at % (out.length + 1);
      if (edit === "delete") out = out.slice(0, i) + out.slice(i + 1);
      else if (edit === "cut") out = out.slice(0, i);
      else out = out.slice(0, i) + edit + out.slice(i);
    }
    return out;
  });

/** An event file whose definition reads values of its own and of a helper file. */
const eventFile = fc
  .tuple(program, expression, space)
  .map(([body, definition, s]) =>
    [
      `import { defineEvent } from "ductape-events";`,
      `import * as ns from "./h.js";`,
      `import { a, b as B } from "./h.js";`,
      body,
      `export default defineEvent(${s}${definition}${s});`,
    ].join("\n"),
  );

describe("our parser on generated sources", () => {
  it("accepts only what TypeScript accepts, and reads it as TypeScript does", () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof(program, mutated), (text) => {
        if (expectSameTree(text)) accepted += 1;
      }),
      { numRuns: 6000 },
    );
    // Not vacuous: about a sixth of the sources are accepted (the rest go beyond the subset).
    expect(accepted).toBeGreaterThan(500);
  });

  it("accepts the subset: plain event files in any layout", () => {
    const plainValue = fc.letrec<{ value: string }>((tie) => ({
      value: fc.oneof(
        { depthSize: "small" },
        fc.constantFrom('"text"', "'x'", "`t`", "1", "-2.5", "1e3", "true", "null", "API_VERSION", "Currency.Usd"),
        fc.array(tie("value"), { maxLength: 3 }).map((items) => `[${items.join(", ")}]`),
        fc
          .array(fc.tuple(fc.constantFrom("id", '"x-id"', "type", "default", "2"), tie("value")), { maxLength: 3 })
          .map((entries) => `{ ${entries.map(([k, v]) => `${k}: ${v}`).join(",\n ")} }`),
        tie("value").map((v) => `{ ...shared, extra: ${v} }`),
        tie("value").map((v) => `(${v}) as const`),
      ),
    }));
    fc.assert(
      fc.property(plainValue.value, space, (value, s) => {
        const text = [
          `import { defineEvent } from "ductape-events";`,
          `import { API_VERSION, Currency } from "../shared/objects.js";`,
          `const shared = { a: 1 } as const${s}`,
          `export enum Kind { A, B = "b" }`,
          `export default defineEvent({${s}name: "N", sample: { body: ${value} }${s}})${s};`,
        ].join(s.includes("\n") ? s : "\n");
        expect(expectSameTree(text), text).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("gives the same extraction with our parser and through TypeScript", () => {
    fc.assert(
      fc.property(fc.oneof(program, mutated, eventFile), program, (eventText, helperText) => {
        const files = new Map([
          ["/p/events/a.event.ts", eventText],
          ["/p/events/h.ts", helperText],
        ]);
        const readFile = (path: string): string => {
          const text = files.get(path);
          if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: "ENOENT" });
          return text;
        };
        extractBothWays(["/p/events/a.event.ts"], readFile);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("JavaScript-only mode (configs that run as written)", () => {
  it("accepts plain JavaScript and declines every construct only TypeScript has", () => {
    const plain = [
      'import { defineConfig } from "ductape-events";\nexport default defineConfig({ outDir: "out" });',
      'import * as paths from "./paths.js";\nconst dir = paths.OUT;\nexport default { outDir: dir, strict: true };',
      'export { OUT } from "./paths.js";\nexport const events = ["a/**/*.event.ts", ...[]];',
    ];
    for (const text of plain) expect(parseModuleText(text, { javascript: true }), text).toBeDefined();
    const typescriptOnly = [
      "const a: string = 'x';",
      "type A = string;",
      "interface A { a: string }",
      "enum A { B }",
      "export default ({ a: 1 }) as const;",
      "export default { a: 1 } satisfies object;",
      "const a = b!;",
      'import type { A } from "./a.js";',
      'import { type A } from "./a.js";',
      'export type { A } from "./a.js";',
    ];
    for (const text of typescriptOnly) {
      expect(parseModuleText(text), text).toBeDefined();
      expect(parseModuleText(text, { javascript: true }), text).toBeUndefined();
    }
  });
});
