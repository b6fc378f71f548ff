import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Diagnostic, Span } from "../../src/diagnostics/diagnostic.js";
import { extract, type ExtractResult, type LiteralObject, type LiteralValue } from "../../src/extract/index.js";
import { keySpanOf, spanOf } from "../../src/extract/values.js";
import { parsing } from "../../src/extract/loader.js";

const ROOT = "/project";
const IMPORT = `import { defineEvent } from "ductape-events";`;

/** Temporary folders of tests that use the real file system. */
const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** Extracts an in-memory project given as `{ "events/a.event.ts": "..." }`; `*.event.ts` files are the events. */
function extractProject(files: Record<string, string>): ExtractResult & { readCalls: string[] } {
  const byPath = new Map(Object.entries(files).map(([name, text]) => [`${ROOT}/${name}`, text]));
  const readCalls: string[] = [];
  const result = extract({
    files: [...byPath.keys()].filter((file) => file.endsWith(".event.ts")).sort(),
    readFile: (file) => {
      readCalls.push(file);
      const text = byPath.get(file);
      if (text === undefined) throw new Error(`ENOENT: no such file, open '${file}'`);
      return text;
    },
  });
  return { ...result, readCalls };
}

/** Extracts one event file whose source is `lines` joined, so that tests can count lines. */
function extractEvent(...lines: string[]): ExtractResult {
  return extractProject({ "events/e.event.ts": lines.join("\n") });
}

/** An event file exporting `defineEvent(<argument>)` on its second line. */
function eventSource(argument: string): string {
  return `${IMPORT}\nexport default defineEvent(${argument});\n`;
}

