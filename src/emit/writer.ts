import { randomBytes } from "node:crypto";
import {
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
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

/** What is on disk at a planned path: whether we wrote it (by its banner), and its stamp. */
type ExistingFile = { readonly kind: "missing" } | { readonly kind: "ours" | "foreign"; readonly stamp: FileStamp };

/** The marker opens index.ts and sits in manifest.json's "$comment" on its second line. */
const MARKER_WITHIN = 400;

function readHead(path: string): ExistingFile {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return { kind: "missing" };
  }
  try {
    const { size, mtimeMs } = fstatSync(fd);
    const head = Buffer.alloc(Math.min(size, MARKER_WITHIN));
    readSync(fd, head, 0, head.length, 0);
    const ours = head.toString("utf8").includes(GENERATED_MARKER);
    return { kind: ours ? "ours" : "foreign", stamp: { size, mtimeMs } };
  } catch {
    return { kind: "missing" };
  } finally {
    closeSync(fd);
  }
}

/**
 * A planned file and what is on disk at its path, compared once. A file on disk is read whole
 * only when its size equals the planned encoding's; the planned text is encoded then too, and
 * the bytes kept for writing. Otherwise nothing is held: at 10,000 events the outputs are
 * 160 MB, and holding both forms of both files would double the build's peak memory.
 */
export interface CheckedFile {
  readonly file: PlannedFile;
  readonly existing: "missing" | "ours" | "foreign";
  /** Size and mtime of the file on disk, when there is one. */
  readonly stamp: FileStamp | undefined;
  /** Whether the file on disk differs from the planned one (or is missing). */
  readonly stale: boolean;
  /** The planned text encoded, when it had to be for the comparison. */
  readonly bytes: Uint8Array | undefined;
}

export function checkFiles(files: readonly PlannedFile[]): CheckedFile[] {
  return files.map((file) => {
    const existing = readHead(file.path);
    if (existing.kind === "missing")
      return { file, existing: "missing", stamp: undefined, stale: true, bytes: undefined };
    const checked = { file, existing: existing.kind, stamp: existing.stamp };
    if (Buffer.byteLength(file.contents, "utf8") !== existing.stamp.size)
      return { ...checked, stale: true, bytes: undefined };
    const bytes = Buffer.from(file.contents, "utf8");
    return { ...checked, stale: !sameBytes(file.path, bytes), bytes };
  });
}

function sameBytes(path: string, bytes: Uint8Array): boolean {
  try {
    return Buffer.compare(readFileSync(path), bytes) === 0;
  } catch {
    return false;
  }
}

/**
 * Writes the files whose contents changed. Every new file is first written beside its target
 * under a temporary name; only when all are on disk are they renamed into place, so a failure
 * (disk full, permissions) leaves every earlier output as it was. Renames within a folder are
 * atomic, so readers never see a half-written file.
 */
export function writeFiles(files: readonly CheckedFile[]): { files: WrittenFile[]; stamps: Map<string, FileStamp> } {
  const changed = files.filter((c) => c.stale);
  const temps: { temp: string; path: string }[] = [];
  const stamps = new Map<string, FileStamp>();
  try {
    for (const c of changed) {
      const { file } = c;
      mkdirSync(dirname(file.path), { recursive: true });
      const temp = `${file.path}.${randomBytes(6).toString("hex")}.tmp`;
      temps.push({ temp, path: file.path });
      writeFileSync(temp, c.bytes ?? file.contents);
      // Taken of the file just written (a rename keeps it), not later, when another writer may have been.
      const { size, mtimeMs } = statSync(temp);
      stamps.set(file.path, { size, mtimeMs });
    }
  } catch (error) {
    for (const { temp } of temps) rmSync(temp, { force: true });
    throw error;
  }
  for (const { temp, path } of temps) renameSync(temp, path);
  for (const { file, stamp } of files) {
    if (!stamps.has(file.path) && stamp !== undefined) stamps.set(file.path, stamp);
  }
  const written = new Set(changed.map(({ file }) => file.path));
  return {
    files: files.map(({ file }) => ({ ...file, status: written.has(file.path) ? "written" : "unchanged" })),
    stamps,
  };
}
