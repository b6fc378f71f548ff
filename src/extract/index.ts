import { readFileSync } from "node:fs";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { findDefinition } from "./definition.js";
import { Evaluator } from "./evaluate.js";
import { ModuleLoader } from "./loader.js";
import type { ExtractedEvent, ExtractInput, ExtractResult, LiteralObject } from "./types.js";

export type * from "./types.js";

/**
 * Reads the `defineEvent({...})` argument of each event file statically: files are parsed, never
 * executed. Values may use literals, consts and enums of the same file, and consts imported from
 * relative files (each read once per call, however many events import it).
 *
 * Never throws for problems in the files: each becomes a diagnostic, every file is processed, and
 * an event is returned only when its whole definition could be read.
 */
export function extract(input: ExtractInput): ExtractResult {
  const diagnostics: Diagnostic[] = [];
  const loader = new ModuleLoader(input.readFile ?? readUtf8, diagnostics);
  const evaluator = new Evaluator(loader, diagnostics);
  const events: ExtractedEvent[] = [];
  for (const file of input.files) {
    const definition = extractDefinition(file, loader, evaluator, diagnostics);
    if (definition !== undefined) events.push({ file, definition });
  }
  return { events, diagnostics, sources: loader.sources };
}

function extractDefinition(
  file: string,
  loader: ModuleLoader,
  evaluator: Evaluator,
  diagnostics: Diagnostic[],
): LiteralObject | undefined {
  const module = loader.loadEventFile(file);
  if (module === undefined) return undefined;
  const argument = findDefinition(module, diagnostics);
  return argument === undefined ? undefined : evaluator.definition(argument, module);
}

function readUtf8(file: string): string {
  return readFileSync(file, "utf8");
}
