import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { Codes, diagnostic } from "../diagnostics/catalogue.js";
import { fileSpan, hasErrors, sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import { formatDiagnostic } from "../diagnostics/format.js";
import { suggest } from "../diagnostics/suggest.js";
import { readDocument } from "../import/document.js";
import {
  layoutImport,
  planTitle,
  sharedPathBeside,
  sharedPathOf,
  sharedTitle,
  type EventFiles,
  type ImportFile,
} from "../import/layout.js";
import { planImport, type ImportPlan } from "../import/openapi.js";
import { eventFilePrinter } from "../import/print.js";
import { SLUG } from "../naming/index.js";
import { messageOf } from "../util/errors.js";
import type { JsonValue } from "../util/json.js";
import { pointerPath, valueAtPath } from "../util/json-pointer.js";
import { relativePosix, whyUnreadable } from "../util/files.js";
import { MAX_TAG_PART } from "../validate/tag.js";
import { exitCodeFor, ExitCode } from "./exit-codes.js";
import type { Io, OptionValues } from "./io.js";
import { usageError } from "./options.js";
import { escapeRegExp } from "../util/regexp.js";

const FORMATS = ["openapi"];

/**
 * `ductape-events import openapi <file>`. Reads the whole document and reports every problem
 * first; with an error it writes nothing. Then it creates each event's files, never over an
 * existing file: an event whose file (or schema file) is there already is skipped, whole.
 */
export async function runImport(values: OptionValues, io: Io): Promise<number> {
  const format = String(values["format"]);
  if (!FORMATS.includes(format)) {
    return usageError(io, `Unknown import format "${format}"; import reads openapi.`, suggest(format, FORMATS));
  }
  const webhook = typeof values["webhook"] === "string" ? values["webhook"] : undefined;
  if (webhook !== undefined && (!SLUG.test(webhook) || webhook.length > MAX_TAG_PART)) {
    return usageError(
      io,
      `--webhook ${JSON.stringify(webhook)} is not a webhook tag (a lowercase slug such as "github").`,
    );
  }
  const only =
    typeof values["only"] === "string"
      ? values["only"]
          .split(",")
          .map((n) => n.trim())
          .filter((n) => n !== "")
      : undefined;
  const path = resolve(io.cwd, String(values["file"]));
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    return usageError(io, `Cannot read ${String(values["file"])}: ${whyUnreadable(error)}.`);
  }
  const read = await readDocument(path, text);
  const sources = new Map([[path, text]]);
  if ("syntaxError" in read) {
    const { message, span } = read.syntaxError;
    return report(io, [diagnostic(Codes.ImportSyntaxError, { reason: message }, { span })], sources);
  }
  const { plan, diagnostics } = planImport(read.document, { webhook, only });
  if (plan === undefined || hasErrors(diagnostics)) return report(io, diagnostics, sources);
  const out = resolve(io.cwd, typeof values["out"] === "string" ? values["out"] : "events");
  const layout = layoutImport(plan, path, await eventFilePrinter(), sharedPathFor(out, plan, path));
  const stale = layout.shared === undefined ? undefined : staleShared(io, out, layout.shared, layout.events);
  const code = report(io, stale === undefined ? diagnostics : [...diagnostics, stale], sources);
  return stale === undefined ? writeImport(io, out, layout.shared, layout.events, code) : code;
}

/**
 * The shared file's place: its default one, unless that holds the schemas of another document
 * (another title), which an import neither overwrites nor mixes with this one's.
 */
function sharedPathFor(out: string, plan: ImportPlan, source: string): string {
  const preferred = sharedPathOf(source);
  const target = join(out, preferred);
  if (!existsSync(target)) return preferred;
  const theirs = sharedTitle(readFileSync(target, "utf8"));
  return theirs === undefined || theirs === planTitle(plan, source) ? preferred : sharedPathBeside(source, plan);
}

/**
 * DT7008 when the shared file exists with other content (an earlier import of the document, edited
 * or older) and lacks a schema that an event about to be created refers to: the event would not build.
 */
