import type { BuildResult } from "./build.js";
import { sortDiagnostics, uniqueDiagnostics, type Diagnostic } from "./diagnostics/diagnostic.js";

// Apart from build.ts, which loads the pipeline's modules: the CLI makes a result of a command
// line that never got to build without loading them.

export type PartialResult = Partial<BuildResult> & { readonly diagnostics: readonly Diagnostic[] };

/**
 * A build's result: what `partial` gives over nothing built (no events, files or config), its
 * diagnostics sorted and each once. Also what a command line that never got to build reports.
 */
export function buildResult(partial: PartialResult, durationMs: number): BuildResult {
  return {
    events: [],
    counts: { events: 0, webhooks: 0 },
    cached: false,
    files: [],
    config: undefined,
    sources: new Map(),
    fileCount: 0,
    ...partial,
    diagnostics: uniqueDiagnostics(sortDiagnostics(partial.diagnostics)),
    durationMs,
  };
}
