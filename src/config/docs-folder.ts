import { lstatSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, isAbsolute, resolve } from "node:path";
import type Micromatch from "micromatch";
import { Codes, diagnostic } from "../diagnostics/catalogue.js";
import type { Diagnostic, Span } from "../diagnostics/diagnostic.js";
import { isWithin, relativePosix } from "../util/files.js";
import { configLocator } from "./locate.js";

// CommonJS, loaded with `require` as discovery loads it (no lexing for export names).
const require = createRequire(import.meta.url);

/**
 * The rules for the event docs site's folder, one set whether it is written in the config
 * (`docs: { out }`) or on the command line (`ductape-events docs --out`): the same value is
 * the same error, only where it is reported differs (the config's span, or the option).
 */

/** Where the docs folder was asked for: the config's `docs.out` (or its default), or the option. */
export type DocsOrigin = "config" | "--out";

/** What `docs.out` (or `--out`) must be as written, or undefined when it is fine so far. */
export function docsOutSyntax(value: string): { readonly expected: string; readonly got: string } | undefined {
  if (value.trim() === "") return { expected: "a non-empty path", got: JSON.stringify(value) };
  // Elsewhere than on Windows, `a\\b` would be one folder named so: the config is shared.
  // (An absolute path is computed where it runs, e.g. path.resolve on Windows: left alone.)
  if (!isAbsolute(value) && value.includes("\\"))
    return { expected: "a path with forward slashes, which every system reads alike", got: JSON.stringify(value) };
  return undefined;
}

/** DT1005 for a value of the docs folder that is wrong in itself: from the config, or from `--out`. */
function invalidDocsOut(origin: DocsOrigin, expected: string, got: string): (span: Span | undefined) => Diagnostic {
  const params = { key: "docs.out", expected, got, ...(origin === "--out" ? { flag: "--out" } : {}) };
  return (span) => diagnostic(Codes.ConfigInvalidValue, params, span === undefined ? {} : { span });
}

/** What a check of the docs folder needs of the config. */
export interface DocsFolderContext {
  readonly rootDir: string;
  readonly configFile: string | undefined;
  readonly events: readonly string[];
  /**
   * Where messages show folders from (absolute): the project's folder by default; where the
   * command runs for `--out`, whose value was typed from there.
   */
  readonly shownFrom?: string | undefined;
}

/**
 * The problems of the docs folder that need no discovery: it is a file (or below one, or a link
 * to nothing), it lies in node_modules, or among the event sources (inside the folder an
 * `events` glob searches, other than the project's own folder; or holding the config file).
 * `written` is the value as the user wrote it (for messages). A folder outside the project is
 * fine: a checkout of the branch a site is published from, say.
 */
export function docsFolderProblem(
  docsDir: string,
  written: string,
  origin: DocsOrigin,
  context: DocsFolderContext,
): ((span: Span | undefined) => Diagnostic) | undefined {
  const shown = JSON.stringify(written);
  const notFolder = notAFolder(docsDir);
  if (notFolder !== undefined)
    return invalidDocsOut(origin, "a folder, or a path where one can be made", `${shown}, ${notFolder}`);
  const inProject = relativePosix(context.rootDir, docsDir);
  if (!isAbsolute(inProject) && inProject.split("/").includes("node_modules"))
    return invalidDocsOut(
      origin,
      "a folder outside node_modules (npm replaces it on install, and it is never committed)",
      shown,
    );
  const among = amongSources(docsDir, context);
  if (among === undefined) return undefined;
  const params = {
    docs: origin === "--out" ? written : shownFolder(context, docsDir),
    origin,
    reason: among,
    other: shownOther(
      context,
      otherDocsFolder(context.rootDir, docsDir, (f) => refusedBySources(f, context, [])),
    ),
  };
  return (span) => diagnostic(Codes.DocsAmongEventSources, params, span === undefined ? {} : { span });
}

/**
 * DT1018 when the docs folder holds event files the build reads (`files`, from discovery): the
 * site's files and its deletions of stale pages would sit among the user's sources.
 */
function docsHoldEventFiles(
  docsDir: string,
  files: readonly string[],
  origin: DocsOrigin,
  context: DocsFolderContext,
  written: string | undefined,
): ((span: Span | undefined) => Diagnostic) | undefined {
  const { rootDir } = context;
  const inside = files.filter((file) => isWithin(file, docsDir));
  if (inside.length === 0) return undefined;
  const first = shownFolder(context, inside[0]!);
  const more = inside.length - 1;
  const reason = `holds ${inside.length === 1 ? "an event file" : `${inside.length} event files`} the build reads (${first}${more === 0 ? "" : ` and ${more} more`})`;
  const other = shownOther(
    context,
    otherDocsFolder(rootDir, docsDir, (folder) => refusedBySources(folder, context, files)),
  );
  const params = { docs: written ?? shownFolder(context, docsDir), origin, reason, other };
  return (span) => diagnostic(Codes.DocsAmongEventSources, params, span === undefined ? {} : { span });
}

/**
 * Whether DT1018 would refuse `folder` too, for the hint's suggestion: it lies among the sources,
 * holds a folder the events globs search (`event-docs` when they search `event-docs/hooks`), or
 * holds one of `files` (the event files found).
 */
