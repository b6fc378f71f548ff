import { createHash, randomBytes } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type * as ts from "typescript";
import { candidateFiles, isFile, isRelativeSpecifier } from "../files.js";
import { loadCompiler as typescript, type TypeScript } from "../compiler.js";
import type { Span } from "../diagnostics/diagnostic.js";
import { parseModuleText } from "../syntax/parse.js";
import type * as S from "../syntax/tree.js";

/** A TypeScript module that failed to transpile, with the location of the first error. */
export class ModuleSyntaxError extends Error {
  constructor(
    message: string,
    readonly span: Span,
  ) {
    super(message);
  }
}

const TS_EXTENSIONS = [".ts", ".mts", ".cts"];

/** Whether `importModule` transpiles the file itself (and so knows what it imports). */
export function isTypeScriptModule(file: string): boolean {
  return TS_EXTENSIONS.some((ext) => file.endsWith(ext));
}

/**
 * Where transpiled modules are kept between runs, by a hash of their source text: the entry is
 * the JavaScript and the places of its relative import specifiers, which are rewritten on every
 * run because the files they name may have changed.
 */
export interface TranspileCache {
  /** Identifies the transpiler: part of every key, so another version's output is never used. */
  readonly salt: string;
  read(name: string): string | undefined;
  write(name: string, text: string): void;
}

interface Transpiled {
  readonly code: string;
  /** Relative import specifiers of `code`: the string literal's offsets, its text, and whether it is an `import()`. */
  readonly specifiers: readonly {
    readonly start: number;
    readonly end: number;
    readonly text: string;
    readonly dynamic?: boolean;
  }[];
}

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

/** Names of the temporary modules: `.<source name>.<12 hex: content>.<8 hex: this load>.mjs`. */
export const TEMPORARY_MODULE = /^\..+\.[0-9a-f]{12}\.[0-9a-f]{8}\.mjs$/;

const removedAtExit = new Set<string>();

const EXIT_SIGNALS: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

/**
 * Temporary modules a lazy import may still need: removed when the process exits, or when a
 * signal ends it (Ctrl-C during `plan`). On a signal, the files go and the signal then does
 * what it would have done: ends the process, unless another listener (watch) handles it.
 */
