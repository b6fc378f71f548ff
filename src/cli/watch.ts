import { statSync, watch as watchFiles } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { build, createBuildCache, type BuildOptions } from "../build.js";
import { isDocsOutput, isOutput } from "../emit/index.js";
import { ChangeLog } from "../cache/change-log.js";
import { TEMPORARY_MODULE } from "../config/index.js";
import { errorCode } from "../util/files.js";
import { ExitCode } from "./exit-codes.js";
import { REPORTERS, type ReporterName } from "./reporters/index.js";
import { buildOptions, reporterFor } from "./options.js";
import type { Io, OptionValues } from "./io.js";
import { WatchedRootGone, watchTree, type TreeWatcher, type WatchListener } from "./watch-tree.js";
import { messageOf } from "../util/errors.js";

/** How long to wait for more changes after one, so that a save of many files builds once. */
const DEBOUNCE_MS = 10;

/**
 * Builds, then rebuilds whenever a file under the project changes. Each rebuild is told which
 * paths the watcher reported since the last one: it reloads the config only if one of its files
 * changed, globs again only if the list of event files may have changed, and reads only the
 * changed files; everything else is reused from the previous build. An event without a file
 * name, or a watcher error, makes the next rebuild load and read everything. A failed build
 * prints its problems and leaves the last good outputs in place; the watcher keeps going.
 * Resolves with exit code 0 on Ctrl-C (SIGINT) or SIGTERM, or when stdout's reader has gone, and
 * 1 when the project folder itself is deleted or moved.
 */
export function watch(options: BuildOptions, reporter: ReporterName, io: Io): Promise<number> {
  const cache = createBuildCache();
  // Noting from before the watcher starts, and so before the first build.
  const changes = new ChangeLog();
  // The config's folder: globs, outDir and relative imports all live below it.
  const root = options.config === undefined ? io.cwd : dirname(resolve(io.cwd, options.config));
  let running = false;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let ignored: (path: string) => boolean = () => false;
  // Set once watching: what to do when the project folder is found gone.
  let onRootGone: (() => void) | undefined;

  const rebuild = async (): Promise<void> => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    do {
      again = false;
      // The in-memory cache does the disk cache's job here, per file rather than all or nothing.
      const result = await build({ ...options, cache, changes, diskCache: false });
      // The watcher reports the folder's own deletion, but a deletion racing a rebuild may pass
      // it by: a build after it finds nothing there, and says so instead of waiting on.
      if (statSync(root, { throwIfNoEntry: false }) === undefined) {
        running = false;
        onRootGone?.();
        return;
      }
      const outDir = result.config?.outDir;
      const docsDir = result.config?.docs?.outDir;
      if (outDir !== undefined)
        ignored = (path) => isOutput(path, outDir) || (docsDir !== undefined && isDocsOutput(path, docsDir));
      REPORTERS[reporter].report(result, io, "build");
      // On stderr: stdout carries only the reporter's output (one JSON document per build with --reporter json).
      io.stderr("Watching for changes (Ctrl-C to stop)…\n");
    } while (again);
    running = false;
  };

  /** Rebuilds once the burst of events an editor's save makes is over. */
  const schedule = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => void rebuild(), DEBOUNCE_MS);
  };

  const onChange: WatchListener = (event, path) => {
    if (path !== null) {
      if (inSkippedFolder(root, path) || ignored(path) || TEMPORARY_MODULE.test(basename(path))) return;
      changes.note(path, event);
    } else {
      // No file name (some platforms, some events), or an event we do not know: anything may have changed.
      changes.noteUnknown();
    }
    schedule();
  };

  return new Promise((resolve) => {
    let watcher: TreeWatcher | undefined;
    const stop = (code: number = ExitCode.Ok): void => {
      clearTimeout(timer);
      watcher?.close();
      process.off("SIGINT", onStop);
      process.off("SIGTERM", onStop);
      io.stdoutClosed?.removeEventListener("abort", onStop);
      resolve(code);
    };
    // Ctrl-C, or stdout's reader gone: nobody is left to read what a rebuild would print.
    const onStop = (): void => stop();
    let gone = false;
    onRootGone = (): void => {
      if (gone) return;
      gone = true;
      io.stderr(`${root} was deleted or moved: nothing is left to watch.\n`);
      stop(ExitCode.Failed);
    };
    const onError = (error: unknown): void => {
      if (error instanceof WatchedRootGone) {
        onRootGone?.();
        return;
      }
      io.stderr(`${watcherErrorMessage(error)}\n`);
      changes.noteUnknown();
      schedule();
    };
    try {
      watcher = watchProject(root, onChange, onError);
    } catch (error) {
      io.stderr(`Cannot watch ${root}: ${messageOf(error)}\n`);
      resolve(ExitCode.Failed);
      return;
    }
    process.on("SIGINT", onStop);
    process.on("SIGTERM", onStop);
    if (io.stdoutClosed?.aborted === true) {
      stop();
      return;
    }
    io.stdoutClosed?.addEventListener("abort", onStop);
    void rebuild();
  });
}

/**
 * Watches everything below `root`. macOS and Windows watch a tree natively (FSEvents,
 * ReadDirectoryChangesW); elsewhere, and on Linux in particular, one watcher per folder
 * (`watchTree`), since Node 20's emulated recursive watch loses a file once a save renames
 * another file over it. node_modules and .git are never watched.
 */
function watchProject(root: string, listener: WatchListener, onError: (error: unknown) => void): TreeWatcher {
  if (process.platform === "darwin" || process.platform === "win32") {
    const watcher = watchFiles(root, { recursive: true }, (event, file) =>
      listener(event, file === null ? null : join(root, file)),
    );
    watcher.on("error", onError);
    return watcher;
  }
  return watchTree(root, (folder) => inSkippedFolder(root, folder), listener, onError);
}

/** What watch prints for a watcher's error, with what to do where there is something to do. */
export function watcherErrorMessage(error: unknown): string {
  const message = `Watcher error: ${messageOf(error)}; rebuilding everything.`;
  // Linux gives each user a fixed number of inotify watches; watch mode takes one per folder.
  return errorCode(error) === "ENOSPC"
    ? `${message} The system ran out of file watches, so changes in some folders will not be seen: raise fs.inotify.max_user_watches (sysctl) and restart watch.`
    : message;
}

/** Whether `path` is in (or is) a node_modules or .git folder below `root`: never watched, never a change. */
function inSkippedFolder(root: string, path: string): boolean {
  const parts = relative(root, path).split(sep);
  return parts.includes("node_modules") || parts.includes(".git");
}

/** `ductape-events watch`. */
export async function runWatch(values: OptionValues, io: Io): Promise<number> {
  const reporter = reporterFor(values, io);
  if (reporter === undefined) return ExitCode.Usage;
  return watch(buildOptions(values, io), reporter, io);
}
