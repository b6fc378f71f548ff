import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ChangedPaths } from "../../src/cache/change-log.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import {
  createExtractCache,
  extract,
  type ExtractCache,
  type ExtractedEvent,
  type ExtractResult,
  type LiteralValue,
} from "../../src/extract/index.js";

const ROOT = "/project";
const IMPORT = `import { defineEvent } from "ductape-events";`;

/** A file that exists but cannot be read, as with wrong permissions, and why. */
interface Denied {
  readonly reason: string;
}

/**
 * An in-memory project edited between extractions, with file names relative to ROOT. Its
 * `*.event.ts` files are the events. Every extraction goes through `run`, which checks that the
 * cached call reads each path once and gives exactly what a cold call (no cache) gives.
 */
class Project {
  private readonly files = new Map<string, string | Denied>();
  readonly cache: ExtractCache = createExtractCache();

  constructor(files: Record<string, string> = {}) {
    for (const [name, text] of Object.entries(files)) this.write(name, text);
  }

  write(name: string, text: string): this {
    this.files.set(`${ROOT}/${name}`, text);
    return this;
  }

  remove(name: string): this {
    this.files.delete(`${ROOT}/${name}`);
    return this;
  }

  has(name: string): boolean {
    return this.files.has(`${ROOT}/${name}`);
  }

  deny(name: string, reason = "permission denied"): this {
    this.files.set(`${ROOT}/${name}`, { reason });
    return this;
  }

  /** Extracts with the cache and checks the result against a cold extraction. */
  run(): ExtractResult {
    const files = [...this.files.keys()].filter((file) => file.endsWith(".event.ts")).sort();
    const reads: string[] = [];
    const cached = extract({ files, readFile: (file) => this.read(file, reads), cache: this.cache });
    expect(duplicates(reads)).toEqual([]);
    const cold = extract({ files, readFile: (file) => this.read(file, []) });
    expect(comparable(cached)).toStrictEqual(comparable(cold));
    expect(cold.reused).toBe(0);
    return cached;
  }

  /**
   * Like `run`, told (as watch mode is) that only the paths `changed` names (relative to ROOT;
   * a folder stands for what is below it) changed since the last call. Returns the result and
   * the paths it read: the result must still be what a cold extraction gives, reads included.
   */
  runHinted(...changed: string[]): { result: ExtractResult; read: string[] } {
    const paths = new ChangedPaths(changed.map((name) => `${ROOT}/${name}`));
    const files = [...this.files.keys()].filter((file) => file.endsWith(".event.ts")).sort();
    const reads: string[] = [];
    const result = extract({
      files,
      readFile: (file) => this.read(file, reads),
      cache: this.cache,
      changed: (path) => paths.has(path),
    });
    expect(duplicates(reads)).toEqual([]);
    const cold = extract({ files, readFile: (file) => this.read(file, []) });
    expect(comparable(result)).toStrictEqual(comparable(cold));
    // The cache's reads are a superset (every import candidate of every dependency); each cold read is there, alike.
    for (const [path, text] of cold.reads) expect(result.reads.get(path), path).toBe(text);
    return { result, read: reads.map((path) => path.slice(ROOT.length + 1)) };
  }

  private read(file: string, reads: string[]): string {
    reads.push(file);
    const text = this.files.get(file);
    if (text === undefined) throw Object.assign(new Error(`ENOENT: no such file, open '${file}'`), { code: "ENOENT" });
    if (typeof text !== "string") throw Object.assign(new Error(`EACCES: ${text.reason}`), { code: "EACCES" });
    return text;
  }
}

/** What must not depend on the cache: everything but `reused`, and the diagnostics' foreign `cause`. */
function comparable(result: ExtractResult): unknown {
  return {
    events: result.events,
    diagnostics: result.diagnostics.map(({ cause: _cause, ...rest }: Diagnostic) => rest),
    sources: [...result.sources],
  };
}

