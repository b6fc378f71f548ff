import { performance } from "node:perf_hooks";
import { resolve } from "node:path";
import { build, type BuildResult } from "../build.js";
import { buildResult } from "../build-result.js";
import { checkDelivery } from "../capture/check.js";
import { readCapture } from "../capture/delivery.js";
import { Codes, diagnostic } from "../diagnostics/catalogue.js";
import { sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import { formatDiagnostic } from "../diagnostics/format.js";
import { suggest } from "../diagnostics/suggest.js";
import type { ManifestEvent } from "../emit/index.js";
import { formatKeyPath } from "../extract/key-path.js";
import { getOwn, isJsonObject, type JsonObject } from "../util/json.js";
import { relativePosix } from "../util/files.js";
import { ExitCode, exitCodeFor } from "./exit-codes.js";
import type { Io, OptionValues } from "./io.js";
import { reporterFor } from "./options.js";
import { annotation } from "./reporters/github.js";
import { REPORTERS, type ReporterName } from "./reporters/index.js";

/**
 * `ductape-events check <tag> <delivery.json> [--body] [--reject-unknown]`: one captured
 * delivery against its event's schema as the event files say it now (the build's analysis, in
 * memory: nothing is written, and no manifest on disk is read). Exit 0 when it matches, 1 when
 * it does not, 2 for bad input (an unknown tag, a file that is no delivery).
 */
export async function runCheck(values: OptionValues, io: Io): Promise<number> {
  const started = performance.now();
  const reporter = reporterFor(values, io);
  if (reporter === undefined) return ExitCode.Usage;
  const tag = String(values["tag"]);
  const file = resolve(io.cwd, String(values["file"]));
  const body = values["body"] === true;

  const project = await build({
    cwd: io.cwd,
    config: typeof values["config"] === "string" ? values["config"] : undefined,
    write: false,
    diskCache: false,
  });
  const projectErrors = project.diagnostics.filter((d) => d.severity === "error");
  if (project.config === undefined) return report(io, reporter, project, exitCodeFor(project.diagnostics));
  const event = project.events.find((e) => e.tag === tag);
  if (event === undefined) {
    const tags = project.events.map((e) => e.tag);
    const unknown = diagnostic(Codes.CaptureUnknownTag, {
      tag,
      suggestion: suggest(tag, tags),
      known: tags.length,
      errors: projectErrors.length,
    });
    // The project's errors may be why the event is missing: they are shown with it.
    const result = buildResult({ ...project, diagnostics: [unknown, ...projectErrors] }, performance.now() - started);
    return report(io, reporter, result, ExitCode.Usage);
  }

  const read = await readCapture(file, { body, headerNames: headerNames(event), given: String(values["file"]) });
  if ("diagnostics" in read) {
    const result = buildResult(
      { diagnostics: read.diagnostics, sources: sourcesOf(read, file) },
      performance.now() - started,
    );
    return report(io, reporter, result, ExitCode.Usage);
  }
  const { capture } = read;
  const checked = checkDelivery(event.schema, capture.payload, body ? "body" : undefined);
  // The flag, or the config's receive.unknownKeys (as receive.ts treats unknown keys), rejects them.
  const rejectedBy =
    values["reject-unknown"] === true
      ? "--reject-unknown"
      : project.config.receive?.unknownKeys === "reject"
        ? 'the config\'s receive.unknownKeys: "reject"'
        : undefined;
  const diagnostics: Diagnostic[] = [
    ...checked.issues.map((issue) =>
      diagnostic(
        Codes.CaptureDoesNotMatch,
        { tag, issue: `${formatKeyPath(issue.path)}: ${issue.message}` },
        { span: capture.locate(issue.path) },
      ),
    ),
    ...checked.unknown.map((path) =>
      diagnostic(
        Codes.CaptureUnknownField,
        { tag, field: formatKeyPath(path), rejectedBy },
        { span: capture.locate(path), ...(rejectedBy === undefined ? {} : { severity: "error" as const }) },
      ),
    ),
  ];
  const result = buildResult(
    { diagnostics, sources: new Map([[file, capture.text]]), counts: { events: 1, webhooks: 1 } },
    performance.now() - started,
  );
  if (projectErrors.length > 0 && reporter === "pretty") {
    const n = projectErrors.length;
    io.stderr(`The project has ${n} error${n === 1 ? "" : "s"} elsewhere: run \`ductape-events build\` to see them.\n`);
  }
  return report(io, reporter, result, exitCodeFor(result.diagnostics), { tag, file });
}

/** The header names the event's schema declares (as written there), for matching a delivery's whatever their case. */
function headerNames(event: ManifestEvent): string[] {
  const headers = getOwn(getOwn(event.schema, "properties") as JsonObject, "headers");
  const properties = isJsonObject(headers) ? getOwn(headers, "properties") : undefined;
  return isJsonObject(properties) ? Object.keys(properties) : [];
}

function sourcesOf(read: { readonly text?: string }, file: string): Map<string, string> {
  return read.text === undefined ? new Map() : new Map([[file, read.text]]);
}

/**
 * Prints the result as the reporter asks: json as a build's problems (mode `check`: nothing is
 * written by design); pretty, and github's annotations, with a summary that names the delivery
 * and the event once it was checked.
 */
function report(
  io: Io,
  reporter: ReporterName,
  result: BuildResult,
  code: number,
  checked?: { readonly tag: string; readonly file: string },
): number {
  if (reporter === "json" || (reporter === "github" && checked === undefined)) {
    REPORTERS[reporter].report(result, io, "check");
    return code;
  }
  if (reporter === "github") {
    for (const d of result.diagnostics) io.stdout(`${annotation(d, io.cwd)}\n`);
  } else {
    for (const d of sortDiagnostics(result.diagnostics))
      io.stderr(`${formatDiagnostic(d, { cwd: io.cwd, sources: result.sources, color: io.color })}\n\n`);
  }
  if (checked === undefined) return code;
  const shown = relativePosix(io.cwd, checked.file);
  const errors = result.diagnostics.filter((d) => d.severity === "error").length;
  const notes = result.diagnostics.length - errors;
  const unknown = notes === 0 ? "" : ` (${notes} field${notes === 1 ? "" : "s"} not in the schema, accepted)`;
  const summary =
    errors === 0
      ? `✔ ${shown} matches ${checked.tag}${unknown}.\n`
      : `✖ ${shown} does not match ${checked.tag}: ${errors} problem${errors === 1 ? "" : "s"}${unknown}.\n`;
  // github's annotations and summary all go to stdout, where the workflow reads them.
  if (errors === 0 || reporter === "github") io.stdout(summary);
  else io.stderr(summary);
  return code;
}