/** Plain JSON of an extracted value; `defineProperty` keeps keys such as `__proto__` as own data. */
function toJson(value: LiteralValue): unknown {
  switch (value.kind) {
    case "null":
      return null;
    case "array":
      return value.elements.map(toJson);
    case "object": {
      const object: Record<string, unknown> = {};
      for (const { key, value: property } of value.properties) {
        Object.defineProperty(object, key, {
          value: toJson(property),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return object;
    }
    default:
      return value.value;
  }
}

/** The only event's definition; fails the test when anything was reported. */
function definitionOf(result: ExtractResult): LiteralObject {
  expect(result.diagnostics).toEqual([]);
  expect(result.events).toHaveLength(1);
  return result.events[0]!.definition;
}

function jsonOf(result: ExtractResult): unknown {
  return toJson(definitionOf(result));
}

/** `sample.body`'s JSON, for tests that put their values there. */
function bodyOf(result: ExtractResult): unknown {
  return (jsonOf(result) as { sample: { body: unknown } }).sample.body;
}

/** An event whose `sample.body` is `body`, after the `declarations` lines (from line 2 on). */
function bodyEvent(body: string, ...declarations: string[]): ExtractResult {
  return extractEvent(IMPORT, ...declarations, `export default defineEvent({ sample: { body: ${body} } });`);
}

/** Each diagnostic as `CODE file:line:column`, with files relative to the project. */
function problems(result: ExtractResult): string[] {
  return result.diagnostics.map((d) => `${d.code} ${where(d.span)}`);
}

function where(span: Span | undefined): string {
  if (span === undefined) return "-";
  return `${path.relative(ROOT, span.file)}:${span.start.line}:${span.start.column}`;
}

function onlyDiagnostic(result: ExtractResult): Diagnostic {
  expect(result.diagnostics).toHaveLength(1);
  return result.diagnostics[0]!;
}

/** The value at a path of keys and indexes inside a definition. */
function valueAt(root: LiteralValue, ...steps: (string | number)[]): LiteralValue {
  let node = root;
  for (const step of steps) {
    if (node.kind === "object") node = node.properties.find((p) => p.key === step)!.value;
    else if (node.kind === "array") node = node.elements[step as number]!;
    else throw new Error(`cannot step into ${node.kind}`);
  }
  return node;
}

function spanText(span: Span): string {
  return `${path.relative(ROOT, span.file)}:${span.start.line}:${span.start.column}-${span.end.line}:${span.end.column}`;
}

describe("literals", () => {
  it("reads strings, numbers, booleans, null, arrays and objects", () => {
    const result = bodyEvent(
      `{ s: "a\\"b", t: \`tpl\`, n: 42, f: -12.5, p: +3, hex: 0x1F, bin: 0b101, oct: 0o17, exp: 1e3, sep: 1_000, neg: - -2, yes: true, no: false, nil: null, list: [1, "two", [3]], nested: { deep: { ok: true } }, empty: {}, none: [] }`,
    );
    expect(bodyOf(result)).toEqual({
      s: 'a"b',
      t: "tpl",
      n: 42,
      f: -12.5,
      p: 3,
      hex: 31,
      bin: 5,
      oct: 15,
      exp: 1000,
      sep: 1000,
      neg: 2,
      yes: true,
      no: false,
      nil: null,
      list: [1, "two", [3]],
      nested: { deep: { ok: true } },
      empty: {},
      none: [],
    });
  });

  it("reads identifier, string, numeric, computed and shorthand keys", () => {
    const result = bodyEvent(
      `{ plain: 1, "quoted-key": 2, 1e3: 3, 0x10: 4, 1.50: 5, ["computed"]: 6, [KEY]: 7, [NUM]: 8, [\`tpl\`]: 9, EVENT }`,
      `const KEY = "from-const";`,
      `const NUM = 42;`,
      `const EVENT = "new-transaction";`,
    );
    expect(bodyOf(result)).toEqual({
      plain: 1,
      "quoted-key": 2,
      "1000": 3,
      "16": 4,
      "1.5": 5,
      computed: 6,
      "from-const": 7,
      "42": 8,
      tpl: 9,
      EVENT: "new-transaction",
    });
  });

  it("looks through as const, as, satisfies, non-null, type assertions and parentheses", () => {
    const result = bodyEvent(
      `{ a: "x" as const, b: (1 as number), c: { d: 2 } satisfies object, e: E!, f: <string>"y", g: ((["z"])) }`,
      `const E = 3;`,
    );
    expect(bodyOf(result)).toEqual({ a: "x", b: 1, c: { d: 2 }, e: 3, f: "y", g: ["z"] });
  });

  it("keeps __proto__, constructor and other prototype names as ordinary keys", () => {
    const result = bodyEvent(
      `{ __proto__: { polluted: true }, ["__proto__"]: 1, constructor: "c", hasOwnProperty: 2, toString: [] }`,
    );
    const body = valueAt(definitionOf(result), "sample", "body") as LiteralObject;
    // The literal `__proto__` and the computed one are the same key here: data, not a prototype.
    expect(body.properties.map((p) => p.key)).toEqual(["__proto__", "constructor", "hasOwnProperty", "toString"]);
    const json = bodyOf(result) as Record<string, unknown>;
    expect(Object.getOwnPropertyDescriptor(json, "__proto__")?.value).toBe(1);
    expect(json["constructor"]).toBe("c");
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("reads unicode keys and values and very long strings", () => {
    const long = "x".repeat(200_000);
    const result = bodyEvent(`{ "ключ": "значение", café: "☕", emoji: "😀", long: "${long}" }`);
    expect(bodyOf(result)).toEqual({ ключ: "значение", café: "☕", emoji: "😀", long });
  });
});

describe("spans", () => {
  it("locates values and keys, without leading comments", () => {
    const result = extractEvent(
      IMPORT,
      `export default defineEvent({`,
      `  name: /* why */ "N",`,
      `  "tag": "t",`,
      `  sample: { body: { n: -1 } },`,
      `});`,
    );
    const root = definitionOf(result);
    expect(spanText(spanOf(root))).toBe("events/e.event.ts:2:28-6:2");
    const [name, tag] = root.properties;
    expect(spanText(keySpanOf(name!))).toBe("events/e.event.ts:3:3-3:7");
    expect(spanText(spanOf(name!.value))).toBe("events/e.event.ts:3:19-3:22");
    expect(spanText(keySpanOf(tag!))).toBe("events/e.event.ts:4:3-4:8");
    expect(spanText(spanOf(valueAt(root, "sample", "body", "n")))).toBe("events/e.event.ts:5:24-5:26");
  });

  it("locates a value from a const or an import where the literal is written", () => {
    const result = extractProject({
      "events/e.event.ts": [
        IMPORT,
        `import { shared } from "../shared.js";`,
        `const LOCAL = "l";`,
        `export default defineEvent({ a: LOCAL, b: shared, LOCAL });`,
      ].join("\n"),
      "shared.ts": `export const shared = { x: 1 };`,
    });
    const root = definitionOf(result);
    const [a, b, shorthand] = root.properties;
    expect(spanText(spanOf(a!.value))).toBe("events/e.event.ts:3:15-3:18");
    expect(spanText(spanOf(b!.value))).toBe("shared.ts:1:23-1:31");
    expect(spanText(b!.value.kind === "object" ? keySpanOf(b!.value.properties[0]!) : spanOf(b!.value))).toBe(
      "shared.ts:1:25-1:26",
    );
    expect(spanText(keySpanOf(shorthand!))).toBe("events/e.event.ts:4:51-4:56");
  });
});

describe("spreads", () => {
  it("lets later keys replace values while keeping the first key's position", () => {
    const result = bodyEvent(`{ a: 1, ...BASE, b: "mine", c: 3 }`, `const BASE = { b: "base", z: 26, a: "base" };`);
    const body = valueAt(definitionOf(result), "sample", "body") as LiteralObject;
    expect(body.properties.map((p) => p.key)).toEqual(["a", "b", "z", "c"]);
    expect(bodyOf(result)).toEqual({ a: "base", b: "mine", z: 26, c: 3 });
    // A spread-in key keeps its location in the file that declared it.
    expect(where(keySpanOf(body.properties[2]!))).toBe("events/e.event.ts:2:27");
  });

  it("keeps JavaScript's order and values for objects of many keys, written and spread in", () => {
    // Past a few keys, repeated keys are found through an index: both ways must agree with JS.
    const keys = Array.from({ length: 40 }, (_, i) => `k${i}`);
    const base = `{ ${keys.map((k, i) => `${k}: ${i}`).join(", ")} }`;
    const own = keys.filter((_, i) => i % 3 === 0).map((k) => `${k}: "own-${k}"`);
    const literal = `{ k39: "first", ${own.slice(0, 5).join(", ")}, ...BASE, ${own.slice(5).join(", ")}, k0: "last", extra: true }`;
    const result = bodyEvent(literal, `const BASE = ${base};`);
    const BASE = Object.fromEntries(keys.map((k, i) => [k, i]));
    const ownValues = Object.fromEntries(keys.filter((_, i) => i % 3 === 0).map((k) => [k, `own-${k}`]));
    const first5 = Object.fromEntries(Object.entries(ownValues).slice(0, 5));
    const rest = Object.fromEntries(Object.entries(ownValues).slice(5));
    const expected = { k39: "first", ...first5, ...BASE, ...rest, k0: "last", extra: true };
    const body = valueAt(definitionOf(result), "sample", "body") as LiteralObject;
    expect(body.properties.map((p) => p.key)).toEqual(Object.keys(expected));
    expect(bodyOf(result)).toEqual(expected);
  });

  it("spreads arrays into arrays", () => {
    const result = bodyEvent(`[0, ...A, ...[3], ...B]`, `const A = [1, 2];`, `const B = [] as const;`);
    expect(bodyOf(result)).toEqual([0, 1, 2, 3]);
  });

  it("rejects spreading the wrong kind of value", () => {
    const result = bodyEvent(`{ o: { ...LIST }, l: [...OBJ] }`, `const LIST = [1];`, `const OBJ = { a: 1 };`);
    expect(problems(result)).toEqual(["DT2009 events/e.event.ts:4:53", "DT2009 events/e.event.ts:4:68"]);
    expect(result.diagnostics[0]!.message).toBe("sample.body.o: only objects can be spread here.");
    expect(result.diagnostics[1]!.message).toBe("sample.body.l[0]: only arrays can be spread here.");
  });
});

describe("consts", () => {
  it("resolves consts declared before or after their use, through chains", () => {
    const result = extractEvent(
      IMPORT,
      `const BEFORE = "b";`,
      `export default defineEvent({ sample: { body: { before: BEFORE, after: AFTER, chain: C } } });`,
      `const AFTER = "a";`,
      `const C = B, B = A, A = 1;`,
    );
    expect(bodyOf(result)).toEqual({ before: "b", after: "a", chain: 1 });
    expect(problems(result)).toEqual([]);
  });

  it("reads properties and elements of const objects and arrays", () => {
    const result = bodyEvent(
      `{ h: SHARED.headers, x: SHARED.headers["x-sig"], first: ARR[0], second: ARR["1"], i: ARR[I], deep: SHARED.list[1].id }`,
      `const SHARED = { headers: { "x-sig": "abc" }, list: [{ id: 1 }, { id: 2 }] };`,
      `const ARR = ["a", "b"];`,
      `const I = 1;`,
    );
    expect(bodyOf(result)).toEqual({ h: { "x-sig": "abc" }, x: "abc", first: "a", second: "b", i: "b", deep: 2 });
  });

  it("reports let and var bindings, asking for const", () => {
    const result = bodyEvent(`{ a: L, b: V }`, `let L = 1;`, `var V = 2;`);
    expect(problems(result)).toEqual(["DT2004 events/e.event.ts:4:51", "DT2004 events/e.event.ts:4:57"]);
    expect(result.diagnostics[0]!.message).toContain("sample.body.a: `L`, a let binding (declare it with const)");
    expect(result.diagnostics[1]!.message).toContain("`V`, a var binding");
    expect(result.events).toEqual([]);
  });

  it("reports a property or element that is not there", () => {
    const result = bodyEvent(
      `{ a: OBJ.missing, b: ARR[5], c: OBJ.a.length }`,
      `const OBJ = { a: "x" };`,
      `const ARR = [1];`,
    );
    expect(result.diagnostics.map((d) => d.message.split(" cannot")[0])).toEqual([
      "sample.body.a: `OBJ.missing`, a property the object does not have",
      "sample.body.b: `ARR[5]`, an element the array does not have",
      "sample.body.c: `OBJ.a.length`, a property of a string",
    ]);
  });

  it("reports names that hold no data: functions, classes, destructuring, declared consts", () => {
    const result = bodyEvent(
      `[f, C, a, D]`,
      `function f() {}`,
      `class C {}`,
      `const { a } = { a: 1 };`,
      `declare const D: string;`,
    );
    expect(result.diagnostics.map((d) => d.message.split(" cannot be read")[0])).toEqual([
      "sample.body[0]: the function `f`",
      "sample.body[1]: the class `C`",
      "sample.body[2]: `a`, bound by destructuring",
      "sample.body[3]: `D`, a const without a value",
    ]);
  });

  it("reports computed keys and indexes that are not strings or numbers", () => {
    const result = bodyEvent(`{ [FLAG]: 1, x: ARR[FLAG] }`, `const FLAG = true;`, `const ARR = [1];`);
    expect(result.diagnostics.map((d) => d.message.split(" cannot be read")[0])).toEqual([
      "sample.body: a computed key that is a boolean `[FLAG]`",
      "sample.body.x: an index that is a boolean `FLAG`",
    ]);
  });

  it("reports unknown names", () => {
    const result = bodyEvent(`{ a: nowhere }`);
    expect(problems(result)).toEqual(["DT2005 events/e.event.ts:2:51"]);
    expect(result.diagnostics[0]!.message).toBe(
      'sample.body.a: "nowhere" is not a const declared in this file or imported from a relative file.',
    );
  });

  it("reports circular consts once, without overflowing", () => {
    const result = bodyEvent(`{ a: A, self: SELF }`, `const A = { b: B };`, `const B = [A];`, `const SELF = SELF;`);
    expect(problems(result)).toEqual(["DT2008 events/e.event.ts:3:12", "DT2008 events/e.event.ts:4:14"]);
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      '"A" refers to itself through a chain of constants: A -> B -> A.',
      '"SELF" refers to itself.',
    ]);
  });

  it("names a chain of constants across files once per step, imports included", () => {
    const result = extractProject({
      "events/e.event.ts": [IMPORT, `import { A } from "./a.js";`, `export default defineEvent({ a: A });`].join("\n"),
      "events/a.ts": `import { B } from "./b.js";\nexport const A = { b: B };`,
      "events/b.ts": `import * as ns from "./a.js";\nexport const B = [ns.A];`,
    });
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      '"A" refers to itself through a chain of constants: A -> B -> A.',
    ]);
    const named = extractProject({
      "events/e.event.ts": [IMPORT, `import { A } from "./a.js";`, `export default defineEvent({ a: A });`].join("\n"),
      "events/a.ts": `import { B } from "./b.js";\nexport const A = { b: B };`,
      "events/b.ts": `import { A } from "./a.js";\nexport const B = [A];`,
    });
    expect(named.diagnostics.map((d) => d.message)).toEqual([
      '"A" refers to itself through a chain of constants: A -> B -> A.',
    ]);
  });

  it("reports a problem inside a shared const once however often it is used", () => {
    const result = bodyEvent(`{ a: BAD, b: BAD, c: [BAD] }`, `const BAD = make();`);
    expect(problems(result)).toEqual(["DT2004 events/e.event.ts:2:13"]);
    expect(result.diagnostics[0]!.message).toContain("sample.body.a: a function call `make()`");
  });
});

describe("enums", () => {
  const kinds = `enum Kind { Card = "card", Bank = "bank" }`;

  it("reads string members by name and by index", () => {
    expect(bodyOf(bodyEvent(`{ a: Kind.Card, b: Kind["Bank"] }`, kinds))).toEqual({ a: "card", b: "bank" });
  });

  it("numbers members without initializers as TypeScript does", () => {
    const result = bodyEvent(
      `[N.A, N.B, N.C, N.D, N.E, C.X]`,
      `enum N { A, B, C = 10, D, E = -1 }`,
      `const enum C { W = 5, X }`,
    );
    expect(bodyOf(result)).toEqual([0, 1, 10, 11, -1, 6]);
  });

  it("reports the enum itself and missing members", () => {
    const result = bodyEvent(`{ a: Kind, b: Kind.Cash }`, kinds);
    expect(problems(result)).toEqual(["DT2004 events/e.event.ts:3:51", "DT2013 events/e.event.ts:3:60"]);
    expect(result.diagnostics[0]!.message).toContain("the enum `Kind` itself");
    expect(result.diagnostics[1]!.message).toBe("sample.body.b: `Kind.Cash` names no member of its enum.");
    expect(result.diagnostics[1]!.hint).toBe("Use one of its members: Card, Bank.");
  });
});

describe("imports", () => {
  const event = (...lines: string[]): string => [IMPORT, ...lines].join("\n");

  it("maps a .js specifier to the .ts source, and reads each helper once", () => {
    const result = extractProject({
      "events/a.event.ts": event(
        `import { commonHeaders, b as c } from "../shared/headers.js";`,
        `export default defineEvent({ h: commonHeaders, c });`,
      ),
      "events/b.event.ts": event(
        `import { commonHeaders } from "../shared/headers.js";`,
        `export default defineEvent({ h: commonHeaders });`,
      ),
      "shared/headers.ts": `export const commonHeaders = { "x-app": "ductape" };\nexport const b = 2;`,
    });
    expect(problems(result)).toEqual([]);
    expect(result.events.map((e) => toJson(e.definition))).toEqual([
      { h: { "x-app": "ductape" }, c: 2 },
      { h: { "x-app": "ductape" } },
    ]);
    expect(result.readCalls.filter((file) => file.includes("headers"))).toEqual([`${ROOT}/shared/headers.ts`]);
    expect([...result.sources.keys()]).toEqual([
      `${ROOT}/events/a.event.ts`,
      `${ROOT}/shared/headers.ts`,
      `${ROOT}/events/b.event.ts`,
    ]);
  });

  it("reads an event file imported by events before and after it, each file once", () => {
    // a is extracted, and its parse released, before b imports it; c imports d before d's turn.
    const result = extractProject({
      "events/a.event.ts": event(`export const n = { a: 1 };`, `export default defineEvent({ a: n });`),
      "events/b.event.ts": event(`import { n } from "./a.event.js";`, `export default defineEvent({ b: n });`),
      "events/c.event.ts": event(`import { m } from "./d.event.js";`, `export default defineEvent({ c: m });`),
      "events/d.event.ts": event(`export const m = [2];`, `export default defineEvent({ d: m });`),
    });
    expect(problems(result)).toEqual([]);
    expect(result.events.map((e) => toJson(e.definition))).toEqual([
      { a: { a: 1 } },
      { b: { a: 1 } },
      { c: [2] },
      { d: [2] },
    ]);
    expect(spanText(spanOf(valueAt(result.events[1]!.definition, "b", "a")))).toBe("events/a.event.ts:2:23-2:24");
    expect(result.readCalls).toEqual([...new Set(result.readCalls)]);
  });

  it("resolves extensionless specifiers, folders, .mjs and default exports", () => {
    const result = extractProject({
      "events/e.event.ts": event(
        `import { a } from "../lib/a";`,
        `import { b } from "../lib";`,
        `import { m } from "../lib/m.mjs";`,
        `import d from "../lib/d.js";`,
        `export default defineEvent({ a, b, m, d });`,
      ),
      "lib/a.ts": `export const a = "a";`,
      "lib/index.ts": `export const b = "b";`,
      "lib/m.mts": `export const m = "m";`,
      "lib/d.ts": `export default { d: true };`,
    });
    expect(jsonOf(result)).toEqual({ a: "a", b: "b", m: "m", d: { d: true } });
  });

  it("imports a JSON file as its document: default import, with or without import attributes, spread and indexed", () => {
    const result = extractProject({
      "events/e.event.ts": event(
        `import body from "./body.json";`,
        `import again from "../data/body.json" with { type: "json" };`,
        `export default defineEvent({ body, copy: { ...again, extra: again.items[1] } });`,
      ),
      "events/body.json":
        '\uFEFF{ "id": "x", "n": -1.5e3, "ok": true, "none": null, "items": [1, { "a": "\\u00e9" }] }\n',
      "data/body.json": '{ "items": [0, 2] }',
    });
    expect(result.diagnostics).toEqual([]);
    expect(jsonOf(result)).toEqual({
      body: { id: "x", n: -1500, ok: true, none: null, items: [1, { a: "é" }] },
      copy: { items: [0, 2], extra: 2 },
    });
    // Values are located in the JSON file, for code frames.
    expect(spanText(spanOf(valueAt(definitionOf(result), "body", "ok")))).toBe("events/body.json:1:33-1:37");
  });

  it("counts columns on line 1 after a byte order mark, with either parser", () => {
    // The second file holds a function, which our parser declines: TypeScript's reads it.
    for (const rest of ["", " function f() {}"]) {
      const result = extractProject({ "events/e.event.ts": `\uFEFFexport default 5;${rest}\n` });
      expect(problems(result), rest).toEqual(["DT2003 events/e.event.ts:1:16"]);
    }
  });

  it("reads JSON as JSON.parse does: `\\/` escapes, import attributes without loading TypeScript; says why it declines the rest", () => {
    parsing.counts.declined = 0;
    const result = extractProject({
      "events/e.event.ts": event(
        `import body from "./body.json" with { type: "json" };`,
        `export default defineEvent({ body });`,
      ),
      "events/body.json": String.raw`{ "url": "https:\/\/example.com\/x" }`,
    });
    expect(result.diagnostics).toEqual([]);
    expect(jsonOf(result)).toEqual({ body: { url: "https://example.com/x" } });
    // (extract-typescript.test.ts runs this file again with every file sent to TypeScript.)
    if (parsing.mode === "fast") expect(parsing.counts.declined).toBe(0);
    const declined = extractProject({
      "events/e.event.ts": event(
        `import a from "./a.json";`,
        `import b from "./b.json";`,
        `export default defineEvent({ a, b });`,
      ),
      "events/a.json": JSON.stringify({ text: "line\u2028two" }),
      "events/b.json": "[".repeat(300) + "]".repeat(300),
    });
    expect(declined.diagnostics.map((d) => d.message)).toEqual([
      expect.stringContaining("raw line or paragraph separator (U+2028, U+2029)"),
      expect.stringContaining("nests too deeply to be read (more than 200 levels)"),
    ]);
  });

  it("reports JSON that JSON.parse rejects where it goes wrong, and a named import of JSON at its name", () => {
    const result = extractProject({
      "events/e.event.ts": event(`import body from "./body.json";`, `export default defineEvent({ body });`),
      "events/body.json": '{\n  "a": 1,\n}\n',
      "events/f.event.ts": event(`import { a } from "./ok.json";`, `export default defineEvent({ a });`),
      "events/ok.json": '{ "a": 1 }',
    });
    expect(problems(result)).toEqual(["DT2001 events/body.json:3:1", "DT2007 events/f.event.ts:2:10"]);
    expect(result.diagnostics[0]?.message).toMatch(/^Syntax error: .+ \(not valid JSON\)$/);
  });

  it("takes `.`, `..` and `./x/` to the folder's index.ts, never to a file named like the folder", () => {
    const result = extractProject({
      "events/orders/e.event.ts": event(
        `import { here } from ".";`,
        `import { up } from "..";`,
        `import { lib } from "../../lib/";`,
        `export default defineEvent({ here, up, lib });`,
      ),
      "events/orders/index.ts": `export const here = "orders/index.ts";`,
      "events/orders.ts": `export const here = "orders.ts";`,
      "events/index.ts": `export const up = "events/index.ts";`,
      "events.ts": `export const up = "events.ts";`,
      "lib/index.ts": `export const lib = "lib/index.ts";`,
      "lib.ts": `export const lib = "lib.ts";`,
    });
    expect(jsonOf(result)).toEqual({ here: "orders/index.ts", up: "events/index.ts", lib: "lib/index.ts" });
  });

  it("follows export lists, re-exports, star exports and exported enums", () => {
    const result = extractProject({
      "events/e.event.ts": event(
        `import { local, renamed, forwarded, starred, Kind, ns } from "../lib/index.js";`,
        `export default defineEvent({ local, renamed, forwarded, starred, kind: Kind.Card, nsValue: ns.deep });`,
      ),
      "lib/index.ts": [
        `const local = 1;`,
        `const inner = 2;`,
        `export { local, inner as renamed };`,
        `export { value as forwarded, Kind } from "./values.js";`,
        `export * from "./star.js";`,
        `export * as ns from "./deep.js";`,
      ].join("\n"),
      "lib/values.ts": `export const value = 3;\nexport enum Kind { Card = "card" }`,
      "lib/star.ts": `export * from "./index.js";\nexport const starred = 4;`,
      "lib/deep.ts": `export const deep = 5;`,
    });
    expect(jsonOf(result)).toEqual({ local: 1, renamed: 2, forwarded: 3, starred: 4, kind: "card", nsValue: 5 });
  });

  it("reads members of a namespace import", () => {
    const result = extractProject({
      "events/e.event.ts": event(
        `import * as shared from "./shared.js";`,
        `export default defineEvent({ h: shared.headers, k: shared.Kind.A, x: shared["headers"].x });`,
      ),
      "events/shared.ts": `export const headers = { x: "1" };\nexport enum Kind { A = "a" }`,
    });
    expect(jsonOf(result)).toEqual({ h: { x: "1" }, k: "a", x: "1" });
  });

  it("reports a value imported from a package at its use", () => {
    const result = extractProject({
      "events/e.event.ts": event(
        `import { headers } from "some-pkg";`,
        `export default defineEvent({ sample: { headers } });`,
      ),
    });
    expect(problems(result)).toEqual(["DT2006 events/e.event.ts:3:40"]);
    expect(result.diagnostics[0]!.message).toBe(
      'sample.headers: "headers" comes from the package "some-pkg"; only relative files of the project can be read statically.',
    );
  });

  it("reports an unknown file once at its specifier, and a missing export at its name", () => {
    const result = extractProject({
      "events/e.event.ts": event(
        `import { a, b } from "./missing.js";`,
        `import { nope } from "./shared.js";`,
        `import * as ns from "./shared.js";`,
        `export default defineEvent({ a, b, nope, other: ns.other });`,
      ),
      "events/shared.ts": `export const x = 1;\nexport let other = 2;\nconst hidden = 3;`,
    });
    expect(problems(result)).toEqual([
      "DT2007 events/e.event.ts:2:22",
      "DT2007 events/e.event.ts:3:10",
      "DT2004 events/e.event.ts:5:52",
    ]);
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      'Cannot find the file "./missing.js".',
      '"./shared.js" has no exported const "nope".',
      expect.stringContaining("other: `other`, a let binding"),
    ]);
  });

  it("says what is missing in JSON terms for a JSON file, and never speaks of `export const` for a missing file", () => {
    const result = extractProject({
      "events/e.event.ts": event(
        `import body from "../captured/nope.json";`,
        `import { missing } from "./missing.js";`,
        `import { order } from "./ok.json";`,
        `import * as doc from "./ok.json";`,
        `import helper from "./helper.js";`,
        `export default defineEvent({ body, missing, order, other: doc.other, helper });`,
      ),
      "events/ok.json": '{ "order": 1 }',
      "events/helper.ts": `export const helper = 1;`,
    });
    expect(problems(result)).toEqual([
      "DT2007 events/e.event.ts:2:18",
      "DT2007 events/e.event.ts:3:25",
      "DT2007 events/e.event.ts:4:10",
      "DT2007 events/e.event.ts:7:63",
      "DT2007 events/e.event.ts:6:8",
    ]);
    expect(result.diagnostics.map((d) => [d.message, d.hint])).toEqual([
      [
        'Cannot find the JSON file "../captured/nope.json".',
        "Looked for ../captured/nope.json: check the path, which is relative to this file's folder and names the JSON file with its extension.",
      ],
      [
        'Cannot find the file "./missing.js".',
        'Looked for ./missing.ts and ./missing.js: check the path, which is relative to this file\'s folder (a ".js" specifier also finds the ".ts" file beside it).',
      ],
      [
        '"./ok.json" is a JSON file: its only export is the document (the default export), so it has no export "order".',
        'Import the document and read the field from it: `import data from "./ok.json"`, then data.order.',
      ],
      [
        '"./ok.json" is a JSON file: its only export is the document (the default export), so it has no export "other".',
        'Import the document and read the field from it: `import data from "./ok.json"`, then data.other.',
      ],
      [
        '"./helper.js" has no default export.',
        'Import the names the file exports (`import { ... } from "./helper.js"`), or give it `export default`.',
      ],
    ]);
  });

  it("reports a namespace member that is not exported", () => {
    const result = extractProject({
      "events/e.event.ts": event(`import * as ns from "./shared.js";`, `export default defineEvent({ a: ns.hidden });`),
      "events/shared.ts": `const hidden = 3;`,
    });
    expect(problems(result)).toEqual(["DT2007 events/e.event.ts:3:36"]);
    expect(result.diagnostics[0]!.message).toBe('"./shared.js" has no exported const "hidden".');
  });

  it("reports circular consts across files", () => {
    const result = extractProject({
      "events/e.event.ts": event(`import { a } from "./a.js";`, `export default defineEvent({ a });`),
      "events/a.ts": `import { b } from "./b.js";\nexport const a = { b };`,
      "events/b.ts": `import { a } from "./a.js";\nexport const b = [a];`,
    });
    expect(problems(result)).toEqual(["DT2008 events/b.ts:2:19"]);
    expect(result.events).toEqual([]);
  });

  it("reports problems in a helper where they are, with the user's keypath", () => {
    const result = extractProject({
      "events/e.event.ts": event(
        `import { h } from "./h.js";`,
        `export default defineEvent({ sample: { headers: h } });`,
      ),
      "events/h.ts": `export const h = {\n  sig: sign(),\n};`,
    });
    expect(problems(result)).toEqual(["DT2004 events/h.ts:2:8"]);
    expect(result.diagnostics[0]!.message).toContain("sample.headers.sig: a function call `sign()`");
  });

  it("reports syntax errors in a helper", () => {
    const result = extractProject({
      "events/e.event.ts": event(`import { h } from "./h.js";`, `export default defineEvent({ h });`),
      "events/h.ts": `export const h = {;`,
    });
    expect(problems(result)).toEqual(["DT2001 events/h.ts:1:19"]);
  });

  it("reports a helper's problems once however many events meet them", () => {
    const user = (where: string): string =>
      event(`import { h } from "./h.js";`, `export default defineEvent({ ${where}: h });`);
    const broken = extractProject({
      "events/a.event.ts": user("h"),
      "events/b.event.ts": user("h"),
      "events/h.ts": `export const h = {;`,
    });
    expect(problems(broken)).toEqual(["DT2001 events/h.ts:1:19"]);
    // A const's problem names the keypath where it is used, so each event's own keypath is reported.
    const shared = extractProject({
      "events/a.event.ts": user("headers"),
      "events/b.event.ts": user("headers"),
      "events/c.event.ts": user("body"),
      "events/h.ts": `export const h = { sig: sign() };`,
    });
    expect(shared.diagnostics.map((d) => d.message.split(":")[0])).toEqual(["headers.sig", "body.sig"]);
  });

  it("keeps the text of the files that spans point into, such as a spread-in key's", () => {
    const result = extractProject({
      "events/e.event.ts": event(`import { H } from "./h.js";`, `export default defineEvent({ ...H });`),
      "events/h.ts": `import { O } from "./re.js";\nexport const H = { k: O };`,
      "events/re.ts": `export { O } from "./o.js";`,
      "events/o.ts": `export const O = "o";`,
    });
    expect(jsonOf(result)).toEqual({ k: "o" });
    // The key `k` is in h.ts, its value in o.ts; nothing points into re.ts, which only passes O on.
    expect([...result.sources.keys()]).toEqual(["e.event.ts", "h.ts", "o.ts"].map((f) => `${ROOT}/events/${f}`));
  });

  it("lists those files in the order their values are walked, a value met twice counting where it was first", () => {
    // The event lists L after B, and B uses L before M: L was first met in the event, so its
    // file comes after everything under B.
    const result = extractProject({
      "events/e.event.ts": event(
        `import { B } from "./b.js";`,
        `import { L } from "./l.js";`,
        `export default defineEvent({ b: B, l: L });`,
      ),
      "events/b.ts": `import { L } from "./l.js";\nimport { M } from "./m.js";\nexport const B = { l: L, m: M };`,
      "events/l.ts": `export const L = "l";`,
      "events/m.ts": `export const M = 1;`,
    });
    expect(jsonOf(result)).toEqual({ b: { l: "l", m: 1 }, l: "l" });
    expect([...result.sources.keys()]).toEqual(
      ["e.event.ts", "b.ts", "m.ts", "l.ts"].map((f) => `${ROOT}/events/${f}`),
    );
  });

  it("reads real files with the default readFile", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ductape-extract-"));
    tempDirs.push(dir);
    fs.mkdirSync(path.join(dir, "events"));
    fs.mkdirSync(path.join(dir, "shared"));
    const file = path.join(dir, "events", "e.event.ts");
    fs.writeFileSync(
      file,
      event(`import { headers } from "../shared/headers.js";`, `export default defineEvent({ headers });`),
    );
    fs.writeFileSync(path.join(dir, "shared", "headers.ts"), `export const headers = { a: "1" };`);
    const result = extract({ files: [file] });
    expect(result.diagnostics).toEqual([]);
    expect(result.events.map((e) => toJson(e.definition))).toEqual([{ headers: { a: "1" } }]);
    expect([...result.sources.keys()]).toEqual([file, path.join(dir, "shared", "headers.ts")]);
  });
});

