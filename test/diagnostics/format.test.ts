import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { codeFrame, formatDiagnostic, formatDiagnostics, printable } from "../../src/diagnostics/format.js";

const file = "/p/events/a.event.ts";
const source = ["line one", "\tconst x = call();", "line three", "line four"].join("\n");
const span = { file, start: { line: 2, column: 12 }, end: { line: 2, column: 18 } };

describe("codeFrame", () => {
  it("marks the span under its line, keeping tabs aligned, with one line of context", () => {
    expect(codeFrame(source, span)).toBe(
      ["  1 | line one", "> 2 | \tconst x = call();", "    | \t          ^^^^^^", "  3 | line three"].join("\n"),
    );
  });

  it("leaves a byte order mark out of line 1, whose columns do not count it", () => {
    const frame = codeFrame("\uFEFFexport default 5;\n", {
      file,
      start: { line: 1, column: 16 },
      end: { line: 1, column: 17 },
    });
    expect(frame).toBe(["> 1 | export default 5;", "    |                ^", "  2 | "].join("\n"));
  });

  it("shows a window around a span far along a long line", () => {
    const long = `${"x".repeat(300)}TARGET${"y".repeat(300)}`;
    const frame = codeFrame(long, { file, start: { line: 1, column: 301 }, end: { line: 1, column: 307 } })!;
    const [text, marker] = frame.split("\n");
    expect(text).toMatch(/^> 1 \| …x+TARGETy+…$/);
    expect(marker!.indexOf("^")).toBe(text!.indexOf("TARGET"));
    expect(marker).toMatch(/\^{6}$/);
  });

  it("draws no frame for an unknown file or line", () => {
    expect(codeFrame(undefined, span)).toBeUndefined();
    expect(codeFrame("one line", { ...span, start: { line: 9, column: 1 } })).toBeUndefined();
  });
});

describe("formatDiagnostic", () => {
  const d: Diagnostic = {
    code: "DT3006",
    severity: "error",
    title: "Duplicate tag",
    message: 'Tag "a:b" is defined 2 times; tags must be unique.',
    hint: "Rename all but one.",
    span,
    related: [{ message: '"a:b" is also defined here', span: { ...span, file: "/p/events/b.event.ts" } }],
  };

  it("prints location, code, message, frame, related places and hint", () => {
    const sources = new Map([[file, source]]);
    expect(formatDiagnostic(d, { cwd: "/p", sources })).toBe(
      [
        'events/a.event.ts:2:12 - error DT3006: Tag "a:b" is defined 2 times; tags must be unique.',
        "  1 | line one",
        "> 2 | \tconst x = call();",
        "    | \t          ^^^^^^",
        "  3 | line three",
        '  events/b.event.ts:2:12  "a:b" is also defined here',
        "  hint: Rename all but one.",
      ].join("\n"),
    );
  });

  it("names the severity as a word before the code, as tsc does, with or without colour", () => {
    const warning: Diagnostic = { ...d, code: "DT4101", severity: "warning", related: [] };
    const { span: _, ...withoutSpan } = warning;
    expect(formatDiagnostic(d, { cwd: "/p" }).split("\n")[0]).toBe(
      'events/a.event.ts:2:12 - error DT3006: Tag "a:b" is defined 2 times; tags must be unique.',
    );
    expect(formatDiagnostic(warning, { cwd: "/p" }).split("\n")[0]).toMatch(
      /^events\/a\.event\.ts:2:12 - warning DT4101: /,
    );
    expect(formatDiagnostic(withoutSpan, { cwd: "/p" }).split("\n")[0]).toMatch(/^ductape-events - warning DT4101: /);
    const coloured = formatDiagnostic(warning, { cwd: "/p", color: true }).split("\n")[0];
    expect(coloured).toContain("\u001b[33mwarning DT4101\u001b[0m: ");
  });

  it("never passes terminal control characters through", () => {
    expect(printable("a\u001b[2Jb\u0007")).toBe("a\\u001b[2Jb\\u0007");
    const hostile = formatDiagnostic({ ...d, message: "x\u001b[31m" }, { cwd: "/p" });
    expect(hostile).not.toContain("\u001b");
  });
});

describe("formatDiagnostics, as the public API gives it", () => {
  it("needs no options: paths relative to the working folder, no frame, no colour", () => {
    const d: Diagnostic = {
      code: "DT3001",
      severity: "error",
      title: "t",
      message: "Broken.",
      span: {
        file: join(process.cwd(), "events/a.event.ts"),
        start: { line: 2, column: 3 },
        end: { line: 2, column: 4 },
      },
    };
    expect(formatDiagnostics([d])).toBe("events/a.event.ts:2:3 - error DT3001: Broken.");
  });
});

describe("related places", () => {
  it("prints ten, then how many more, for a terminal", () => {
    const span = (line: number) => ({ file: "/p/a.ts", start: { line, column: 1 }, end: { line, column: 1 } });
    const d: Diagnostic = {
      code: "DT1011",
      severity: "error",
      title: "t",
      message: "Files in outDir.",
      related: Array.from({ length: 12 }, (_, i) => ({ message: `file ${i + 1}`, span: span(i + 1) })),
    };
    const lines = formatDiagnostic(d, { cwd: "/p" }).split("\n");
    expect(lines).toHaveLength(1 + 10 + 1);
    expect(lines[10]).toBe("  a.ts:10:1  file 10");
    expect(lines[11]).toBe("  and 2 more places");
    const eleven = { ...d, related: d.related!.slice(0, 11) };
    expect(formatDiagnostic(eleven, { cwd: "/p" }).split("\n").at(-1)).toBe("  and 1 more place");
  });
});
