import { basename, dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { freshBuild, recordBuild, stateEntry, type BuildCounts, type BuildKey } from "./cache/build-state.js";
import { toolFingerprint } from "./cache/fingerprint.js";
import { DiskCache, findCacheDir } from "./cache/store.js";
import { ChangedPaths, type ChangeLog } from "./cache/change-log.js";
import {
  TRANSPILED,
  loadConfig,
  type LoadConfigResult,
  type ResolvedConfig,
  type TranspileCache,
} from "./config/index.js";
import { Codes, diagnostic } from "./diagnostics/catalogue.js";
import { hasErrors, type Diagnostic } from "./diagnostics/diagnostic.js";
import { discoverEvents, sameFileList, type Discovery } from "./discover/index.js";
import { discoveryDiagnostics } from "./discover/report.js";
import { buildResult, type PartialResult } from "./build-result.js";
import {
  createEmitCache,
  type EmitCache,
  emitOutputs,
  isOutput,
  isWebhookFileName,
  manifestEvents,
  WEBHOOK_FILES_DIR,
  writtenFile,
  readManifestEvents,
  type ManifestEvent,
  type WriteOutcome,
  type WrittenFile,
} from "./emit/index.js";
import {
  analyseInChunks,
  analyseWhole,
  createStageCaches,
  heavyStages,
  type Analysis,
  type StageCaches,
} from "./analyse.js";
import { messageOf } from "./util/errors.js";

export type { BuildCounts } from "./cache/build-state.js";

/** Where a long build is; reported to `onProgress`. */
export interface BuildProgress {
  readonly phase: "extract";
  readonly done: number;
  readonly total: number;
}

declare const buildCacheBrand: unique symbol;

/**
 * Work kept between builds of one process (watch mode); create one with `createBuildCache()`
 * and pass it to every `build`. Opaque: what it holds is the build's own business.
 */
export interface BuildCache {
  readonly [buildCacheBrand]: true;
}

/**
 * What a BuildCache holds. Each stage keeps its per-event results, and hands an unchanged event to
 * the next stage as the same object, so after an edit only the edited events go through the
 * pipeline again.
 */
interface BuildCacheState {
  /** The stages' caches, created by the first build that runs them: creating one loads no compiler. */
  stages: StageCaches | undefined;
  readonly emit: EmitCache;
  /** What the last build given a `ChangeLog` loaded and listed; set by `build` only. */
  baseline: Baseline | undefined;
}

const cacheStates = new WeakMap<BuildCache, BuildCacheState>();

/**
 * The state a build given `changes` leaves for the next one: the config it loaded, the files it
 * listed, and the log's mark when it started. The stages' caches hold what was read after that
 * mark, so the paths noted after it are all that may read differently now.
 */
interface Baseline {
  readonly log: ChangeLog;
  readonly mark: number;
  /** The cwd and config option it ran with: another place is another project. */
  readonly where: string;
  readonly loaded: LoadConfigResult & { readonly ok: true };
  readonly discovered: Discovered;
  readonly listed: ReadonlySet<string>;
}

export function createBuildCache(): BuildCache {
  const cache = Object.freeze({}) as BuildCache;
  cacheStates.set(cache, { stages: undefined, emit: createEmitCache(), baseline: undefined });
  return cache;
}

/** The state behind a cache; a value that createBuildCache did not make is no cache. */
function stateOf(cache: BuildCache | undefined): BuildCacheState | undefined {
  return cache === undefined ? undefined : cacheStates.get(cache);
}

export interface BuildOptions {
  /** Folder to run in: where `ductape.config.ts` is looked for. Default: `process.cwd()`. */
  readonly cwd?: string | undefined;
  /** Path of the config file, relative to cwd. Default: the first of CONFIG_FILE_NAMES in cwd (`ductape.config.ts`, `.mts`, `.js`, `.mjs`), if any. */
  readonly config?: string | undefined;
  /** `false` plans the outputs and reports which are stale, without writing. Default: `true`. */
  readonly write?: boolean | undefined;
  /** Treat warnings as errors, whatever the config says. Default: the config's `strict`. */
  readonly strict?: boolean | undefined;
  /** Reuse work from earlier builds given the same cache. */
  readonly cache?: BuildCache | undefined;
  /**
   * Remember each successful build under `node_modules/.cache/ductape-events` (in the config's
   * folder or the nearest above it with node_modules), so that a build with nothing changed
   * (same tool, config, event files and imports, outputs untouched) returns the recorded result
   * without compiling anything. A string names another folder (relative to cwd); `false` turns
   * it off. Default: `true`.
   */
  readonly diskCache?: boolean | string | undefined;
  /**
   * Watch mode: the paths a file watcher reported (see `ChangeLog`). Given with `cache`, and the
   * same log as the build before with that cache, the build trusts that nothing else changed since
   * that build started: the config runs again only if a file it was loaded from changed, the globs
   * run again only if the list of event files may have changed, and only changed files are read
   * again. Without it, or after `changes.noteUnknown()`, everything is loaded and read as usual.
   */
  readonly changes?: ChangeLog | undefined;
  /** Called as files are read and types generated. */
  readonly onProgress?: ((progress: BuildProgress) => void) | undefined;
}

export interface BuildResult {
  /**
   * The events that passed every check, sorted by tag, as recorded in the manifest. After a
   * build served from the disk cache they are read from the manifest on first access.
   */
  readonly events: readonly ManifestEvent[];
  /** How many events and webhooks the build found (cheap even when `events` is not loaded). */
  readonly counts: BuildCounts;
  /** True when the disk cache showed that nothing changed since a recorded build: nothing was recompiled. */
  readonly cached: boolean;
  /** Every problem found, sorted by file and position. */
  readonly diagnostics: readonly Diagnostic[];
  /** The output files, their contents and what the build did with each; empty when the build had errors. */
  readonly files: readonly WrittenFile[];
  /** The resolved configuration, when it could be loaded. */
  readonly config: ResolvedConfig | undefined;
  /** Text of every source file read, for drawing code frames. */
  readonly sources: ReadonlyMap<string, string>;
  /** Number of event files found by the globs. */
  readonly fileCount: number;
  /** Wall time of the build in milliseconds. */
  readonly durationMs: number;
}

/**
 * Runs the pipeline: config -> discover -> extract -> validate -> infer -> emit. Every file is
 * read and checked before anything is written, and nothing is written if any error was found.
 * Never throws for problems in the user's files: they come back as diagnostics.
 */
export async function build(options: BuildOptions = {}): Promise<BuildResult> {
  const started = performance.now();
  const done = (partial: PartialResult): BuildResult => buildResult(partial, performance.now() - started);
  try {
    const cwd = resolve(options.cwd ?? process.cwd());
    const configDir = options.config === undefined ? cwd : dirname(resolve(cwd, options.config));
    const disk = openDiskCache(options.diskCache, cwd, configDir);
    const where = JSON.stringify([cwd, options.config ?? null]);
    const mark = options.changes?.mark();
    const changed = changesSince(options, where);
    // Set again once this build's stages hold what it read: a build that stops early leaves none.
    const memory = stateOf(options.cache);
    if (memory !== undefined) memory.baseline = undefined;
    const loaded =
      changed !== undefined && !changed.configChanged
        ? changed.baseline.loaded
        : await loadConfig({ cwd, configFile: options.config, transpileCache: transpileCache(disk) });
    if (!loaded.ok) return done({ diagnostics: loaded.diagnostics, sources: loaded.sources });
    const config = loaded.config;
    const strict = options.strict === true || config.strict;

    const sameList =
      changed !== undefined &&
      loaded === changed.baseline.loaded &&
      sameFileList(changed.baseline.listed, changed.paths, config);
    const discovered = sameList ? changed.baseline.discovered : await discoverAndReport(config, cwd, loaded.sources);
    const { files } = discovered.discovery;
    const key = { tool: disk?.tool ?? "", config: configKey(config), files };
    const entry = stateEntry(config.configFile ?? config.rootDir);
    // Recorded builds had no errors, and which files are left out is not part of their key.
    const fresh =
      disk === undefined || hasErrors(discovered.diagnostics) ? undefined : freshBuild(disk.store, entry, key);
    if (fresh !== undefined) {
      // The record holds what the event files said; discovery's diagnostics are this run's, since
      // they depend on files its key does not cover (an ignored file, deleted), and point into the config as it is now.
      const found = [...loaded.diagnostics, ...discovered.diagnostics, ...fresh.diagnostics];
      const diagnostics = strict ? found.map(asError) : found;
      // The outputs are on disk as recorded: events and file contents are read from them, if asked for.
      const outputs = hasErrors(diagnostics) ? [] : fresh.outputs.map((path) => writtenFile(path, "unchanged"));
      const result = done({
        config,
        cached: true,
        counts: fresh.counts,
        diagnostics,
        files: outputs,
        sources: joinSources(loaded.sources, fresh.sources),
        fileCount: files.length,
      });
      return withEvents(result, () => readManifestEvents(config.outDir));
    }

    const stages = await heavyStages();
    const onProgress = (done: number, total: number) => options.onProgress?.({ phase: "extract", done, total });
    const wantReads = disk !== undefined;
    let analysis: Analysis;
    if (memory === undefined) analysis = analyseInChunks(stages, files, { onProgress, wantReads });
    else {
      const caches = (memory.stages ??= createStageCaches(stages));
      const setBaseline = () => {
        if (options.changes === undefined || mark === undefined) return;
        // Files left out in outDir are listed too, so that deleting one globs again (and drops its DT1011).
        const listed = sameList ? changed.baseline.listed : new Set([...files, ...discovered.discovery.inOutDir]);
        memory.baseline = { log: options.changes, mark, where, loaded, discovered, listed };
        // The next build asks only about what comes after this mark.
        options.changes.forget(mark);
      };
      const hint = changed === undefined ? undefined : (path: string) => changed.paths.has(path);
      analysis = analyseWhole(stages, { files, caches, changed: hint, onProgress, setBaseline, wantReads });
    }
    const { reads } = analysis;
    // Events with errors in their name or description went through inference only for its checks.
    const inferred = analysis.events.some((e) => e.incomplete)
      ? analysis.events.filter((e) => !e.incomplete)
      : analysis.events;
    const sources = joinSources(loaded.sources, analysis.sources);
    const found = [...loaded.diagnostics, ...discovered.diagnostics, ...analysis.diagnostics];
    const diagnostics = strict ? found.map(asError) : found;
    const events = () => manifestEvents(inferred, config.rootDir);
    const counts = countOf(inferred);
    const context = { config, sources, fileCount: files.length, counts };
    if (hasErrors(diagnostics)) return withEvents(done({ ...context, diagnostics }), events);

    const written = emitOutputs({
      events: inferred,
      rootDir: config.rootDir,
      outDir: config.outDir,
      write: options.write ?? true,
      cache: memory?.emit,
      formats: config.formats,
    });
    // What was read is known whenever there is a disk cache; without it, nothing is recorded.
    if (disk !== undefined && reads !== undefined && !hasErrors(found)) {
      // Discovery's diagnostics are not recorded: a build served from the record makes its own.
      record(disk, entry, { ...key, inputs: reads, written, diagnostics: analysis.diagnostics, counts });
    }
    const diagnosticsAfterWrite = [...diagnostics, ...written.diagnostics];
    return withEvents(done({ ...context, files: written.files, diagnostics: diagnosticsAfterWrite }), events);
  } catch (error) {
    // Only a bug reaches here; it is still reported as data, with the original error kept.
    const reason = messageOf(error);
    return done({ diagnostics: [diagnostic(Codes.InternalError, { reason }, { cause: error })] });
  }
}

/** The event files and what discovery has to say about them. */
interface Discovered {
  readonly discovery: Discovery;
  readonly diagnostics: readonly Diagnostic[];
}

async function discoverAndReport(
  config: ResolvedConfig,
  cwd: string,
  sources: ReadonlyMap<string, string>,
): Promise<Discovered> {
  const discovery = await discoverEvents({ ...config, isBuildOutput: (path) => isOwnOutput(path, config.outDir) });
  const configText = config.configFile === undefined ? undefined : sources.get(config.configFile);
  return { discovery, diagnostics: discoveryDiagnostics(discovery, { cwd, config, configText }) };
}

/**
 * Whether a file in outDir is one the build writes (`index.ts`, `manifest.json`, a webhook's
 * `webhooks/<tag>.json` or `.ts`) or a temporary file of its writer (`<output>.<mark>-<n>.tmp`):
 * events globs that reach into outDir find them, and they are no event files. Anything else there,
 * a hand-written event file under `webhooks/` included, is the user's, and DT1011 names it.
 */
function isOwnOutput(path: string, outDir: string): boolean {
  if (!isOutput(path, outDir)) return false;
  // In outDir itself, isOutput answers only for the index files and their temporary files.
  if (dirname(path) === outDir) return true;
  const name = basename(path).replace(/\.[0-9a-f]+-\d+\.tmp$/, "");
  return dirname(path) === join(outDir, WEBHOOK_FILES_DIR) && isWebhookFileName(name);
}

/**
 * What may have changed since the last build with the same cache and change log, and what that
 * build left; undefined when anything may have (no log, another log, another project, an unknown
 * change, or no such build).
 */
function changesSince(
  options: BuildOptions,
  where: string,
): { baseline: Baseline; paths: ChangedPaths; configChanged: boolean } | undefined {
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

/**
 * Records a build for the disk cache when all its outputs are on disk as planned (written now,
 * or already so); a check that found stale outputs, or a write that failed, records nothing.
 */
function record(
  disk: OpenDiskCache,
  entry: string,
  build: BuildKey & {
    inputs: ReadonlyMap<string, string | undefined>;
    written: WriteOutcome;
    diagnostics: readonly Diagnostic[];
    counts: BuildCounts;
  },
): void {
  const { written, ...rest } = build;
  // Deleted files are not outputs; a file a check found obsolete (not deleted yet) has no stamp, so nothing is recorded.
  const files = written.files.filter((file) => file.status !== "removed");
  const outputs = files.flatMap((file) => {
    const stamp = written.stamps.get(file.path);
    return stamp === undefined ? [] : [{ path: file.path, ...stamp }];
  });
  const onDisk = outputs.length > 0 && outputs.length === files.length && written.diagnostics.length === 0;
  const folders = written.folders.map((folder) => ({ path: folder.path, mtimeMs: folder.mtimeMs ?? null }));
  if (onDisk) recordBuild(disk.store, entry, { ...rest, outputs, folders });
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
  const { configFile, rootDir, events, ignore, outDir, formats } = config;
  return JSON.stringify({ configFile, rootDir, events, ignore, outDir, formats });
}

/**
 * The result with other diagnostics, keeping `events` lazy: spreading a result (`{ ...result }`)
 * would read every property, and so parse the manifest of a cached build or make its events.
 */
export function withDiagnostics(result: BuildResult, diagnostics: readonly Diagnostic[]): BuildResult {
  const descriptors = Object.getOwnPropertyDescriptors(result);
  return Object.defineProperties(
    {},
    { ...descriptors, diagnostics: { value: diagnostics, enumerable: true } },
  ) as BuildResult;
}

/**
 * The result with `events` made on first access, once: the manifest's view of every event is only
 * needed by commands that list or sync events, costs time on every build of watch mode, and after
 * a build served from the disk cache means parsing manifest.json.
 */
function withEvents(result: BuildResult, events: () => readonly ManifestEvent[]): BuildResult {
  let made: readonly ManifestEvent[] | undefined;
  return Object.defineProperty(result, "events", { get: () => (made ??= events()), enumerable: true });
}

/**
 * How many events and webhooks. Events come sorted by tag, and a webhook's tags share the prefix
 * `webhook:` (webhook tags have no `:`), so each webhook's events are contiguous: counting where
 * the webhook changes from one event to the next needs no set (watch mode, on every rebuild).
 */
function countOf(events: readonly { readonly webhook: string }[]): BuildCounts {
  let webhooks = 0;
  let previous: string | undefined;
  for (const { webhook } of events) {
    if (webhook !== previous) webhooks += 1;
    previous = webhook;
  }
  return { events: events.length, webhooks };
}

/** The config's sources and extraction's in one map, copied entry by entry (no spread of thousands). */
function joinSources(first: ReadonlyMap<string, string>, second: ReadonlyMap<string, string>): Map<string, string> {
  const sources = new Map(first);
  for (const [path, text] of second) sources.set(path, text);
  return sources;
}

/** Strict mode: a warning fails the build like an error. */
function asError(d: Diagnostic): Diagnostic {
  return d.severity === "warning" ? { ...d, severity: "error" } : d;
}
