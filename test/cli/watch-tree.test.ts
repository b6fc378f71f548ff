import { mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { WatchedRootGone, watchTree, type TreeWatcher } from "../../src/cli/watch-tree.js";
import { watcherErrorMessage } from "../../src/cli/watch.js";
import { isOutput } from "../../src/emit/index.js";
import { waitFor } from "../helpers/project.js";
import { scratchDir } from "../helpers/tmp.js";

describe("watchTree", () => {
  let watcher: TreeWatcher | undefined;
  afterEach(() => watcher?.close());

  /** Watches a fresh tree; `seen` holds every path reported (relative to the root), `errors` every error. */
  function watched(files: Record<string, string>) {
    const root = scratchDir("watch-tree");
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(root, path, ".."), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    const seen: (string | null)[] = [];
    const errors: unknown[] = [];
    const skip = (folder: string) => basename(folder) === "node_modules";
    watcher = watchTree(
      root,
      skip,
      (_, path) => seen.push(path === null ? null : path.slice(root.length + 1)),
      (e) => errors.push(e),
    );
    const saw = (path: string) => waitFor(`a report of ${path}`, () => seen.includes(path), { timeoutMs: 5_000 });
    return { root, seen, errors, saw };
  }

  it("keeps reporting a file that saves replace by renaming another file over it", async () => {
    const { root, seen, saw } = watched({ "events/a/one.event.ts": "1" });
    const file = join(root, "events/a/one.event.ts");
    for (let i = 0; i < 3; i++) {
      seen.length = 0;
      writeFileSync(`${file}.tmp`, `saved ${i}`);
      renameSync(`${file}.tmp`, file);
      await saw("events/a/one.event.ts");
    }
    seen.length = 0;
    writeFileSync(file, "in place");
    await saw("events/a/one.event.ts");
  });

  it("watches folders that appear, reporting what they already hold, and lets go of folders that go", async () => {
    const { root, seen, errors, saw } = watched({ "events/keep.event.ts": "k" });
    mkdirSync(join(root, "events/new/deep"), { recursive: true });
    writeFileSync(join(root, "events/new/deep/x.event.ts"), "x");
    await saw("events/new/deep/x.event.ts");
    seen.length = 0;
    writeFileSync(join(root, "events/new/deep/x.event.ts"), "x2");
    await saw("events/new/deep/x.event.ts");

    rmSync(join(root, "events/new"), { recursive: true });
    await saw("events/new");
    // Re-created under the same name: watched afresh.
    mkdirSync(join(root, "events/new/deep"), { recursive: true });
    seen.length = 0;
    writeFileSync(join(root, "events/new/deep/y.event.ts"), "y");
    await saw("events/new/deep/y.event.ts");

    // A folder moved in from elsewhere under the root: what it holds is reported.
    renameSync(join(root, "events/new"), join(root, "events/moved"));
    await saw("events/moved/deep/y.event.ts");
    expect(errors).toEqual([]);
  });

  it("watches afresh a folder deleted and made again at once, and survives a folder turned into a file", async () => {
    const { root, seen, errors, saw } = watched({ "events/hook/a.event.ts": "a", "events/other/b.event.ts": "b" });
    // No pause between deleting and making again: the old folder's watcher must not stand in for the new one.
    rmSync(join(root, "events/hook"), { recursive: true });
    mkdirSync(join(root, "events/hook"));
    writeFileSync(join(root, "events/hook/a.event.ts"), "a2");
    await saw("events/hook/a.event.ts");
    await new Promise((resolve) => setTimeout(resolve, 50));
    seen.length = 0;
    writeFileSync(join(root, "events/hook/a.event.ts"), "a3");
    await saw("events/hook/a.event.ts");

    rmSync(join(root, "events/other"), { recursive: true });
    writeFileSync(join(root, "events/other"), "now a file");
    seen.length = 0;
    writeFileSync(join(root, "events/hook/a.event.ts"), "a4");
    await saw("events/hook/a.event.ts");
    expect(errors).toEqual([]);
  });

  it("follows links to folders, and reports what changes there as unknown (null)", async () => {
    const outside = scratchDir("watch-tree-outside");
    mkdirSync(join(outside, "hook"));
    writeFileSync(join(outside, "hook/x.event.ts"), "x");
    const { root, seen, errors } = watched({ "events/keep.event.ts": "k" });
    symlinkSync(join(outside, "hook"), join(root, "events/linked"));
    await waitFor("the new link", () => seen.includes("events/linked"), { timeoutMs: 5_000 });
    seen.length = 0;
    writeFileSync(join(outside, "hook/x.event.ts"), "x2");
    await waitFor("an unknown change", () => seen.includes(null), { timeoutMs: 5_000 });
    expect(errors).toEqual([]);
  });

  it("keeps watching a real folder once a link that was watched in its place is removed", async () => {
    // The walk meets the link (`z-link`, last listed, first taken) before the real folder (`b/real`):
    // only one of them is watched.
    const { root, seen, errors } = watched({ "b/real/x.event.ts": "x" });
    symlinkSync(join(root, "b/real"), join(root, "z-link"));
    watcher?.close();
    const again: (string | null)[] = [];
    watcher = watchTree(
      root,
      () => false,
      (_, path) => again.push(path),
      (e) => errors.push(e),
    );
    rmSync(join(root, "z-link"));
    await new Promise((resolve) => setTimeout(resolve, 50));
    again.length = 0;
    writeFileSync(join(root, "b/real/x.event.ts"), "x2");
    await waitFor("a change in the real folder", () => again.length > 0, { timeoutMs: 5_000 });
    expect(seen).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("goes on when an entry named like the root is deleted", async () => {
    const { root, seen, errors, saw } = watched({ "events/e.event.ts": "e" });
    writeFileSync(join(root, basename(root)), "same name as its folder");
    await saw(basename(root));
    rmSync(join(root, basename(root)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    seen.length = 0;
    writeFileSync(join(root, "events/e.event.ts"), "e2");
    await saw("events/e.event.ts");
    expect(errors).toEqual([]);
  });

  it("says so when the root itself goes", async () => {
    const { root, errors } = watched({ "events/e.event.ts": "e" });
    rmSync(root, { recursive: true });
    await waitFor("an error", () => errors.length > 0, { timeoutMs: 5_000 });
    expect(errors[0]).toBeInstanceOf(WatchedRootGone);
  });

  it("never watches a skipped folder or anything below it", async () => {
    const { root, seen, saw } = watched({ "node_modules/pkg/index.js": "", "events/e.event.ts": "" });
    writeFileSync(join(root, "node_modules/pkg/index.js"), "changed");
    mkdirSync(join(root, "node_modules/pkg/sub"));
    writeFileSync(join(root, "events/e.event.ts"), "changed");
    await saw("events/e.event.ts");
    // The skipped folder's own entry in the root may be reported; nothing below it is.
    expect(seen.filter((path) => path?.startsWith("node_modules/"))).toEqual([]);
  });

  it("throws when the root cannot be watched", () => {
    expect(() =>
      watchTree(
        join(scratchDir("watch-tree-missing"), "nope"),
        () => false,
        () => undefined,
        () => undefined,
      ),
    ).toThrow();
  });

  it("tells what to do when the system has no file watches left", () => {
    const enospc = Object.assign(new Error("ENOSPC: System limit for number of file watchers reached"), {
      code: "ENOSPC",
    });
    expect(watcherErrorMessage(enospc)).toContain("raise fs.inotify.max_user_watches");
    expect(watcherErrorMessage(new Error("boom"))).toBe("Watcher error: boom; rebuilding everything.");
  });

  it("takes only the build's own outputs for no change, even when outDir is the project folder", () => {
    const root = join(tmpdir(), "project");
    for (const outDir of [root, join(root, "generated")]) {
      const at = (...parts: string[]) => join(outDir, ...parts);
      for (const output of [
        "index.ts",
        "manifest.json",
        "index.ts.1a2b3c4d5e6f-0.tmp",
        "webhooks/a.ts",
        "webhooks/x.tmp",
      ]) {
        expect(isOutput(at(...output.split("/")), outDir), output).toBe(true);
      }
      for (const input of ["events/a.event.ts", "ductape.config.ts", "index.tsx", "notes/index.ts", "manifest.json5"]) {
        expect(isOutput(at(...input.split("/")), outDir), input).toBe(false);
      }
    }
  });
});
