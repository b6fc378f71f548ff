import { randomBytes } from "node:crypto";
import {
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmdirSync,
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
type ExistingFile = { readonly kind: "missing" } | { readonly kind: "ours" | "foreign"; readonly stamp: FileStamp };

/**
 * The marker opens every .ts output and sits on an early line of every .json output (see
 * beginsAsOurs); a schema document's `$id` line comes before it, and may be 250 characters long.
 */
const MARKER_WITHIN = 1024;

function readHead(path: string): ExistingFile {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return { kind: "missing" };
  }
  try {
    const stat = fstatSync(fd);
    const { size, mtimeMs } = stat;
    // A folder (or anything else) where an output goes is in the way, and certainly not ours.
    if (!stat.isFile()) return { kind: "foreign", stamp: { size, mtimeMs } };
    const head = Buffer.alloc(Math.min(size, MARKER_WITHIN));
    readSync(fd, head, 0, head.length, 0);
    return { kind: beginsAsOurs(path, head.toString("utf8")) ? "ours" : "foreign", stamp: { size, mtimeMs } };
  } catch {
    return { kind: "missing" };
  } finally {
    closeSync(fd);
  }
}

/** What is at a target path before its text is rendered, and the text this process last wrote there. */
type Target = ExistingFile & { readonly known?: string | undefined };

/**
 * Writes a build's outputs one at a time, as they are rendered, so that a build never holds
 * them all (at 10,000 events they are 160 MB of text). `inspect` looks at targets known before
 * rendering (a file there that is not ours is `foreign`). Each file `put` is compared with the
 * file on disk (by size first; read whole only when the sizes match) and, when it differs and
 * the build writes, written beside its target under a temporary name. Once a target is found
 * foreign, or a temporary file cannot be written, nothing more is written. `commit` renames the
 * files into place, in the order they were put, and deletes obsolete files; until then every
 * earlier output is as it was, and `discard` leaves it so (it takes away the temporary files and
 * the folders this writer made).
 *
 * A file's text is kept only where it is needed after the build: in watch mode (`memory`), and
 * for a stale file when not writing (check mode shows its diff); otherwise `contents` reads the
 * file on disk, which holds exactly that text, when asked for.
 */
export class OutputWriter {
  private readonly temps: { readonly temp: string; readonly path: string }[] = [];
  /** Names this writer's temporary files apart from another's (a build running at the same time); numbered within it. */
  private readonly tempTag = randomBytes(6).toString("hex");
  /** Folders known to exist, and the folders this writer made for them (taken away by `discard`). */
  private readonly folders = new Set<string>();
  private readonly made: { readonly first: string; readonly last: string }[] = [];
  private readonly files: WrittenFile[] = [];
  private readonly texts: [string, string][] = [];
  private readonly targets = new Map<string, Target>();
  private readonly found: string[] = [];
  private error: unknown = undefined;
  private moved = 0;
  /** Size and mtime of each output as found or written, for outputs now as planned. */
  readonly stamps = new Map<string, FileStamp>();

  /** `memory`: what this process wrote before (watch mode), given only when writing. */
  constructor(private readonly options: { readonly write: boolean; readonly memory?: WriteMemory | undefined }) {}

  /** Targets that exist and were not generated by us. */
  get foreign(): readonly string[] {
    return this.found;
  }

  /** How many files `commit` renamed into place (before it failed, if it did). */
  get renamed(): number {
    return this.moved;
  }

  /** The first error met while writing a temporary file. */
  get failure(): unknown {
    return this.error;
  }

  /** Looks at targets before anything is rendered; returns whether all of them may be written. */
  inspect(paths: readonly string[]): boolean {
    for (const path of paths) this.targets.set(path, this.target(path));
    return this.found.length === 0;
  }

  private target(path: string): Target {
    const target = this.targets.get(path) ?? remembered(path, this.options.memory) ?? readHead(path);
    if (target.kind === "foreign" && !this.found.includes(path)) this.found.push(path);
    return target;
  }