function duplicates(values: readonly string[]): string[] {
  return values.filter((value, index) => values.indexOf(value) !== index);
}

/** An event file: `lines` (imports, consts), then `export default defineEvent(<definition>)`. */
function event(definition: string, ...lines: string[]): string {
  return [IMPORT, ...lines, `export default defineEvent(${definition});`].join("\n");
}

/** Names (relative to ROOT, without extension) of the events whose ExtractedEvent object changed between calls. */
function reEvaluated(before: ExtractResult, after: ExtractResult): string[] {
  const previous = new Map(before.events.map((e) => [e.file, e]));
  return after.events.filter((e) => previous.get(e.file) !== e).map(name);
}

function name(extracted: ExtractedEvent): string {
  return extracted.file.slice(ROOT.length + 1, -".event.ts".length);
}

/** The event named `events/<short>.event.ts`, as plain JSON. */
function json(result: ExtractResult, short: string): unknown {
  const found = result.events.find((e) => name(e) === `events/${short}`);
  return found === undefined ? undefined : toJson(found.definition);
}

function toJson(value: LiteralValue): unknown {
  switch (value.kind) {
    case "null":
      return null;
    case "array":
      return value.elements.map(toJson);
    case "object":
      return Object.fromEntries(value.properties.map((p) => [p.key, toJson(p.value)]));
    default:
      return value.value;
  }
}

/** Each diagnostic as `CODE file:line message`, files relative to ROOT. */
function problems(result: ExtractResult): string[] {
  return result.diagnostics.map((d) => {
    const where = d.span === undefined ? "-" : `${d.span.file.slice(ROOT.length + 1)}:${d.span.start.line}`;
    return `${d.code} ${where} ${d.message}`;
  });
}

/** Four events: e1 imports through a re-export chain a -> b -> c, e2 from b, e3 from other, e4 nothing. */
function chainProject(): Project {
  return new Project({
    "events/e1.event.ts": event(`{ name: "one", sample: { body: C } }`, `import { C } from "../lib/a.js";`),
    "events/e2.event.ts": event(`{ name: "two", sample: { body: C } }`, `import { C } from "../lib/b.js";`),
    "events/e3.event.ts": event(`{ name: "three", sample: { body: O } }`, `import { O } from "../lib/other.js";`),
    "events/e4.event.ts": event(`{ name: "four" }`),
    "lib/a.ts": `export { C } from "./b.js";`,
    "lib/b.ts": `export * from "./c.js";`,
    "lib/c.ts": `export const C = { value: 1 };`,
    "lib/other.ts": `export const O = "other";`,
  });
}

