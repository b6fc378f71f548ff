import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Reporter } from "./index.js";
import { summaryLine } from "./pretty.js";
import { relativePosix } from "../../util/files.js";

/**
 * For GitHub Actions: one workflow command per diagnostic (`::error file=…,line=…::…`), which
 * GitHub shows as an annotation on the pull request's diff, then the summary line.
 */
export const githubReporter: Reporter = {
  report(result, io, mode) {
    for (const d of result.diagnostics) io.stdout(`${annotation(d, io.cwd)}\n`);
    io.stdout(`${summaryLine(result, io, mode)}\n`);
  },
};

export function annotation(d: Diagnostic, cwd: string): string {
  const properties: string[] = [];
  if (d.span !== undefined) {
    const { file, start, end } = d.span;
    properties.push(
      `file=${escapeProperty(relativePosix(cwd, file))}`,
      `line=${start.line}`,
      `col=${start.column}`,
      `endLine=${end.line}`,
      `endColumn=${end.column}`,
    );
  }
  properties.push(`title=${escapeProperty(`${d.code} ${d.title}`)}`);
  const related = (d.related ?? []).map(
    (r) => `\n${relativePosix(cwd, r.span.file)}:${r.span.start.line}:${r.span.start.column} ${r.message}`,
  );
  const body =
    d.message +
    related.join("") +
    (d.detail === undefined ? "" : `\n${d.detail}`) +
    (d.hint === undefined ? "" : `\nhint: ${d.hint}`);
  return `::${d.severity === "error" ? "error" : "warning"} ${properties.join(",")}::${escapeData(body)}`;
}

/** Workflow command escaping, as the Actions toolkit does it. */
function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
