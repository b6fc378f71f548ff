import { readdirSync, statSync, watch, type FSWatcher } from "node:fs";
import { join, sep } from "node:path";

/**
 * What a watcher reports: the absolute path of something that changed or appeared or went
 * away (`rename`), or `null` when it cannot tell what, so anything may have changed.
 */
export type WatchListener = (event: "change" | "rename", path: string | null) => void;

export interface TreeWatcher {
  close(): void;
}

/**
 * Watches a folder and every folder below it, each with a watcher of its own (not recursive),
 * and reports changes of their entries by path. Watch mode uses it where Node's `recursive`
 * watch is not the system's own: on Linux, Node 20 emulates it with a watcher per file, and a
 * file replaced by a rename (an editor's atomic save) is never reported again. A folder's
 * watcher reports every change of its entries by name, whatever file now stands there.
 *
 * A folder that appears is watched at once, and the files it already holds are reported (they
 * may have been written before its watcher started); a folder that goes away is let go, with
 * everything below it. `skip` leaves a folder and all below it unwatched (node_modules, .git).
 * Throws if `root` itself cannot be watched; `onError` receives a watcher's later errors.
 */
export function watchTree(
  root: string,
  skip: (folder: string) => boolean,
  listener: WatchListener,
  onError: (error: unknown) => void,
): TreeWatcher {
  const watchers = new Map<string, FSWatcher>();

  /** Watches `folder` and the folders below it; `report`: also reports each file found. */
  const add = (folder: string, report: boolean): void => {
    const pending = [folder];
    for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
      const dir = current;
      if (watchers.has(dir) || skip(dir)) continue;
      let watcher: FSWatcher;
      try {
        watcher = watch(dir, (event, name) => onEvent(dir, event, name));
      } catch (error) {
        // Gone again before it could be watched (its parent reports that), unless it is the root.
        if (dir === root) throw error;
        continue;
      }
      watcher.on("error", (error) => {
        letGo(dir);
        onError(error);
      });
      watchers.set(dir, watcher);
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const entry of entries) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) pending.push(path);
        else if (report) listener("rename", path);
      }
    }
  };

  /** Stops watching `folder` and every folder below it. */
  const letGo = (folder: string): void => {
    for (const [dir, watcher] of watchers) {
      if (dir !== folder && !dir.startsWith(folder + sep)) continue;
      watcher.close();
      watchers.delete(dir);
    }
  };

  const onEvent = (dir: string, event: string, name: string | null): void => {
    if (name === null || (event !== "change" && event !== "rename")) {
      listener("change", null);
      return;
    }
    const path = join(dir, name);
    if (event === "rename") {
      const stat = statSync(path, { throwIfNoEntry: false });
      if (stat?.isDirectory() === true) add(path, true);
      else if (stat === undefined) {
        // A watched folder that is deleted reports itself under its own name: let it go.
        if (statSync(dir, { throwIfNoEntry: false }) === undefined) {
          letGo(dir);
          listener("rename", dir);
          return;
        }
        letGo(path);
      }
    }
    listener(event, path);
  };

  add(root, false);
  return {
    close() {
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}
