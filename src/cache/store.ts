import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** The folder the disk cache lives in, under the nearest `node_modules`, as other build tools do. */
export const CACHE_SUBDIR = join("node_modules", ".cache", "ductape-events");

/**
 * The cache folder for a project: `node_modules/.cache/ductape-events` in `fromDir` or its nearest
 * ancestor that has a `node_modules` folder. Undefined when there is none: the cache never
 * creates `node_modules` in a project that has not installed anything.
 */
export function findCacheDir(fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    if (statSync(join(dir, "node_modules"), { throwIfNoEntry: false })?.isDirectory() === true) {
      return join(dir, CACHE_SUBDIR);
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** A content hash for cache keys and freshness checks (not for security). */
export function contentHash(data: string | Uint8Array): string {
  return createHash("sha1").update(data).digest("hex");
}

/**
 * Entries of the disk cache: small files named by their key. The cache is only ever an
 * optimisation, so every failure here (unwritable folder, a corrupt or half-written entry) is
 * swallowed and reads as a miss; writes go through a temporary file and a rename, so a reader
 * never sees half an entry and concurrent builds cannot corrupt one.
 */
export class DiskCache {
  constructor(readonly dir: string) {}

  read(name: string): string | undefined {
    try {
      return readFileSync(join(this.dir, name), "utf8");
    } catch {
      return undefined;
    }
  }

  write(name: string, text: string): void {
    const path = join(this.dir, name);
    const temp = `${path}.${randomBytes(6).toString("hex")}.tmp`;
    try {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(temp, text);
      renameSync(temp, path);
    } catch {
      rmSync(temp, { force: true });
    }
  }

  /**
   * Deletes the least recently written entries in `folder` whose names match `kind`, so that at
   * most `keep` are left: entries are keyed by content or by project, and nothing else would
   * ever remove those of configs edited since or of projects gone (a test run makes many).
   * Removing one costs at most a full build. Only names that match are touched.
   */
  keepNewest(folder: string, kind: RegExp, keep: number): void {
    const dir = join(this.dir, folder);
    try {
      const names = readdirSync(dir).filter((name) => kind.test(name));
      if (names.length <= keep) return;
      const dated = names.map((name) => ({
        name,
        mtimeMs: statSync(join(dir, name), { throwIfNoEntry: false })?.mtimeMs ?? 0,
      }));
      dated.sort((a, b) => a.mtimeMs - b.mtimeMs || (a.name < b.name ? -1 : 1));
      for (const { name } of dated.slice(0, dated.length - keep)) rmSync(join(dir, name), { force: true });
    } catch {
      // Keeping the cache small is housekeeping: a failure here changes no build.
    }
  }

  /** A JSON entry, or undefined when it is missing or not JSON. */
  readJson(name: string): unknown {
    const text = this.read(name);
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  }
}