describe("default export", () => {
  it("accepts aliases, namespace imports and consts holding the call", () => {
    const result = extractProject({
      "events/a.event.ts": `import { defineEvent as de } from "ductape-events";\nexport default de({ a: 1 });`,
      "events/b.event.ts": `import * as d from "ductape-events";\nexport default d.defineEvent({ b: 2 }) satisfies unknown;`,
      "events/c.event.ts": `${IMPORT}\nconst ev = defineEvent({ c: 3 });\nexport default ev;`,
      "events/d.event.ts": `${IMPORT}\nconst ev = defineEvent(DEF);\nconst DEF = { d: 4 };\nexport { ev as default };`,
    });
    expect(problems(result)).toEqual([]);
    expect(result.events.map((e) => toJson(e.definition))).toEqual([{ a: 1 }, { b: 2 }, { c: 3 }, { d: 4 }]);
  });

  it("reads the forms that compile under isolatedDeclarations: `as EventDefinition` and a typed const", () => {
    const imports = `import { defineEvent, type EventDefinition } from "ductape-events";`;
    const result = extractProject({
      "events/a.event.ts": `${imports}\nexport default defineEvent({ a: 1 }) as EventDefinition;`,
      "events/b.event.ts": `${imports}\nconst event: EventDefinition = defineEvent({ b: 2 });\nexport default event;`,
    });
    expect(problems(result)).toEqual([]);
    expect(result.events.map((e) => toJson(e.definition))).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it("reports a file without default export at its start", () => {
    const result = extractEvent(IMPORT, `export const ev = defineEvent({});`);
    expect(problems(result)).toEqual(["DT2002 events/e.event.ts:1:1"]);
  });

  it("reports a default export that is not a defineEvent call", () => {
    const result = extractProject({
      "events/a.event.ts": `export default { name: "x" };`,
      "events/b.event.ts": `export default makeEvent({ name: "x" });`,
      "events/c.event.ts": `import { defineEvent } from "other-pkg";\nexport default defineEvent({});`,
      "events/d.event.ts": `export default function () {}`,
    });
    expect(problems(result)).toEqual([
      "DT2003 events/a.event.ts:1:16",
      "DT2003 events/b.event.ts:1:16",
      "DT2003 events/c.event.ts:2:16",
      "DT2003 events/d.event.ts:1:1",
    ]);
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      'The default export is an object literal `{ name: "x" }`, not a call to defineEvent.',
      'The default export is a function call `makeEvent({ name: "x" })`, not a call to defineEvent.',
      "The default export is a function call `defineEvent({})`, not a call to defineEvent.",
      "The default export is an anonymous function, not a call to defineEvent.",
    ]);
  });

  it("reports an argument that is not an object", () => {
    const result = extractProject({
      "events/a.event.ts": eventSource(`"just a string"`),
      "events/b.event.ts": `${IMPORT}\nexport default defineEvent();`,
    });
    expect(problems(result)).toEqual(["DT2011 events/a.event.ts:2:28", "DT2011 events/b.event.ts:2:16"]);
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      "defineEvent must be given an object literal, got a string.",
      "defineEvent must be given an object literal, got no argument.",
    ]);
  });
});