  /** Compares one planned file with the disk and, if it differs and the build writes, writes it beside its target. */
  put(path: string, text: string): void {
    const { write, memory } = this.options;
    const target = this.target(path);
    if (target.kind === "foreign") return;
    let bytes: Uint8Array | undefined;
    let stale: boolean;
    if (target.kind === "missing") stale = true;
    else if (target.known === text) stale = false;
    else if (Buffer.byteLength(text, "utf8") === target.stamp.size) {
      bytes = Buffer.from(text, "utf8");
      stale = !sameBytes(path, bytes);
    } else stale = !sameText(path, text, target.stamp.size);
    const keep = memory !== undefined || (stale && !write);
    const contents = keep ? text : undefined;
    if (!stale && target.kind !== "missing") {
      this.stamps.set(path, target.stamp);
      this.files.push(writtenFile(path, "unchanged", contents));
    } else if (!write) {
      this.files.push(writtenFile(path, "stale", contents));
    } else {
      this.writeTemp(path, bytes ?? text);
      this.files.push(writtenFile(path, "written", contents));
    }
    if (memory !== undefined) this.texts.push([path, text]);
  }

  private writeTemp(path: string, data: string | Uint8Array): void {
    if (this.error !== undefined || this.found.length > 0) return;
    try {
      const folder = dirname(path);
      if (!this.folders.has(folder)) {
        // The first folder it made (the others are below it, down to `folder`), if any.
        const first = mkdirSync(folder, { recursive: true });
        if (first !== undefined) this.made.push({ first, last: folder });
        this.folders.add(folder);
      }
      const temp = `${path}.${this.tempTag}-${this.temps.length}.tmp`;
      this.temps.push({ temp, path });
      writeFileSync(temp, data);
      // Taken of the file just written (a rename keeps it), not later, when another writer may have been.
      const { size, mtimeMs } = statSync(temp);
      this.stamps.set(path, { size, mtimeMs });
    } catch (error) {
      this.error = error;
    }
  }

  /**
   * The files put so far, as they stand without writing (check mode), and the obsolete ones,
   * listed as such (left on disk).
   */
  planned(obsolete: readonly string[]): WrittenFile[] {
    return [...this.files, ...obsolete.map((path) => writtenFile(path, "obsolete", ""))];
  }

  /**
   * Renames every file written into place, in the order they were put, then deletes the
   * obsolete files: last, once nothing planned refers to them any more. One that cannot be
   * deleted is left for the next build to try again. Throws if a temporary file could not be
   * written (nothing is renamed then) or a rename fails (the files renamed before it are in
   * place, the others are taken away).
   */
  commit(obsolete: readonly string[]): WrittenFile[] {
    try {
      if (this.error !== undefined) throw this.error;
      for (const { temp, path } of this.temps) {
        renameSync(temp, path);
        this.moved += 1;
      }
    } catch (error) {
      this.discard();
      throw error;
    }
    this.temps.length = 0;
    const removed = obsolete.filter((path) => {
      try {
        rmSync(path, { force: true });
        return true;
      } catch {
        return false;
      }
    });
    const memory = this.options.memory;
    if (memory !== undefined) {
      memory.clear();
      for (const [path, text] of this.texts) {
        const stamp = this.stamps.get(path);
        if (stamp !== undefined) memory.set(path, { text, stamp });
      }
    }
    return [...this.files, ...removed.map((path) => writtenFile(path, "removed", ""))];
  }

  /** Takes away every temporary file written and the folders made for them, if left empty. */
  discard(): void {
    for (const { temp } of this.temps) rmSync(temp, { force: true });
    this.temps.length = 0;
    for (const { first, last } of this.made.reverse()) {
      // Deepest first, each only if empty: something else may have been put there meanwhile.
      for (let folder = last; ; folder = dirname(folder)) {
        try {
          rmdirSync(folder);
        } catch {
          break;
        }
        if (folder === first) break;
      }
    }
    this.made.length = 0;
    this.options.memory?.clear();
  }
}

/** A target that this process wrote and that is still as written (same size and mtime): no need to read it. */
function remembered(path: string, memory: WriteMemory | undefined): Target | undefined {
  const known = memory?.get(path);
  if (known === undefined) return undefined;
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat?.isFile() !== true || stat.size !== known.stamp.size || stat.mtimeMs !== known.stamp.mtimeMs) {
    return undefined;
  }
  return { kind: "ours", stamp: known.stamp, known: known.text };
}

/**
 * An output and what a build did with it: with its text, or (`text` undefined) with the text
 * read from its path when first asked for (the build keeps no copy, or was served from the disk cache).
 */
