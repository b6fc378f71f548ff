import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clip, lineDiff, shortDiff } from "../../src/util/text-diff.js";

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

describe("shortDiff on large files", () => {
  const lines = Array.from({ length: 10_000 }, (_, i) => `line ${i + 1}`);
  const edited = lines.map((line, i) => (i === 99 ? "edit A" : i === 9_899 ? "edit B" : line));

  it("shows two one-line edits 9,800 lines apart in a 10,000-line file as exactly two hunks", () => {
    expect(shortDiff(`${lines.join("\n")}\n`, `${edited.join("\n")}\n`)).toBe(
      [
        "@@ line 98 @@",
        "  line 98",
        "  line 99",
        "- line 100",
        "+ edit A",
        "  line 101",
        "  line 102",
        "@@ line 9898 @@",
        "  line 9898",
        "  line 9899",
        "- line 9900",
        "+ edit B",
        "  line 9901",
        "  line 9902",
      ].join("\n"),
    );
  });

  it("says how many changed lines, in how many more places, were left out", () => {
    const many = lines.map((line, i) => (i % 1000 === 500 ? `${line}!` : line));
    const diff = shortDiff(lines.join("\n"), many.join("\n"), { context: 0, maxLines: 4 });
    expect(diff).toBe(
      [
        "@@ line 501 @@",
        "- line 501",
        "+ line 501!",
        "@@ line 1501 @@",
        "- line 1501",
        "+ line 1501!",
        "… 16 more changed lines in 8 more places",
      ].join("\n"),
    );
  });

  it("gives the first changed line of the old text, for annotations", () => {
    expect(lineDiff(lines.join("\n"), edited.join("\n"))?.firstChangedLine).toBe(100);
    expect(lineDiff("a\nb\n", "a\nb\nc\n")?.firstChangedLine).toBe(2);
    expect(lineDiff("a\n", "a\n")).toBeUndefined();
  });

  it("beyond 1,000 added or removed lines, compares lines in place when the counts match, and says so", () => {
    const rewritten = lines.map((line) => `${line}?`);
    const diff = shortDiff(lines.join("\n"), rewritten.join("\n"), { maxLines: 2 });
    expect(diff).toBe(
      [
        "@@ line 1 @@",
        "- line 1",
        "+ line 1?",
        "… 19998 more changed lines (more than 1,000 lines added or removed: compared line by line)",
      ].join("\n"),
    );
    // Every 11th line edited (910 lines): one hunk each, 2 changed lines each, exactly counted.
    const sparse = lines.map((line, i) => (i % 11 === 0 ? `${line}!` : line));
    const sparseDiff = shortDiff(lines.join("\n"), sparse.join("\n"), { maxLines: 2 });
    expect(sparseDiff.split("\n").slice(0, 3)).toEqual(["@@ line 1 @@", "- line 1", "+ line 1!"]);
    expect(sparseDiff).toContain("… 1818 more changed lines in 909 more places (more than 1,000");
  });

  it("shows a rewrite that changes the line count as one block", () => {
    const rewritten = [...lines.map((line) => `${line}?`), "extra"];
    const diff = shortDiff(lines.join("\n"), rewritten.join("\n"), { maxLines: 2 });
    expect(diff.split("\n").slice(0, 3)).toEqual(["@@ line 1 @@", "- line 1", "- line 2"]);
    expect(diff).toContain("(more than 1,000 lines added or removed: shown as one changed block)");
  });
});

describe("long lines", () => {
  // A generated file can be one line of a megabyte: a docs index's search data, minified JSON.
  const big = Array.from({ length: 40_000 }, (_, i) => `"entry ${i}"`).join(",");
  const before = `<p>head</p>\n<script>[${big}]</script>\n<p>tail</p>\n`;
  const after = before.replace(`"entry 20000"`, `"entry 20000 edited"`);

  it("cuts a changed line to a window around its first difference, saying how much was left out", () => {
    const diff = shortDiff(before, after, { width: 80 });
    const lines = diff.split("\n");
    expect(lines).toHaveLength(6);
    for (const line of lines) expect(line.length, line).toBeLessThan(140);
    const [removed, added] = [lines[2]!, lines[3]!];
    expect(removed).toMatch(/^- \[[\d,]+ characters before\] ….*"entry 20000".*… \[[\d,]+ characters more\]$/);
    expect(added).toContain(`"entry 20000 edited"`);
    // What was shown and what was left out add up to the whole line.
    const whole = before.split("\n")[1]!;
    const [, left, shown, right] = /^- \[([\d,]+) characters before\] …(.*)… \[([\d,]+) characters more\]$/.exec(
      removed,
    )!;
    expect(Number(left!.replaceAll(",", "")) + shown!.length + Number(right!.replaceAll(",", ""))).toBe(whole.length);
    expect(whole.slice(Number(left!.replaceAll(",", ""))).startsWith(shown!)).toBe(true);
  });

  it("cuts a long context line from its start, and leaves short lines whole", () => {
    const text = `${"x".repeat(500)}\nshort\n`;
    const diff = shortDiff(text, text.replace("short", "SHORT"), { width: 100 });
    expect(diff.split("\n")).toEqual([
      "@@ line 1 @@",
      `  ${"x".repeat(100)}… [400 characters more]`,
      "- short",
      "+ SHORT",
      "  ",
    ]);
  });

  it("shows the end of a line changed near its end, and never half a character", () => {
    const line = `${"😀".repeat(300)}!`;
    const diff = shortDiff(`${line}\n`, `${line}?\n`, { width: 51 });
    const removed = diff.split("\n")[1]!;
    expect(removed.endsWith("😀!")).toBe(true);
    expect(removed).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
    // Every cut at every width keeps surrogate pairs whole.
    for (let width = 10; width < 60; width++) {
      const cut = shortDiff(`${line}\n`, `${line}?\n`, { width });
      expect(cut, String(width)).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
    }
  });
});

describe("clip", () => {
  const lone = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
  it("shows a part of the line no wider than asked, at its place, and counts what it left out", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 400, unit: fc.constantFrom("a", "b", "😀", "é") }),
        fc.option(fc.string({ maxLength: 400, unit: fc.constantFrom("a", "b", "😀") }), { nil: undefined }),
        fc.integer({ min: 4, max: 120 }),
        (line, partner, width) => {
          const cut = clip(line, partner, width);
          if (line.length <= width) {
            expect(cut).toBe(line);
            return;
          }
          const match = /^(?:\[([\d,]+) characters? before\] …)?(.*?)(?:… \[([\d,]+) characters? more\])?$/su.exec(
            cut,
          )!;
          const before = Number((match[1] ?? "0").replaceAll(",", ""));
          const shown = match[2]!;
          const after = Number((match[3] ?? "0").replaceAll(",", ""));
          expect(before + shown.length + after).toBe(line.length);
          expect(line.slice(before, before + shown.length)).toBe(shown);
          expect(shown.length).toBeLessThanOrEqual(width);
          expect(shown).not.toMatch(lone);
        },
      ),
      { numRuns: 500 },
    );
  });
});
