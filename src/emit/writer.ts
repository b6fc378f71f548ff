import { randomBytes } from "node:crypto";
import {
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
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

/** Size and modification time of a file as this build saw or left it (for the disk cache). */
export interface FileStamp {
  readonly size: number;
  readonly mtimeMs: number;
}

/** What is on disk now at a planned path; the stamp is of the very bytes read. */
export type ExistingFile =
  | { readonly kind: "missing" }
  | { readonly kind: "ours" | "foreign"; readonly bytes: Uint8Array; readonly stamp: FileStamp };

export function readExisting(path: string): ExistingFile {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return { kind: "missing" };
  }
  try {
    const { size, mtimeMs } = fstatSync(fd);
    const bytes = readFileSync(fd);
    // The marker opens index.ts and sits in manifest.json's "$comment" on its second line.
    const ours = bytes.subarray(0, 400).toString("utf8").includes(GENERATED_MARKER);
    return { kind: ours ? "ours" : "foreign", bytes, stamp: { size, mtimeMs } };
  } catch {
    return { kind: "missing" };
  } finally {
    closeSync(fd);
  }
}

/**
 * A planned file with its bytes and what is on disk at its path: each file is read and encoded
 * once. (Uint8Array rather than Buffer: these declarations ship, and users need no Node types.)
 */
export interface CheckedFile {
  readonly file: PlannedFile;
  readonly bytes: Uint8Array;
  readonly existing: ExistingFile;
}

export function checkFiles(files: readonly PlannedFile[]): CheckedFile[] {
  return files.map((file) => ({ file, bytes: Buffer.from(file.contents, "utf8"), existing: readExisting(file.path) }));
}

/** Whether the file on disk differs from the planned one (or is missing). */
export function isStale(checked: CheckedFile): boolean {
  return checked.existing.kind === "missing" || Buffer.compare(checked.existing.bytes, checked.bytes) !== 0;
}

/**
 * Writes the files whose contents changed. Every new file is first written beside its target
 * under a temporary name; only when all are on disk are they renamed into place, so a failure
 * (disk full, permissions) leaves every earlier output as it was. Renames within a folder are
 * atomic, so readers never see a half-written file.
 */
export function writeFiles(files: readonly CheckedFile[]): { files: WrittenFile[]; stamps: Map<string, FileStamp> } {
  const changed = files.filter(isStale);
  const temps: { temp: string; path: string }[] = [];
  const stamps = new Map<string, FileStamp>();
  try {
    for (const { file, bytes } of changed) {
      mkdirSync(dirname(file.path), { recursive: true });
      const temp = `${file.path}.${randomBytes(6).toString("hex")}.tmp`;
      temps.push({ temp, path: file.path });
      writeFileSync(temp, bytes);
      // Taken of the file just written (a rename keeps it), not later, when another writer may have been.
      const { size, mtimeMs } = statSync(temp);
      stamps.set(file.path, { size, mtimeMs });
    }
  } catch (error) {
    for (const { temp } of temps) rmSync(temp, { force: true });
    throw error;
  }
  for (const { temp, path } of temps) renameSync(temp, path);
  for (const { file, existing } of files) {
    if (!stamps.has(file.path) && existing.kind !== "missing") stamps.set(file.path, existing.stamp);
  }
  const written = new Set(changed.map(({ file }) => file.path));
  return {
    files: files.map(({ file }) => ({ ...file, status: written.has(file.path) ? "written" : "unchanged" })),
    stamps,
  };
}
