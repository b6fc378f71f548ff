import { readFileSync, statSync } from "node:fs";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { contentHash, type DiskCache } from "./store.js";

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
  /** The build's diagnostics (warnings only: builds with errors are not recorded), strict mode not applied. */
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
 * a full build, which then writes nothing. (Hashing 160 MB of outputs at 10,000 events took 0.3 s.)
 */
interface OutputRecord {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
}

const FORMAT = 2;

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

/**
 * The recorded build, if it is still what a build would produce now. Input files are compared by
 * content (checkouts and formatters change mtimes without changing bytes, and an edit within
 * the same second keeps them); outputs, which only the build writes, by size and mtime.
 */
export function freshBuild(cache: DiskCache, entry: string, key: BuildKey): FreshBuild | undefined {
  const state = cache.readJson(entry);
  if (!isBuildState(state) || state.tool !== key.tool || state.config !== key.config) return undefined;
  if (state.files.length !== key.files.length || state.files.some((file, i) => file !== key.files[i])) return undefined;

  const framed = new Set<string>();
  for (const d of state.diagnostics) {
    if (d.span !== undefined) framed.add(d.span.file);
    for (const r of d.related ?? []) framed.add(r.span.file);
  }
  const sources = new Map<string, string>();
  for (const [path, hash] of Object.entries(state.inputs)) {
    const bytes = readOrUndefined(path);
    if ((bytes === undefined ? null : contentHash(bytes)) !== hash) return undefined;
    if (bytes !== undefined && framed.has(path)) sources.set(path, bytes.toString("utf8"));
  }
  for (const output of state.outputs) {
    const stat = statSync(output.path, { throwIfNoEntry: false });
    if (stat === undefined || stat.size !== output.size || stat.mtimeMs !== output.mtimeMs) return undefined;
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
  readonly outputs: readonly { readonly path: string }[];
  readonly diagnostics: readonly Diagnostic[];
  readonly counts: BuildCounts;
}

export function recordBuild(cache: DiskCache, entry: string, build: CompletedBuild): void {
  const inputs: Record<string, string | null> = {};
  for (const [path, text] of build.inputs) inputs[path] = text === undefined ? null : contentHash(text);
  const outputs: OutputRecord[] = [];
  for (const output of build.outputs) {
    const stat = statSync(output.path, { throwIfNoEntry: false });
    // Written by someone else since, or not at all: record nothing, so the next build is a full one.
    if (stat === undefined) return;
    outputs.push({ path: output.path, size: stat.size, mtimeMs: stat.mtimeMs });
  }
  const state: BuildState = {
    format: FORMAT,
    tool: build.tool,
    config: build.config,
    files: build.files,
    inputs,
    outputs,
    // `cause` holds foreign errors, not data; warnings have none.
    diagnostics: build.diagnostics.map(({ cause: _cause, ...rest }) => rest),
    counts: build.counts,
  };
  cache.write(entry, JSON.stringify(state));
}

function readOrUndefined(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** A shallow shape check: entries are written by this module, so this only guards against corruption. */
function isBuildState(value: unknown): value is BuildState {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    v["format"] === FORMAT &&
    typeof v["tool"] === "string" &&
    typeof v["config"] === "string" &&
    Array.isArray(v["files"]) &&
    typeof v["inputs"] === "object" &&
    v["inputs"] !== null &&
    Array.isArray(v["outputs"]) &&
    Array.isArray(v["diagnostics"]) &&
    typeof v["counts"] === "object" &&
    v["counts"] !== null
  );
}
