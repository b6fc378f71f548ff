import { statSync } from "node:fs";
import { extname, join, relative, resolve, sep } from "node:path";

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

/** Why a file given on the command line could not be read, in words (not Node's `ENOENT: ..., open '<path>'`). */
export function whyUnreadable(error: unknown): string {
  switch (errorCode(error)) {
    case "ENOENT":
      return "no such file";
    case "EISDIR":
      return "it is a folder";
    case "ENOTDIR":
      return "a part of its path is a file";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    default:
      // Node's own text names the absolute path, which the message does already, as given.
      return errorCode(error) ?? (error instanceof Error ? error.message : String(error));
  }
}

/** Whether `path` is `folder` or something below it (both absolute, as the same API gives them). */
export function isWithin(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder + sep);
}

/** `path` with forward slashes, as outputs, globs and messages show paths on every system. */
export function toPosix(path: string): string {
  return path.split(sep).join("/");
}

/** `to` relative to `from`, with forward slashes: how messages and reports name a file. */
export function relativePosix(from: string, to: string): string {
  return toPosix(relative(from, to));
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

/** The TypeScript source a JavaScript extension stands for: users write `./x.js` for `./x.ts` (NodeNext). */
const SOURCE_EXTENSIONS: ReadonlyMap<string, string> = new Map([
  [".js", ".ts"],
  [".mjs", ".mts"],
  [".cjs", ".cts"],
]);
const TYPESCRIPT_EXTENSIONS: ReadonlySet<string> = new Set(SOURCE_EXTENSIONS.values());

/**
 * The files a relative specifier (see `isRelativeSpecifier`) written in a module of `fromDir`
 * may name, in the order TypeScript tries them; the first that exists is the one. The config
 * loader and extraction both resolve imports with it, so they follow the same files.
 * - `.`, `..` and `./x/` name a folder: only its `index.ts` (never a file named like the folder);
 * - `./x.js`, `./x.mjs`, `./x.cjs`: the TypeScript source (`x.ts`, `x.mts`, `x.cts`), then the file itself;
 * - `./x.ts`, `./x.mts`, `./x.cts`, `./x.json`: the file itself;
 * - `./x` (or any other extension): `x.ts`, then `x/index.ts`.
 */
export function candidateFiles(fromDir: string, specifier: string): string[] {
  const base = resolve(fromDir, specifier);
  if (specifier === "." || specifier === ".." || specifier.endsWith("/")) return [join(base, "index.ts")];
  const extension = extname(base);
  const source = SOURCE_EXTENSIONS.get(extension);
  if (source !== undefined) return [base.slice(0, -extension.length) + source, base];
  if (TYPESCRIPT_EXTENSIONS.has(extension) || extension === ".json") return [base];
  return [`${base}.ts`, join(base, "index.ts")];
}