function refusedBySources(folder: string, context: DocsFolderContext, files: readonly string[]): boolean {
  if (amongSources(folder, context) !== undefined || files.some((file) => isWithin(file, folder))) return true;
  return sourceFolders(context).some(({ base }) => isWithin(base, folder));
}

/**
 * The folders the events globs search, each with its glob: the part of the glob before its first
 * wildcard. The project's folder is the glob base of any glob that starts with a wildcard, not a source
 * folder as such, and is left out.
 */
function sourceFolders(context: DocsFolderContext): { readonly pattern: string; readonly base: string }[] {
  return context.events
    .filter((pattern) => !pattern.startsWith("!"))
    .map((pattern) => ({ pattern, base: resolve(context.rootDir, globBase(pattern)) }))
    .filter(({ base }) => base !== context.rootDir);
}

/** Why the folder lies among the event sources, or undefined. */
function amongSources(docsDir: string, context: DocsFolderContext): string | undefined {
  if (context.configFile !== undefined && isWithin(context.configFile, docsDir))
    return `holds the config file ${shownFolder(context, context.configFile)}`;
  for (const { pattern, base } of sourceFolders(context)) {
    if (!isWithin(docsDir, base)) continue;
    const folder = shownFolder(context, base);
    const where = docsDir === base ? "is the folder" : `lies inside ${JSON.stringify(folder)},`;
    return `${where} where the events glob ${JSON.stringify(pattern)} looks for event files`;
  }
  return undefined;
}

/** The folder a glob searches below: its part before the first wildcard (a plain path: its folder). */
export function globBase(pattern: string): string {
  // `scan` is picomatch's, which micromatch passes on (its types leave it out).
  const { scan } = require("micromatch") as typeof Micromatch & {
    readonly scan: (pattern: string) => { readonly isGlob: boolean; readonly base: string };
  };
  const scanned = scan(pattern);
  return scanned.isGlob ? scanned.base : dirname(pattern);
}

/** Why a path cannot be the site's folder, or undefined when it is one or can become one. */
function notAFolder(path: string): string | undefined {
  try {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat !== undefined && !stat.isDirectory()) return "a file";
    // A link to nothing: the build could not make the folder it names.
    if (stat === undefined && lstatSync(path, { throwIfNoEntry: false }) !== undefined) return "a link to nothing";
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === "ENOTDIR" ? "below a file" : `which cannot be used (${code ?? String(error)})`;
  }
}

/** A folder (or file) as messages name it: relative to the project (or shownFrom), `.` for that folder itself. */
export function shownFolder(context: Pick<DocsFolderContext, "rootDir" | "shownFrom">, folder: string): string {
  return relativePosix(context.shownFrom ?? context.rootDir, folder) || ".";
}

/** A suggestion of otherDocsFolder (relative to the project), as messages name it. */
export function shownOther(context: Pick<DocsFolderContext, "rootDir" | "shownFrom">, other: string): string {
  return context.shownFrom === undefined ? other : shownFolder(context, resolve(context.rootDir, other));
}

/**
 * A folder to suggest for the site instead of `blocked`: the default, unless `refused` (by
 * default: it is `blocked`, lies inside it or holds it; a hint must never suggest the very
 * folder it is about). DT1018 refuses by its own rule instead: with `--out .` refused for
 * holding the config, `event-docs` inside it is the folder to suggest.
 */
export function otherDocsFolder(
  rootDir: string,
  blocked: string,
  refused: (folder: string) => boolean = (folder) => isWithin(folder, blocked) || isWithin(blocked, folder),
): string {
  for (const candidate of ["event-docs", "webhook-docs", "site/events"])
    if (!refused(resolve(rootDir, candidate))) return candidate;
  return "../event-docs";
}

/**
 * The docs folder that `--out` (the build's `docs.out` option) asks for, checked as the config's
 * `docs.out` is, against `config` (loaded, with that folder in place): DT1005 naming the option,
 * or DT1018. Undefined when it is fine.
 */
export function docsOptionProblem(
  out: string,
  config: DocsFolderContext & { readonly docs?: { readonly outDir: string } | undefined },
): Diagnostic | undefined {
  const syntax = docsOutSyntax(out);
  if (syntax !== undefined) return invalidDocsOut("--out", syntax.expected, syntax.got)(undefined);
  if (config.docs === undefined) return undefined;
  return docsFolderProblem(config.docs.outDir, out, "--out", config)?.(undefined);
}

/**
 * DT1018 once the event files are known (see `docsHoldEventFiles`), at the config's `docs.out`
 * (or `docs`) when the folder comes from there; `out`, the option as typed, when it comes from
 * `--out`.
 */
export function docsAmongEventFiles(
  config: DocsFolderContext & { readonly docs?: { readonly outDir: string } | undefined },
  files: readonly string[],
  out: string | undefined,
  sources: ReadonlyMap<string, string>,
): Diagnostic | undefined {
  if (config.docs === undefined) return undefined;
  const origin: DocsOrigin = out === undefined ? "config" : "--out";
  const problem = docsHoldEventFiles(config.docs.outDir, files, origin, config, out);
  if (problem === undefined) return undefined;
  const text = config.configFile === undefined ? undefined : sources.get(config.configFile);
  if (origin === "--out" || text === undefined || config.configFile === undefined) return problem(undefined);
  const locate = configLocator(config.configFile, text);
  return problem(locate("docs.out") ?? locate("docs"));
}
