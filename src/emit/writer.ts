import { randomBytes } from "node:crypto";
import {
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { BANNER, GENERATED_MARKER } from "./templates.js";

/** A file the build wants on disk. */
export interface PlannedFile {
  /** Absolute path. */
  readonly path: string;
  readonly contents: string;
}

/**
 * `stale`: differs from (or is missing on) disk, and the build was told not to write.
 * `removed`: a file we generated earlier that the build no longer plans (the module of a webhook
 * that has no events any more), deleted; `obsolete`: such a file, left because the build was
 * told not to write. Removed and obsolete files have empty `contents`.
 */
export type FileStatus = "written" | "unchanged" | "stale" | "removed" | "obsolete";

/** A planned file and what the build did with it. */
export interface WrittenFile extends PlannedFile {
  readonly status: FileStatus;
}

/** Size and modification time of a file as this build saw or left it (for the disk cache). */
export interface FileStamp {
  readonly size: number;
  readonly mtimeMs: number;
}

/**
 * What this process last wrote or found at each output path (watch mode): the text and the
 * file's size and mtime then. A planned file with the very text remembered is only `stat`ed:
 * same size and mtime, and it is still as written, with no need to read it back.
 */
export type WriteMemory = Map<string, { readonly text: string; readonly stamp: FileStamp }>;

/** What is on disk at a planned path: whether we wrote it (by its banner), and its stamp. */
type ExistingFile =
  | { readonly kind: "missing" }
  | { readonly kind: "ours" | "foreign"; readonly stamp: FileStamp; readonly head: string };

/** The marker opens every .ts output and sits in every .json output's "$comment", on its second line. */
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
    const text = head.toString("utf8");
    return { kind: text.includes(GENERATED_MARKER) ? "ours" : "foreign", stamp: { size, mtimeMs }, head: text };
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

export function checkFiles(files: readonly PlannedFile[], memory?: WriteMemory): CheckedFile[] {
  return files.map((file) => {
    const known = memory?.get(file.path);
    if (known !== undefined && known.text === file.contents) {
      const stat = statSync(file.path, { throwIfNoEntry: false });
      if (stat?.isFile() === true && stat.size === known.stamp.size && stat.mtimeMs === known.stamp.mtimeMs) {
        return { file, existing: "ours", stamp: known.stamp, stale: false, bytes: undefined };
      }
    }
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
 * Files in `folder` that a build generated earlier and no longer plans: deleting is the one
 * thing the writer does to files it is not about to replace, so only a file that is certainly
 * ours goes. Its name is a webhook's file name (`isShardName`), and it begins exactly as we begin
 * such a file (`// <banner>` for a module, `{` and the `"$comment"` line for a manifest); a file
 * that merely mentions the banner, or any other file, is left alone.
 */
export function obsoleteFiles(
  folder: string,
  planned: readonly PlannedFile[],
  isShardName: (name: string) => boolean,
): string[] {
  let names: string[];
  try {
    names = readdirSync(folder, { withFileTypes: true })
      .filter((entry) => entry.isFile() && isShardName(entry.name))
      .map((entry) => entry.name);
  } catch {
    return [];
  }
  const keep = new Set(planned.map((file) => file.path));
  return names
    .sort()
    .map((name) => join(folder, name))
    .filter((path) => !keep.has(path) && beginsAsOurs(path));
}

/** How our modules and our manifests begin (well within the head that readHead reads). */
const TS_HEADER = `// ${BANNER}\n`;
const JSON_HEADER = `{\n  "$comment": ${JSON.stringify(BANNER)},\n`;

function beginsAsOurs(path: string): boolean {
  const existing = readHead(path);
  return existing.kind !== "missing" && existing.head.startsWith(path.endsWith(".ts") ? TS_HEADER : JSON_HEADER);
}

/**
 * Writes the files whose contents changed. Every new file is first written beside its target
 * under a temporary name; only when all are on disk are they renamed into place, so a failure
 * (disk full, permissions) leaves every earlier output as it was. Renames within a folder are
 * atomic, so readers never see a half-written file.
 */
export function writeFiles(
  files: readonly CheckedFile[],
  obsolete: readonly string[] = [],
): { files: WrittenFile[]; stamps: Map<string, FileStamp> } {
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
  // Last, once nothing planned refers to them any more. One that cannot be deleted is left for
  // the next build to try again: nothing refers to it, and every planned file is in place.
  const removed = obsolete.filter((path) => {
    try {
      rmSync(path, { force: true });
      return true;
    } catch {
      return false;
    }
  });
  for (const { file, stamp } of files) {
    if (!stamps.has(file.path) && stamp !== undefined) stamps.set(file.path, stamp);
  }
  const written = new Set(changed.map(({ file }) => file.path));
  return {
    files: [
      ...files.map(({ file }): WrittenFile => ({ ...file, status: written.has(file.path) ? "written" : "unchanged" })),
      ...removed.map((path): WrittenFile => ({ path, contents: "", status: "removed" })),
    ],
    stamps,
  };
}
