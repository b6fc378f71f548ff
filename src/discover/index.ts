import { lstat, readdir, stat, statSync } from "node:fs";
import { isAbsolute, join, relative, sep } from "node:path";
import { createRequire } from "node:module";
import type FastGlob from "fast-glob";
import type Micromatch from "micromatch";
import type { ChangedPaths } from "../cache/change-log.js";
import type { ResolvedConfig } from "../config/index.js";
import { relativePosix, toPosix } from "../util/files.js";
import { compareCodeUnits } from "../util/order.js";

// CommonJS packages, loaded with `require`: importing them as ES modules first lexes their
// source for export names, which every build would pay at its start.
const require = createRequire(import.meta.url);
const fg = require("fast-glob") as typeof FastGlob;
const micromatch = require("micromatch") as typeof Micromatch;

/** What discovery needs of the config. */
export type DiscoverInput = Pick<ResolvedConfig, "rootDir" | "events" | "ignore" | "outDir"> & {
  /**
   * Whether a path is one of the build's own outputs (or a temporary file of its writer): found
   * by an events glob that reaches into outDir (`src/**`), they are no event files, left out or not.
   * Given by the build, which knows what emit writes. Default: none is.
   */
  readonly isBuildOutput?: ((path: string) => boolean) | undefined;
};

/** What the globs found, and what they found that the build leaves out or that found nothing. */
export interface Discovery {
  /** The event files, as absolute paths in a fixed order. */
  readonly files: string[];
  /** Files the globs match inside outDir, left out since the build writes there; same order. */
  readonly inOutDir: string[];
  /** Event globs (not `!` ones) that match no file at all, whatever `ignore` and outDir say. */
  readonly unmatched: string[];
  /** Ignore globs with a backslash that leave nothing out (a backslash escapes; paths take `/`). */
  readonly idleIgnores: string[];
}

/**
 * Lists the event files matched by the config's globs, as absolute paths in a fixed order.
 * node_modules and the output folder are never searched.
 */
export async function discover(input: DiscoverInput): Promise<string[]> {
  return (await discoverEvents(input)).files;
}

/** `discover`, with what it left out and the globs that did nothing. */
export async function discoverEvents(input: DiscoverInput): Promise<Discovery> {
  const found = await globEvents(input.events, input.ignore, input);
  const out = relativePosix(input.rootDir, input.outDir);
  // outDir is walked, not ignored, so that event files there can be named instead of dropped unseen.
  const inside = out !== "" && !out.startsWith("..") && !isAbsolute(out);
  const prefix = join(input.rootDir, out) + sep;
  const files: string[] = [];
  const inOutDir: string[] = [];
  for (const file of found) (inside && file.startsWith(prefix) ? inOutDir : files).push(file);
  return {
    files,
    inOutDir,
    unmatched: await unmatchedGlobs(input, found),
    idleIgnores: await idleIgnores(input, found.length),
  };
}

/** A path as a glob that matches it literally (`(app)` is `\\(app\\)`), as the globs here read it. */
export function escapeGlobPath(path: string): string {
  return fg.escapePath(path);
}

const NEVER_SEARCHED = ["**/node_modules/**"];

/** The files `patterns` match, but for node_modules, `ignore` and the build's own outputs. */
async function globEvents(
  patterns: readonly string[],
  ignore: readonly string[],
  input: DiscoverInput,
): Promise<string[]> {
  const files = await glob(patterns, [...NEVER_SEARCHED, ...ignore], input.rootDir);
  const { isBuildOutput } = input;
  return isBuildOutput === undefined ? files : files.filter((file) => !isBuildOutput(file));
}

async function glob(patterns: readonly string[], ignore: readonly string[], cwd: string): Promise<string[]> {
  const files = await fg([...patterns], {
    cwd,
    ignore: [...ignore],
    absolute: true,
    onlyFiles: true,
    unique: true,
    dot: false,
    fs: { readdir: readdirOfFolders, lstat: missingBelowFiles(lstat), stat: missingBelowFiles(stat) },
  });
  // File systems list directories in different orders (and fast-glob walks them concurrently);
  // sorting the posix paths by code unit, not locale, makes every later stage independent of
  // both, and of the OS's path separator.
  return files.sort(compareCodeUnits).map((file) => file.split("/").join(sep));
}

type Readdir = NonNullable<NonNullable<FastGlob.Options["fs"]>["readdir"]>;
type ReaddirCallback = (error: NodeJS.ErrnoException | null, entries: unknown[]) => void;

/**
 * fs.readdir as fast-glob calls it (with or without options), except that a file where a glob
 * expects a folder (a file named `events`) has nothing in it, as a missing folder has, instead
 * of failing the glob.
 */
const readdirOfFolders = ((path: string, ...rest: unknown[]): void => {
  const callback = rest.pop() as ReaddirCallback;
  const options = rest as [] | [{ withFileTypes: true }];
  const tolerant: ReaddirCallback = (error, entries) =>
    error?.code === "ENOTDIR" ? callback(null, []) : callback(error, entries);
  (readdir as (path: string, ...rest: unknown[]) => void)(path, ...options, tolerant);
}) as unknown as Readdir;