describe("extract with a cache", () => {
  it("reuses every event when nothing changed, reading each file once", () => {
    const project = chainProject();
    const first = project.run();
    expect(first.reused).toBe(0);
    expect(first.events).toHaveLength(4);
    const second = project.run();
    expect(second.reused).toBe(4);
    expect(reEvaluated(first, second)).toEqual([]);
  });

  it("re-evaluates only an edited event", () => {
    const project = chainProject();
    const first = project.run();
    const second = project
      .write("events/e3.event.ts", event(`{ name: "3", sample: { body: O } }`, `import { O } from "../lib/other.js";`))
      .run();
    expect(second.reused).toBe(3);
    expect(reEvaluated(first, second)).toEqual(["events/e3"]);
    expect(json(second, "e3")).toEqual({ name: "3", sample: { body: "other" } });
  });

  it("re-evaluates exactly the events that depend on an edited helper, through re-exports", () => {
    const project = chainProject();
    const first = project.run();
    const second = project.write("lib/c.ts", `export const C = { value: 2 };`).run();
    expect(second.reused).toBe(2);
    expect(reEvaluated(first, second)).toEqual(["events/e1", "events/e2"]);
    expect(json(second, "e1")).toEqual({ name: "one", sample: { body: { value: 2 } } });

    const third = project.write("lib/a.ts", `export { C } from "./b.js";\n// a comment`).run();
    expect(third.reused).toBe(3);
    expect(reEvaluated(second, third)).toEqual(["events/e1"]);
  });

  it("counts unused and type-only imports as dependencies, a safe superset", () => {
    const project = new Project({
      "events/e.event.ts": event(`{ name: "e" }`, `import type { T } from "../lib/types.js";`, `import "./side.js";`),
      "events/f.event.ts": event(`{ name: "f" }`),
      "lib/types.ts": `export type T = string;`,
      "events/side.ts": `export {};`,
    });
    project.run();
    expect(project.write("lib/types.ts", `export type T = number;`).run().reused).toBe(1);
    expect(project.write("events/side.ts", `export const unused = 1;`).run().reused).toBe(1);
    expect(project.run().reused).toBe(2);
  });

  it("notices a file appearing at a candidate path that resolution tried before", () => {
    const project = new Project({
      "events/e.event.ts": event(`{ x: X }`, `import { X } from "../lib/x.js";`),
      "events/f.event.ts": event(`{ y: Y }`, `import { Y } from "./y.js";`),
      "events/g.event.ts": event(`{ d: D }`, `import { D } from "../lib/dir";`),
      "lib/x.js": `export const X = "from x.js";`,
      "lib/dir/index.ts": `export const D = "from dir/index.ts";`,
    });
    const first = project.run();
    expect(json(first, "e")).toEqual({ x: "from x.js" });
    expect(problems(first)).toEqual([`DT2007 events/f.event.ts:2 Cannot find the file "./y.js".`]);
    expect(json(first, "g")).toEqual({ d: "from dir/index.ts" });

    const shadowed = project
      .write("lib/x.ts", `export const X = "from x.ts";`)
      .write("events/y.ts", `export const Y = "found";`)
      .write("lib/dir.ts", `export const D = "from dir.ts";`)
      .run();
    expect(shadowed.reused).toBe(0);
    expect(json(shadowed, "e")).toEqual({ x: "from x.ts" });
    expect(json(shadowed, "f")).toEqual({ y: "found" });
    expect(json(shadowed, "g")).toEqual({ d: "from dir.ts" });

    const back = project.remove("lib/x.ts").run();
    expect(back.reused).toBe(2);
    expect(json(back, "e")).toEqual({ x: "from x.js" });
  });

  it("turns events into errors when a helper is deleted, and back when it returns", () => {
    const project = chainProject();
    project.run();
    const deleted = project.remove("lib/c.ts").run();
    expect(deleted.reused).toBe(2);
    expect(deleted.events.map(name)).toEqual(["events/e3", "events/e4"]);
    expect(problems(deleted)).toEqual([
      `DT2007 lib/b.ts:1 Cannot find the file "./c.js".`,
      `DT2007 lib/a.ts:1 "./b.js" has no exported const "C".`,
      `DT2007 events/e2.event.ts:2 "../lib/b.js" has no exported const "C".`,
    ]);
    const restored = project.write("lib/c.ts", `export const C = { value: 1 };`).run();
    expect(restored.reused).toBe(2);
    expect(restored.diagnostics).toEqual([]);
    expect(restored.events).toHaveLength(4);
  });

  it("reports a syntax error introduced in a helper or an event, and forgets it once fixed", () => {
    const project = chainProject();
    project.run();
    const broken = project
      .write("lib/other.ts", `export const O = {;`)
      .write("events/e4.event.ts", `export default defineEvent({;`)
      .run();
    expect(broken.reused).toBe(2);
    expect(problems(broken).map((p) => p.split(" ").slice(0, 2).join(" "))).toEqual([
      "DT2001 lib/other.ts:1",
      "DT2001 events/e4.event.ts:1",
    ]);
    const fixed = project
      .write("lib/other.ts", `export const O = "other";`)
      .write("events/e4.event.ts", event(`{ name: "four" }`))
      .run();
    expect(fixed.reused).toBe(2);
    expect(fixed.diagnostics).toEqual([]);
    expect(fixed.events).toHaveLength(4);
  });

  it("reports a broken shared const as a cold extraction does, whichever events are reused", () => {
    const uses = (where: string, extra = ""): string =>
      event(`{ sample: { ${where}: H }${extra} }`, `import { H } from "../lib/h.js";`);
    const project = new Project({
      "events/e1.event.ts": uses("headers"),
      "events/e2.event.ts": uses("body"),
      "events/e3.event.ts": uses("headers"),
      "lib/h.ts": `export const H = {\n  sig: sign(),\n};`,
    });
    const expected = [
      "DT2004 lib/h.ts:2 sample.headers.sig: a function call `sign()` cannot be read without running code; event definitions must be static data.",
      "DT2004 lib/h.ts:2 sample.body.sig: a function call `sign()` cannot be read without running code; event definitions must be static data.",
    ];
    expect(problems(project.run())).toEqual(expected);
    // Reused e1 and e3 next to a fresh e2, then a fresh e1 next to reused e2 and e3.
    const freshSecond = project.write("events/e2.event.ts", uses("body", ", name: 'x'")).run();
    expect(freshSecond.reused).toBe(2);
    expect(problems(freshSecond)).toEqual(expected);
    const freshFirst = project.write("events/e1.event.ts", uses("query")).run();
    expect(freshFirst.reused).toBe(2);
    expect(problems(freshFirst)).toEqual([
      "DT2004 lib/h.ts:2 sample.query.sig: a function call `sign()` cannot be read without running code; event definitions must be static data.",
      expected[1],
      expected[0],
    ]);
  });

  it("reports unreadable files, and reads them again once they can be", () => {
    const project = chainProject();
    project.run();
    const denied = project.deny("lib/other.ts").deny("events/e4.event.ts").run();
    expect(denied.reused).toBe(2);
    expect(problems(denied).map((p) => p.split(" ").slice(0, 2).join(" "))).toEqual([
      "DT2010 lib/other.ts:1",
      "DT2010 events/e4.event.ts:1",
    ]);
    expect(project.run().reused).toBe(4);
    // The same error code with another message is reported differently, so it is a change too.
    const otherReason = project.deny("lib/other.ts", "locked by another process").run();
    expect(otherReason.reused).toBe(3);
    expect(otherReason.diagnostics[0]?.message).toContain("locked by another process");
    const readable = project
      .write("lib/other.ts", `export const O = "other";`)
      .write("events/e4.event.ts", event(`{}`))
      .run();
    expect(readable.reused).toBe(2);
    expect(readable.diagnostics).toEqual([]);
  });

  it("drops event files no longer given, and forgets them", () => {
    const project = chainProject();
    project.run();
    const text = event(`{ name: "four" }`);
    const removed = project.remove("events/e4.event.ts").run();
    expect(removed.reused).toBe(3);
    expect(removed.events.map(name)).toEqual(["events/e1", "events/e2", "events/e3"]);
    expect(project.write("events/e4.event.ts", text).run().reused).toBe(3);
  });

  it("keeps the parses of unchanged files, and only of files still read", () => {
    const project = chainProject();
    // Parsing leaves no trace in the result, so this looks inside the cache.
    const cache = project.cache as unknown as { parsed: ReadonlyMap<string, unknown> };
    project.run();
    const helper = cache.parsed.get(`${ROOT}/lib/c.ts`);
    expect(helper).toBeDefined();
    project.write(
      "events/e1.event.ts",
      event(`{ name: "1", sample: { body: C } }`, `import { C } from "../lib/a.js";`),
    );
    expect(project.run().reused).toBe(3);
    expect(cache.parsed.get(`${ROOT}/lib/c.ts`)).toBe(helper);
    project.remove("events/e3.event.ts").run();
    expect(cache.parsed.has(`${ROOT}/lib/other.ts`)).toBe(false);
    expect([...cache.parsed.keys()].sort()).toEqual(
      ["events/e1.event.ts", "events/e2.event.ts", "events/e4.event.ts", "lib/a.ts", "lib/b.ts", "lib/c.ts"].map(
        (f) => `${ROOT}/${f}`,
      ),
    );
  });
});

