import { createHash } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { removeAtExit, withSourcePaths, writeGraph } from "./temporary-modules.js";
import { isTypeScriptModule, transpileGraph, type TranspileCache } from "./transpile.js";

/**
 * Imports a TypeScript (or JavaScript) module and returns its namespace. For a TypeScript module,
 * `inputs` receives every path whose content the result depends on, as far as this loader knows:
 * each module transpiled, and each path tried while resolving their relative imports (missing
 * ones too, as a file appearing there would change the resolution). Package imports and what the
 * modules read at run time are not in it; JavaScript modules are imported by Node, unseen.
 *
 * A TypeScript file is transpiled, with the relative TypeScript files it imports, into hidden
 * `.mjs` files beside each source, imported, and the temporary files removed. Beside the source,
 * not in a cache folder, because only there do package imports (including a package importing
 * itself by name) and relative imports resolve exactly as they would for the user. Every load
 * writes files of its own (a hash of the modules' text and a random mark in their names): Node
 * caches modules by URL, so the config runs again each time (watch mode relies on it), and two
 * loads at once (watch beside a build, or two builds) never import or delete each other's files.
 * A config that imports one of its modules lazily (`await import("./remote.js")`, so that `plan`
 * alone loads an SDK) needs the files after the import: those are removed when the process exits.
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
    return (await import(`${pathToFileURL(file).href}?v=${hash}`)) as Record<string, unknown>;
  }
  const written = new Map<string, string>();
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
