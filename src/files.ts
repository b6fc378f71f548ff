import { statSync } from "node:fs";

// Small file-system questions that several modules ask alike.

/** Error codes of reads that mean "nothing there", as opposed to, say, a permission error. */
const MISSING_FILE_CODES: ReadonlySet<string> = new Set(["ENOENT", "ENOTDIR", "EISDIR"]);

/**
 * True when a read failed because there is no such file. Errors without a code (from a
 * `readFile` injected in tests) count as missing. Extraction tries the next candidate path on
 * such a failure, and the disk cache treats it as the "nothing there" it recorded.
 */
export function isMissingFile(error: unknown): boolean {
  const code = errorCode(error);
  return code === undefined || MISSING_FILE_CODES.has(code);
}

/** The code of a Node file-system error (`ENOENT`, `EACCES`...), if it has one. */
export function errorCode(error: unknown): string | undefined {
  const code: unknown = error instanceof Error && "code" in error ? error.code : undefined;
  return code === undefined ? undefined : String(code);
}

/** Whether `path` names a regular file (not a folder, and not nothing). */
export function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}

/**
 * True for module specifiers naming a file of the project (`./x.js`, `../x`, and `.` or `..`,
 * a folder's index) rather than a package. The config loader and extraction follow the same ones.
 */
export function isRelativeSpecifier(specifier: string): boolean {
  return specifier === "." || specifier === ".." || specifier.startsWith("./") || specifier.startsWith("../");
}

/**
 * True for relative specifiers that name a folder, whose index.ts they import: `.`, `..`, and
 * any ending in `/`. TypeScript never tries `<folder>.ts` for them, as it does for `./x`.
 */
export function namesFolder(specifier: string): boolean {
  return specifier === "." || specifier === ".." || specifier.endsWith("/");
}
