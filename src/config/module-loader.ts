import { createHash } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import {
  ModuleRuntimeError,
  placeThrown,
  placeOf,
  removeAtExit,
  writeGraph,
  type WrittenModule,
} from "./temporary-modules.js";
import {
  isTypeScriptModule,
  ModuleSyntaxError,
  syntaxErrorSpan,
  transpileGraph,
  type TranspileCache,
} from "./transpile.js";
import { messageOf } from "../util/errors.js";
import { parseModuleText } from "../syntax/parse.js";

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
    const bytes = readFileSync(file);
    const commonJs = esmInCommonJs(file, bytes);
    if (commonJs !== undefined) throw commonJs;
    const hash = createHash("sha256").update(bytes).digest("hex").slice(0, 12);
    const url = `${pathToFileURL(file).href}?v=${hash}`;
    try {
      return (await import(url)) as Record<string, unknown>;
    } catch (error) {
      const placed = placeThrown(error, new Map(), dirname(file));
      if (!(error instanceof SyntaxError) || (placed instanceof ModuleRuntimeError && placed.file !== undefined))
        throw placed;
      // Not one of its frames: the config (or a module it imports) does not compile.
      const span = syntaxErrorSpan(file, bytes.toString("utf8"));
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

/**
 * A `.js` config written as an ES module (import, export) in a package whose package.json says
 * `"type": "commonjs"` (as `npm init` now writes): Node would refuse it, with a warning of its own
 * on stderr and an error placed nowhere. Found before it is imported. Without a "type", Node
 * detects the syntax and loads it; a package.json it cannot read is Node's to report.
 */
function esmInCommonJs(file: string, bytes: Buffer): ModuleRuntimeError | undefined {
  if (!file.endsWith(".js") || packageType(dirname(file)) !== "commonjs") return undefined;
  const text = bytes.toString("utf8");
  const statement = parseModuleText(text, { javascript: true })?.statements.find(
    (s) => s.kind === "import" || s.kind === "export" || s.kind === "export-default",
  );
  if (statement === undefined) return undefined;
  return new ModuleRuntimeError(
    `${basename(file)} uses import or export, but its package.json says "type": "commonjs"`,
    file,
    undefined,
    placeOf(text, statement.start),
    `Rename it to ${basename(file, ".js")}.mjs (or .ts), or set "type": "module" in that package.json.`,
  );
}

/** The "type" the nearest package.json above `dir` writes; undefined when none does, or it cannot be read. */
function packageType(dir: string): string | undefined {
  for (let at = dir; ; at = dirname(at)) {
    let text: string | undefined;
    try {
      text = readFileSync(join(at, "package.json"), "utf8");
    } catch {
      // None here: look further up.
    }
    if (text !== undefined) {
      try {
        const type = (JSON.parse(text) as { type?: unknown }).type;
        return typeof type === "string" ? type : undefined;
      } catch {
        return undefined;
      }
    }
    if (dirname(at) === at) return undefined;
  }
}
