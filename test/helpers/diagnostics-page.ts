import { Codes, type DiagnosticKind } from "../../src/diagnostics/catalogue.js";

/** The command that rewrites docs/diagnostics.md from the catalogue. */
export const REGENERATE = "npx vitest run test/diagnostics/diagnostics-page.test.ts -u";

/** What each range of codes is about, as src/diagnostics/catalogue.ts divides them. */
const RANGES: Readonly<Record<string, string>> = {
  "1": "configuration and command line",
  "2": "reading event files",
  "3": "definitions",
  "4": "samples and inference",
  "5": "writing outputs",
  "6": "syncing with the platform (plan, push)",
  "7": "importing documents (import openapi)",
  "8": "the event docs site (DT83xx)",
  "9": "internal faults",
};

// A kind's message and hint are functions of its parameters; only those that take none can be
// rendered without inventing values, so the page shows a hint only when it is the same every time.
function fixedHint(kind: DiagnosticKind<never>): string | undefined {
  return kind.hint && kind.hint.length === 0 ? (kind.hint as () => string)() : undefined;
}

/** Table cells and list items are one line of markdown: a `|` would end the cell. */
function cell(text: string): string {
  return text.replaceAll("|", "\\|").replaceAll("\n", " ");
}

function rangeOf(code: string): string {
  const digit = code.charAt(2);
  if (!(digit in RANGES))
    throw new Error(`${code}: no range title for DT${digit}xxx in test/helpers/diagnostics-page.ts`);
  return digit;
}

function rangeSection(digit: string, kinds: readonly DiagnosticKind<never>[]): string[] {
  const lines = [`## DT${digit}xxx: ${RANGES[digit]}`, "", "| code | severity | title |", "| --- | --- | --- |"];
  for (const k of kinds) lines.push(`| ${k.code} | ${k.severity} | ${cell(k.title)} |`);
  const hinted = kinds.filter((k) => fixedHint(k) !== undefined);
  if (hinted.length > 0) {
    lines.push("", "What to do, where the hint is the same every time:", "");
    for (const k of hinted) lines.push(`- **${k.code}**: ${cell(fixedHint(k)!)}`);
  }
  return [...lines, ""];
}

/** The page's markdown, before prettier pads its tables. */
export function diagnosticsPage(): string {
  const kinds = (Object.values(Codes) as DiagnosticKind<never>[]).slice();
  // Sorted by code so that the catalogue's own order (grouped by stage) never changes the page.
  kinds.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const byRange = new Map<string, DiagnosticKind<never>[]>();
  for (const k of kinds) byRange.set(rangeOf(k.code), [...(byRange.get(rangeOf(k.code)) ?? []), k]);
  const head = [
    "<!-- Generated from src/diagnostics/catalogue.ts by test/diagnostics/diagnostics-page.test.ts; do not edit. -->",
    `<!-- To regenerate: ${REGENERATE} -->`,
    "",
    "# Diagnostic codes",
    "",
    "Every problem ductape-events reports carries a code, a severity, a title, a message saying what " +
      "happened and a hint saying what to do. This page lists every code, by range. Codes are permanent: " +
      "a code never changes meaning once shipped. (Before the first release, DT1101, " +
      '"no event files", a warning then, became the error DT1010.) Warnings are the x1xx codes of each ' +
      "range; `--strict` turns them into errors. Exit codes by range are in [the CLI reference](cli.md#exit-codes).",
    "",
  ];
  const sections = [...byRange].flatMap(([digit, list]) => rangeSection(digit, list));
  return [...head, ...sections].join("\n");
}
