import { dirname, join, relative } from "node:path";
import { Codes, diagnostic } from "../diagnostics/catalogue.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { toPosix } from "../discover/index.js";
import type { InferredEvent } from "../infer/index.js";
import { renderManifest, type FragmentCache } from "./manifest.js";
import { renderTypes, type TypesCache } from "./typescript.js";
import { checkFiles, writeFiles, type FileStamp, type PlannedFile, type WrittenFile } from "./writer.js";

export type { Manifest, ManifestEvent } from "./manifest.js";
export type { FileStamp, FileStatus, PlannedFile, WrittenFile } from "./writer.js";
export { createManifest, readManifestEvents } from "./manifest.js";

export interface EmitInput {
  readonly events: readonly InferredEvent[];
  readonly rootDir: string;
  readonly outDir: string;
  /** Keeps each event's rendered text for the next call (watch mode); see `createEmitCache`. */
  readonly cache?: EmitCache | undefined;
}

/**
 * Each event's part of the outputs, kept between calls and keyed by the InferredEvent object:
 * inference hands an unchanged event over as the same object, so only new or changed events are
 * rendered again. The outputs are byte for byte those of a call without a cache.
 */
export interface EmitCache {
  readonly manifest: FragmentCache;
  readonly types: TypesCache;
}

export function createEmitCache(): EmitCache {
  return { manifest: new WeakMap(), types: new WeakMap() };
}

/** The names of every file the build writes into outDir; nothing else there is ever touched. */
export const OUTPUT_FILES = ["manifest.json", "index.ts"] as const;

/** Renders every output in memory. Nothing touches the disk here. */
export function planOutputs(input: EmitInput): PlannedFile[] {
  return [
    {
      path: join(input.outDir, "manifest.json"),
      contents: renderManifest(input.events, input.rootDir, input.cache?.manifest),
    },
    { path: join(input.outDir, "index.ts"), contents: renderTypes(input.events, input.cache?.types) },
  ];
}

export interface WriteOutcome {
  readonly files: readonly WrittenFile[];
  readonly diagnostics: readonly Diagnostic[];
  /** Size and mtime of each output as this call read or wrote it, for outputs now as planned. */
  readonly stamps: ReadonlyMap<string, FileStamp>;
}

/**
 * Writes planned files that changed, unless one of the targets is a file we did not generate
 * (then nothing is written). With `write: false`, only reports which files are stale.
 */
export function writeOutputs(
  files: readonly PlannedFile[],
  options: { rootDir: string; write: boolean },
): WriteOutcome {
  const display = (path: string): string => toPosix(relative(options.rootDir, path));
  const checked = checkFiles(files);
  const foreign = checked.filter((c) => c.existing === "foreign").map((c) => c.file);
  if (foreign.length > 0) {
    return {
      files: [],
      diagnostics: foreign.map((file) => diagnostic(Codes.OutputNotOurs, { path: display(file.path) })),
      stamps: new Map(),
    };
  }
  if (!options.write) {
    const stamps = new Map<string, FileStamp>();
    for (const c of checked) if (c.stamp !== undefined && !c.stale) stamps.set(c.file.path, c.stamp);
    return {
      files: checked.map((c) => ({ ...c.file, status: c.stale ? "stale" : "unchanged" })),
      diagnostics: [],
      stamps,
    };
  }
  try {
    return { ...writeFiles(checked), diagnostics: [] };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const path = display(dirname(files[0]?.path ?? join(options.rootDir, "x")));
    return {
      files: [],
      diagnostics: [diagnostic(Codes.WriteFailed, { path, reason }, { cause: error })],
      stamps: new Map(),
    };
  }
}
