import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { contentHash } from "./store.js";

/** The folder of the running code (dist/, or src/ when run from source) and the package's root. */
const CODE_DIR = fileURLToPath(new URL("../", import.meta.url));
const PACKAGE_DIR = fileURLToPath(new URL("../../", import.meta.url));

let memo: string | undefined;

/** This process's tool fingerprint (see `fingerprintOf`), computed once. */
export function toolFingerprint(): string {
  memo ??= fingerprintOf(CODE_DIR, PACKAGE_DIR);
  return memo;
}

/**
 * What identifies a build of the tool: a hash of its package.json (name, version and the exact
 * versions of its dependencies), of every file of its code and of its templates. Results cached
 * by another version, or by the same version rebuilt from changed sources, never match.
 * About 80 small files: a few milliseconds.
 */
export function fingerprintOf(codeDir: string, packageDir: string): string {
  const files = [
    join(packageDir, "package.json"),
    ...listFiles(codeDir, /\.(?:js|ts)$/),
    ...listFiles(join(packageDir, "templates"), /$/),
  ];
  const parts = files.map((file) => `${file.slice(packageDir.length)}\0${hashOrMissing(file)}`);
  return contentHash(parts.join("\n"));
}

function listFiles(dir: string, pattern: RegExp): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => entry.isFile() && pattern.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

function hashOrMissing(file: string): string {
  try {
    return contentHash(readFileSync(file));
  } catch {
    return "missing";
  }
}