function staleShared(io: Io, out: string, shared: ImportFile, events: readonly EventFiles[]): Diagnostic | undefined {
  const target = join(out, shared.path);
  if (!existsSync(target)) return undefined;
  const text = readFileSync(target, "utf8");
  if (text === shared.text) return undefined;
  let existing: JsonValue;
  try {
    existing = JSON.parse(text) as JsonValue;
  } catch {
    existing = null;
  }
  const refs = new RegExp(`"\\.\\./${escapeRegExp(shared.path)}#([^"]*)"`, "g");
  for (const event of events) {
    if (event.files.some((file) => existsSync(join(out, file.path)))) continue;
    for (const file of event.files) {
      for (const [, pointer] of file.text.matchAll(refs)) {
        const segments = pointer!
          .slice(1)
          .split("/")
          .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"));
        if (valueAtPath(existing, pointerPath(existing, segments)) !== undefined) continue;
        return diagnostic(
          Codes.ImportSharedFileStale,
          { file: relativePosix(io.cwd, target), missing: `#${pointer!}`, tag: event.tag },
          { span: fileSpan(target) },
        );
      }
    }
  }
  return undefined;
}

/** Prints the diagnostics (errors and warnings, sorted) and returns the exit code they call for. */
function report(io: Io, diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string>): number {
  for (const d of sortDiagnostics(diagnostics))
    io.stderr(`${formatDiagnostic(d, { cwd: io.cwd, sources, color: io.color })}\n\n`);
  return exitCodeFor(diagnostics);
}

/** Creates the files (never replacing one), and prints what was created and skipped. */
function writeImport(
  io: Io,
  out: string,
  shared: ImportFile | undefined,
  events: readonly EventFiles[],
  code: number,
): number {
  const shown = (file: string) => relativePosix(io.cwd, join(out, file));
  const lines: { readonly path: string; readonly text: string }[] = [];
  const creates: ImportFile[] = [];
  let written = 0;
  if (shared !== undefined) {
    const target = join(out, shared.path);
    if (!existsSync(target)) creates.push(shared);
    else if (readFileSync(target, "utf8") === shared.text)
      lines.push({ path: shared.path, text: `unchanged ${shown(shared.path)}` });
    else {
      const why =
        "exists with other content; left as it is, and the events refer to it (move it away and import again to take the document's current schemas)";
      lines.push({ path: shared.path, text: `skipped  ${shown(shared.path)} (${why})` });
    }
  }
  for (const event of events) {
    const inTheWay = event.files.find((file) => existsSync(join(out, file.path)));
    if (inTheWay !== undefined) {
      const why = inTheWay === event.files[0] ? "exists" : `${shown(inTheWay.path)} exists`;
      lines.push({
        path: event.files[0]!.path,
        text: `skipped  ${shown(event.files[0]!.path)} (${event.tag}: ${why}; left as it is)`,
      });
    } else {
      creates.push(...event.files);
      written += 1;
    }
  }
  const made: string[] = [];
  try {
    for (const file of creates) {
      const target = join(out, file.path);
      const folder = mkdirSync(dirname(target), { recursive: true });
      if (folder !== undefined) made.push(folder);
      writeFileSync(target, file.text, { flag: "wx" });
      made.push(target);
    }
  } catch (error) {
    // Last made first: files before the folders they are in.
    for (const made_ of made.reverse()) rmSync(made_, { recursive: true, force: true });
    io.stderr(`ductape-events import: could not write (${messageOf(error)}); nothing was written.\n`);
    return ExitCode.Failed;
  }
  const created = creates.map((file) => ({ path: file.path, text: `created  ${shown(file.path)}` }));
  // In the order of the paths, so that an event's files stand together.
  const all = [...created, ...lines].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  io.stdout(`${all.map((line) => line.text).join("\n")}\n\n`);
  const skipped = events.length - written;
  io.stdout(
    `${written} event${written === 1 ? "" : "s"} imported${skipped > 0 ? `, ${skipped} skipped` : ""}.` +
      (written > 0 ? " Next: npx ductape-events build\n" : "\n"),
  );
  return code;
}