describe("extract with a cache and watch mode's change hint", () => {
  it("reads only the changed paths, and re-evaluates exactly the events depending on them", () => {
    const project = chainProject();
    const first = project.run();
    const nothing = project.runHinted();
    expect(nothing.read).toEqual([]);
    expect(nothing.result.reused).toBe(4);

    const helper = project.write("lib/c.ts", `export const C = { value: 2 };`).runHinted("lib/c.ts");
    expect(helper.read).toEqual(["lib/c.ts"]);
    expect(reEvaluated(first, helper.result)).toEqual(["events/e1", "events/e2"]);
    expect(json(helper.result, "e2")).toEqual({ name: "two", sample: { body: { value: 2 } } });

    // Named but unchanged (a save without edits): read, compared, reused.
    const touched = project.runHinted("events/e4.event.ts");
    expect(touched.read).toEqual(["events/e4.event.ts"]);
    expect(touched.result.reused).toBe(4);

    // A folder: everything below it is read again.
    const folder = project.write("lib/other.ts", `export const O = "moved";`).runHinted("lib");
    expect(folder.read.sort()).toEqual(["lib/a.ts", "lib/b.ts", "lib/c.ts", "lib/other.ts"]);
    expect(json(folder.result, "e3")).toEqual({ name: "three", sample: { body: "moved" } });
  });

  it("notices a file appearing at a candidate path, and a deleted helper, when told of them", () => {
    const project = new Project({
      "events/e.event.ts": event(`{ x: X }`, `import { X } from "../lib/x.js";`),
      "events/f.event.ts": event(`{ f: "f" }`),
      "lib/x.js": `export const X = "from x.js";`,
    });
    project.run();
    const shadowed = project.write("lib/x.ts", `export const X = "from x.ts";`).runHinted("lib/x.ts");
    expect(shadowed.read).toEqual(["lib/x.ts"]);
    expect(json(shadowed.result, "e")).toEqual({ x: "from x.ts" });
    const gone = project.remove("lib/x.ts").remove("lib/x.js").runHinted("lib/x.ts", "lib/x.js");
    expect(problems(gone.result)).toEqual([`DT2007 events/e.event.ts:2 Cannot find the file "../lib/x.js".`]);
    expect(gone.result.reused).toBe(1);
  });
});