type Stat = NonNullable<NonNullable<FastGlob.Options["fs"]>["lstat"]>;
type StatCallback = (error: NodeJS.ErrnoException | null, stats: unknown) => void;

/**
 * fs.lstat or fs.stat as fast-glob calls them on a static pattern's path, except that a path
 * below a file (`events/x.event.ts` with a file named `events`) is missing, as fast-glob takes
 * ENOENT, instead of failing the glob.
 */
function missingBelowFiles(statOf: typeof lstat | typeof stat): Stat {
  return ((path: string, callback: StatCallback): void => {
    statOf(path, (error, stats) => {
      if (error?.code !== "ENOTDIR") return callback(error, stats);
      callback(Object.assign(new Error(error.message), { code: "ENOENT", cause: error }), undefined);
    });
  }) as unknown as Stat;
}

/**
 * The positive event globs that match nothing. A glob that matches one of the files found
 * (micromatch, with fast-glob's options) matched something; any other is globbed alone,
 * without `ignore`, to be sure: a glob whose files are all ignored is not a typo.
 */
async function unmatchedGlobs(input: DiscoverInput, found: readonly string[]): Promise<string[]> {
  const unmatched: string[] = [];
  for (const pattern of input.events) {
    if (pattern.startsWith("!")) continue;
    const test = patternTest(pattern, AS_DISCOVERY);
    if (test !== undefined && found.some((file) => test(relativePosix(input.rootDir, file)))) continue;
    if ((await globEvents([pattern], [], input)).length === 0) unmatched.push(pattern);
  }
  return unmatched;
}

/** Ignore globs with a backslash whose removal changes nothing found: most likely a Windows path. */
async function idleIgnores(input: DiscoverInput, foundCount: number): Promise<string[]> {
  const idle: string[] = [];
  for (const pattern of input.ignore) {
    if (!pattern.includes("\\")) continue;
    const others = input.ignore.filter((other) => other !== pattern);
    const without = await globEvents(input.events, others, input);
    if (without.length === foundCount) idle.push(pattern);
  }
  return idle;
}

/**
 * Whether `discover` would list `previous` again, given that only `changed` paths changed since it
 * did: true when each changed path is a file in the list, or a file the globs cannot match, or a
 * path that is gone and had nothing of the list at or below it. Anything else (a new event file,
 * a deleted one, a folder, a path that cannot be examined) is false: glob again.
 */
export function sameFileList(previous: ReadonlySet<string>, changed: ChangedPaths, input: DiscoverInput): boolean {
  let listed: readonly string[] | undefined;
  const listedBelow = (path: string): boolean => {
    listed ??= [...previous];
    return listed.some((file) => file.startsWith(path + sep));
  };
  for (const path of changed) {
    let stats;
    try {
      stats = statSync(path, { throwIfNoEntry: false });
    } catch {
      return false;
    }
    if (stats === undefined) {
      // Gone: glob finds nothing there now, so the list holds unless it had something there.
      if (previous.has(path) || listedBelow(path)) return false;
    } else if (!stats.isFile()) {
      return false;
    } else if (!previous.has(path) && (mayMatch(path, input) || listedBelow(path))) {
      return false;
    }
  }
  return true;
}

/**
 * Whether the event globs could match a file: true unless micromatch (fast-glob's own matcher,
 * with options that match at least as much as discovery's: dot files and any case) says no to
 * every positive pattern, braces expanded as fast-glob does. Ignore patterns are not applied, so
 * an ignored file counts as a match; a file outside rootDir, or a pattern reaching out of it,
 * always does.
 */
function mayMatch(path: string, input: DiscoverInput): boolean {
  const file = relative(input.rootDir, path);
  if (file === "" || file.startsWith("..") || isAbsolute(file)) return true;
  for (const pattern of input.events) {
    if (pattern.startsWith("!")) continue;
    const test = patternTest(pattern, AT_LEAST_AS_DISCOVERY);
    if (test === undefined || test(toPosix(file))) return true;
  }
  return false;
}

/** micromatch options: as discovery globs (no dot files, case counts), or matching at least as much. */
const AS_DISCOVERY = { dot: false, nocase: false, posix: true, strictSlashes: false };
const AT_LEAST_AS_DISCOVERY = { dot: true, nocase: true, posix: true, strictSlashes: false };

/**
 * A test of a posix path relative to rootDir by `pattern`, braces expanded as fast-glob does;
 * undefined for a pattern reaching out of rootDir, which only globbing can answer.
 */
function patternTest(pattern: string, options: typeof AS_DISCOVERY): ((file: string) => boolean) | undefined {
  while (pattern.startsWith("./")) pattern = pattern.slice(2);
  if (pattern.startsWith("../") || pattern.startsWith("/") || isAbsolute(pattern)) return undefined;
  const expanded = micromatch.braces(pattern, { expand: true, nodupes: true, keepEscaping: true });
  const res = expanded.map((p) => micromatch.makeRe(p, options));
  return (file) => res.some((re) => re.test(file));
}