describe("unsupported expressions", () => {
  it("reports a call at its exact position, with the keypath of the value", () => {
    const result = extractEvent(
      IMPORT,
      `export default defineEvent({`,
      `  sample: {`,
      `    body: { items: [{ id: makeId() }] },`,
      `  },`,
      `});`,
    );
    const problem = onlyDiagnostic(result);
    expect(problem.code).toBe("DT2004");
    expect(problem.span).toEqual({
      file: `${ROOT}/events/e.event.ts`,
      start: { line: 4, column: 27 },
      end: { line: 4, column: 35 },
    });
    expect(problem.message).toBe(
      "sample.body.items[0].id: a function call `makeId()` cannot be read without running code; event definitions must be static data.",
    );
    expect(result.events).toEqual([]);
  });

  it("names each construct and quotes a short excerpt", () => {
    const result = extractEvent(
      IMPORT,
      `export default defineEvent({ sample: { headers: { "x-sig": \`sig-\${id}\` }, body: {`,
      `  a: "a" + "b",`,
      `  b: new Date(),`,
      `  c: () => 1,`,
      `  d: this,`,
      `  e: /re/,`,
      `  f: undefined,`,
      `  g() { return 1; },`,
      `  get h() { return 1; },`,
      `  i: cond ? 1 : 2,`,
      `  j: 10n,`,
      `  k: makeSomethingWithAVeryLongName({ option: "value" }),`,
      `  l: !true,`,
      `  m: [1, , 2],`,
      `  n: 1e999,`,
      `} } });`,
    );
    expect(result.diagnostics.map((d) => d.message.split(" cannot be read")[0])).toEqual([
      'sample.headers["x-sig"]: a template literal with substitutions `` `sig-${id}` ``',
      'sample.body.a: a binary expression `"a" + "b"`',
      "sample.body.b: a `new` expression `new Date()`",
      "sample.body.c: a function `() => 1`",
      "sample.body.d: the keyword `this`",
      "sample.body.e: a regular expression `/re/`",
      "sample.body.f: `undefined`",
      "sample.body.g: a method `g() { return 1; }`",
      "sample.body.h: a getter `get h() { return 1; }`",
      "sample.body.i: a conditional expression `cond ? 1 : 2`",
      "sample.body.j: a bigint `10n`",
      "sample.body.k: a function call `makeSomethingWithAVeryLongName({ option…`",
      "sample.body.l: a unary expression `!true`",
      "sample.body.m[1]: an empty array slot",
      "sample.body.n: `1e999` is too large for JSON, which holds numbers up to about 1.8e308 (it would be Infinity).",
    ]);
    expect(result.diagnostics.map((d) => d.code)).toEqual([...Array<string>(14).fill("DT2004"), "DT2012"]);
  });

  it("reports every problem of a file, and keeps the other files", () => {
    const result = extractProject({
      "events/a.event.ts": eventSource(`{ one: f(), two: g() }`),
      "events/b.event.ts": eventSource(`{ fine: true }`),
    });
    expect(problems(result)).toEqual(["DT2004 events/a.event.ts:2:35", "DT2004 events/a.event.ts:2:45"]);
    expect(result.events.map((e) => path.basename(e.file))).toEqual(["b.event.ts"]);
  });
});