describe("extract with a cache, sharing values between events", () => {
  it("does not share a value that reused a broken one, though the problem was reported earlier", () => {
    const project = new Project({
      "events/e1.event.ts": event(`{ a: Y, b: X }`, `import { X, Y } from "../lib/h.js";`),
      "events/e2.event.ts": event(`{ b: X }`, `import { X } from "../lib/h.js";`),
      "lib/h.ts": `export const Y = make();\nexport const X = { y: Y };`,
    });
    const keypaths = (result: ExtractResult): string[] => result.diagnostics.map((d) => d.message.split(":")[0]!);
    expect(keypaths(project.run())).toEqual(["a", "b.y"]);
    expect(
      keypaths(project.write("events/e2.event.ts", event(`{ b: X }`, `import { X } from "../lib/h.js";`, "//")).run()),
    ).toEqual(["a", "b.y"]);
  });

  it("does not share a value whose imports met a problem", () => {
    // `export * from` a missing file is reported, and the name is found in the next star export.
    const project = new Project({
      "events/e1.event.ts": event(`{ h: H }`, `import { H } from "../lib/h.js";`),
      "events/e2.event.ts": event(`{ h: H }`, `import { H } from "../lib/h.js";`),
      "lib/h.ts": `import { A } from "./star.js";\nexport const H = A;`,
      "lib/star.ts": `export * from "./missing.js";\nexport * from "./c.js";`,
      "lib/c.ts": `export const A = 1;`,
    });
    const missing = `DT2007 lib/star.ts:1 Cannot find the file "./missing.js".`;
    expect(problems(project.run())).toEqual([missing]);
    // e2 is reused: its outcome must hold the problem even though e1 met it first.
    const reused = project.write("events/e1.event.ts", event(`{}`)).run();
    expect(reused.reused).toBe(1);
    expect(problems(reused)).toEqual([missing]);
  });
});