function removeAtExit(paths: Iterable<string>): void {
  if (removedAtExit.size === 0) {
    const removeAll = (): void => {
      for (const path of removedAtExit) rmSync(path, { force: true });
    };
    const onSignal = (signal: NodeJS.Signals): void => {
      removeAll();
      for (const s of EXIT_SIGNALS) process.off(s, onSignal);
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.once("exit", removeAll);
    for (const signal of EXIT_SIGNALS) process.on(signal, onSignal);
  }
  for (const path of paths) removedAtExit.add(path);
}

/** An error thrown while a module ran, with the source file it was thrown from when known. */
export class ModuleRuntimeError extends Error {
  constructor(
    message: string,
    readonly file: string | undefined,
    cause: unknown,
  ) {
    super(message, { cause });
  }
}

/**
 * Errors from running the config name the temporary files; the user knows only their sources.
 * The message is rewritten to name those, the source that threw is found from the stack, and
 * the original error is kept as `cause`.
 */
function withSourcePaths(error: unknown, written: ReadonlyMap<string, string>): unknown {
  if (error instanceof ModuleSyntaxError) return error;
  let message = error instanceof Error ? error.message : String(error);
  const stack = error instanceof Error ? (error.stack ?? "") : "";
  let thrownAt: { index: number; file: string } | undefined;
  for (const [temp, source] of written) {
    const url = pathToFileURL(temp).href;
    message = message.split(url).join(source).split(temp).join(source);
    const index = stack.indexOf(url);
    if (index !== -1 && (thrownAt === undefined || index < thrownAt.index)) thrownAt = { index, file: source };
  }
  return new ModuleRuntimeError(message, thrownAt?.file, error);
}

/** The TypeScript modules a config reaches through relative imports, transpiled. */
interface ModuleGraph {
  readonly entry: string;
  readonly modules: ReadonlyMap<string, GraphModule>;
  /** Whether a module imports another lazily (`import()`): the files are needed after the import. */
  readonly lazy: boolean;
}

interface GraphModule {
  readonly text: string;
  readonly transpiled: Transpiled;
  /**
   * What each of `transpiled.specifiers` is rewritten to: a TypeScript module of the graph, or
   * the URL of another file of the project (JSON, JavaScript) with its content's hash as a query,
   * so that an edited one is imported afresh too (Node caches modules by URL); undefined: as written.
   */
  readonly targets: readonly ({ readonly module: string } | { readonly url: string } | undefined)[];
}

/** Transpiles `entry` and the relative TypeScript files it imports, in import order (see importModule for `inputs`). */
function transpileGraph(entry: string, cache: TranspileCache | undefined, inputs: Set<string>): ModuleGraph {
  const modules = new Map<string, GraphModule>();
  let lazy = false;
  const visit = (file: string): void => {
    if (modules.has(file)) return;
    inputs.add(file);
    const text = readFileSync(file, "utf8");
    const transpiled = transpileCached(file, text, cache);
    const targets: GraphModule["targets"][number][] = [];
    // Set before the imports are followed: a cycle comes back here and stops.
    modules.set(file, { text, transpiled, targets });
    for (const specifier of transpiled.specifiers) {
      const target = resolveRelative(dirname(file), specifier.text, inputs);
      if (target === undefined) {
        targets.push(undefined);
      } else if (isTypeScriptModule(target)) {
        targets.push({ module: target });
        if (specifier.dynamic === true) lazy = true;
        visit(target);
      } else {
        const version = createHash("sha256").update(readFileSync(target)).digest("hex").slice(0, 12);
        targets.push({ url: `${pathToFileURL(target).href}?v=${version}` });
      }
    }
  };
  visit(entry);
  return { entry, modules, lazy };
}

/**
 * Writes each module of the graph beside its source, its relative imports pointing at the
 * others' files; returns the entry's URL. Every name is known before any is written, so imports
 * in a cycle point at the right files too. `written` receives each file (temporary -> source).
 */
function writeGraph(graph: ModuleGraph, written: Map<string, string>): string {
  const contents = createHash("sha256");
  for (const [file, module] of graph.modules) contents.update(`${file}\0${module.text}\0`);
  const graphHash = contents.digest("hex");
  // Each load its own files: two loads at once (in two processes, or in one) never share one.
  const load = randomBytes(4).toString("hex");
  const paths = new Map<string, string>();
  for (const file of graph.modules.keys()) {
    const hash = createHash("sha256").update(`${graphHash}\0${file}`).digest("hex").slice(0, 12);
    paths.set(file, join(dirname(file), `.${basename(file)}.${hash}.${load}.mjs`));
  }
  const url = (file: string): string => pathToFileURL(paths.get(file)!).href;
  for (const [file, module] of graph.modules) {
    let code = module.transpiled.code;
    // Last to first, so that each edit leaves the offsets of the earlier ones valid.
    for (let i = module.transpiled.specifiers.length - 1; i >= 0; i--) {
      const target = module.targets[i];
      if (target === undefined) continue;
      const { start, end } = module.transpiled.specifiers[i]!;
      const to = "module" in target ? url(target.module) : target.url;
      code = code.slice(0, start) + JSON.stringify(to) + code.slice(end);
    }
    const out = paths.get(file)!;
    written.set(out, file);
    writeFileSync(out, code);
  }
  return url(graph.entry);
}

/**
 * Where transpiled modules are kept in the cache, what their entries are named, and how many are
 * kept (every edit of a config makes one; see DiskCache.keepNewest).
 */
export const TRANSPILED = { folder: "transpiled", entry: /^[0-9a-f]{64}\.json$/, keep: 256 } as const;

/** The transpiled module from the cache, or transpiled now (and cached). Syntax errors throw and are never cached. */
function transpileCached(file: string, text: string, cache: TranspileCache | undefined): Transpiled {
  const name = `${TRANSPILED.folder}/${createHash("sha256")
    .update(`${cache?.salt ?? ""}\0${text}`)
    .digest("hex")}.json`;
  const hit = cache?.read(name);
  if (hit !== undefined) {
    try {
      const parsed: unknown = JSON.parse(hit);
      if (isTranspiled(parsed)) return parsed;
    } catch {
      // A corrupt entry is a miss.
    }
  }
  // TypeScript is loaded only now, on a miss, and only for a module that is not JavaScript
  // already: with every file cached, or a config without type syntax, a run never loads it.
  // `.cts` is CommonJS to TypeScript: only ES module sources can run as written.
  const plain = file.endsWith(".cts") ? undefined : asJavaScript(text);
  const transpiled = plain ?? transpile(typescript(), file, text);
  cache?.write(name, JSON.stringify(transpiled));
  return transpiled;
}

/** A damaged entry must read as a miss: every specifier a string inside the code's bounds, in order. */
function isTranspiled(value: unknown): value is Transpiled {
  if (typeof value !== "object" || value === null) return false;
  const { code, specifiers } = value as Record<string, unknown>;
  if (typeof code !== "string" || !Array.isArray(specifiers)) return false;
  let end = 0;
  for (const s of specifiers as unknown[]) {
    if (typeof s !== "object" || s === null) return false;
    const { start, end: stop, text, dynamic } = s as Record<string, unknown>;
    if (typeof start !== "number" || typeof stop !== "number" || typeof text !== "string") return false;
    if (dynamic !== undefined && typeof dynamic !== "boolean") return false;
    if (!Number.isInteger(start) || start < end || stop < start || stop > code.length) return false;
    end = stop;
  }
  return true;
}

function transpile(ts: TypeScript, file: string, text: string): Transpiled {
  const output = ts.transpileModule(text, {
    fileName: file,
    reportDiagnostics: true,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: false },
  });
  const problem = output.diagnostics?.find((d) => d.category === ts.DiagnosticCategory.Error);
  if (problem !== undefined) {
    throw new ModuleSyntaxError(
      ts.flattenDiagnosticMessageText(problem.messageText, "\n"),
      spanOf(ts, file, text, problem),
    );
  }
  return { code: output.outputText, specifiers: relativeSpecifiers(ts, output.outputText) };
}

