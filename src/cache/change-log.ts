import { sep } from "node:path";

/** What a file watcher said of a path: its content changed, or it appeared, went or was renamed. */
export type ChangeKind = "change" | "rename";

/**
 * The paths a file watcher reported, for watch mode: a build given the same log and `BuildCache`
 * as the build before it re-reads only these paths, not the config, the globs and every file.
 * Create the log and start the watcher before the first build, then note each event as it comes.
 * A build given a log it has not seen before (or none) assumes that anything may have changed, as
 * does every build after `noteUnknown()` (an event that cannot be pinned to paths). Builds forget
 * what they no longer need (`forget`), so give one log to one `BuildCache`.
 */
export class ChangeLog {
  /** Counts notes; each entry keeps the count of its last note, so a build can tell old notes from new. */
  private count = 0;
  private readonly paths = new Map<string, { at: number; kinds: Set<ChangeKind> }>();
  private unknownAt = 0;

  /** A path (absolute) that the watcher reported. */
  note(path: string, kind: ChangeKind): void {
    this.count += 1;
    const entry = this.paths.get(path);
    if (entry === undefined) this.paths.set(path, { at: this.count, kinds: new Set([kind]) });
    else {
      entry.at = this.count;
      entry.kinds.add(kind);
    }
  }

  /** Something changed that cannot be pinned to paths: the next build assumes anything may have. */
  noteUnknown(): void {
    this.count += 1;
    this.unknownAt = this.count;
  }

  /** Where the log is now: what `since` and `forget` take. */
  mark(): number {
    return this.count;
  }

  /**
   * Drops what was noted up to `mark`: a build that starts from `mark` never asks about it again,
   * and a watch session runs for hours, so the log holds only what came since the last build.
   */
  forget(mark: number): void {
    for (const [path, { at }] of this.paths) if (at <= mark) this.paths.delete(path);
  }

  /**
   * The paths noted after `mark`, each with every way the watcher reported it since it was last
   * forgotten; undefined when anything may have changed since.
   */
  since(mark: number): ReadonlyMap<string, ReadonlySet<ChangeKind>> | undefined {
    if (this.unknownAt > mark) return undefined;
    const changed = new Map<string, ReadonlySet<ChangeKind>>();
    for (const [path, { at, kinds }] of this.paths) if (at > mark) changed.set(path, kinds);
    return changed;
  }
}

/**
 * Answers "may this path read differently now?" for a set of changed paths. A changed path also
 * stands for everything below it: a renamed or deleted folder is often reported by its name alone.
 * On macOS and Windows, whose file systems usually ignore case, paths are compared ignoring case
 * (an import may spell a file differently from the watcher): a wider match is only slower.
 */
export class ChangedPaths {
  /** The paths as reported. */
  private readonly paths: readonly string[];
  /** The same, case folded where paths are compared ignoring case. */
  private readonly exact: ReadonlySet<string>;
  private readonly folders: readonly string[];
  private readonly fold: (path: string) => string;

  constructor(paths: Iterable<string>, platform: string = process.platform) {
    this.fold = platform === "darwin" || platform === "win32" ? (path) => path.toLowerCase() : (path) => path;
    this.paths = [...new Set(paths)].map((path) => (path.length > 1 && path.endsWith(sep) ? path.slice(0, -1) : path));
    this.exact = new Set(this.paths.map(this.fold));
    this.folders = [...this.exact].map((path) => path + sep);
  }

  /** The changed paths, as reported. */
  [Symbol.iterator](): IterableIterator<string> {
    return this.paths.values();
  }

  /** True when `path` is a changed path or lies below one. */
  has(original: string): boolean {
    const path = this.fold(original);
    if (this.exact.has(path)) return true;
    if (this.folders.length <= 16) return this.folders.some((folder) => path.startsWith(folder));
    // Many changes (a branch switch): look up each folder above the path instead.
    for (let end = path.lastIndexOf(sep); end > 0; end = path.lastIndexOf(sep, end - 1)) {
      if (this.exact.has(path.slice(0, end))) return true;
    }
    return false;
  }
}
