import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, onTestFinished } from "vitest";

/** The repository root (no trailing separator). */
export const REPO = dirname(dirname(dirname(fileURLToPath(import.meta.url))));

/**
 * A scratch folder inside the repository (under the git-ignored .tmp/), so that projects in it
 * resolve `ductape-events` and other packages through the repository's node_modules. Call it
 * inside a test; the folder is removed when that test finishes.
 */
export function scratchDir(name: string): string {
  const dir = makeScratch(name);
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Like scratchDir, for a whole test file: call it at the top level; removed after the file. */
export function fileScratchDir(name: string): string {
  const dir = makeScratch(name);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function makeScratch(name: string): string {
  mkdirSync(join(REPO, ".tmp"), { recursive: true });
  return mkdtempSync(join(REPO, ".tmp", `${name}-`));
}

/** Writes `{ "relative/path": "text" }` under dir. */
export function writeTree(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}
