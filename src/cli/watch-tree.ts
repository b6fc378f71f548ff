import { lstatSync, readdirSync, realpathSync, statSync, watch, type FSWatcher, type Stats } from "node:fs";
import { basename, join } from "node:path";
import { isMissingFile, isWithin } from "../util/files.js";

/**
 * What a watcher reports: the absolute path of something that changed or appeared or went
 * away (`rename`), or `null` when it cannot tell what, so anything may have changed.
 */
export type WatchListener = (event: "change" | "rename", path: string | null) => void;

export interface TreeWatcher {
  close(): void;
}

/** A watched folder: its watcher, the folder it is (inode), and whether it was reached through a link. */
interface Watched {
  readonly watcher: FSWatcher;
  readonly ino: number;
  readonly real: string;
  /** Reached through a symbolic link, or the target of one: events there are reported as `null`. */
  linked: boolean;
}

/**
 * Watches a folder and every folder below it, each with a watcher of its own, and reports changes
 * of their entries by path. Used where Node's `recursive` watch is emulated with a watcher per
 * file (Linux, Node 20), which loses a file replaced by an editor's atomic save. A folder that
 * appears is watched at once and its files reported; one that goes away is let go. Symbolic links
 * are followed, each real folder watched once, and events there are `null` (a file has two names,
 * a watcher reports one). `skip` leaves a folder unwatched. Throws if `root` cannot be watched;
 * `onError` receives later errors (no inotify watches left, no permission, a watcher's error).
 */
export function watchTree(
  root: string,
  skip: (folder: string) => boolean,
  listener: WatchListener,
  onError: (error: unknown) => void,
): TreeWatcher {
  const watched = new Map<string, Watched>();
  /** Watched folders by real path, so that a folder reached twice (links) is watched once. */
  const byReal = new Map<string, string>();
  /** Every path found for a real folder, watched or not: another takes over when one goes (a link removed). */
  const aliases = new Map<string, Set<string>>();

  /** Watches `folder` and the folders below it; `report`: also reports each file found. */
  const add = (folder: string, report: boolean, linked: boolean): void => {
    const pending = [{ dir: folder, linked }];
    for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
      const { dir } = next;
      if (watched.has(dir) || skip(dir)) continue;
      let stat: Stats;
      let real: string;
      let watcher: FSWatcher;
      try {
        stat = statSync(dir);
        real = realpathSync(dir);
        let paths = aliases.get(real);
        if (paths === undefined) aliases.set(real, (paths = new Set()));
        paths.add(dir);
        const seen = byReal.get(real);
        if (seen !== undefined) {
          // Reached again through a link: what is watched there now has two names.
          markLinked(seen);
          continue;
        }
        watcher = watch(dir, (event, name) => onEvent(dir, event, name));
      } catch (error) {
        if (dir === root) throw error;
        // Gone again (its parent reports that) is no error; anything else (ENOSPC, EACCES) is.
        if (!isMissingFile(error)) onError(error);
        continue;
      }
      watcher.on("error", (error) => {
        letGo(dir);
        onError(error);
      });
      watched.set(dir, { watcher, ino: stat.ino, real, linked: next.linked });
      byReal.set(real, dir);
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const entry of entries) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) pending.push({ dir: path, linked: next.linked });
        else if (entry.isSymbolicLink() && statOrGone(path)?.isDirectory() === true) {
          pending.push({ dir: path, linked: true });
        } else if (report) listener("rename", path);
      }
    }
  };

  /** Reports events under `folder` (and below) as unknown from now on. */
  const markLinked = (folder: string): void => {
    for (const [dir, entry] of watched) if (isWithin(dir, folder)) entry.linked = true;
  };

  /**
   * Stops watching `folder` and every folder below it. A real folder that was watched there
   * under one of its names (a link) and is still found under another is watched under that one.
   */
  const letGo = (folder: string): void => {
    const orphans: string[] = [];
    for (const [dir, entry] of watched) {
      if (!isWithin(dir, folder)) continue;
      entry.watcher.close();
      watched.delete(dir);
      if (byReal.get(entry.real) === dir) {
        byReal.delete(entry.real);
        orphans.push(entry.real);
      }
    }
    for (const paths of aliases.values()) for (const path of paths) if (isWithin(path, folder)) paths.delete(path);
    for (const real of orphans) {
      const other = [...(aliases.get(real) ?? [])].find((path) => statOrGone(path)?.isDirectory() === true);
      if (other !== undefined) add(other, false, true);
    }
  };

  const onEvent = (dir: string, event: string, name: string | null): void => {
    try {
      const linked = watched.get(dir)?.linked === true;
      if (name === null || (event !== "change" && event !== "rename")) {
        listener("change", null);
        return;
      }
      const path = join(dir, name);
      if (event === "rename") {
        const stat = statOrGone(path);
        if (stat?.isDirectory() === true) {
          // New, or deleted and made again since its watcher started: watch the one there now.
          const known = watched.get(path);
          if (known !== undefined && known.ino !== stat.ino) letGo(path);
          add(path, true, linked || statOrGone(path, false)?.isSymbolicLink() === true);
        } else if (stat === undefined) {
          // A watched folder that is deleted reports itself, under its own name: its watcher is
          // done. A folder made again at that path (its inode may even be the same) is watched
          // afresh; the parent's watcher reports it too, and finds it watched.
          const dirGone = statOrGone(dir) === undefined;
          if (dir === root && dirGone) {
            // Nothing is left to watch: say so, rather than go quiet.
            letGo(root);
            onError(new WatchedRootGone(root));
            return;
          }
          // (The root still there: an entry named like it was deleted, an ordinary deletion.)
          if (dir !== root && (name === basename(dir) || dirGone)) {
            letGo(dir);
            if (statOrGone(dir)?.isDirectory() === true) add(dir, true, linked);
            listener("rename", linked ? null : dir);
            return;
          }
          letGo(path);
        }
      }
      listener(event, linked ? null : path);
    } catch (error) {
      // Never let a watcher's callback throw: that would end the process.
      onError(error);
    }
  };

  add(root, false, false);
  return {
    close() {
      for (const entry of watched.values()) entry.watcher.close();
      watched.clear();
      byReal.clear();
      aliases.clear();
    },
  };
}

/** The watched folder itself was deleted or moved away: nothing more will be reported. */
export class WatchedRootGone extends Error {
  constructor(readonly root: string) {
    super(`${root} was deleted or moved`);
    this.name = "WatchedRootGone";
  }
}

/** The path's stats (through links, unless `follow` is false), or undefined when nothing usable is there. */
function statOrGone(path: string, follow = true): Stats | undefined {
  try {
    return follow ? statSync(path) : lstatSync(path);
  } catch {
    return undefined;
  }
}