export function writtenFile(path: string, status: FileStatus, text?: string): WrittenFile {
  if (text !== undefined) return { path, contents: text, status };
  let contents: string | undefined;
  return {
    path,
    status,
    get contents() {
      contents ??= readFileSync(path, "utf8");
      return contents;
    },
  };
}

/**
 * Whether the file holds `text` but for its line endings and a byte order mark, as a checkout
 * with `core.autocrlf` (or an editor) leaves it; git shows no change for such a file either, so
 * neither a build (which leaves it alone) nor `--check` counts it as one. Read only when its
 * size is the text's with every line break as CRLF, a BOM, or both: a changed output of another
 * size is not read at all, as before.
 */
function sameText(path: string, text: string, size: number): boolean {
  const extra = size - Buffer.byteLength(text, "utf8");
  if (extra <= 0) return false;
  const breaks = lineBreaks(text);
  if (extra !== BOM_BYTES && extra !== breaks && extra !== breaks + BOM_BYTES) return false;
  try {
    return withoutEolVariants(readFileSync(path, "utf8")) === text;
  } catch {
    return false;
  }
}

const BOM_BYTES = 3;

function lineBreaks(text: string): number {
  let count = 0;
  for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) count++;
  return count;
}

/** An output's text as read from disk, without a BOM and with `\n` line endings, as the build writes it. */
export function withoutEolVariants(text: string): string {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return body.includes("\r\n") ? body.replace(/\r\n/g, "\n") : body;
}

function sameBytes(path: string, bytes: Uint8Array): boolean {
  try {
    return Buffer.compare(readFileSync(path), bytes) === 0;
  } catch {
    return false;
  }
}

/**
 * Of `candidates` (files a build may delete: see `deletable` in emit/index.ts), those it does
 * not plan that begin as ours (see beginsAsOurs), sorted. Deleting is the one thing the writer
 * does to files it is not about to replace, so only a file that is certainly ours goes.
 */
export function obsoleteFiles(candidates: readonly string[], planned: ReadonlySet<string>): string[] {
  return [...new Set(candidates)].sort().filter((path) => !planned.has(path) && readHead(path).kind === "ours");
}

/**
 * How every output begins: a module with `// Generated by ductape-events`, a manifest with `{`
 * and its `"$comment"` line holding the same words (an optional BOM, and CRLF line endings as a
 * checkout may give them, are allowed). The documents of `formats` are JSON that cannot hold a
 * comment line either, and their own keys come first: openapi.json and asyncapi.json begin with
 * their version and then the notice in an `x-ductape-events` extension (their root objects take
 * no other extra key), a JSON Schema with `$schema`, `$id`, then the notice in `$comment`. A file
 * that merely mentions the words elsewhere is not ours: it is never overwritten (DT5001) or deleted.
 */
const OUR_MODULE = new RegExp(`^\\uFEFF?// ${GENERATED_MARKER}`);
const OUR_MANIFEST = new RegExp(`^\\uFEFF?\\{\\r?\\n\\s*"\\$comment": "${GENERATED_MARKER}`);
/** A JSON object that begins with string members `keys`, one per line, then `marker` holding the notice. */
const beginningWith = (keys: readonly string[], marker: string): RegExp => {
  const members = keys.map((key) => `\\s*"${key}": "[^"\\\\\\r\\n]*",\\r?\\n`).join("");
  return new RegExp(`^\\uFEFF?\\{\\r?\\n${members}\\s*"${marker}": "${GENERATED_MARKER}`);
};
const OUR_OPENAPI = beginningWith(["openapi"], "x-ductape-events");
const OUR_ASYNCAPI = beginningWith(["asyncapi"], "x-ductape-events");
const OUR_SCHEMA = beginningWith(["\\$schema", "\\$id"], "\\$comment");
const OUR_JSON = [OUR_MANIFEST, OUR_OPENAPI, OUR_ASYNCAPI, OUR_SCHEMA];

function beginsAsOurs(path: string, head: string): boolean {
  // Whichever of our JSON beginnings: a webhook named `openapi` has a manifest `webhooks/openapi.json`.
  if (path.endsWith(".json")) return OUR_JSON.some((pattern) => pattern.test(head));
  return OUR_MODULE.test(head);
}
