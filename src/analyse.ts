/**
 * The analysis a build runs between discovery and emit: extract -> validate -> infer, either a
 * chunk of files at a time through all three (a cold build: `analyseInChunks`) or one call each
 * over every file with the stages' caches (watch mode: `analyseWhole`). Both give the same events
 * and the same diagnostics in the same order; test/analyse.test.ts holds them to it.
 */
import { readFileSync } from "node:fs";
import { uniqueDiagnostics, type Diagnostic } from "./diagnostics/diagnostic.js";
import type { ExtractCache } from "./extract/index.js";
import type { InferCache, InferredEvent } from "./infer/index.js";
import type { ValidateCache } from "./validate/index.js";

/**
 * The stages that may load TypeScript (extract, for files our parser declines) and ajv's code
 * (validate's runtime, infer's format checks), each stage's module imported on first use: a
 * build that the disk cache proves up to date never pays for loading them; nor does a build
 * without declared schemas for their part of extract and infer.
 */
export async function heavyStages() {
  const [extract, validate, infer] = await Promise.all([
    import("./extract/index.js"),
    import("./validate/index.js"),
    import("./infer/index.js"),
  ]);
  // Declared schemas' modules are loaded when an event first declares a schema, by `require`;
  // where Node's `require` cannot load ES modules, they are loaded now.
  if (!extract.loadsOnFirstUse) await Promise.all([extract.loadSchemaStage(), infer.loadDeclaredStage()]);
  return { extract, validate, infer };
}

/** The modules of extract, validate and infer (see heavyStages). */
export type Stages = Awaited<ReturnType<typeof heavyStages>>;

/** What the build's caches give the analysis (see src/cache/build-caching.ts). */
export interface AnalysisCaching {
  /** Watch mode's memory: its stage caches, made on first use. Absent: a cold build, in chunks. */
  readonly memory?: { stages: StageCaches | undefined } | undefined;
  /** Which paths may read differently than when the stage caches last read them. */
  readonly changed?: ((path: string) => boolean) | undefined;
  /** Whether to give what extraction read (the disk cache records it). */
  readonly wantReads: boolean;
}

/** extract -> validate -> infer over `files`: in chunks on a cold build, whole with watch mode's caches. */
export function analyse(
  files: readonly string[],
  stages: Stages,
  options: AnalysisCaching & {
    readonly onProgress?: ((done: number, total: number) => void) | undefined;
    /** The project root: names schema files in the keys of shared definitions. */
    readonly root: string;
  },
): Analysis {
  const { memory, changed, onProgress, wantReads, root } = options;
  if (memory === undefined) return analyseInChunks(stages, files, { onProgress, wantReads, root });
  const caches = (memory.stages ??= createStageCaches(stages));
  return analyseWhole(stages, { files, caches, changed, onProgress, wantReads, root });
}

/** What extract, validate and infer found: the events sorted by tag, and the stages' diagnostics in stage order. */
export interface Analysis {
  readonly events: readonly InferredEvent[];
  readonly diagnostics: readonly Diagnostic[];
  /** Text of the files that spans point into. */
  readonly sources: ReadonlyMap<string, string>;
  /** Every path extraction read and its text (undefined: unreadable), when asked for (the disk cache). */
  readonly reads: ReadonlyMap<string, string | undefined> | undefined;
}

/**
 * Files a cold build extracts, validates and infers at a time (see analyseInChunks): larger
 * chunks cost peak memory, smaller ones parse a helper that every event imports once per chunk
 * (docs/benchmark.md has the figures).
 */
export const CHUNK = 256;

/**
 * A cold build's extract, validate and infer: a chunk of files at a time, through each stage in
 * turn, so that literal trees (the largest part of a build's memory) live only while their chunk
 * goes through. The result is what `analyseWhole` gives (the tests hold the two ways to it). Each
 * file is read once for the whole build, however many chunks import it: every chunk sees one text.
 */
