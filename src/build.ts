import { basename, dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { analyse, heavyStages } from "./analyse.js";
import { buildResult, type PartialResult } from "./build-result.js";
import type { BuildCache } from "./cache/build-cache.js";
import { BuildCaching } from "./cache/build-caching.js";
import type { BuildCounts, FreshBuild } from "./cache/build-state.js";
import type { ChangeLog } from "./cache/change-log.js";
import {
  DEFAULT_DOCS_OUT,
  DEFAULT_DOCS_TITLE,
  docsOverlap,
  loadConfig,
  type LoadConfigResult,
  type ResolvedConfig,
} from "./config/index.js";
import { docsAmongEventFiles, docsFolderProblem, docsOptionProblem } from "./config/docs-folder.js";
import { Codes, diagnostic } from "./diagnostics/catalogue.js";
import { hasErrors, type Diagnostic } from "./diagnostics/diagnostic.js";
import { discoverEvents, type Discovery } from "./discover/index.js";
import { discoveryDiagnostics } from "./discover/report.js";
import {
  emitOutputs,
  isOutput,
  isWebhookFileName,
  manifestEvents,
  WEBHOOK_FILES_DIR,
  writtenFile,
  readManifestEvents,
  type ManifestEvent,
  type WrittenFile,
} from "./emit/index.js";
import { messageOf } from "./util/errors.js";

export type { BuildCounts } from "./cache/build-state.js";
export { createBuildCache, type BuildCache } from "./cache/build-cache.js";

/** Where a long build is; reported to `onProgress`. */
export interface BuildProgress {
  readonly phase: "extract";
  readonly done: number;
  readonly total: number;
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
  /**
   * Write the event docs site too, whatever the config's `docs` says (`ductape-events docs`):
   * to `out` (relative to cwd), else to the config's `docs.out`, else to `event-docs`.
   */
  readonly docs?: { readonly out?: string | undefined } | undefined;
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
 * Never throws for problems in the user's files: they come back as diagnostics. The caches wrap
 * the stages (`cached`, src/cache/build-caching.ts): each stage call may be answered by them.
 */
export async function build(options: BuildOptions = {}): Promise<BuildResult> {
  const started = performance.now();
  const done = (partial: PartialResult): BuildResult => buildResult(partial, performance.now() - started);
  try {
    const cwd = resolve(options.cwd ?? process.cwd());
    const cached = BuildCaching.open(options, cwd);

    const loaded = await cached.config((transpileCache) =>
      loadConfig({ cwd, configFile: options.config, transpileCache, docsOut: options.docs?.out }),
    );
    if (!loaded.ok) return done({ diagnostics: loaded.diagnostics, sources: loaded.sources });
    const config = withDocs(loaded.config, options.docs, cwd);
    const docsOption = options.docs?.out;
    // `docs` with neither --out nor `docs` in the config writes to the default folder: checked
    // here as the config's own folder is where the config is loaded.
    const byDefault = options.docs !== undefined && docsOption === undefined && loaded.config.docs === undefined;
    const docsProblem =
      (docsOption === undefined ? undefined : docsOptionProblem(docsOption, { ...config, shownFrom: cwd })) ??
      (byDefault && config.docs !== undefined
        ? docsFolderProblem(config.docs.outDir, DEFAULT_DOCS_OUT, "config", config)?.(undefined)
        : undefined) ??
      docsOverlap(config, docsOption === undefined ? undefined : { out: docsOption, cwd })?.(undefined);
    if (docsProblem !== undefined) return done({ config, diagnostics: [docsProblem], sources: loaded.sources });
    const strict = options.strict === true || config.strict;

    const discovered = await cached.discover(loaded, () => discoverAndReport(config, cwd, loaded.sources));
    const { files } = discovered.discovery;
    const amongEvents = docsAmongEventFiles(
      docsOption === undefined ? config : { ...config, shownFrom: cwd },
      files,
      docsOption,
      loaded.sources,
    );
    if (amongEvents !== undefined) return done({ config, diagnostics: [amongEvents], sources: loaded.sources });
    const recorded = cached.recorded(config, discovered);
    if (recorded !== undefined) {
      // With the docs folder the command line asked for (`docs --out`), as a build that runs gives it.
      const result = done(fromRecord(recorded, { ...loaded, config }, discovered, strict));
      return withEvents(result, () => readManifestEvents(config.outDir));
    }

    // Loaded only now: a build that the disk cache answers never loads them.
    const { extract, validate, infer } = await heavyStages();
    const onProgress = (count: number, total: number) => options.onProgress?.({ phase: "extract", done: count, total });
    const analysis = cached.analysis((caching) =>
      analyse(files, { extract, validate, infer }, { ...caching, onProgress, root: config.rootDir }),
    );
    // Events with errors in their name or description went through inference only for its checks.
    const inferred = analysis.events.some((e) => e.incomplete)
      ? analysis.events.filter((e) => !e.incomplete)
      : analysis.events;
    const diagnostics = strictly(strict, [...loaded.diagnostics, ...discovered.diagnostics, ...analysis.diagnostics]);
    const sources = joinSources(loaded.sources, analysis.sources);
    const context = { config, sources, fileCount: files.length, counts: countOf(inferred) };
    const definitions = infer.definitionsOf(inferred);
    const events = () => manifestEvents(inferred, config.rootDir, definitions);
    if (hasErrors(diagnostics)) return withEvents(done({ ...context, diagnostics }), events);

    const written = emitOutputs({
      events: inferred,
      ...(definitions.size === 0 ? {} : { definitions }),
      rootDir: config.rootDir,
      outDir: config.outDir,
      write: options.write ?? true,
      cache: cached.emitCache,
      formats: config.formats,
      receive: config.receive,
      docs: config.docs,
    });
    cached.record({ reads: analysis.reads, written, diagnostics: analysis.diagnostics, counts: context.counts });
    const diagnosticsAfterWrite = [...diagnostics, ...written.diagnostics];
    return withEvents(done({ ...context, files: written.files, diagnostics: diagnosticsAfterWrite }), events);
  } catch (error) {
    // Only a bug reaches here; it is still reported as data, with the original error kept.
    const reason = messageOf(error);
    return done({ diagnostics: [diagnostic(Codes.InternalError, { reason }, { cause: error })] });
  }
}

/** The config with the docs site that `options.docs` asks for (the command line's `docs --out`). */
function withDocs(config: ResolvedConfig, docs: BuildOptions["docs"], cwd: string): ResolvedConfig {
  if (docs === undefined) return config;
  const outDir =
    docs.out !== undefined
      ? resolve(cwd, docs.out)
      : (config.docs?.outDir ?? resolve(config.rootDir, DEFAULT_DOCS_OUT));
  return { ...config, docs: { outDir, title: config.docs?.title ?? DEFAULT_DOCS_TITLE } };
}

/** The event files and what discovery has to say about them. */
export interface Discovered {
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
 * What a build that the disk cache answers gives. The record holds what the event files said;
 * discovery's diagnostics are this run's, since they depend on files its key does not cover (an
 * ignored file, deleted), and point into the config as it is now. The outputs are on disk as
 * recorded: events and file contents are read from them, if asked for.
 */
function fromRecord(
  recorded: FreshBuild,
  loaded: LoadConfigResult & { readonly ok: true },
  discovered: Discovered,
  strict: boolean,
): PartialResult {
  const diagnostics = strictly(strict, [...loaded.diagnostics, ...discovered.diagnostics, ...recorded.diagnostics]);
  return {
    config: loaded.config,
    cached: true,
    counts: recorded.counts,
    diagnostics,
    files: hasErrors(diagnostics) ? [] : recorded.outputs.map((path) => writtenFile(path, "unchanged")),
    sources: joinSources(loaded.sources, recorded.sources),
    fileCount: discovered.discovery.files.length,
  };
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

/** The config's sources and extraction's (or the record's) in one map, copied entry by entry (no spread of a large map). */
function joinSources(first: ReadonlyMap<string, string>, second: ReadonlyMap<string, string>): Map<string, string> {
  const sources = new Map(first);
  for (const [path, text] of second) sources.set(path, text);
  return sources;
}

/** Strict mode: a warning fails the build like an error. */
function strictly(strict: boolean, found: Diagnostic[]): Diagnostic[] {
  return strict ? found.map((d) => (d.severity === "warning" ? { ...d, severity: "error" } : d)) : found;
}
