import { createHash } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import { pathToFileURL } from "node:url";
import { ModuleRuntimeError, placeThrown, removeAtExit, writeGraph, type WrittenModule } from "./temporary-modules.js";
import {
  isTypeScriptModule,
  ModuleSyntaxError,
  syntaxErrorSpan,
  transpileGraph,
  type TranspileCache,
} from "./transpile.js";
import { messageOf } from "../util/errors.js";

/**
 * Imports a TypeScript (or JavaScript) module and returns its namespace. For TypeScript, `inputs`
 * receives every path the result depends on as far as this loader knows: the modules transpiled
 * and the paths tried while resolving their relative imports, missing ones too. The module and
 * its relative imports are transpiled into hidden `.mjs` files beside each source, since only
 * there do imports resolve as they would for the user. Each load names its files with a hash and
 * a random mark: Node caches modules by URL, so the config runs again each time (watch mode), and
 * two loads at once never touch each other's files. Files a lazy `import()` still needs are
 * removed when the process exits.
 */
export async function importModule(
  file: string,
  cache?: TranspileCache,
  inputs?: Set<string>,
): Promise<Record<string, unknown>> {
  if (!isTypeScriptModule(file)) {
    // The content in the URL, as for transpiled modules: Node caches modules by URL, and watch
    // mode must run an edited config again. (Its own JavaScript imports stay cached.)
    const hash = createHash("sha256").update(readFileSync(file)).digest("hex").slice(0, 12);
    const url = `${pathToFileURL(file).href}?v=${hash}`;
    try {
      return (await import(url)) as Record<string, unknown>;
    } catch (error) {
      const placed = placeThrown(error, new Map(), dirname(file));
      if (!(error instanceof SyntaxError) || (placed instanceof ModuleRuntimeError && placed.file !== undefined))
        throw placed;
      // Not one of its frames: the config (or a module it imports) does not compile.
      const span = syntaxErrorSpan(file, readFileSync(file, "utf8"));
      throw span === undefined ? placed : new ModuleSyntaxError(messageOf(error), span);
    }
  }
  const written = new Map<string, WrittenModule>();
  let lazy = false;
  try {
    const graph = transpileGraph(file, cache, inputs ?? new Set());
    lazy = graph.lazy;
    return (await import(writeGraph(graph, written))) as Record<string, unknown>;
  } catch (error) {
    throw placeThrown(error, written, dirname(file));
  } finally {
    if (lazy) removeAtExit(written.keys());
    else for (const temp of written.keys()) rmSync(temp, { force: true });
  }
}