export function analyseInChunks(
  stages: Stages,
  files: readonly string[],
  options: {
    readonly onProgress?: ((done: number, total: number) => void) | undefined;
    readonly wantReads: boolean;
    /** Files per chunk; default CHUNK. */
    readonly chunk?: number | undefined;
    /** The project root (see `analyse`); default: the current folder. */
    readonly root?: string | undefined;
  },
): Analysis {
  const { onProgress, wantReads, chunk = CHUNK, root = process.cwd() } = options;
  // What reading each path gave, its text or the error, so that every chunk (and an event read
  // again, see InferenceRun) sees the same: a file created during the build stays missing, and
  // a read that failed (missing, or even a passing error such as EMFILE) fails for the whole build.
  const texts = new Map<string, string | { readonly error: unknown }>();
  const readFile = (path: string): string => {
    let read = texts.get(path);
    if (read === undefined) {
      try {
        read = readFileSync(path, "utf8");
      } catch (error) {
        read = { error };
      }
      texts.set(path, read);
    }
    if (typeof read === "string") return read;
    throw read.error;
  };
  // One resolver and checker for every chunk: a provider's document shared by events of several
  // chunks is read, bundled and compiled once, and every event refers to the same definitions.
  const schemas = stages.extract.createSchemaTools(root, readFile);
  const validation = new stages.validate.ValidationRun();
  // An event inferred as part of a discriminated webhook that turns out not to be is read again
  // from the text read before (rare: a webhook with and without selectors), so no event's
  // literal tree has to wait for the last chunk.
  const inference = new stages.infer.InferenceRun((file) => {
    const extracted = stages.extract.extract({ files: [file], readFile, schemas });
    return stages.validate.validate(extracted.definitions).events[0];
  });
  const extractDiagnostics: Diagnostic[] = [];
  const validateDiagnostics: Diagnostic[] = [];
  const sources = new Map<string, string>();
  const reads = wantReads ? new Map<string, string | undefined>() : undefined;
  for (let start = 0; start < files.length; start += chunk) {
    const extracted = stages.extract.extract({
      files: files.slice(start, start + chunk),
      readFile,
      schemas,
      onProgress: (done) => onProgress?.(start + done, files.length),
    });
    for (const d of extracted.diagnostics) extractDiagnostics.push(d);
    for (const [path, text] of extracted.sources) sources.set(path, text);
    if (reads !== undefined) for (const [path, text] of extracted.reads) reads.set(path, text);
    const validated = validation.add(extracted.definitions);
    for (const d of validated.diagnostics) validateDiagnostics.push(d);
    inference.add(validated.events);
  }
  const conflicts = validation.finish();
  const inferred = inference.finish();
  // A helper imported by files of several chunks reports its problems once per chunk; one
  // extraction over every file reports each once, in the order first met.
  const diagnostics = [
    ...uniqueDiagnostics(extractDiagnostics),
    ...validateDiagnostics,
    ...conflicts,
    ...inferred.diagnostics,
  ];
  return { events: inferred.events, diagnostics, sources, reads };
}

/** Watch mode's extract, validate and infer: one call each over all the files, with the stages' caches. */
export function analyseWhole(
  stages: Stages,
  input: {
    readonly files: readonly string[];
    readonly caches: StageCaches;
    readonly changed?: ((path: string) => boolean) | undefined;
    readonly onProgress?: ((done: number, total: number) => void) | undefined;
    readonly wantReads: boolean;
    readonly root?: string | undefined;
  },
): Analysis {
  const { files, caches, changed, onProgress, root } = input;
  const extracted = stages.extract.extract({
    files,
    root,
    cache: caches.extract,
    ...(changed === undefined ? {} : { changed }),
    ...(onProgress === undefined ? {} : { onProgress }),
  });
  const validated = stages.validate.validate(extracted.definitions, caches.validate);
  const inferred = stages.infer.infer(validated.events, caches.infer);
  return {
    events: inferred.events,
    diagnostics: [...extracted.diagnostics, ...validated.diagnostics, ...inferred.diagnostics],
    sources: extracted.sources,
    reads: input.wantReads ? extracted.reads : undefined,
  };
}

export interface StageCaches {
  readonly extract: ExtractCache;
  readonly validate: ValidateCache;
  readonly infer: InferCache;
}

export function createStageCaches(stages: Stages): StageCaches {
  return {
    extract: stages.extract.createExtractCache(),
    validate: stages.validate.createValidateCache(),
    infer: stages.infer.createInferCache(),
  };
}
