import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { pathToFileURL } from "node:url";
import type * as ts from "typescript";
import { candidateFiles, isFile, isRelativeSpecifier } from "../util/files.js";
import { loadCompiler, type TypeScript } from "../util/compiler.js";
import type { Span } from "../diagnostics/diagnostic.js";
import { asJavaScript } from "./plain-javascript.js";

/*
 * Transpiling a config's TypeScript modules: the entry and the relative TypeScript files it
 * imports, each from the transpile cache or through TypeScript (unless it is JavaScript already).
 */

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

/** A module transpiled to JavaScript, as cached. */
export interface Transpiled {
  readonly code: string;
  /**
   * TypeScript's source map from `code` to the source (its JSON), so that an error thrown while
   * the config runs is placed in what the user wrote; none when `code` is the source as written.
   */
  readonly map?: string | undefined;
  /** Relative import specifiers of `code`: the string literal's offsets, its text, and whether it is an `import()`. */
  readonly specifiers: readonly {
    readonly start: number;
    readonly end: number;
    readonly text: string;
    readonly dynamic?: boolean;
  }[];
}

/** The TypeScript modules a config reaches through relative imports, transpiled. */
export interface ModuleGraph {
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
export function transpileGraph(entry: string, cache: TranspileCache | undefined, inputs: Set<string>): ModuleGraph {
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
  const transpiled = plain ?? transpile(loadCompiler(), file, text);
  cache?.write(name, JSON.stringify(transpiled));
  return transpiled;
}

/** A damaged entry must read as a miss: every specifier a string inside the code's bounds, in order. */
function isTranspiled(value: unknown): value is Transpiled {
  if (typeof value !== "object" || value === null) return false;
  const { code, specifiers, map } = value as Record<string, unknown>;
  if (typeof code !== "string" || !Array.isArray(specifiers)) return false;
  if (map !== undefined && typeof map !== "string") return false;
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

/**
 * Where JavaScript that Node refused to compile (a SyntaxError, which Node 20 gives with no
 * place for a module) goes wrong, as TypeScript's parser finds it; undefined if it finds nothing.
 */
export function syntaxErrorSpan(file: string, text: string): Span | undefined {
  const ts = loadCompiler();
  const problem = firstError(ts, ts.transpileModule(text, { fileName: file, reportDiagnostics: true }));
  return problem === undefined ? undefined : spanOf(ts, file, text, problem);
}

/** The first error TypeScript found transpiling a module, if any. */
function firstError(ts: TypeScript, output: ts.TranspileOutput): ts.Diagnostic | undefined {
  return output.diagnostics?.find((d) => d.category === ts.DiagnosticCategory.Error);
}

function transpile(ts: TypeScript, file: string, text: string): Transpiled {
  const output = ts.transpileModule(text, {
    fileName: file,
    reportDiagnostics: true,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: true },
  });
  const problem = firstError(ts, output);
  if (problem !== undefined) {
    throw new ModuleSyntaxError(
      ts.flattenDiagnosticMessageText(problem.messageText, "\n"),
      spanOf(ts, file, text, problem),
    );
  }
  // The code without the map's comment: the map is kept beside it, and the temporary file is not where the source is.
  const code = output.outputText.replace(/\n\/\/# sourceMappingURL=\S*\s*$/, "\n");
  return { code, specifiers: relativeSpecifiers(ts, code), map: output.sourceMapText };
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