describe("extract with a cache, near the depth limit", () => {
  /** `export const C0 = [C1]; const C1 = [C2]; ...`: each link is two levels deeper. */
  const LINKS = 60;
  const chain = [
    ...Array.from({ length: LINKS }, (_, i) => `${i === 0 ? "export " : ""}const C${i} = [C${i + 1}];`),
    `const C${LINKS} = "end";`,
    `export const MID = C${LINKS / 2};`,
  ].join("\n");
  const nested = (levels: number, inner: string): string => "[".repeat(levels) + inner + "]".repeat(levels);
  const chainEvent = (definition: string): string =>
    event(definition, `import { C0, MID } from "../lib/chain.js";`, "// edit");

  /** Extracts, then edits only `events/e2` so that e1 is reused and e2 evaluated alone. */
  function runEditingSecond(second: string, first = `{ v: C0 }`): ExtractResult[] {
    const project = new Project({
      "events/e1.event.ts": chainEvent(first),
      "events/e2.event.ts": chainEvent(second),
      "lib/chain.ts": chain,
    });
    const results = [project.run()];
    results.push(project.write("events/e2.event.ts", chainEvent(second).replace("// edit", "// edited")).run());
    expect(results[1]!.reused).toBe(1);
    return results;
  }

  it("evaluates a shared value again where it would go too deep", () => {
    // Used a hundred levels down, the chain passes the limit, whether e1 evaluated it first or not.
    for (const result of runEditingSecond(`{ v: ${nested(100, "C0")} }`)) {
      expect(result.events.map(name)).toEqual(["events/e1"]);
      expect(problems(result)).toEqual([expect.stringContaining(`is nested more than 200 levels deep`)]);
    }
  });

  it("counts the depth of values reused inside a shared value", () => {
    // e1 evaluates MID (C30) first, so C0 reuses it: C0's depth must still count all 60 links.
    for (const result of runEditingSecond(`{ v: ${nested(100, "C0")} }`, `{ a: MID, b: C0 }`)) {
      expect(problems(result)).toEqual([expect.stringContaining(`is nested more than 200 levels deep`)]);
    }
  });

  it("gives an event that hits the limit the outcome it has alone", () => {
    // MID is too deep where it is used, which leaves part of the chain broken in e2's memo. C0 then
    // reads as broken (silently), as it does when e2 is evaluated alone, though e1 shared it.
    for (const result of runEditingSecond(`{ first: ${nested(150, "MID")}, then: { ...C0 } }`)) {
      expect(result.events.map(name)).toEqual(["events/e1"]);
      expect(problems(result)).toEqual([expect.stringContaining(`is nested more than 200 levels deep`)]);
    }
  });
});