/**
 * The module unchanged, when its text is JavaScript as it stands (our parser reads it with
 * TypeScript-only syntax declined) and transpiling would keep every import (TypeScript drops an
 * import none of whose names is used as a value): transpiling it would change nothing that runs.
 * Undefined when in doubt, and TypeScript transpiles it.
 */
function asJavaScript(text: string): Transpiled | undefined {
  const file = parseModuleText(text, { javascript: true });
  if (file === undefined) return undefined;
  const imported: string[] = [];
  const used = new Set<string>();
  const specifiers: Transpiled["specifiers"][number][] = [];
  const noteSpecifier = (specifier: S.StringLiteral | undefined): void => {
    if (specifier !== undefined && isRelativeSpecifier(specifier.value)) {
      // The text between the quotes is the value when it has no escapes; else transpile.
      specifiers.push({ start: specifier.start, end: specifier.end, text: specifier.value });
    }
  };
  for (const statement of file.statements) {
    switch (statement.kind) {
      case "import": {
        noteSpecifier(statement.specifier);
        const clause = statement.clause;
        if (clause === undefined) break;
        // `import {} from "x"` binds nothing, and TypeScript drops it: running it would differ.
        if (clause.defaultName === undefined && clause.namespace === undefined && (clause.named ?? []).length === 0) {
          return undefined;
        }
        if (clause.defaultName !== undefined) imported.push(clause.defaultName);
        if (clause.namespace !== undefined) imported.push(clause.namespace.name);
        for (const named of clause.named ?? []) imported.push(named.name);
        break;
      }
      case "export":
        // `export {} from "x"` exports nothing, and TypeScript drops it too.
        if (statement.clause?.kind === "named-exports" && statement.clause.elements.length === 0) return undefined;
        noteSpecifier(statement.specifier);
        if (statement.specifier === undefined && statement.clause?.kind === "named-exports") {
          for (const element of statement.clause.elements) {
            if (element.local.kind === "identifier") used.add(element.local.name);
          }
        }
        break;
      case "export-default":
        if (!collectNames(statement.expression, used)) return undefined;
        break;
      case "variables":
        for (const declaration of statement.declarations) {
          if (declaration.initializer !== undefined && !collectNames(declaration.initializer, used)) return undefined;
        }
        break;
      default:
        return undefined;
    }
  }
  if (!imported.every((name) => used.has(name))) return undefined;
  if (specifiers.some((s) => text.slice(s.start + 1, s.end - 1) !== s.text)) return undefined;
  return { code: text, specifiers };
}

