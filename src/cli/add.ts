import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { build, type BuildResult } from "../build.js";
import { appendExample } from "../capture/examples.js";
import { readCapture } from "../capture/delivery.js";
import { nameOfEvent, sampleOf, type Replacement } from "../capture/sample.js";
import { Codes, diagnostic } from "../diagnostics/catalogue.js";
import { fileSpan, hasErrors, sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import { formatDiagnostic } from "../diagnostics/format.js";
import { globBase } from "../config/docs-folder.js";
import type { ResolvedConfig } from "../config/index.js";
import { discover } from "../discover/index.js";
import { rangeSpan } from "../extract/spans.js";
import { printLiteral } from "../import/literal.js";
import { eventFilePrinter } from "../import/print.js";
import { lineStarts } from "../syntax/tree.js";
import { messageOf } from "../util/errors.js";
import { relativePosix } from "../util/files.js";
import type { JsonObject } from "../util/json.js";
import { tagProblem } from "../validate/tag.js";
import { ExitCode, exitCodeFor } from "./exit-codes.js";
import type { Io, OptionValues } from "./io.js";
import { usageError } from "./options.js";

/**
 * `ductape-events add --from <delivery.json> --tag <webhook:event> [--name <name>] [--out <dir>]`.
 * The delivery, its credentials replaced by placeholders, becomes the sample of a new event file
 * or, when the project has the event, one more of its `examples` (the file edited in place, every
 * other byte kept). It never overwrites a file, and says what it wrote; the next build merges the
 * delivery into the event's type as it does any example.
 */
export async function runAdd(values: OptionValues, io: Io): Promise<number> {
  const from = typeof values["from"] === "string" ? values["from"] : undefined;
  const tag = typeof values["tag"] === "string" ? values["tag"] : undefined;
  if (from === undefined || tag === undefined) {
    return usageError(io, "add needs --from <delivery.json> and --tag <webhook:event>.");
  }
  const problem = tagProblem(tag);
  if (problem !== undefined)
    return usageError(io, `--tag ${JSON.stringify(tag)} ${problem.problem}.`, problem.suggestion);

  const file = resolve(io.cwd, from);
  const read = await readCapture(file, { given: from });
  if ("diagnostics" in read) {
    const sources = read.text === undefined ? new Map<string, string>() : new Map([[file, read.text]]);
    return print(io, read.diagnostics, sources, ExitCode.Usage);
  }
  const { sample, replaced } = sampleOf(read.capture.payload);

  const project = await build({
    cwd: io.cwd,
    config: typeof values["config"] === "string" ? values["config"] : undefined,
    write: false,
    diskCache: false,
  });
  if (project.config === undefined) return print(io, project.diagnostics, project.sources);
  const event = project.events.find((e) => e.tag === tag);
  if (event !== undefined) {
    if (typeof values["name"] === "string") io.stderr(`--name is for a new event; "${tag}" keeps its name.\n`);
    if ([event.sample, ...(event.examples ?? [])].some((known) => isDeepStrictEqual(known, sample))) {
      io.stdout(
        `unchanged ${relativePosix(io.cwd, join(project.config.rootDir, event.source))} (${tag} has this delivery already)\n`,
      );
      return ExitCode.Ok;
    }
    return addExample(io, join(project.config.rootDir, event.source), tag, sample, replaced);
  }
  if (hasErrors(project.diagnostics)) {
    // The event may be declared in a file with errors: a second file for it would be a duplicate.
    const errors = project.diagnostics.filter((d) => d.severity === "error");
    print(io, errors, project.sources, ExitCode.Failed);
    io.stderr(
      `ductape-events add: "${tag}" is not among the events that build, and the project has errors (above): fix them first, since the event may be declared in a file that has them; nothing was written.\n`,
    );
    return ExitCode.Failed;
  }
  const out = typeof values["out"] === "string" ? resolve(io.cwd, values["out"]) : newEventsFolder(project.config);
  const name = typeof values["name"] === "string" ? values["name"] : undefined;
  return addEvent(io, project, { out, tag, name, delivery: file, sample, replaced });
}

/** Appends the sample to the event's examples, editing its file in place. */
async function addExample(
  io: Io,
  path: string,
  tag: string,
  sample: JsonObject,
  replaced: readonly Replacement[],
): Promise<number> {
  const text = readFileSync(path, "utf8");
  const edited = await appendExample(text, tag, sample);
  if (!("text" in edited)) {
    const span = rangeSpan({ path, lineStarts: lineStarts(text) }, edited.offset, edited.offset);
    const d = diagnostic(Codes.AddCannotEdit, { tag, problem: edited.problem }, { span });
    return print(io, [d], new Map([[path, text]]), ExitCode.Failed);
  }
  // Written beside it, then renamed over it, so that the file is never half written; and only if
  // nobody changed it in the meantime (an editor saving it).
  const temporary = `${path}.${process.pid}-add.tmp`;
  try {
    writeFileSync(temporary, edited.text, { flag: "wx" });
    if (readFileSync(path, "utf8") !== text) throw new Error(`${basename(path)} changed while add was editing it`);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    io.stderr(`ductape-events add: could not write (${messageOf(error)}); nothing was written.\n`);
    return ExitCode.Failed;
  }
  io.stdout(`updated  ${relativePosix(io.cwd, path)} (one more example of ${tag})\n`);
  return done(io, replaced);
}

/**
 * Where a new event goes without --out: the folder the config's first events glob searches
 * (`events` for the default glob, `src/events` for one that starts so), from the project's
 * folder, wherever add runs; `events` there when the glob starts with a wildcard.
 */
function newEventsFolder(config: ResolvedConfig): string {
  const first = config.events.find((pattern) => !pattern.startsWith("!"));
  const base = first === undefined ? "" : globBase(first);
  return resolve(config.rootDir, base === "" || base === "." ? "events" : base);
}

interface NewEvent {
  readonly out: string;
  readonly tag: string;
  readonly name: string | undefined;
  readonly delivery: string;
  readonly sample: JsonObject;
  readonly replaced: readonly Replacement[];
}

const HEAD = "export default defineEvent(";
const TAIL = ") as EventDefinition;";

/** Writes a new event file, laid out as `import openapi` writes them, with the delivery as its sample. */
async function addEvent(io: Io, project: BuildResult, event: NewEvent): Promise<number> {
  const [webhook, name] = event.tag.split(":") as [string, string];
  const path = join(event.out, webhook, `${name}.event.ts`);
  const shown = relativePosix(io.cwd, path);
  if (existsSync(path)) {
    const problem = `exists, and declares no event "${event.tag}" that builds`;
    const d = diagnostic(Codes.AddFileInTheWay, { path: shown, problem }, { span: fileSpan(path) });
    return print(io, [d], new Map(), ExitCode.Failed);
  }
  // The webhook's events all select with one field: the new one does too, or the build warns
  // (DT3101) and the webhook's payloads stop being a discriminated union.
  const selectors = new Set(project.events.filter((e) => e.webhook === webhook).map((e) => e.selector));
  const selector = selectors.size === 1 ? [...selectors][0] : undefined;
  const definition: JsonObject = {
    name: event.name ?? nameOfEvent(name),
    tag: event.tag,
    description: "",
    ...(selector === undefined ? {} : { selector }),
    sample: event.sample,
  };
  const comments = [
    `// Captured from ${basename(event.delivery)} by \`ductape-events add\`: say what the event means in \`description\`;`,
    "// more deliveries go to `examples` (ductape-events add --from <file> --tag <tag>).",
  ];
  if (event.replaced.length > 0)
    comments.push(`// Credentials replaced by placeholders: ${replacedList(event.replaced)}.`);
  const text = (await eventFilePrinter())(comments.join("\n"), printLiteral(definition, HEAD.length, TAIL.length));
  let folder: string | undefined;
  try {
    folder = mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text, { flag: "wx" });
  } catch (error) {
    if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
    io.stderr(`ductape-events add: could not write ${shown} (${messageOf(error)}); nothing was written.\n`);
    return ExitCode.Failed;
  }
  io.stdout(`created  ${shown} (new event ${event.tag}, the delivery as its sample)\n`);
  const config = project.config!;
  const found = await discover({ ...config }).catch(() => [] as string[]);
  if (!found.includes(path)) {
    io.stderr(
      `note: the config's events globs (${config.events.join(", ")}) do not match ${shown}: a build will not read it.\n`,
    );
  }
  return done(io, event.replaced);
}

function replacedList(replaced: readonly Replacement[]): string {
  return replaced.map((r) => `${r.field} (${r.kind})`).join(", ");
}

/** The closing lines: what was replaced, and what to run next. */
function done(io: Io, replaced: readonly Replacement[]): number {
  if (replaced.length > 0) {
    io.stdout(
      `replaced credentials with placeholders: ${replaced.map((r) => `${r.field} (${r.kind}) -> ${JSON.stringify(r.placeholder)}`).join(", ")}\n`,
    );
  }
  io.stdout("Next: npx ductape-events build\n");
  return ExitCode.Ok;
}

function print(
  io: Io,
  diagnostics: readonly Diagnostic[],
  sources: ReadonlyMap<string, string>,
  code?: number,
): number {
  for (const d of sortDiagnostics(diagnostics))
    io.stderr(`${formatDiagnostic(d, { cwd: io.cwd, sources, color: io.color })}\n\n`);
  return code ?? exitCodeFor(diagnostics);
}
