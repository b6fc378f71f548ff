import { relative, sep } from "node:path";
import fg from "fast-glob";
import type { ResolvedConfig } from "../config/index.js";

/** What discovery needs of the config. */
export type DiscoverInput = Pick<ResolvedConfig, "rootDir" | "events" | "ignore" | "outDir">;

/**
 * Lists the event files matched by the config's globs, as absolute paths in a fixed order.
 * node_modules and the output folder are never searched.
 */
export async function discover(input: DiscoverInput): Promise<string[]> {
  const ignore = ["**/node_modules/**", ...input.ignore];
  const out = toPosix(relative(input.rootDir, input.outDir));
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

export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function toPosix(path: string): string {
  return path.split(sep).join("/");
}