describe("keys written twice", () => {
  it("reports each key written again in one object (DT2015, at the second), not a key a spread overrides", () => {
    const result = bodyEvent(`{ id: 1, "id": 2, nested: { a: 1, b: 2, a: 3 } }`);
    expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      "DT2015 sample.body.nested.a is written twice in one object (first on line 2); only the last would be kept.",
      "DT2015 sample.body.id is written twice in one object (first on line 2); only the last would be kept.",
    ]);
    expect(result.events).toEqual([]);
    expect(bodyEvent(`{ ...{ id: 1 }, id: 2 }`).diagnostics).toEqual([]);
  });
});

describe("numbers that a JavaScript number does not hold", () => {
  const event = (...lines: string[]): string => [IMPORT, ...lines].join("\n");

  it("reports an id beyond 2^53 - 1 at its literal, with its path and its digits, and extracts no event", () => {
    const result = bodyEvent(`{ id: 820982911946154508, fine: 1 }`);
    const problem = onlyDiagnostic(result);
    expect(problem.code).toBe("DT2014");
    expect(problem.severity).toBe("error");
    expect(spanText(problem.span!)).toBe("events/e.event.ts:2:52-2:70");
    expect(problem.message).toBe(
      "sample.body.id: `820982911946154508` cannot be held by a JavaScript number: it would become 820982911946154500 in the outputs.",
    );
    expect(problem.hint).toContain('as strings ("820982911946154508")');
    expect(result.events).toEqual([]);
  });

  it("reports every spelling that changes: signs, separators, radixes, long fractions, underflow; keeps 1e400 as DT2012", () => {
    const result = bodyEvent(
      `{ neg: -820982911946154508, sep: 820_982_911_946_154_508, hex: 0xFFFFFFFFFFFFFFFFF, big: 123456789012345678901234567890, fraction: 0.1000000000000000055511151231257827, tiny: 1e-400, edge: 9007199254740992, huge: 1e400 }`,
    );
    expect(
      result.diagnostics.map((d) => `${d.code} ${d.message.split(" cannot be held")[0]!.split(" is an integer")[0]}`),
    ).toEqual([
      "DT2014 sample.body.neg: `-820982911946154508`",
      "DT2014 sample.body.sep: `820_982_911_946_154_508`",
      "DT2014 sample.body.hex: `0xFFFFFFFFFFFFFFFFF`",
      "DT2014 sample.body.big: `123456789012345678901234567890`",
      "DT2014 sample.body.fraction: `0.1000000000000000055511151231257827`",
      "DT2014 sample.body.tiny: `1e-400`",
      "DT2014 sample.body.edge: `9007199254740992`",
      "DT2012 sample.body.huge: `1e400` is too large for JSON, which holds numbers up to about 1.8e308 (it would be Infinity).",
    ]);
    // The sign is part of the number: in the message, the hint (never "write it unsigned") and the span.
    expect(result.diagnostics[0]!.message).toContain("it would become -820982911946154500 in the outputs");
    expect(result.diagnostics[0]!.hint).toContain('("-820982911946154508")');
    const spaced = bodyEvent(`{ low: - 0.10000000000000000000001 }`).diagnostics[0]!;
    expect(spaced.hint).toContain('a string ("-0.10000000000000000000001")');
    const negativeHuge = bodyEvent(`{ low: -1e400 }`).diagnostics.map((d) => `${d.code} ${d.message}`);
    expect(negativeHuge).toEqual([
      "DT2012 sample.body.low: `-1e400` is too large for JSON, which holds numbers up to about 1.8e308 (it would be -Infinity).",
    ]);
    expect(spanText(result.diagnostics[0]!.span!).split(":").slice(2).join(":")).toBe("53-2:72");
    expect(result.diagnostics[2]!.hint).toContain('("295147905179352825855")');
    expect(result.diagnostics[5]!.message).toContain("it would become 0 in the outputs");
    expect(result.diagnostics[6]!.message).toContain("beyond ±9007199254740991 (Number.MAX_SAFE_INTEGER)");
  });

  it("lets through every number it writes as written", () => {
    const result = bodyEvent(
      `{ a: 0.1, b: 1.0, c: 1e3, d: 0x10, e: 1_000, f: -0, g: 9007199254740991, h: -9007199254740991, i: 1.7976931348623157e308, j: 5e-324, k: 1e21, l: 0.30000000000000004 }`,
    );
    expect(bodyOf(result)).toEqual({
      a: 0.1,
      b: 1,
      c: 1000,
      d: 16,
      e: 1000,
      f: -0,
      g: 9007199254740991,
      h: -9007199254740991,
      i: 1.7976931348623157e308,
      j: 5e-324,
      k: 1e21,
      l: 0.30000000000000004,
    });
  });

  it("reports it in a helper file and in a JSON file, at the literal there, with the path of its use", () => {
    const result = extractProject({
      "events/e.event.ts": event(
        `import { customer } from "../shared/customer.js";`,
        `import body from "./captured.json";`,
        `export default defineEvent({ sample: { body: { ...body, customer } } });`,
      ),
      "shared/customer.ts": `export const customer = {\n  id: 1234567890123456789,\n};`,
      "events/captured.json": '{\n  "order": { "id": 820982911946154508, "rate": 1.00000000000000011, "ok": 1.5 }\n}\n',
    });
    expect(problems(result)).toEqual([
      "DT2014 events/captured.json:2:20",
      "DT2014 events/captured.json:2:48",
      "DT2014 shared/customer.ts:2:7",
    ]);
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      "sample.body.order.id: `820982911946154508` cannot be held by a JavaScript number: it would become 820982911946154500 in the outputs.",
      "sample.body.order.rate: `1.00000000000000011` cannot be held by a JavaScript number: it would become 1 in the outputs.",
      "sample.body.customer.id: `1234567890123456789` cannot be held by a JavaScript number: it would become 1234567890123456800 in the outputs.",
    ]);
    expect(spanText(result.diagnostics[0]!.span!)).toBe("events/captured.json:2:20-2:38");
  });

  it("reports it in examples and refinements too, and in a numeric key that would change", () => {
    const result = extractEvent(
      IMPORT,
      `export default defineEvent({`,
      `  examples: [{ body: { id: 820982911946154509 } }],`,
      `  refine: { "body.id": { schema: { maximum: 820982911946154510 } } },`,
      `  sample: { body: { ids: { 820982911946154508: "x", 9007199254740993: "y", 9007199254740992: "z" } } },`,
      `});`,
    );
    expect(problems(result)).toEqual([
      "DT2014 events/e.event.ts:3:28",
      "DT2014 events/e.event.ts:4:45",
      "DT2014 events/e.event.ts:5:28",
      "DT2014 events/e.event.ts:5:53",
    ]);
    expect(result.diagnostics.map((d) => d.message.split(":")[0])).toEqual([
      "examples[0].body.id",
      'refine["body.id"].schema.maximum',
      "sample.body.ids",
      "sample.body.ids",
    ]);
    expect(result.diagnostics[2]!.message).toBe(
      'sample.body.ids: the key `820982911946154508` is not held exactly by a JavaScript number: it would be the key "820982911946154500".',
    );
    expect(result.diagnostics[2]!.hint).toBe('Quote the key: "820982911946154508".');
  });
});

