import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { GENERATED_MARKER } from "./templates.js";

/** A file the build wants on disk. */
export interface PlannedFile {
  /** Absolute path. */
  readonly path: string;
  readonly contents: string;
}

/** `stale`: differs from (or is missing on) disk, and the build was told not to write. */
export type FileStatus = "written" | "unchanged" | "stale";

/** A planned file and what the build did with it. */
export interface WrittenFile extends PlannedFile {
  readonly status: FileStatus;
}

/** What is on disk now at a planned path. */
export type ExistingFile =
  { readonly kind: "missing" } | { readonly kind: "ours" | "foreign"; readonly contents: string };

export function readExisting(path: string): ExistingFile {
  let contents: string;
  try {
    contents = readFileSync(path, "utf8");
  } catch {
    return { kind: "missing" };
  }
  // The marker opens index.ts and sits in manifest.json's "$comment" on its second line.
  return { kind: contents.slice(0, 400).includes(GENERATED_MARKER) ? "ours" : "foreign", contents };
}

/**
 * Writes the files whose contents changed. Every new file is first written beside its target
 * under a temporary name; only when all are on disk are they renamed into place, so a failure
 * (disk full, permissions) leaves every earlier output as it was. Renames within a folder are
 * atomic, so readers never see a half-written file.
 */
export function writeFiles(files: readonly PlannedFile[]): WrittenFile[] {
  const changed = staleFiles(files);
  const temps: { temp: string; path: string }[] = [];
  try {
    for (const file of changed) {
      mkdirSync(dirname(file.path), { recursive: true });
      const temp = `${file.path}.${randomBytes(6).toString("hex")}.tmp`;
      temps.push({ temp, path: file.path });
      writeFileSync(temp, file.contents);
    }
  } catch (error) {
    for (const { temp } of temps) rmSync(temp, { force: true });
    throw error;
  }
  for (const { temp, path } of temps) renameSync(temp, path);
  const written = new Set(changed.map((file) => file.path));
  return files.map((file) => ({ ...file, status: written.has(file.path) ? "written" : "unchanged" }));
}

/** The planned files whose contents differ from what is on disk. */
export function staleFiles(files: readonly PlannedFile[]): PlannedFile[] {
  return files.filter((file) => {
    const existing = readExisting(file.path);
    return existing.kind === "missing" || existing.contents !== file.contents;
  });
}
