import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { build, createBuildCache, type BuildResult } from "../../src/build.js";
import { readManifestEvents } from "../../src/emit/index.js";
import { ChangeLog } from "../../src/cache/change-log.js";
import { formatDiagnostics } from "../../src/diagnostics/format.js";
import { REPO, scratchDir } from "../helpers/tmp.js";

// Files that declared schemas reach through `$ref` are inputs of a build like the event files:
// an edit of one must reach the outputs through the disk cache and watch mode's caches alike,
// exactly as a cold build of the same files would.

/** The case project with a schema file of its own, GitHub's package schemas and a JSON import (test/cases/schemas). */
const FIXTURE = join(REPO, "test", "cases", "schemas", "project");
const SCHEMA_FILE = "schemas/order.json";

interface Observed {
  readonly cached: boolean;
  readonly outputs: Record<string, string>;
  readonly report: string;
}

function observe(result: BuildResult, dir: string): Observed {
  const outputs: Record<string, string> = {};
  const outDir = join(dir, "generated");
  const names = readdirSync(outDir, { recursive: true, encoding: "utf8" }).map((name) => name.split(sep).join("/"));
  for (const name of names.sort()) {
    if (statSync(join(outDir, name)).isFile()) outputs[name] = readFileSync(join(outDir, name), "utf8");
  }
  const report = formatDiagnostics(result.diagnostics, { cwd: dir, sources: result.sources, color: false });
  return { cached: result.cached, outputs, report };
}

/** The project in a scratch folder inside the repository, so that packages resolve through its node_modules. */
function project(name: string) {
  const dir = scratchDir(name);
  cpSync(FIXTURE, dir, { recursive: true });
  const path = (file: string) => join(dir, file);
  const edit = (file: string, change: (text: string) => string) => {
    const before = readFileSync(path(file), "utf8");
    const after = change(before);
    expect(after, `the edit of ${file} changed nothing`).not.toBe(before);
    writeFileSync(path(file), after);
  };
  const cold = async () => {
    const copy = scratchDir(`${name}-cold`);
    cpSync(dir, copy, { recursive: true, filter: (source) => !source.includes(".cache-under-test") });
    return observe(await build({ cwd: copy, diskCache: false }), copy);
  };
  return { dir, path, edit, cold };
}

describe("files reached by declared schemas", () => {
  it("are inputs of the disk cache: an edited schema file makes the next build compile again", async () => {
    const p = project("declared-disk");
    const cacheDir = join(p.dir, ".cache-under-test");
    const cachedBuild = async () => observe(await build({ cwd: p.dir, diskCache: cacheDir }), p.dir);

    expect((await cachedBuild()).cached).toBe(false);
    expect((await cachedBuild()).cached).toBe(true);

    p.edit(SCHEMA_FILE, (t) => t.replace("In the currency's smallest unit.", "In cents."));
    const edited = await cachedBuild();
    expect(edited.cached).toBe(false);
    expect(edited.outputs["definitions.ts"]).toContain("/** In cents. */");
    expect(edited).toEqual({ ...(await p.cold()), cached: false });
    expect((await cachedBuild()).cached).toBe(true);

    // A schema that now rejects the sample: the error, and nothing written, as a cold build.
    p.edit(SCHEMA_FILE, (t) => t.replace('"enum": ["pending", "paid", "shipped"]', '"enum": ["paid", "shipped"]'));
    const rejected = await cachedBuild();
    expect(rejected.report).toContain(
      'DT4201: sample.body.status does not match the declared schema: "pending" is not one of "paid", "shipped".',
    );
    expect(rejected).toEqual({ ...(await p.cold()), cached: false });
  });

  it("are dependencies in watch mode: an edit noted by the watcher rebuilds the events that reach the file", async () => {
    const p = project("declared-watch");
    const cache = createBuildCache();
    const log = new ChangeLog();
    const watchBuild = async () => observe(await build({ cwd: p.dir, cache, changes: log, diskCache: false }), p.dir);
    const expectLikeCold = async () => {
      const [warm, cold] = [await watchBuild(), await p.cold()];
      expect(warm.outputs).toEqual(cold.outputs);
      expect(warm.report).toBe(cold.report);
      return warm;
    };

    await expectLikeCold();
    await expectLikeCold();

    // Both shop events reach Money: one by $ref, one through the file imported by default import.
    p.edit(SCHEMA_FILE, (t) => t.replace("In the currency's smallest unit.", "In cents."));
    log.note(p.path(SCHEMA_FILE), "change");
    expect((await expectLikeCold()).outputs["definitions.ts"]).toContain("/** In cents. */");

    p.edit(SCHEMA_FILE, (t) => t.replace('"minLength": 3, "maxLength": 3', '"minLength": 4, "maxLength": 4'));
    log.note(p.path(SCHEMA_FILE), "change");
    const rejected = await expectLikeCold();
    expect(rejected.report).toContain("sample.body.total.currency does not match the declared schema");
    expect(rejected.report).toContain("sample.body.amount.currency does not match the declared schema");

    p.edit(SCHEMA_FILE, (t) => t.replace('"minLength": 4, "maxLength": 4', '"minLength": 3, "maxLength": 3'));
    log.note(p.path(SCHEMA_FILE), "change");
    expect((await expectLikeCold()).report).toBe("");

    // The watcher's word is trusted: an edit it did not report is not read.
    p.edit(SCHEMA_FILE, (t) => t.replace("In cents.", "In minor units."));
    const unseen = await watchBuild();
    expect(unseen.outputs["definitions.ts"]).toContain("/** In cents. */");
    expect(unseen.outputs).not.toEqual((await p.cold()).outputs);
  });
});

describe("build()'s events with declared schemas", () => {
  it("are the manifest's: each schema self-contained, definitions named as the types name them", async () => {
    const p = project("declared-result");
    const result = await build({ cwd: p.dir, diskCache: false });
    expect(result.diagnostics).toEqual([]);
    const written = readManifestEvents(join(p.dir, "generated"));
    expect(JSON.stringify(result.events)).toBe(JSON.stringify(written));
    const order = result.events.find((e) => e.tag === "shop:order-created")!;
    expect(JSON.stringify(order.schema)).toContain('"$ref":"#/$defs/Order"');
    expect(Object.keys((order.schema as { $defs: object }).$defs).sort()).toEqual(["Customer", "Money", "Order"]);
  });
});
