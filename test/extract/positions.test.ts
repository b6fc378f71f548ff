import { describe, expect, it } from "vitest";
import ts from "typescript";
import { lineOf, positionAt, rangeSpan } from "../../src/extract/spans.js";
import { lineStarts } from "../../src/syntax/tree.js";

/** Every kind of line break TypeScript counts, long lines, and astral characters (two UTF-16 units). */
const TEXT = [
  "const a = 1;\n",
  "const b = 2;\r\n",
  "\r\n",
  "const c = '\u{1F600}';\r",
  "const d = 4;\u2028",
  "const e = 5;\u2029",
  `const f = "${"x".repeat(300)}";\n`,
  "\n".repeat(1100),
  "const g = 7;",
].join("");

describe("positions", () => {
  const sourceFile = ts.createSourceFile("/p/a.ts", TEXT, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);

  it("gives every offset the line and column TypeScript gives it", () => {
    const lineStarts = sourceFile.getLineStarts();
    for (let offset = 0; offset <= TEXT.length; offset += 1) {
      const expected = sourceFile.getLineAndCharacterOfPosition(offset);
      const line = lineOf(lineStarts, offset);
      expect({ line, character: offset - lineStarts[line]! }).toEqual(expected);
      // Any line at or before the offset's own narrows the search without changing the answer.
      expect(lineOf(lineStarts, offset, Math.max(0, expected.line - 1))).toBe(expected.line);
    }
  });

  it("counts line starts as TypeScript does", () => {
    expect(lineStarts(TEXT)).toEqual(sourceFile.getLineStarts());
  });

  it("spans ranges with 1-based positions, on one line or several", () => {
    const file = { path: "/p/a.ts", lineStarts: sourceFile.getLineStarts() };
    const end = TEXT.indexOf("const g");
    expect(rangeSpan(file, 6, 7)).toEqual({
      file: "/p/a.ts",
      start: { line: 1, column: 7 },
      end: { line: 1, column: 8 },
    });
    expect(rangeSpan(file, 6, end)).toEqual({
      file: "/p/a.ts",
      start: { line: 1, column: 7 },
      end: { line: sourceFile.getLineAndCharacterOfPosition(end).line + 1, column: 1 },
    });
  });

  it("shares frozen positions for common lines and columns, and makes the others", () => {
    expect(positionAt(11, 6)).toBe(positionAt(11, 6));
    expect(positionAt(11, 6)).toEqual({ line: 12, column: 7 });
    expect(Object.isFrozen(positionAt(11, 6))).toBe(true);
    expect(positionAt(5000, 2)).toEqual({ line: 5001, column: 3 });
    expect(positionAt(2, 5000)).toEqual({ line: 3, column: 5001 });
  });
});
