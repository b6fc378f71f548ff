import { execFileSync } from "node:child_process";
import {
  cpSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { join, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { build, createBuildCache, type BuildResult } from "../../src/build.js";
import { ChangeLog, type ChangeKind } from "../../src/cache/change-log.js";
import { fingerprintOf } from "../../src/cache/fingerprint.js";
import { DiskCache } from "../../src/cache/store.js";
import { formatDiagnostics } from "../../src/diagnostics/format.js";
import { REPO, scratchDir } from "../helpers/tmp.js";

// The disk cache may only ever make a build faster. After every kind of change a user makes,
// a build that consults the cache must leave the same bytes on disk, and report the same
// problems, as a cold build of the same files with no cache at all.

const FIXTURE = join(REPO, "test", "fixtures", "loop-shop");

interface Observed {
  readonly cached: boolean;
  readonly outputs: Record<string, string>;
  readonly report: string;
  readonly events: string;
}

/** What a build left on disk and reported, with paths made relative so that two copies compare. */
function observe(result: BuildResult, dir: string): Observed {
  const outputs: Record<string, string> = {};
  const outDir = join(dir, "generated");
  // Every file, webhooks' modules and manifests included, by posix path relative to outDir.
  const names = readdirSync(outDir, { recursive: true, encoding: "utf8" }).map((name) => name.split(sep).join("/"));
  for (const name of names.sort()) {
    if (statSync(join(outDir, name)).isFile()) outputs[name] = readFileSync(join(outDir, name), "utf8");
  }
  const report = formatDiagnostics(result.diagnostics, { cwd: dir, sources: result.sources, color: false });
  return { cached: result.cached, outputs, report, events: JSON.stringify(result.events) };
}

/** A project made from the shop fixture, with its own cache folder. */
function project(name: string) {
  const dir = scratchDir(name);
  cpSync(FIXTURE, dir, { recursive: true });
  const cacheDir = join(dir, ".cache-under-test");
  const path = (file: string) => join(dir, file);
  const edit = (file: string, change: (text: string) => string) => {
    const before = readFileSync(path(file), "utf8");
    const after = change(before);
    expect(after, `the edit of ${file} changed nothing`).not.toBe(before);
    writeFileSync(path(file), after);
  };

  /**
   * A build that uses the cache, and a cold build (no cache) of a copy of the same files, outputs
   * of earlier builds included: a failed build must leave those as they were in both.
   */
  const buildBoth = async (options: { strict?: boolean } = {}) => {
    const cached = await build({ cwd: dir, diskCache: cacheDir, ...options });
    const copy = scratchDir(`${name}-cold`);
    cpSync(dir, copy, { recursive: true, filter: (source) => !source.startsWith(cacheDir) });
    const cold = await build({ cwd: copy, diskCache: false, ...options });
    return { cached: observe(cached, dir), cold: observe(cold, copy) };
  };

  /** Watch mode's in-memory cache, kept across the builds of `expectMemoryLikeCold`. */
  const memory = createBuildCache();
  /** After a change: a build with the in-memory cache of watch mode equals a cold build. */
  const expectMemoryLikeCold = async () => {
    const warm = observe(await build({ cwd: dir, cache: memory, diskCache: false }), dir);
    const copy = scratchDir(`${name}-cold`);
    cpSync(dir, copy, { recursive: true, filter: (source) => !source.startsWith(cacheDir) });
    const cold = observe(await build({ cwd: copy, diskCache: false }), copy);
    expect(warm.outputs).toEqual(cold.outputs);
    expect(warm.report).toBe(cold.report);
    expect(warm.events).toBe(cold.events);
    return warm;
  };

  /** After a change: the cached build equals the cold one, and says whether it reused the record. */
  const expectSameAsCold = async (reuse: boolean, options: { strict?: boolean } = {}) => {
    const { cached, cold } = await buildBoth(options);
    expect(cached.cached).toBe(reuse);
    expect(cold.cached).toBe(false);
    expect(cached.outputs).toEqual(cold.outputs);
    expect(cached.report).toBe(cold.report);
    expect(cached.events).toBe(cold.events);
    return cached;
  };
  return { dir, cacheDir, path, edit, expectSameAsCold, expectMemoryLikeCold };
}

describe("disk cache", () => {
  it("matches a cold build byte for byte after every kind of change", async () => {
    const p = project("disk-cache");

    await p.expectSameAsCold(false); // nothing recorded yet
    await p.expectSameAsCold(true); // nothing changed

    p.edit("events/billing/invoice-paid.event.ts", (t) => t.replace("An invoice was paid in full.", "Paid in full."));
    await p.expectSameAsCold(false);
    await p.expectSameAsCold(true);

    // A file that events import, not an event file itself.
    p.edit("events/shared/constants.ts", (t) => t.replace('"2024-11-01"', '"2025-01-15"'));
    await p.expectSameAsCold(false);

    // Same bytes written again: content, not mtime, decides.
    const constants = readFileSync(p.path("events/shared/constants.ts"), "utf8");
    writeFileSync(p.path("events/shared/constants.ts"), constants);
    await p.expectSameAsCold(true);

    renameSync(p.path("events/shipping/parcel-delivered.event.ts"), p.path("events/shipping/delivered.event.ts"));
    await p.expectSameAsCold(false);

    rmSync(p.path("events/billing/invoice-overdue.event.ts"));
    await p.expectSameAsCold(false);

    mkdirSync(p.path("events/returns"));
    writeFileSync(
      p.path("events/returns/return-opened.event.ts"),
      readFileSync(p.path("events/billing/invoice-paid.event.ts"), "utf8")
        .replace('"billing:invoice-paid"', '"returns:return-opened"')
        .replace('"Invoice Paid"', '"Return Opened"')
        // A warning, so that cached diagnostics are compared too.
        .replace("paid: true,", "paid: true, refunded_at: null,"),
    );
    await p.expectSameAsCold(false);
    await p.expectSameAsCold(true);
    // Strict mode turns the recorded warning into an error, exactly as a cold strict build does.
    await p.expectSameAsCold(true, { strict: true });

    // The config: what it selects, and where it writes.
    p.edit("ductape.config.ts", (t) =>
      t.replace('events: "events/**/*.event.ts",', 'events: "events/{billing,returns}/*.event.ts",'),
    );
    await p.expectSameAsCold(false);
    await p.expectSameAsCold(true);

    // A webhook whose events are all gone: its files go, files in webhooks/ that we did not write stay.
    writeFileSync(p.path("generated/webhooks/notes.md"), "# Ours, not the tool's\n");
    writeFileSync(p.path("generated/webhooks/helpers.ts"), "export const mine = 1;\n");
    rmSync(p.path("events/returns"), { recursive: true });
    const gone = await p.expectSameAsCold(false);
    expect(Object.keys(gone.outputs)).toEqual([
      "index.ts",
      "manifest.json",
      "webhooks/billing.json",
      "webhooks/billing.ts",
      "webhooks/helpers.ts",
      "webhooks/notes.md",
    ]);
    await p.expectSameAsCold(true);
    // One of our files of a webhook long gone, put back (a checkout, a copy): a cold build deletes it, so must this one.
    writeFileSync(p.path("generated/webhooks/returns.ts"), readFileSync(p.path("generated/webhooks/billing.ts")));
    await p.expectSameAsCold(false);
    await p.expectSameAsCold(true);

    // A generated file edited by hand is rewritten, as a cold build would.
    p.edit("generated/index.ts", (t) => t.replace("export interface", "export  interface"));
    await p.expectSameAsCold(false);
    await p.expectSameAsCold(true);
    // Also when the edit keeps the size: the output's mtime moved.
    p.edit("generated/manifest.json", (t) => t.replace('"version": 2', '"version": 3'));
    await p.expectSameAsCold(false);
    await p.expectSameAsCold(true);
    p.edit("generated/webhooks/billing.json", (t) => t.replace('"version": 2', '"version": 3'));
    await p.expectSameAsCold(false);
    await p.expectSameAsCold(true);
  });

  it("discovery's warnings are each build's own: a glob whose ignored file goes, or comes back, reports as a cold build does", async () => {
    const p = project("disk-cache-discovery");
    p.edit("ductape.config.ts", (t) =>
      t.replace(
        'events: "events/**/*.event.ts",',
        'events: ["events/shipping/**/*.event.ts", "events/billing/*-overdue.event.ts"],\n  ignore: ["events/billing/invoice-overdue.event.ts"],',
      ),
    );
    const overdue = readFileSync(p.path("events/billing/invoice-overdue.event.ts"), "utf8");
    expect((await p.expectSameAsCold(false)).report).toBe("");
    rmSync(p.path("events/billing/invoice-overdue.event.ts"));
    expect((await p.expectSameAsCold(true)).report).toContain(
      'DT1102: "events/billing/*-overdue.event.ts" matched nothing.',
    );
    // The config's text moves the glob down a line: the warning's place moves with it.
    p.edit("ductape.config.ts", (t) => `// The shop.\n${t}`);
    await p.expectSameAsCold(true);
    writeFileSync(p.path("events/billing/invoice-overdue.event.ts"), overdue);
    expect((await p.expectSameAsCold(true)).report).toBe("");
  });

  it("a build with errors is not recorded, and does not hide the errors next time", async () => {
    const p = project("disk-cache-errors");
    await p.expectSameAsCold(false);
    p.edit("events/billing/invoice-paid.event.ts", (t) => t.replace('tag: "billing:invoice-paid"', "tag: 42"));
    await p.expectSameAsCold(false);
    await p.expectSameAsCold(false);
    p.edit("events/billing/invoice-paid.event.ts", (t) => t.replace("tag: 42", 'tag: "billing:invoice-paid"'));
    // The outputs of the first build are still on disk, unchanged by the failed ones, and match again.
    await p.expectSameAsCold(true);
  });

  it("a corrupt or damaged cache entry is a miss, never an error", async () => {
    const p = project("disk-cache-corrupt");
    await p.expectSameAsCold(false);
    const entries = (folder: string) =>
      readdirSync(join(p.cacheDir, folder)).map((name) => join(p.cacheDir, folder, name));
    const [entry] = entries(".").filter((path) => /build-[^/\\]*\.json$/.test(path));
    expect(entry).toBeDefined();
    const valid = JSON.parse(readFileSync(entry!, "utf8")) as Record<string, unknown>;
    const damaged = [
      '{"format": 2, "tool": "',
      JSON.stringify({ ...valid, outputs: [null] }),
      JSON.stringify({ ...valid, diagnostics: [null] }),
      JSON.stringify({ ...valid, inputs: [], outputs: "none" }),
      JSON.stringify({ ...valid, files: [42] }),
    ];
    for (const text of damaged) {
      writeFileSync(entry!, text);
      await p.expectSameAsCold(false);
      await p.expectSameAsCold(true);
    }
    // The config's transpiled code, damaged: transpiled again.
    for (const transpiled of entries("transpiled")) {
      writeFileSync(
        transpiled,
        JSON.stringify({ code: "export default {};", specifiers: [{ start: 5, end: 1, text: "./x" }] }),
      );
    }
    writeFileSync(entry!, "{}");
    await p.expectSameAsCold(false);
  });
});

describe("where the disk cache lives", () => {
  it("under node_modules/.cache in the config's folder, wherever the build runs from", async () => {
    const p = project("disk-cache-place");
    mkdirSync(p.path("node_modules"));
    const elsewhere = scratchDir("disk-cache-elsewhere");
    const config = p.path("ductape.config.ts");
    expect((await build({ cwd: elsewhere, config })).cached).toBe(false);
    expect(readdirSync(p.path("node_modules/.cache/ductape-events")).some((n) => n.startsWith("build-"))).toBe(true);
    expect(readdirSync(elsewhere)).toEqual([]);
    expect((await build({ cwd: elsewhere, config })).cached).toBe(true);
    expect((await build({ cwd: p.dir })).cached).toBe(true);
  });
});

describe("the disk cache stays bounded", () => {
  it("keepNewest deletes the least recently written entries of one kind, and nothing else", () => {
    const dir = scratchDir("disk-cache-bounded-unit");
    const cache = new DiskCache(dir);
    for (let i = 0; i < 6; i++) {
      cache.write(`build-${String(i).repeat(16)}.json`, "{}");
      // Written out of order: the oldest are 3, 4 and 5.
      utimesSync(join(dir, `build-${String(i).repeat(16)}.json`), 1000 - i * 100, 1000 - i * 100);
    }
    writeFileSync(join(dir, "build-notes.txt"), "mine");
    cache.keepNewest(".", /^build-[0-9a-f]{16}\.json$/, 3);
    expect(readdirSync(dir).sort()).toEqual([
      "build-0000000000000000.json",
      "build-1111111111111111.json",
      "build-2222222222222222.json",
      "build-notes.txt",
    ]);
    cache.keepNewest("missing-folder", /./, 0);
  });

  it("a build keeps the state of the 256 projects built last, its own included; a config edit keeps 256 transpiled modules", async () => {
    const p = project("disk-cache-bounded");
    mkdirSync(join(p.cacheDir, "transpiled"), { recursive: true });
    for (let i = 0; i < 300; i++) {
      const hex = i.toString(16).padStart(16, "0");
      writeFileSync(join(p.cacheDir, `build-${hex}.json`), "{}");
      writeFileSync(join(p.cacheDir, "transpiled", `${hex.repeat(4)}.json`), "{}");
      utimesSync(join(p.cacheDir, `build-${hex}.json`), 1000 + i, 1000 + i);
      utimesSync(join(p.cacheDir, "transpiled", `${hex.repeat(4)}.json`), 1000 + i, 1000 + i);
    }
    writeFileSync(join(p.cacheDir, "README.txt"), "not the tool's");
    p.edit("ductape.config.ts", (text) => `${text}\n// edited\n`);
    await p.expectSameAsCold(false);
    const states = readdirSync(p.cacheDir).filter((n) => /^build-[0-9a-f]{16}\.json$/.test(n));
    expect(states).toHaveLength(256);
    // The oldest went: entries 0..44, and the build's own (written last) is kept.
    expect(states).not.toContain(`build-${"0".repeat(16)}.json`);
    expect(states).toContain(`build-${(299).toString(16).padStart(16, "0")}.json`);
    expect(readdirSync(join(p.cacheDir, "transpiled"))).toHaveLength(256);
    expect(readFileSync(join(p.cacheDir, "README.txt"), "utf8")).toBe("not the tool's");
    // And the build's own record still works.
    expect((await build({ cwd: p.dir, diskCache: p.cacheDir })).cached).toBe(true);
  });
});

describe("watch mode's in-memory cache", () => {
  it("matches a cold build byte for byte after every kind of change, names taken across events included", async () => {
    const p = project("memory-cache");
    const paid = "events/billing/invoice-paid.event.ts";
    // A nested object whose interface name another event's part name can take: BillingInvoicePaidBodyQuery.
    p.edit(paid, (t) => t.replace("paid: true,", "paid: true, query: { page: 1 },"));
    expect((await p.expectMemoryLikeCold()).outputs["webhooks/billing.ts"]).toContain(
      "interface BillingInvoicePaidBodyQuery ",
    );
    await p.expectMemoryLikeCold();

    p.edit(paid, (t) => t.replace("An invoice was paid in full.", "Paid in full."));
    await p.expectMemoryLikeCold();
    // Line separators, which JSON leaves unescaped inside strings: fragments must not take them for line starts.
    p.edit(paid, (t) => t.replace('id: "inv_0001"', 'id: "inv\\u2028_0001\\u2029"'));
    expect((await p.expectMemoryLikeCold()).outputs["webhooks/billing.json"]).toContain("inv\u2028_0001\u2029");

    // An event whose part names include BillingInvoicePaidBodyQuery: the unchanged event's interface must yield it.
    const other = "events/billing/invoice-paid-body.event.ts";
    writeFileSync(
      p.path(other),
      readFileSync(p.path(paid), "utf8")
        .replace('"billing:invoice-paid"', '"billing:invoice-paid-body"')
        .replace('"Invoice Paid"', '"Invoice Paid Body"'),
    );
    const renamed = await p.expectMemoryLikeCold();
    expect(renamed.outputs["webhooks/billing.ts"]).toContain("interface BillingInvoicePaidBodyQuery2 ");
    rmSync(p.path(other));
    expect((await p.expectMemoryLikeCold()).outputs["webhooks/billing.ts"]).not.toContain(
      "BillingInvoicePaidBodyQuery2",
    );

    p.edit("events/shared/constants.ts", (t) => t.replace('"2024-11-01"', '"2025-01-15"'));
    await p.expectMemoryLikeCold();
    renameSync(p.path("events/shipping/parcel-delivered.event.ts"), p.path("events/shipping/delivered.event.ts"));
    await p.expectMemoryLikeCold();
    rmSync(p.path("events/billing/invoice-overdue.event.ts"));
    await p.expectMemoryLikeCold();
    p.edit(paid, (t) => t.replace("paid: true,", "paid: true, refunded_at: null,"));
    await p.expectMemoryLikeCold();
    p.edit("ductape.config.ts", (t) => t.replace('outDir: "generated",', 'outDir: "generated", strict: true,'));
    await p.expectMemoryLikeCold();
  });

  it("matches a cold build when events move between webhooks, webhooks come and go, and outputs are edited by hand", async () => {
    const p = project("memory-cache-webhooks");
    const paid = "events/billing/invoice-paid.event.ts";
    const first = await p.expectMemoryLikeCold();
    expect(Object.keys(first.outputs)).toEqual([
      "index.ts",
      "manifest.json",
      "webhooks/billing.json",
      "webhooks/billing.ts",
      "webhooks/shipping.json",
      "webhooks/shipping.ts",
    ]);

    // To another webhook: both webhooks' files change, and the index files.
    p.edit(paid, (t) => t.replace('"billing:invoice-paid"', '"shipping:invoice-paid"'));
    const moved = await p.expectMemoryLikeCold();
    expect(moved.outputs["webhooks/shipping.ts"]).toContain("export interface ShippingInvoicePaidPayload {");
    expect(moved.outputs["webhooks/billing.ts"]).not.toContain("InvoicePaid");
    // To a new webhook whose tag is a reserved word, then one with digits and hyphens, then a Windows device name.
    for (const [webhook, file] of [
      ["class", "webhooks/class.ts"],
      ["3d-secure-v2", "webhooks/3d-secure-v2.ts"],
      ["con", "webhooks/con_.ts"],
    ] as const) {
      p.edit(paid, (t) => t.replace(/"[a-z0-9-]+:invoice-paid"/, `"${webhook}:invoice-paid"`));
      const built = await p.expectMemoryLikeCold();
      expect(Object.keys(built.outputs)).toContain(file);
      expect(Object.keys(built.outputs).filter((name) => /^webhooks\/.*\.ts$/.test(name))).toHaveLength(3);
    }
    // Every event of a webhook gone: its files are deleted, in watch mode too.
    rmSync(p.path(paid));
    const removed = await p.expectMemoryLikeCold();
    expect(Object.keys(removed.outputs).filter((name) => name.startsWith("webhooks/con"))).toEqual([]);
    await p.expectMemoryLikeCold();

    // A webhook's file edited by hand, even keeping its size: watch mode notices, as a cold build does.
    p.edit("generated/webhooks/shipping.ts", (t) => t.replace("export interface", "export  interface"));
    await p.expectMemoryLikeCold();
    p.edit("generated/webhooks/billing.json", (t) => t.replace('"version": 2', '"version": 3'));
    await p.expectMemoryLikeCold();
    rmSync(p.path("generated/webhooks/billing.ts"));
    await p.expectMemoryLikeCold();
  });
});

describe("watch mode's change hints", () => {
  /**
   * The shop project built as watch mode does: the in-memory cache and a change log, noted by hand
   * here with what fs.watch reports for each change, so that the test decides what the build is told.
   */
  function hinted(name: string) {
    const p = project(name);
    const cache = createBuildCache();
    const log = new ChangeLog();
    const note = (kind: ChangeKind, ...files: string[]) => {
      for (const file of files) log.note(p.path(file), kind);
    };
    const hintedBuild = async () => observe(await build({ cwd: p.dir, cache, changes: log, diskCache: false }), p.dir);
    const cold = async () => {
      const copy = scratchDir(`${name}-cold`);
      cpSync(p.dir, copy, { recursive: true });
      return observe(await build({ cwd: copy, diskCache: false }), copy);
    };
    /** The hinted build equals a cold build of the same files. */
    const expectLikeCold = async () => {
      const [warm, expected] = [await hintedBuild(), await cold()];
      expect(warm.outputs).toEqual(expected.outputs);
      expect(warm.report).toBe(expected.report);
      expect(warm.events).toBe(expected.events);
      return warm;
    };
    /** A change made without telling the build: the build must not see it (it trusts the hint). */
    const expectUnseen = async () => {
      const [warm, expected] = [await hintedBuild(), await cold()];
      expect(warm.outputs).not.toEqual(expected.outputs);
      return warm;
    };
    return { ...p, cache, log, note, expectLikeCold, expectUnseen };
  }

  it("match a cold build byte for byte after edits, renames, deletions and new files", async () => {
    const p = hinted("hinted-cache");
    const paid = "events/billing/invoice-paid.event.ts";
    const overdue = "events/billing/invoice-overdue.event.ts";
    await p.expectLikeCold(); // the first build: no baseline yet, everything read
    await p.expectLikeCold(); // nothing noted

    p.edit(paid, (t) => t.replace("An invoice was paid in full.", "Paid in full."));
    p.note("change", paid);
    await p.expectLikeCold();

    // A helper file imported by three events: each of them is extracted again.
    p.edit("events/shared/constants.ts", (t) => t.replace('"2024-11-01"', '"2025-01-15"'));
    p.note("change", "events/shared/constants.ts");
    expect(allText(await p.expectLikeCold())).toContain("2025-01-15");

    // A warning in one event, then an edit of another: the reused event's code frame still shows.
    p.edit(overdue, (t) => t.replace("days_overdue: 14,", "days_overdue: 14, note: null,"));
    p.note("change", overdue);
    await p.expectLikeCold();
    p.edit(paid, (t) => t.replace("Paid in full.", "Paid in full!"));
    p.note("change", paid);
    expect((await p.expectLikeCold()).report).toContain("note: null");
    p.edit(paid, (t) => t.replace("Paid in full!", "Paid in full."));
    p.edit(overdue, (t) => t.replace("days_overdue: 14, note: null,", "days_overdue: 14,"));
    p.note("change", paid, overdue);
    expect((await p.expectLikeCold()).report).toBe("");

    // Saved as editors do: written to a temporary file that is renamed over the original.
    const temp = "events/billing/.invoice-paid.event.ts.swp";
    writeFileSync(p.path(temp), readFileSync(p.path(paid), "utf8").replace("Paid in full.", "Paid, in full."));
    p.note("rename", temp);
    p.note("change", temp);
    renameSync(p.path(temp), p.path(paid));
    p.note("rename", temp, paid);
    expect(allText(await p.expectLikeCold())).toContain("Paid, in full.");

    // Renamed out of the globs, then back in.
    renameSync(p.path(overdue), p.path(`${overdue}.bak`));
    p.note("rename", overdue, `${overdue}.bak`);
    expect((await p.expectLikeCold()).outputs["manifest.json"]).not.toContain("invoice-overdue");
    renameSync(p.path(`${overdue}.bak`), p.path(overdue));
    p.note("rename", `${overdue}.bak`, overdue);
    expect((await p.expectLikeCold()).outputs["manifest.json"]).toContain("invoice-overdue");

    // A folder renamed: fs.watch names the folders, and the files of the new one only.
    renameSync(p.path("events/shipping"), p.path("events/logistics"));
    p.note("rename", "events/logistics", "events/logistics/parcel-delivered.event.ts");
    p.note("rename", "events/logistics/parcel-dispatched.event.ts", "events/shipping");
    await p.expectLikeCold();
    // A folder moved out of the watched tree: fs.watch names only the folder, now gone.
    const away = scratchDir("hinted-away");
    renameSync(p.path("events/logistics"), join(away, "logistics"));
    p.note("rename", "events/logistics");
    expect((await p.expectLikeCold()).outputs["manifest.json"]).not.toContain("parcel-delivered");
    renameSync(join(away, "logistics"), p.path("events/shipping"));
    p.note("rename", "events/shipping");
    expect((await p.expectLikeCold()).outputs["manifest.json"]).toContain("parcel-delivered");
    // The helper folder renamed away (the events importing it fail), then back.
    renameSync(p.path("events/shared"), p.path("shared-moved"));
    p.note("rename", "events/shared", "shared-moved");
    expect((await p.expectLikeCold()).report).toContain("DT2");
    renameSync(p.path("shared-moved"), p.path("events/shared"));
    p.note("rename", "shared-moved", "events/shared");
    expect((await p.expectLikeCold()).report).toBe("");

    // A new folder with an event file, and a deleted file.
    mkdirSync(p.path("events/returns"));
    writeFileSync(
      p.path("events/returns/return-opened.event.ts"),
      readFileSync(p.path(overdue), "utf8")
        .replace('"billing:invoice-overdue"', '"returns:return-opened"')
        .replace('"Invoice Overdue"', '"Return Opened"'),
    );
    p.note("rename", "events/returns", "events/returns/return-opened.event.ts");
    expect((await p.expectLikeCold()).outputs["manifest.json"]).toContain("returns:return-opened");
    rmSync(p.path(overdue));
    p.note("rename", overdue);
    await p.expectLikeCold();

    // An import that did not resolve starts to: the missing candidate path is a dependency too.
    p.edit(
      paid,
      (t) => `import { EXTRA } from "./extra.js";\n${t.replace("paid: true,", "paid: true, extra: EXTRA,")}`,
    );
    p.note("change", paid);
    expect((await p.expectLikeCold()).report).toContain("DT2");
    writeFileSync(p.path("events/billing/extra.ts"), 'export const EXTRA = "more";\n');
    p.note("rename", "events/billing/extra.ts");
    expect((await p.expectLikeCold()).report).toBe("");

    // The config, and a module it imports.
    writeFileSync(p.path("globs.ts"), 'export const EVENTS = "events/{billing,returns}/*.event.ts";\n');
    p.edit(
      "ductape.config.ts",
      (t) => `import { EVENTS } from "./globs.js";\n${t.replace('events: "events/**/*.event.ts",', "events: EVENTS,")}`,
    );
    p.note("rename", "globs.ts");
    p.note("change", "ductape.config.ts");
    expect((await p.expectLikeCold()).outputs["manifest.json"]).not.toContain("parcel-delivered");
    writeFileSync(p.path("globs.ts"), 'export const EVENTS = "events/**/*.event.ts";\n');
    p.note("change", "globs.ts");
    expect((await p.expectLikeCold()).outputs["manifest.json"]).toContain("parcel-delivered");
  });

  it("trust the log: a change not noted is not seen until it is, or until anything may have changed", async () => {
    const p = hinted("hinted-trust");
    const paid = "events/billing/invoice-paid.event.ts";
    await p.expectLikeCold();

    p.edit(paid, (t) => t.replace("An invoice was paid in full.", "Paid in full."));
    await p.expectUnseen(); // the file is not read again
    p.note("change", paid);
    await p.expectLikeCold();

    writeFileSync(
      p.path("events/billing/new.event.ts"),
      readFileSync(p.path(paid), "utf8").replace("billing:invoice-paid", "billing:new"),
    );
    await p.expectUnseen(); // no glob
    // A path the globs cannot match does not make the build glob again...
    writeFileSync(p.path("events/billing/notes.md"), "notes\n");
    p.note("rename", "events/billing/notes.md");
    await p.expectUnseen();
    // ...nor does a path that is gone and was never listed: editors' temporary files.
    p.note("rename", "events/billing/.new.event.ts.swp");
    await p.expectUnseen();
    // An unknown change (an event without a file name, a watcher error): everything is read.
    p.log.noteUnknown();
    await p.expectLikeCold();

    p.edit("ductape.config.ts", (t) =>
      t.replace('events: "events/**/*.event.ts",', 'events: "events/billing/*.event.ts",'),
    );
    await p.expectUnseen(); // the config is not run again
    p.note("change", "ductape.config.ts");
    await p.expectLikeCold();
  });

  it("a build that stops early, or another log, leaves nothing to trust", async () => {
    const p = hinted("hinted-failed");
    const paid = "events/billing/invoice-paid.event.ts";
    await p.expectLikeCold();
    p.edit("ductape.config.ts", (t) => t.replace("defineConfig({", "defineConfig({ oops"));
    p.note("change", "ductape.config.ts");
    expect((await p.expectLikeCold()).report).toContain("DT1");
    // Changed while the config was broken, and not noted: the build after the failure reads everything.
    p.edit(paid, (t) => t.replace("An invoice was paid in full.", "Paid in full."));
    p.edit("ductape.config.ts", (t) => t.replace("defineConfig({ oops", "defineConfig({"));
    p.note("change", "ductape.config.ts");
    expect(allText(await p.expectLikeCold())).toContain("Paid in full.");

    // A build of the same cache without the log: the next build with the log reads everything.
    await build({ cwd: p.dir, cache: p.cache, diskCache: false });
    p.edit(paid, (t) => t.replace("Paid in full.", "Paid, in full."));
    await p.expectLikeCold();
    // So does a build given another log.
    p.edit(paid, (t) => t.replace("Paid, in full.", "Paid in full!"));
    const other = await build({ cwd: p.dir, cache: p.cache, changes: new ChangeLog(), diskCache: false });
    expect(JSON.stringify(other.events)).toContain("Paid in full!");
  });
});

describe("a build with nothing changed", () => {
  it("loads neither the TypeScript compiler nor ajv (in a fresh process of the built package)", () => {
    const p = project("disk-cache-modules");
    const probe = join(p.dir, "probe.mjs");
    writeFileSync(
      probe,
      [
        'import { createRequire } from "node:module";',
        `const { build } = await import(${JSON.stringify(join(REPO, "dist", "index.js"))});`,
        `const result = await build({ cwd: ${JSON.stringify(p.dir)}, diskCache: ${JSON.stringify(p.cacheDir)} });`,
        "const loaded = Object.keys(createRequire(import.meta.url).cache);",
        "const heavy = loaded.filter((path) => /[\\/\\\\](typescript|ts-morph|@ts-morph|ajv|ajv-formats)[\\/\\\\]/.test(path));",
        "console.log(JSON.stringify({ cached: result.cached, errors: result.diagnostics.length, heavy }));",
      ].join("\n"),
    );
    const run = () =>
      JSON.parse(execFileSync(process.execPath, [probe], { encoding: "utf8" })) as Record<string, unknown>;
    const cold = run();
    expect(cold).toMatchObject({ cached: false, errors: 0 });
    // The probe can see them: a cold build loads ajv (the precompiled validator's runtime and the
    // format checks). Not TypeScript: these files and this config are all our parser's subset.
    expect((cold["heavy"] as string[]).some((path) => path.includes("ajv"))).toBe(true);
    expect((cold["heavy"] as string[]).filter((path) => /typescript|ts-morph/.test(path))).toEqual([]);
    expect(run()).toEqual({ cached: true, errors: 0, heavy: [] });
  });

  it("loads no TypeScript either to place a glob that matches nothing in the config (DT1102, made anew each build)", () => {
    const p = project("disk-cache-modules-glob");
    p.edit("ductape.config.ts", (t) =>
      t.replace('events: "events/**/*.event.ts",', 'events: ["events/**/*.event.ts", "evnts/**/*.event.ts"],'),
    );
    const probe = join(p.dir, "probe.mjs");
    writeFileSync(
      probe,
      [
        'import { createRequire } from "node:module";',
        `const { build } = await import(${JSON.stringify(join(REPO, "dist", "index.js"))});`,
        `const result = await build({ cwd: ${JSON.stringify(p.dir)}, diskCache: ${JSON.stringify(p.cacheDir)} });`,
        "const loaded = Object.keys(createRequire(import.meta.url).cache);",
        "const heavy = loaded.filter((path) => /[\\/\\\\](typescript|ts-morph|@ts-morph)[\\/\\\\]/.test(path));",
        "const where = result.diagnostics.map((d) => `${d.code} ${d.span.start.line}:${d.span.start.column}`);",
        "console.log(JSON.stringify({ cached: result.cached, where, heavy }));",
      ].join("\n"),
    );
    const run = () =>
      JSON.parse(execFileSync(process.execPath, [probe], { encoding: "utf8" })) as Record<string, unknown>;
    expect(run()).toEqual({ cached: false, where: ["DT1102 6:36"], heavy: [] });
    expect(run()).toEqual({ cached: true, where: ["DT1102 6:36"], heavy: [] });
  });
});

describe("tool fingerprint", () => {
  it("changes with the version, the code and the templates, and only then", () => {
    const dir = scratchDir("fingerprint");
    const code = join(dir, "dist");
    mkdirSync(join(code, "emit"), { recursive: true });
    mkdirSync(join(dir, "templates"));
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "ductape-events", version: "1.0.0" }));
    writeFileSync(join(code, "emit", "typescript.js"), "export const x = 1;\n");
    writeFileSync(join(dir, "templates", "banner.txt"), "generated\n");
    const first = fingerprintOf(code, dir);
    expect(fingerprintOf(code, dir)).toBe(first);

    const changes: [string, string][] = [
      [join(dir, "package.json"), JSON.stringify({ name: "ductape-events", version: "1.0.1" })],
      [join(code, "emit", "typescript.js"), "export const x = 2;\n"],
      [join(code, "emit", "new.js"), "export {};\n"],
      [join(dir, "templates", "banner.txt"), "generated, do not edit\n"],
    ];
    const seen = new Set([first]);
    for (const [file, text] of changes) {
      writeFileSync(file, text);
      const next = fingerprintOf(code, dir);
      expect(seen.has(next), relative(dir, file)).toBe(false);
      seen.add(next);
    }
  });
});

/** Every output's text, for asserting that a value reached the outputs wherever its webhook's files are. */
function allText(built: { readonly outputs: Readonly<Record<string, string>> }): string {
  return Object.values(built.outputs).join("\n");
}
