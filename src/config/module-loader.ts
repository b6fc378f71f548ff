import { createHash } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { messageOf } from "../util/errors.js";
import {
  ModuleRuntimeError,
  placeAfter,
  removeAtExit,
  withSourcePaths,
  writeGraph,
  type WrittenModule,
} from "./temporary-modules.js";
import { isTypeScriptModule, transpileGraph, type TranspileCache } from "./transpile.js";

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
      throw thrownFrom(error, file, url);
    }
  }
  const written = new Map<string, WrittenModule>();
  let lazy = false;
  try {
    const graph = transpileGraph(file, cache, inputs ?? new Set());
    lazy = graph.lazy;
    return (await import(writeGraph(graph, written))) as Record<string, unknown>;
  } catch (error) {
    throw withSourcePaths(error, written);
  } finally {
    if (lazy) removeAtExit(written.keys());
    else for (const temp of written.keys()) rmSync(temp, { force: true });
  }
}

/** An error a JavaScript config threw while it ran, placed where the stack says (it runs as written). */
function thrownFrom(error: unknown, file: string, url: string): unknown {
  const stack = error instanceof Error ? (error.stack ?? "") : "";
  const index = stack.indexOf(url);
  if (index === -1 || error instanceof SyntaxError) return error;
  return new ModuleRuntimeError(messageOf(error), file, error, placeAfter(stack, index + url.length));
}