/** Adds the names an expression reads to `names`; false for anything it cannot see into. */
function collectNames(expression: S.Expression, names: Set<string>): boolean {
  switch (expression.kind) {
    case "string":
    case "number":
    case "boolean":
    case "null":
      return true;
    case "identifier":
      names.add(expression.name);
      return true;
    case "property-access":
      return collectNames(expression.object, names);
    case "element-access":
      return collectNames(expression.object, names) && collectNames(expression.argument, names);
    case "prefix":
      return collectNames(expression.operand, names);
    case "wrapper":
      return collectNames(expression.expression, names);
    case "call":
      return collectNames(expression.callee, names) && expression.arguments.every((a) => collectNames(a, names));
    case "array":
      return expression.elements.every((element) =>
        collectNames(element.kind === "spread-element" ? element.expression : element, names),
      );
    case "object":
      return expression.members.every((member) => {
        switch (member.kind) {
          case "keyed":
            return (
              (member.name.kind !== "computed" || collectNames(member.name.expression, names)) &&
              member.name.kind !== "other" &&
              collectNames(member.value, names)
            );
          case "shorthand":
            names.add(member.name.name);
            return true;
          case "spread":
            return collectNames(member.expression, names);
          default:
            return false;
        }
      });
    default:
      return false;
  }
}

/** The file a relative specifier names (see `candidateFiles`); adds each path it looked at to `tried`. */
function resolveRelative(fromDir: string, specifier: string, tried: Set<string>): string | undefined {
  return candidateFiles(fromDir, specifier).find((candidate) => {
    tried.add(candidate);
    return isFile(candidate);
  });
}

/** The relative specifiers of static and dynamic imports and of re-exports, in source order. */
function relativeSpecifiers(ts: TypeScript, code: string): Transpiled["specifiers"] {
  const source = ts.createSourceFile("module.mjs", code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const found: Transpiled["specifiers"][number][] = [];
  const visit = (node: ts.Node): void => {
    const dynamic = ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword;
    const specifier =
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier !== undefined
        ? node.moduleSpecifier
        : dynamic
          ? node.arguments[0]
          : undefined;
    if (specifier !== undefined && ts.isStringLiteral(specifier) && isRelativeSpecifier(specifier.text)) {
      const start = specifier.getStart(source);
      found.push(
        dynamic
          ? { start, end: specifier.end, text: specifier.text, dynamic }
          : { start, end: specifier.end, text: specifier.text },
      );
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found.sort((a, b) => a.start - b.start);
}

function spanOf(ts: TypeScript, file: string, text: string, d: ts.Diagnostic): Span {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest);
  const start = source.getLineAndCharacterOfPosition(d.start ?? 0);
  const end = source.getLineAndCharacterOfPosition((d.start ?? 0) + (d.length ?? 0));
  return {
    file,
    start: { line: start.line + 1, column: start.character + 1 },
    end: { line: end.line + 1, column: end.character + 1 },
  };
}