describe("files", () => {
  it("reports syntax errors with their location and still extracts the other files", () => {
    const result = extractProject({
      "events/a.event.ts": `${IMPORT}\nexport default defineEvent({ name: "x" );`,
      "events/b.event.ts": eventSource(`{ ok: 1 }`),
    });
    expect(problems(result)).toEqual(["DT2001 events/a.event.ts:2:40"]);
    expect(result.diagnostics[0]!.message).toBe("Syntax error: ',' expected.");
    expect(result.events.map((e) => toJson(e.definition))).toEqual([{ ok: 1 }]);
    expect(result.sources.has(`${ROOT}/events/a.event.ts`)).toBe(true);
  });

  it("reports an unreadable file with the error as cause", () => {
    const error = new Error("EACCES: permission denied");
    const result = extract({
      files: ["/x/a.event.ts"],
      readFile: () => {
        throw error;
      },
    });
    const problem = onlyDiagnostic(result);
    expect(problem.code).toBe("DT2010");
    expect(problem.message).toBe("The file could not be read: EACCES: permission denied");
    expect(problem.cause).toBe(error);
    expect(problem.span?.file).toBe("/x/a.event.ts");
  });

  it("reports a helper that exists but cannot be read, instead of calling it missing", () => {
    const denied = Object.assign(new Error("EACCES: permission denied"), { code: "EACCES" });
    const source = [IMPORT, `import { h } from "./h.js";`, `export default defineEvent({ h });`].join("\n");
    const result = extract({
      files: ["/p/e.event.ts"],
      readFile: (file) => {
        if (file === "/p/e.event.ts") return source;
        throw denied;
      },
    });
    expect(result.diagnostics.map((d) => `${d.code} ${d.span?.file}`)).toEqual(["DT2010 /p/h.ts"]);
    expect(result.diagnostics[0]!.cause).toBe(denied);
  });

  it("survives nesting too deep for the parser, and parses the next file normally", () => {
    const depth = 10_000;
    const result = extractProject({
      "events/a.event.ts": eventSource(`{ deep: ${"[".repeat(depth)}${"]".repeat(depth)} }`),
      "events/b.event.ts": eventSource(`{ ok: [[1]] }`),
    });
    expect(problems(result)).toEqual(["DT2001 events/a.event.ts:1:1"]);
    expect(result.diagnostics[0]!.message).toContain("nested too deeply to parse");
    expect(result.events.map((e) => toJson(e.definition))).toEqual([{ ok: [[1]] }]);
  });

  it("bounds the depth of values it evaluates", () => {
    const depth = 300;
    const result = bodyEvent("[".repeat(depth) + "]".repeat(depth));
    const problem = onlyDiagnostic(result);
    // A literal, only too deep: the sample limit's code and hint, not "cannot be read without running code".
    expect(problem.code).toBe("DT4001");
    expect(problem.message).toMatch(/^sample\.body(\[0\])+ is nested more than 200 levels deep\.$/);
  });

  it("returns events in input order", () => {
    const result = extractProject({
      "events/b.event.ts": eventSource(`{ n: "b" }`),
      "events/a.event.ts": eventSource(`{ n: "a" }`),
      "events/c.event.ts": eventSource(`{ n: "c" }`),
    });
    expect(result.events.map((e) => path.basename(e.file))).toEqual(["a.event.ts", "b.event.ts", "c.event.ts"]);
  });
});
