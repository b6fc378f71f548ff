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
 * What identifies a build of the tool: a hash of its package.json (name, version and the
 * dependency versions it pins), of every file of its code and of its templates. Results cached
 * by another version, or by the same version rebuilt from changed sources, never match.
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

/** Files below `dir` whose names match, sorted; a plain walk (recursive readdir and `parentPath` need Node 20.12). */
function listFiles(dir: string, pattern: RegExp): string[] {
  const found: string[] = [];
  const walk = (folder: string): void => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && pattern.test(entry.name)) found.push(path);
    }
  };
  walk(dir);
  return found.sort();
}

function hashOrMissing(file: string): string {
  try {
    return contentHash(readFileSync(file));
  } catch {
    return "missing";
  }
}
