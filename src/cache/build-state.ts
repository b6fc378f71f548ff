import { readFileSync, statSync } from "node:fs";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { isMissingFile } from "../util/files.js";
import { contentHash, type DiskCache } from "./store.js";
import { isRecord } from "../util/json.js";

/**
 * What a successful build read and wrote, kept so that the next build can prove it would change
 * nothing without parsing, validating or generating anything: same tool, same resolved config,
 * same event files found, every file read reads the same, every output is still as written.
 */
export interface BuildState {
  readonly format: typeof FORMAT;
  readonly tool: string;
  /** The build-relevant settings of the resolved config (see `configKey`). */
  readonly config: string;
  /** The event files discovery found, in order. */
  readonly files: readonly string[];
  /** Every path extraction read: its content hash, or null where there was nothing to read. */
  readonly inputs: Readonly<Record<string, string | null>>;
  readonly outputs: readonly OutputRecord[];
  /** Output folders whose listing matters (`webhooks/`), by mtime; null where there was none. */
  readonly folders: readonly FolderRecord[];
  /**
   * The diagnostics of the event files (warnings only: builds with errors are not recorded), strict
   * mode not applied; not discovery's, which each build makes anew.
   */
  readonly diagnostics: readonly Diagnostic[];
  readonly counts: BuildCounts;
}

export interface BuildCounts {
  readonly events: number;
  readonly webhooks: number;
}

/**
 * An output as the build left it. Size and modification time, not a hash: the build wrote the
 * file itself, and any later write changes its mtime; a file touched without a change only costs
 * a full build, which then writes nothing. Hashing every output would cost a large project time.
 */
interface OutputRecord {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
}

/**
 * An output folder as the build left it. A build deletes files of ours in it that it does not
 * plan, so a file added there later (a checkout bringing back an old webhook's module) means a
 * full build; adding or removing an entry moves a folder's mtime.
 */
interface FolderRecord {
  readonly path: string;
  readonly mtimeMs: number | null;
}

// 4: diagnostics no longer include discovery's.
const FORMAT = 4;

/** What a build knows before extracting anything: compared with the recorded state first. */
export interface BuildKey {
  readonly tool: string;
  readonly config: string;
  readonly files: readonly string[];
}

/** Everything the recorded build produced, when nothing it depends on has changed. */
export interface FreshBuild {
  readonly diagnostics: readonly Diagnostic[];
  readonly counts: BuildCounts;
  readonly outputs: readonly string[];
  /** Texts of the files the diagnostics point into, for code frames. */
  readonly sources: ReadonlyMap<string, string>;
}

/** Entry names: one state per config file (or folder without one), so projects sharing node_modules do not collide. */
export function stateEntry(configOrCwd: string): string {
  return `build-${contentHash(configOrCwd).slice(0, 16)}.json`;
}

/** Names of state entries (see stateEntry), and how many the cache keeps: one per project recently built. */
const STATE_ENTRY = /^build-[0-9a-f]{16}\.json$/;
export const MAX_STATE_ENTRIES = 256;

/**
 * The recorded build, if it is still what a build would produce now. Input files are compared by
 * content (checkouts and formatters change mtimes without changing bytes, and an edit within
 * the same second keeps them); outputs, which only the build writes, by size and mtime.
 */
export function freshBuild(cache: DiskCache, entry: string, key: BuildKey): FreshBuild | undefined {
  try {
    return compare(cache.readJson(entry), key);
  } catch {
    // A cache can only ever make a build faster: anything unexpected in it is a miss.
    return undefined;
  }
}

function compare(state: unknown, key: BuildKey): FreshBuild | undefined {
  if (!isBuildState(state) || state.tool !== key.tool || state.config !== key.config) return undefined;
  if (state.files.length !== key.files.length || state.files.some((file, i) => file !== key.files[i])) return undefined;

  const framed = new Set<string>();
  for (const d of state.diagnostics) {
    if (d.span !== undefined) framed.add(d.span.file);
    for (const r of d.related ?? []) framed.add(r.span.file);
  }
  const sources = new Map<string, string>();
  for (const [path, hash] of Object.entries(state.inputs)) {
    const read = readText(path);
    if (read.kind === "error") return undefined;
    // The text, as extraction read it, so that both sides hash the same thing even for bytes that are not UTF-8.
    if ((read.kind === "missing" ? null : contentHash(read.text)) !== hash) return undefined;
    if (read.kind === "text" && framed.has(path)) sources.set(path, read.text);
  }
  for (const output of state.outputs) {
    const stat = statSync(output.path, { throwIfNoEntry: false });
    if (stat === undefined || stat.size !== output.size || stat.mtimeMs !== output.mtimeMs) return undefined;
  }
  for (const folder of state.folders) {
    if ((statSync(folder.path, { throwIfNoEntry: false })?.mtimeMs ?? null) !== folder.mtimeMs) return undefined;
  }
  return {
    diagnostics: state.diagnostics,
    counts: state.counts,
    outputs: state.outputs.map((output) => output.path),
    sources,
  };
}

