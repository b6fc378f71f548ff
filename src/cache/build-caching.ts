/**
 * The caching around one build: each method wraps a stage (or the record of a whole build), and
 * answers from a cache when it may, or runs the stage and remembers what it needs. Three caches:
 * the disk record of the last successful build, watch mode's memory (`BuildCache`: the stages'
 * caches and the baseline a `ChangeLog` is read against), and the transpiled config on disk.
 */
import { dirname, resolve } from "node:path";
import type { AnalysisCaching, Analysis } from "../analyse.js";
import type { Discovered } from "../build.js";
import { TRANSPILED, type LoadConfigResult, type ResolvedConfig, type TranspileCache } from "../config/index.js";
import { hasErrors, type Diagnostic } from "../diagnostics/diagnostic.js";
import { sameFileList } from "../discover/index.js";
import type { EmitCache, WriteOutcome } from "../emit/index.js";
import { stateOf, type Baseline, type BuildCache, type BuildCacheState } from "./build-cache.js";
import {
  freshBuild,
  recordBuild,
  stateEntry,
  type BuildCounts,
  type BuildKey,
  type FreshBuild,
} from "./build-state.js";
import { ChangedPaths, type ChangeLog } from "./change-log.js";
import { toolFingerprint } from "./fingerprint.js";
import { DiskCache, findCacheDir } from "./store.js";

/** The build's options that say which caches it may use. */
export interface CachingOptions {
  readonly config?: string | undefined;
  readonly docs?: { readonly out?: string | undefined } | undefined;
  readonly cache?: BuildCache | undefined;
  readonly diskCache?: boolean | string | undefined;
  readonly changes?: ChangeLog | undefined;
}

type LoadedConfig = LoadConfigResult & { readonly ok: true };

/** What may have changed since the build that left `baseline` (see `changesSince`). */
interface Changes {
  readonly baseline: Baseline;
  readonly paths: ChangedPaths;
  readonly configChanged: boolean;
}

export class BuildCaching {
  /** The config and the files this build works from, once known: what the next baseline holds. */
  private listed: { loaded: LoadedConfig; discovered: Discovered; sameList: boolean } | undefined;
  /** The record this build looked up, which `record` replaces. */
  private lookedUp: { key: BuildKey; entry: string } | undefined;

  private constructor(
    private readonly options: CachingOptions,
    private readonly disk: OpenDiskCache | undefined,
    private readonly memory: BuildCacheState | undefined,
    private readonly where: string,
    private readonly mark: number | undefined,
    private readonly changed: Changes | undefined,
  ) {}

  /** The caches a build with `options` may use, from where the build stands now. */
  static open(options: CachingOptions, cwd: string): BuildCaching {
    const configDir = options.config === undefined ? cwd : dirname(resolve(cwd, options.config));
    const disk = openDiskCache(options.diskCache, cwd, configDir);
    // A config loaded for `docs --out` skipped its own docs folder's checks: another baseline.
    const where = JSON.stringify([cwd, options.config ?? null, options.docs?.out ?? null]);
    const mark = options.changes?.mark();
    const changed = changesSince(options, where);
    // Set again once this build's stages hold what it read: a build that stops early leaves none.
    const memory = stateOf(options.cache);
    if (memory !== undefined) memory.baseline = undefined;
    return new BuildCaching(options, disk, memory, where, mark, changed);
  }

  /** The config as the last build loaded it, when no file it was loaded from changed since; else `load`. */
  async config(load: (transpiled: TranspileCache | undefined) => Promise<LoadConfigResult>): Promise<LoadConfigResult> {
    const changed = this.changed;
    if (changed !== undefined && !changed.configChanged) return changed.baseline.loaded;
    return load(transpileCache(this.disk));
  }

  /** The files as the last build listed them, when no file can have come or gone since; else `list`. */
  async discover(loaded: LoadedConfig, list: () => Promise<Discovered>): Promise<Discovered> {
    const changed = this.changed;
    const sameList =
      changed !== undefined &&
      loaded === changed.baseline.loaded &&
      sameFileList(changed.baseline.listed, changed.paths, loaded.config);
    const discovered = sameList ? changed.baseline.discovered : await list();
    this.listed = { loaded, discovered, sameList };
    return discovered;
  }

  /** The disk's record of a build of these files, if nothing it read or wrote has changed since. */
  recorded(config: ResolvedConfig, discovered: Discovered): FreshBuild | undefined {
    const disk = this.disk;
    if (disk === undefined) return undefined;
    const key = { tool: disk.tool, config: configKey(config), files: discovered.discovery.files };
    const entry = stateEntry(config.configFile ?? config.rootDir);
    this.lookedUp = { key, entry };
    // Recorded builds had no errors, and which files are left out is not part of their key.
    return hasErrors(discovered.diagnostics) ? undefined : freshBuild(disk.store, entry, key);
  }

