import { performance } from "node:perf_hooks";
import { loadConfig, type ResolvedConfig } from "./config/index.js";
import { Codes, diagnostic } from "./diagnostics/catalogue.js";
import { hasErrors, sortDiagnostics, uniqueDiagnostics, type Diagnostic } from "./diagnostics/diagnostic.js";
import { discover } from "./discover/index.js";
import { createManifest, planOutputs, writeOutputs, type ManifestEvent, type WrittenFile } from "./emit/index.js";
import { createExtractCache, extract, type ExtractCache } from "./extract/index.js";
import { infer } from "./infer/index.js";
import { validate } from "./validate/index.js";

/** Where a long build is; reported to `onProgress`. */
export interface BuildProgress {
  readonly phase: "extract";
  readonly done: number;
  readonly total: number;
}

/** Work kept between builds of one process (watch mode); create one with `createBuildCache()`. */
export interface BuildCache {
  readonly extract: ExtractCache;
}

export function createBuildCache(): BuildCache {
  return { extract: createExtractCache() };
}

export interface BuildOptions {
  /** Folder to run in: where `ductape.config.ts` is looked for. Default: `process.cwd()`. */
  readonly cwd?: string | undefined;
  /** Path of the config file, relative to cwd. Default: `ductape.config.ts` if present. */
  readonly config?: string | undefined;
  /** `false` plans the outputs and reports which are stale, without writing. Default: `true`. */
  readonly write?: boolean | undefined;
  /** Treat warnings as errors, whatever the config says. Default: the config's `strict`. */
  readonly strict?: boolean | undefined;
  /** Reuse work from earlier builds given the same cache. */
  readonly cache?: BuildCache | undefined;
  /** Called as files are read and types generated. */
  readonly onProgress?: ((progress: BuildProgress) => void) | undefined;
}

export interface BuildResult {
  /** The events that passed every check, sorted by tag, as recorded in the manifest. */
  readonly events: readonly ManifestEvent[];
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
  const done = (partial: Partial<BuildResult> & { diagnostics: readonly Diagnostic[] }): BuildResult => ({
    events: [],
    files: [],
    config: undefined,
    sources: new Map(),
    fileCount: 0,
    ...partial,
    diagnostics: uniqueDiagnostics(sortDiagnostics(partial.diagnostics)),
    durationMs: performance.now() - started,
  });
  try {
    const loaded = await loadConfig({ cwd: options.cwd, configFile: options.config });
    if (!loaded.ok) return done({ diagnostics: loaded.diagnostics, sources: loaded.sources });
    const config = loaded.config;

    const files = await discover(config);
    const extracted = extract({
      files,
      ...(options.cache === undefined ? {} : { cache: options.cache.extract }),
      onProgress: (done, total) => options.onProgress?.({ phase: "extract", done, total }),
    });
    const validated = validate(extracted.events);
    const inferred = infer(validated.events);
    const found = [...loaded.diagnostics, ...extracted.diagnostics, ...validated.diagnostics, ...inferred.diagnostics];
    if (files.length === 0) found.push(diagnostic(Codes.NoEventFiles, { patterns: config.events }));
    const diagnostics = options.strict === true || config.strict ? found.map(asError) : found;
    const events = createManifest(inferred.events, config.rootDir).events;
    const sources = new Map([...loaded.sources, ...extracted.sources]);
    const context = { config, sources, fileCount: files.length, events };
    if (hasErrors(diagnostics)) return done({ ...context, diagnostics });

    const planned = planOutputs({ events: inferred.events, rootDir: config.rootDir, outDir: config.outDir });
    const written = writeOutputs(planned, { rootDir: config.rootDir, write: options.write ?? true });
    return done({ ...context, files: written.files, diagnostics: [...diagnostics, ...written.diagnostics] });
  } catch (error) {
    // Only a bug reaches here; it is still reported as data, with the original error kept.
    const reason = error instanceof Error ? error.message : String(error);
    return done({ diagnostics: [diagnostic(Codes.InternalError, { reason }, { cause: error })] });
  }
}

/** Strict mode: a warning fails the build like an error. */
function asError(d: Diagnostic): Diagnostic {
  return d.severity === "warning" ? { ...d, severity: "error" } : d;
}
