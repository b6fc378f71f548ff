import { statSync } from "node:fs";
import { isAbsolute, relative, sep } from "node:path";
import { createRequire } from "node:module";
import type FastGlob from "fast-glob";
import type Micromatch from "micromatch";
import type { ChangedPaths } from "../changes.js";
import type { ResolvedConfig } from "../config/index.js";
import { relativePosix, toPosix } from "../files.js";
import { compareCodeUnits } from "../order.js";

// CommonJS packages, loaded with `require`: importing them as ES modules first lexes their
// source for export names, 25-30 ms of every build's start for these two.
const require = createRequire(import.meta.url);
const fg = require("fast-glob") as typeof FastGlob;
const micromatch = require("micromatch") as typeof Micromatch;

/** What discovery needs of the config. */
export type DiscoverInput = Pick<ResolvedConfig, "rootDir" | "events" | "ignore" | "outDir">;

/**
 * Lists the event files matched by the config's globs, as absolute paths in a fixed order.
 * node_modules and the output folder are never searched.
 */
export async function discover(input: DiscoverInput): Promise<string[]> {
  const ignore = ["**/node_modules/**", ...input.ignore];
  const out = relativePosix(input.rootDir, input.outDir);
  if (out !== "" && !out.startsWith("..")) ignore.push(`${fg.escapePath(out)}/**`);
  const files = await fg([...input.events], {
    cwd: input.rootDir,
    ignore,
    absolute: true,
    onlyFiles: true,
    unique: true,
    dot: false,
  });
  // File systems list directories in different orders (and fast-glob walks them concurrently);
  // sorting the posix paths by code unit, not locale, makes every later stage independent of
  // both, and of the OS's path separator.
  return files.sort(compareCodeUnits).map((file) => file.split("/").join(sep));
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
  const options = { dot: true, nocase: true, posix: true, strictSlashes: false };
  for (let pattern of input.events) {
    if (pattern.startsWith("!")) continue;
    while (pattern.startsWith("./")) pattern = pattern.slice(2);
    if (pattern.startsWith("../") || pattern.startsWith("/") || isAbsolute(pattern)) return true;
    const expanded = micromatch.braces(pattern, { expand: true, nodupes: true, keepEscaping: true });
    if (expanded.some((p) => micromatch.makeRe(p, options).test(toPosix(file)))) return true;
  }
  return false;
}
