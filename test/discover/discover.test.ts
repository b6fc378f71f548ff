import { renameSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { build, createBuildCache } from "../../src/build.js";
import { ChangedPaths, ChangeLog } from "../../src/cache/change-log.js";
import { discover, discoverEvents, sameFileList } from "../../src/discover/index.js";
import { codes, definition, eventFile } from "../helpers/memory.js";
import { scratchDir, writeTree } from "../helpers/tmp.js";

describe("discover", () => {
  it("finds event files in code-unit order, skipping node_modules, outDir and ignores", async () => {
    const dir = scratchDir("discover");
    writeTree(dir, {
      "events/b/z.event.ts": "",
      "events/B/a.event.ts": "",
      "events/a.event.ts": "",
      "events/skip/x.event.ts": "",
      "events/node_modules/pkg/x.event.ts": "",
      "events/generated/x.event.ts": "",
      "events/helper.ts": "",
    });
    const files = await discover({
      rootDir: dir,
      events: ["events/**/*.event.ts"],
      ignore: ["events/skip/**"],
      outDir: join(dir, "events/generated"),
    });
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual([
      "events/B/a.event.ts",
      "events/a.event.ts",
      "events/b/z.event.ts",
    ]);
  });
});

describe("discoverEvents: nothing left out without a word", () => {
  it("names the files left out inside outDir, the event globs that match nothing and backslashed ignores that do nothing", async () => {
    const dir = scratchDir("discover-report");
    writeTree(dir, {
      "events/a.event.ts": "",
      "events/stripe/b.event.ts": "",
      "events/stripe/deep/c.event.ts": "",
      "events/drafts/d.event.ts": "",
      "other/e.event.ts": "",
      "node_modules/pkg/only/f.event.ts": "",
    });
    const discovery = await discoverEvents({
      rootDir: dir,
      events: [
        "events/**/*.event.ts",
        "evnts/**/*.event.ts", // a typo: matches nothing
        "other/*.event.ts", // matches, but every file is ignored: no typo
        "./{events,other}/*.EVENT.ts", // matches nothing (case), though micromatch alone may say it does
        "node_modules/pkg/only/*.event.ts", // only node_modules, which is never searched
        "!events/none/**",
      ],
      ignore: ["other/**", "events/drafts/**", "events\\drafts\\**", "events/never/**"],
      outDir: join(dir, "events/stripe"),
    });
    const rel = (files: readonly string[]) => files.map((f) => relative(dir, f).split("\\").join("/"));
    expect(rel(discovery.files)).toEqual(["events/a.event.ts"]);
    expect(rel(discovery.inOutDir)).toEqual(["events/stripe/b.event.ts", "events/stripe/deep/c.event.ts"]);
    expect(discovery.unmatched).toEqual([
      "evnts/**/*.event.ts",
      "./{events,other}/*.EVENT.ts",
      "node_modules/pkg/only/*.event.ts",
    ]);
    expect(discovery.idleIgnores).toEqual(["events\\drafts\\**"]);
  });

  it("a backslashed ignore that does leave files out, and an outDir outside the globs, are nothing to report", async () => {
    const dir = scratchDir("discover-quiet");
    writeTree(dir, { "events/a.event.ts": "", "events/(x)/b.event.ts": "", "generated/c.event.ts": "" });
    const discovery = await discoverEvents({
      rootDir: dir,
      events: ["events/**/*.event.ts"],
      ignore: ["events/\\(x\\)/**"],
      outDir: join(dir, "generated"),
    });
    expect(rel(dir, discovery.files)).toEqual(["events/a.event.ts"]);
    expect(discovery).toMatchObject({ inOutDir: [], unmatched: [], idleIgnores: [] });
  });
});

it("a file where a glob expects a folder holds no events, as a missing folder: no error", async () => {
  const dir = scratchDir("discover-file-as-folder");
  writeTree(dir, { events: "not a folder", "other/a.event.ts": "" });
  const discovery = await discoverEvents({
    rootDir: dir,
    events: ["events/**/*.event.ts", "other/*.event.ts"],
    ignore: [],
    outDir: join(dir, "generated"),
  });
  expect(rel(dir, discovery.files)).toEqual(["other/a.event.ts"]);
  expect(discovery.unmatched).toEqual(["events/**/*.event.ts"]);
});

it("a static glob through a file where it expects a folder matches nothing, as a missing path: no error", async () => {
  const dir = scratchDir("discover-static-file-as-folder");
  writeTree(dir, { events: "not a folder", "other/a.event.ts": "" });
  const discovery = await discoverEvents({
    rootDir: dir,
    events: ["events/x.event.ts", "events/{a,b}.event.ts", "other/*.event.ts"],
    ignore: [],
    outDir: join(dir, "generated"),
  });
  expect(rel(dir, discovery.files)).toEqual(["other/a.event.ts"]);
  expect(discovery.unmatched).toEqual(["events/x.event.ts", "events/{a,b}.event.ts"]);
});

it("the build's own outputs, as the build's predicate tells them, are neither event files nor left out", async () => {
  const dir = scratchDir("discover-own-outputs");
  writeTree(dir, { "src/a.event.ts": "", "src/out/index.ts": "", "src/out/mine.ts": "", "src/only/index.ts": "" });
  const discovery = await discoverEvents({
    rootDir: dir,
    events: ["src/**/*.ts", "src/only/*.ts"],
    ignore: [],
    outDir: join(dir, "src/out"),
    isBuildOutput: (path) => path.endsWith("index.ts"),
  });
  expect(rel(dir, discovery.files)).toEqual(["src/a.event.ts"]);
  expect(rel(dir, discovery.inOutDir)).toEqual(["src/out/mine.ts"]);
  // A glob that finds only outputs found no event file.
  expect(discovery.unmatched).toEqual(["src/only/*.ts"]);
});

it("watch mode: deleting a file left out in outDir globs again, and DT1011 goes with it (and comes back with a new one)", async () => {
  const dir = scratchDir("discover-watch-outdir");
  writeTree(dir, {
    "ductape.config.ts": 'export default { outDir: "events/out" };\n',
    "events/a.event.ts": eventFile(definition({ tag: '"w:a"' })),
    "events/out/b.event.ts": eventFile(definition({ tag: '"w:b"' })),
  });
  const cache = createBuildCache();
  const changes = new ChangeLog();
  const run = async () =>
    codes((await build({ cwd: dir, cache, changes, diskCache: false, write: false })).diagnostics);
  expect(await run()).toEqual(["DT1011"]);
  rmSync(join(dir, "events/out/b.event.ts"));
  changes.note(join(dir, "events/out/b.event.ts"), "rename");
  expect(await run()).toEqual([]);
  writeTree(dir, { "events/out/c.event.ts": eventFile(definition({ tag: '"w:c"' })) });
  changes.note(join(dir, "events/out/c.event.ts"), "rename");
  expect(await run()).toEqual(["DT1011"]);
});

function rel(dir: string, files: readonly string[]): string[] {
  return files.map((f) => relative(dir, f).split("\\").join("/"));
}

describe("sameFileList (watch mode: may the glob be skipped?)", () => {
  it("only when every changed path is a listed file, a file the globs cannot match, or gone without a trace", async () => {
    const dir = scratchDir("same-list");
    writeTree(dir, {
      "events/a.event.ts": "",
      "events/sub/b.event.ts": "",
      "events/shared/helper.ts": "",
      "events/.hidden.event.ts": "",
      "events/sub/old.event.ts": "",
      "events/x.event.ts.bak": "",
      "README.md": "",
    });
    const input = {
      rootDir: dir,
      events: ["./events/{*,sub/*}.event.ts"],
      ignore: ["events/sub/old*"],
      outDir: join(dir, "generated"),
    };
    const files = await discover(input);
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual(["events/a.event.ts", "events/sub/b.event.ts"]);
    const listed = new Set(files);
    const same = (...paths: string[]) => sameFileList(listed, new ChangedPaths(paths.map((p) => join(dir, p))), input);

    expect(same()).toBe(true);
    expect(same("events/a.event.ts", "events/sub/b.event.ts")).toBe(true); // edited event files
    expect(same("events/shared/helper.ts", "README.md", "events/x.event.ts.bak")).toBe(true); // no glob matches them
    expect(same("events/.a.event.ts.swp", "events/gone/deeper")).toBe(true); // gone, nothing listed there

    expect(same("events/sub/new.event.ts")).toBe(true); // not there (yet), nothing listed there
    writeTree(dir, { "events/sub/new.event.ts": "" });
    expect(same("events/sub/new.event.ts")).toBe(false); // a new event file
    expect(same("events/sub")).toBe(false); // a folder
    // Matched more broadly than discovery, never less: dot files, other case, ignored files.
    expect(same("events/.hidden.event.ts")).toBe(false);
    writeTree(dir, { "events/A.EVENT.TS": "" });
    expect(same("events/A.EVENT.TS")).toBe(false);
    expect(same("events/sub/old.event.ts")).toBe(false);
    // Gone, and listed (a deletion), or with listed files below it (a folder moved away).
    const moved = scratchDir("same-list-away");
    renameSync(join(dir, "events/sub"), join(moved, "sub"));
    expect(same("events/sub/b.event.ts")).toBe(false);
    expect(same("events/sub")).toBe(false);
    // An existing file outside rootDir: a pattern could reach it.
    writeTree(moved, { "elsewhere.ts": "" });
    expect(same(relative(dir, join(moved, "elsewhere.ts")))).toBe(false);
  });
});