describe("extract with a cache, under random edits", () => {
  const helperPaths = ["lib/a.ts", "lib/b.ts", "lib/c.ts", "lib/x.ts", "lib/x.js", "lib/index.ts"];
  const eventPaths = ["events/e1.event.ts", "events/e2.event.ts", "events/e3.event.ts"];

  /** Helper texts, each valid in any of the helper paths; some are broken, cyclic or import missing files. */
  const helperTexts = [
    `export const A = { v: 1 }, B = "b", C = 3, X = "x";`,
    `export const A = { v: make() }, B = A, C = [A], X = 1;`,
    `export * from "./c.js";`,
    `export { A, B } from "./b.js";\nexport const C = 1, X = 2;`,
    `import { A as Z } from "./a.js";\nexport const A = { z: Z }, B = 2, C = A, X = Z;`,
    `export const A = {;`,
    `export let A = 1;\nexport const B = A, C = "c", X = B;`,
    `export * from "./missing.js";\nexport const A = 1;`,
    `import type { T } from "./types.js";\nexport const A = 1, B = 2, C = 3, X = 4;`,
    `export * as A from "./c.js";\nexport const B = "b", C = { c: true }, X = B;`,
    `export enum A { One = 1 }\nexport const B = A.One, C = A, X = [B];`,
    `export default { d: 1 };\nexport { default as A } from "./x.js";\nexport const B = 1, C = 2, X = 3;`,
    `export * from "./missing.js";\nexport * from "./c.js";`,
    `import { B as W } from "./b.js";\nexport const A = [W], B = { w: W }, C = 1, X = W;`,
  ];
  const eventTexts = [
    event(`{ name: "a", sample: { body: A } }`, `import { A } from "../lib/a.js";`),
    event(`{ sample: { headers: B, query: A } }`, `import { A, B } from "../lib/b.js";`),
    event(`{ sample: { body: ns.C, headers: ns.A } }`, `import * as ns from "../lib/index.js";`),
    event(`{ x: X, sample: { body: X } }`, `import { X } from "../lib/x.js";`),
    event(`{ a: A, c: C }`, `import { A, C } from "../lib";`),
    event(`{ m: Missing }`, `import { Missing } from "../lib/a.js";`),
    event(`{ plain: 1, list: [C, C] }`, `import { C } from "../lib/c.js";`),
    event(`{ f: make() }`),
    event(`{ first: A, second: C }`, `import { A, C } from "../lib/b.js";`),
    event(`{ second: C }`, `import { C } from "../lib/b.js";`),
    event(`{ other: O, name: "uses another event" }`, `import O from "./e2.event.js";`),
    `export default defineEvent({ oops: ;`,
    `export const notDefault = 1;`,
  ];

  type Edit =
    | { readonly kind: "write"; readonly path: string; readonly text: string }
    | { readonly kind: "remove"; readonly path: string }
    | { readonly kind: "deny"; readonly path: string; readonly reason: string }
    | { readonly kind: "none" };

  const anyPath = fc.constantFrom(...helperPaths, ...eventPaths);
  const edit: fc.Arbitrary<Edit> = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant("write" as const),
        path: fc.constantFrom(...helperPaths),
        text: fc.constantFrom(...helperTexts),
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant("write" as const),
        path: fc.constantFrom(...eventPaths),
        text: fc.constantFrom(...eventTexts),
      }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("remove" as const), path: anyPath }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant("deny" as const),
        path: anyPath,
        reason: fc.constantFrom("denied", "locked"),
      }),
    },
    { weight: 1, arbitrary: fc.constant({ kind: "none" as const }) },
  );

  function apply(project: Project, change: Edit): void {
    if (change.kind === "write") project.write(change.path, change.text);
    else if (change.kind === "remove") project.remove(change.path);
    else if (change.kind === "deny") project.deny(change.path, change.reason);
  }

  it("always gives what a cold extraction gives", () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 25 }), (edits) => {
        const project = new Project({
          "events/e1.event.ts": eventTexts[0]!,
          "events/e2.event.ts": eventTexts[1]!,
          "events/e3.event.ts": eventTexts[2]!,
          "lib/a.ts": helperTexts[0]!,
          "lib/b.ts": helperTexts[2]!,
          "lib/c.ts": helperTexts[0]!,
        });
        project.run();
        for (const change of edits) {
          apply(project, change);
          const events = project.run().events.length;
          // Running again with nothing changed reuses every event file.
          const again = project.run();
          expect(again.events).toHaveLength(events);
          expect(again.reused).toBe(eventPaths.filter((p) => project.has(p)).length);
        }
      }),
      { numRuns: 150 },
    );
  });
});