  /** Runs the analysis with watch mode's stage caches and change hints, if any, then sets the baseline. */
  analysis(analyse: (caching: AnalysisCaching) => Analysis): Analysis {
    const { memory, changed } = this;
    const wantReads = this.disk !== undefined;
    if (memory === undefined) return analyse({ wantReads });
    const hint = changed === undefined ? undefined : (path: string) => changed.paths.has(path);
    const analysis = analyse({ memory, changed: hint, wantReads });
    this.setBaseline(memory);
    return analysis;
  }

  /** Watch mode's cache of rendered outputs. */
  get emitCache(): EmitCache | undefined {
    return this.memory?.emit;
  }

  /**
   * Records a build without errors for the disk cache when all its outputs are on disk as planned
   * (written now, or already so); a check that found stale outputs, or a failed write, records nothing.
   */
  record(build: {
    readonly reads: ReadonlyMap<string, string | undefined> | undefined;
    readonly written: WriteOutcome;
    readonly diagnostics: readonly Diagnostic[];
    readonly counts: BuildCounts;
  }): void {
    const { disk, lookedUp } = this;
    // What was read is known whenever there is a disk cache; without it, nothing is recorded.
    if (disk === undefined || lookedUp === undefined || build.reads === undefined) return;
    const { written } = build;
    // Deleted files are not outputs; a file a check found obsolete (not deleted yet) has no stamp, so nothing is recorded.
    const files = written.files.filter((file) => file.status !== "removed");
    const outputs = files.flatMap((file) => {
      const stamp = written.stamps.get(file.path);
      return stamp === undefined ? [] : [{ path: file.path, ...stamp }];
    });
    const onDisk = outputs.length > 0 && outputs.length === files.length && written.diagnostics.length === 0;
    const folders = written.folders.map((folder) => ({ path: folder.path, mtimeMs: folder.mtimeMs ?? null }));
    // Discovery's diagnostics are not recorded: a build served from the record makes its own.
    const { diagnostics, counts } = build;
    if (onDisk) {
      recordBuild(disk.store, lookedUp.entry, {
        ...lookedUp.key,
        inputs: build.reads,
        outputs,
        folders,
        diagnostics,
        counts,
      });
    }
  }

  private setBaseline(memory: BuildCacheState): void {
    const { changes } = this.options;
    const { mark, listed, changed } = this;
    if (changes === undefined || mark === undefined || listed === undefined) return;
    const { loaded, discovered, sameList } = listed;
    // Files left out in outDir are listed too, so that deleting one globs again (and drops its DT1011).
    const paths =
      sameList && changed !== undefined
        ? changed.baseline.listed
        : new Set([...discovered.discovery.files, ...discovered.discovery.inOutDir]);
    memory.baseline = { log: changes, mark, where: this.where, loaded, discovered, listed: paths };
    // The next build asks only about what comes after this mark.
    changes.forget(mark);
  }
}

/**
 * What may have changed since the last build with the same cache and change log, and what that
 * build left; undefined when anything may have (no log, another log, another project, an unknown
 * change, or no such build).
 */
function changesSince(options: CachingOptions, where: string): Changes | undefined {
  const baseline = stateOf(options.cache)?.baseline;
  const log = options.changes;
  if (baseline === undefined || log === undefined || baseline.log !== log || baseline.where !== where) return undefined;
  const since = log.since(baseline.mark);
  if (since === undefined) return undefined;
  const paths = new ChangedPaths(since.keys());
  // A config whose inputs the loader could not tell runs again every time.
  const inputs = baseline.loaded.inputs;
  return { baseline, paths, configChanged: inputs === undefined || inputs.some((path) => paths.has(path)) };
}

/** The disk cache and the fingerprint of this tool that its entries are keyed by. */
interface OpenDiskCache {
  readonly store: DiskCache;
  readonly tool: string;
}

/** The disk cache: a folder named relative to cwd, or found from the config's folder; none when off. */
function openDiskCache(
  option: boolean | string | undefined,
  cwd: string,
  configDir: string,
): OpenDiskCache | undefined {
  if (option === false) return undefined;
  try {
    const dir = typeof option === "string" ? resolve(cwd, option) : findCacheDir(configDir);
    return dir === undefined ? undefined : { store: new DiskCache(dir), tool: toolFingerprint() };
  } catch {
    // The cache is an optimisation: when it cannot even be set up, the build runs without it.
    return undefined;
  }
}

function transpileCache(disk: OpenDiskCache | undefined): TranspileCache | undefined {
  if (disk === undefined) return undefined;
  return {
    salt: disk.tool,
    read: (name) => disk.store.read(name),
    write: (name, text) => {
      disk.store.write(name, text);
      disk.store.keepNewest(TRANSPILED.folder, TRANSPILED.entry, TRANSPILED.keep);
    },
  };
}

/** The settings of the config that the outputs and diagnostics depend on (`strict` is applied afterwards). */
function configKey(config: ResolvedConfig): string {
  const { configFile, rootDir, events, ignore, outDir, formats, receive, docs } = config;
  return JSON.stringify({ configFile, rootDir, events, ignore, outDir, formats, receive, docs: docs ?? null });
}
