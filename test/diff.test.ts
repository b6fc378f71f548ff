import { describe, expect, it } from "vitest";
import { shortDiff } from "../src/text-diff.js";

describe("shortDiff", () => {
  it("is empty for equal texts", () => {
    expect(shortDiff("a\nb\n", "a\nb\n")).toBe("");
  });

  it("shows each change as its own hunk with context", () => {
    const before = ["1", "2", "x", "4", "5", "6", "7", "8", "y", "10"].join("\n");
    const after = ["1", "2", "X", "4", "5", "6", "7", "8", "Y", "10"].join("\n");
    expect(shortDiff(before, after, { context: 1 })).toBe(
      ["@@ line 2 @@", "  2", "- x", "+ X", "  4", "@@ line 8 @@", "  8", "- y", "+ Y", "  10"].join("\n"),
    );
  });

  it("shows insertions and cuts long diffs", () => {
    const before = "a\nb";
    const after = ["a", ...Array.from({ length: 20 }, (_, i) => `new ${i}`), "b"].join("\n");
    const diff = shortDiff(before, after, { context: 0, maxLines: 3 });
    expect(diff).toBe(["@@ line 2 @@", "+ new 0", "+ new 1", "+ new 2", "… 17 more changed lines"].join("\n"));
  });
});
