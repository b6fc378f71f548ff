import { readFileSync } from "node:fs";
import { uniqueDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import { ExtractCache, type MayHaveChanged } from "./cache.js";
import type { SharedValues } from "./evaluate.js";
import { createSchemaTools } from "./schema-stage.js";
import { extractEvent, type EventOutcome } from "./event.js";
import { ModuleLoader } from "./loader.js";
import { FileReader } from "./reader.js";
import { spanFiles } from "./span-files.js";
import type { ExtractedEvent, ExtractInput, ExtractResult } from "./types.js";

export type * from "./types.js";
export type { ExtractCache, MayHaveChanged } from "./cache.js";
export { createSchemaTools, loadSchemaStage, loadsOnFirstUse, type SchemaTools } from "./schema-stage.js";
// The literal tree's helpers, for the stages that read what extraction gives.
export { formatKeyPath, type KeyPath } from "./key-path.js";
export { literalToJson, objectToJson } from "./literal-to-json.js";
export { keySpanOf, locate, spanOf } from "./values.js";

/** `ExtractInput`, with what a file watcher knows of changes. */
export interface HintedExtractInput extends ExtractInput {
  /**
   * With `cache`: which paths may read differently than when the cache last read them (from
   * watch mode's file-system events, relative to the call that last used the cache). The paths
   * it answers false for are not read again. Absent: anything may have changed.
   */
  readonly changed?: MayHaveChanged | undefined;
}

/**
 * Reads the `defineEvent({...})` argument of each event file statically: files are parsed, never
 * executed; values may use literals, consts and enums of the file and consts imported from
 * relative files. Never throws for problems in the files: each becomes a diagnostic, and an event
 * is returned only when its whole definition could be read (one read in part is among
 * `definitions`, for validation to check the rest). With `input.cache`, a file is
 * evaluated again only if it or a file it depends on reads differently (the result is the same as
 * without); with `input.changed` too, only the paths it names are read again to find out.
 */
export function extract(input: HintedExtractInput): ExtractResult {
  const reader = new FileReader(input.readFile ?? readUtf8);
  const loader = new ModuleLoader(reader, input.cache?.parsed);
  // Values shared between the events of this call only: another call may see other files.
  const shared: SharedValues = new WeakMap();
  const readThrough = (path: string): string => {
    const state = reader.read(path);
    if (state.kind === "error") throw state.error;
    return state.text;
  };
  const schemas = {
    tools: input.schemas ?? createSchemaTools(input.root ?? process.cwd(), readThrough),
    reader,
  };
  const outcomes: EventOutcome[] = [];
  let reused = 0;
  for (const file of input.files) {
    const cached = input.cache?.reuse(file, reader, input.changed);
    if (cached !== undefined) reused += 1;
    outcomes.push(cached ?? extractEvent(file, loader, shared, schemas));
    // The outcome holds no syntax nodes, so the file's tree can go unless a helper import needs it.
    loader.release(file);
    input.onProgress?.(outcomes.length, input.files.length);
  }
  input.cache?.update(input.files, outcomes, loader, reader);
  const result = { ...combine(outcomes, reader, input.cache), reused };
  // Made on first access: only the disk cache asks, never watch mode, which extracts on every edit.
  let reads: ReadonlyMap<string, string | undefined> | undefined;
  return Object.defineProperty(result, "reads", {
    get: () => (reads ??= reader.reads()),
    enumerable: true,
  }) as ExtractResult;
}

/** A cache for `extract`: pass the same one to successive calls, as watch mode does. */
export function createExtractCache(): ExtractCache {
  return new ExtractCache();
}

/** Joins the outcomes of the event files, in input order, into the result of a call. */
function combine(
  outcomes: readonly EventOutcome[],
  reader: FileReader,
  cache: ExtractCache | undefined,
): Omit<ExtractResult, "reused" | "reads"> {
  // Plain loops: in watch mode, with most outcomes reused, this runs over every event on every rebuild.
  const events: ExtractedEvent[] = [];
  const definitions: ExtractedEvent[] = [];
  const found: Diagnostic[] = [];
  for (const outcome of outcomes) {
    if (outcome.event !== undefined) {
      definitions.push(outcome.event);
      if (outcome.event.unread === undefined) events.push(outcome.event);
    }
    for (const d of outcome.diagnostics) found.push(d);
  }
  const diagnostics = uniqueDiagnostics(found);
  const sources = new Map<string, string>();
  let files: Iterable<string>;
  if (cache === undefined) files = spanFiles(definitions, diagnostics);
  else {
    // With a cache, each event's files are kept with its outcome, and only new outcomes are walked.
    // Their union in event order is the set spanFiles finds in one walk, in the same order.
    const union = new Set<string>();
    for (const event of definitions) for (const file of cache.spanFiles(event)) union.add(file);
    for (const file of spanFiles([], diagnostics)) union.add(file);
    files = union;
  }
  for (const file of files) {
    // Spans point into files extraction read, and the cache checked all those of reused events:
    // each was read this call, or could not be (a diagnostic at an unreadable file).
    const text = reader.textRead(file);
    if (text !== undefined) sources.set(file, text);
  }
  return { events, definitions, diagnostics, sources };
}

function readUtf8(file: string): string {
  return readFileSync(file, "utf8");
}
