import { dependencyPaths } from "./dependencies.js";
import type { EventOutcome } from "./event.js";
import type { ModuleLoader, ParseCache } from "./loader.js";
import { sameState, type FileReader, type FileState } from "./reader.js";
import { spanFiles } from "./span-files.js";
import type { ExtractedEvent } from "./types.js";

/**
 * Whether a path may read differently than when the cache last read it: what a caller that watches
 * the file system knows. False means "unchanged, do not read it again"; when unsure, say true.
 */
export type MayHaveChanged = (path: string) => boolean;

/** An event file's outcome and what every file it depends on read as when it was computed. */
interface CachedEvent {
  readonly outcome: EventOutcome;
  readonly dependencies: ReadonlyMap<string, FileState>;
}

/**
 * Work kept from one `extract` call to the next, for watch mode: the outcome of each event file
 * and the parse of each file read. Create one with `createExtractCache()` and pass it to every
 * call; it holds only what the last call used, so it does not grow over a long session. Its
 * members are for `extract`: the stage exports the type only.
 */
export class ExtractCache {
  /** Parses by path, reused while a file's text is unchanged, so an edit re-parses only what changed. */
  readonly parsed: ParseCache = new Map();
  private events = new Map<string, CachedEvent>();
  /** The file list `events` was last built for (the very array). */
  private fileList: readonly string[] | undefined;
  private readonly files = new WeakMap<ExtractedEvent, readonly string[]>();

  /** The files an event's spans point into (see `spanFiles`), walked once per extracted event. */
  spanFiles(event: ExtractedEvent): readonly string[] {
    let files = this.files.get(event);
    if (files === undefined) {
      files = [...spanFiles([event], [])];
      this.files.set(event, files);
    }
    return files;
  }

  /**
   * The outcome cached for an event file, if every path it depends on reads now as it did then.
   * The contents are compared (mtimes are too coarse to trust), all read through `reader`; with
   * `changed`, only the paths it names are read, and the others' recorded reads are taken as this
   * call's (so they still feed `sources` and `reads`).
   */
  reuse(file: string, reader: FileReader, changed?: MayHaveChanged): EventOutcome | undefined {
    const cached = this.events.get(file);
    if (cached === undefined) return undefined;
    for (const [path, state] of cached.dependencies) {
      const now = changed === undefined || changed(path) ? reader.read(path) : reader.recall(path, state);
      if (!sameState(now, state)) return undefined;
    }
    return cached.outcome;
  }

  /**
   * Keeps a call's outcomes for the next call: those `reuse` returned as they were, the others
   * with the state of their dependencies. Entries of files no longer extracted are dropped, and
   * so are parses of files the call did not read or read with other text.
   */
  update(files: readonly string[], outcomes: readonly EventOutcome[], loader: ModuleLoader, reader: FileReader): void {
    // The same list as last time (watch mode reuses it when no file came or went) has the same
    // entries: only those with a new outcome change, in place. Another list gets a map of its own.
    const same = files === this.fileList;
    const events = same ? this.events : new Map<string, CachedEvent>();
    for (const outcome of outcomes) {
      const previous = this.events.get(outcome.file);
      if (previous?.outcome !== outcome) events.set(outcome.file, record(outcome, loader, reader));
      else if (!same) events.set(outcome.file, previous);
    }
    this.events = events;
    this.fileList = files;
    for (const [path, { text }] of this.parsed) {
      if (reader.textRead(path) !== text) this.parsed.delete(path);
    }
  }
}

function record(outcome: EventOutcome, loader: ModuleLoader, reader: FileReader): CachedEvent {
  const paths = [...dependencyPaths(outcome.file, loader), ...outcome.schemaFiles];
  return { outcome, dependencies: new Map(paths.map((path) => [path, reader.read(path)])) };
}
