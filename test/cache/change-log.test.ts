import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ChangedPaths, ChangeLog } from "../../src/cache/change-log.js";

const ROOT = join("/", "project");
const at = (...parts: string[]) => join(ROOT, ...parts);

describe("ChangeLog", () => {
  it("gives the paths noted after a mark, with how; nothing known after an unknown change", () => {
    const log = new ChangeLog();
    log.note(at("a.ts"), "change");
    const mark = log.mark();
    expect(log.since(mark)).toEqual(new Map());
    log.note(at("b.ts"), "rename");
    log.note(at("a.ts"), "rename");
    log.note(at("b.ts"), "change");
    expect(log.since(mark)).toEqual(
      new Map([
        [at("a.ts"), new Set(["change", "rename"])], // every way it was reported
        [at("b.ts"), new Set(["rename", "change"])],
      ]),
    );
    log.noteUnknown();
    expect(log.since(mark)).toBeUndefined();
    const after = log.mark();
    expect(log.since(after)).toEqual(new Map());
  });

  it("forgets what was noted up to a mark, and nothing after it", () => {
    const log = new ChangeLog();
    log.note(at("a.ts"), "change");
    log.note(at("b.ts"), "change");
    const mark = log.mark();
    log.note(at("b.ts"), "rename");
    log.note(at("c.ts"), "change");
    log.forget(mark);
    expect(log.since(mark)).toEqual(
      new Map([
        [at("b.ts"), new Set(["change", "rename"])],
        [at("c.ts"), new Set(["change"])],
      ]),
    );
    log.forget(log.mark());
    expect(log.since(0)).toEqual(new Map());
  });
});

describe("ChangedPaths", () => {
  it("matches a changed path and everything below it, however many there are", () => {
    for (const extra of [0, 40]) {
      const others = Array.from({ length: extra }, (_, i) => at("other", String(i)));
      const changed = new ChangedPaths([at("lib", "x.ts"), at("events", "old") + "/", ...others]);
      expect(changed.has(at("lib", "x.ts"))).toBe(true);
      expect(changed.has(at("lib", "x.tsx"))).toBe(false);
      expect(changed.has(at("lib"))).toBe(false);
      expect(changed.has(at("events", "old"))).toBe(true);
      expect(changed.has(at("events", "old", "a", "b.event.ts"))).toBe(true);
      expect(changed.has(at("events", "older.event.ts"))).toBe(false);
    }
  });

  it("ignores case where file systems usually do, and yields the paths as reported", () => {
    const paths = [at("Lib", "X.ts")];
    expect(new ChangedPaths(paths, "linux").has(at("lib", "x.ts"))).toBe(false);
    expect(new ChangedPaths(paths, "darwin").has(at("lib", "x.ts"))).toBe(true);
    expect(new ChangedPaths(paths, "win32").has(at("LIB", "x.TS", "y"))).toBe(true);
    expect([...new ChangedPaths(paths, "darwin")]).toEqual(paths);
  });
});