/** What to record of a build that had no errors. */
export interface CompletedBuild extends BuildKey {
  readonly inputs: ReadonlyMap<string, string | undefined>;
  /** Each output with its size and mtime as the build read or wrote it. */
  readonly outputs: readonly OutputRecord[];
  readonly folders: readonly FolderRecord[];
  readonly diagnostics: readonly Diagnostic[];
  readonly counts: BuildCounts;
}

export function recordBuild(cache: DiskCache, entry: string, build: CompletedBuild): void {
  try {
    record(cache, entry, build);
  } catch {
    // Not recording only costs the next build its shortcut.
  }
}

function record(cache: DiskCache, entry: string, build: CompletedBuild): void {
  const inputs: Record<string, string | null> = {};
  for (const [path, text] of build.inputs) inputs[path] = text === undefined ? null : contentHash(text);
  const state: BuildState = {
    format: FORMAT,
    tool: build.tool,
    config: build.config,
    files: build.files,
    inputs,
    outputs: build.outputs.map(({ path, size, mtimeMs }) => ({ path, size, mtimeMs })),
    folders: build.folders.map(({ path, mtimeMs }) => ({ path, mtimeMs })),
    // `cause` holds foreign errors, not data; warnings have none.
    diagnostics: build.diagnostics.map(({ cause: _cause, ...rest }) => rest),
    counts: build.counts,
  };
  cache.write(entry, JSON.stringify(state));
  cache.keepNewest(".", STATE_ENTRY, MAX_STATE_ENTRIES);
}

/** A file's text, or that there is none; any other failure (permissions) is not "the same" as before. */
function readText(path: string): { kind: "text"; text: string } | { kind: "missing" } | { kind: "error" } {
  try {
    return { kind: "text", text: readFileSync(path, "utf8") };
  } catch (error) {
    return isMissingFile(error) ? { kind: "missing" } : { kind: "error" };
  }
}

/** The entry's shape, element by element: a damaged entry must read as a miss, never crash a build. */
function isBuildState(value: unknown): value is BuildState {
  if (!isRecord(value) || value["format"] !== FORMAT) return false;
  const { tool, config, files, inputs, outputs, folders, diagnostics, counts } = value;
  return (
    typeof tool === "string" &&
    typeof config === "string" &&
    Array.isArray(files) &&
    files.every((file) => typeof file === "string") &&
    isRecord(inputs) &&
    Object.values(inputs).every((hash) => hash === null || typeof hash === "string") &&
    Array.isArray(outputs) &&
    outputs.every(
      (o) =>
        isRecord(o) &&
        typeof o["path"] === "string" &&
        typeof o["size"] === "number" &&
        typeof o["mtimeMs"] === "number",
    ) &&
    Array.isArray(folders) &&
    folders.every(
      (f) =>
        isRecord(f) && typeof f["path"] === "string" && (f["mtimeMs"] === null || typeof f["mtimeMs"] === "number"),
    ) &&
    Array.isArray(diagnostics) &&
    diagnostics.every(isDiagnostic) &&
    isRecord(counts) &&
    typeof counts["events"] === "number" &&
    typeof counts["webhooks"] === "number"
  );
}

function isDiagnostic(value: unknown): boolean {
  if (!isRecord(value)) return false;
  const { code, severity, title, message, span, related, paths } = value;
  return (
    typeof code === "string" &&
    (severity === "error" || severity === "warning") &&
    typeof title === "string" &&
    typeof message === "string" &&
    (span === undefined || isSpan(span)) &&
    (related === undefined ||
      (Array.isArray(related) &&
        related.every((r) => isRecord(r) && typeof r["message"] === "string" && isSpan(r["span"])))) &&
    (paths === undefined ||
      (Array.isArray(paths) &&
        paths.every(
          (p) => isRecord(p) && typeof p["path"] === "string" && (p["span"] === undefined || isSpan(p["span"])),
        )))
  );
}

function isSpan(value: unknown): boolean {
  return isRecord(value) && typeof value["file"] === "string" && isPosition(value["start"]) && isPosition(value["end"]);
}

function isPosition(value: unknown): boolean {
  return isRecord(value) && typeof value["line"] === "number" && typeof value["column"] === "number";
}
