import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ts } from "ts-morph";
import type { Span } from "../diagnostics/diagnostic.js";

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

/**
 * Imports a TypeScript (or JavaScript) module and returns its namespace. TypeScript files are
 * transpiled, with their relative TypeScript imports, into a cache folder beside the nearest
 * node_modules, so that package imports in them resolve as they would for the user. Cached file
 * names hash their content: after an edit, the import gets a new URL and Node's module cache
 * never serves a stale config (watch mode relies on this).
 */
export async function importModule(file: string): Promise<Record<string, unknown>> {
  const entry = TS_EXTENSIONS.some((ext) => file.endsWith(ext))
    ? transpileGraph(file, cacheFolder(dirname(file)), new Map())
    : pathToFileURL(file).href;
  const namespace: unknown = await import(entry);
  return namespace as Record<string, unknown>;
}

function cacheFolder(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "node_modules"))) return join(dir, "node_modules", ".cache", "ductape-events", "config");
    if (dirname(dir) === dir) return join(tmpdir(), "ductape-events-config");
  }
}

/** Transpiles `file` and the relative TypeScript files it imports; returns the entry's URL. */
function transpileGraph(file: string, outDir: string, done: Map<string, string>): string {
  const known = done.get(file);
  if (known !== undefined) return known;
  // A cycle reaches here again before the URL is known; the placeholder keeps it finite.
  done.set(file, pathToFileURL(file).href);

  const text = readFileSync(file, "utf8");
  const output = ts.transpileModule(text, {
    fileName: file,
    reportDiagnostics: true,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: false },
  });
  const problem = output.diagnostics?.find((d) => d.category === ts.DiagnosticCategory.Error);
  if (problem !== undefined) throw new ModuleSyntaxError(flatten(problem.messageText), spanOf(file, text, problem));

  const code = rewriteSpecifiers(output.outputText, (specifier) => {
    if (!specifier.startsWith("./") && !specifier.startsWith("../")) return undefined;
    const target = resolveRelative(dirname(file), specifier);
    if (target === undefined) return undefined;
    return TS_EXTENSIONS.some((ext) => target.endsWith(ext))
      ? transpileGraph(target, outDir, done)
      : pathToFileURL(target).href;
  });
  const hash = createHash("sha256").update(file).update("\0").update(code).digest("hex").slice(0, 16);
  const out = join(outDir, `${hash}.mjs`);
  if (!existsSync(out)) {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(out, code);
  }
  const url = pathToFileURL(out).href;
  done.set(file, url);
  return url;
}

/** Resolves a relative specifier as TypeScript users write it (`./x.js` may name `./x.ts`). */
function resolveRelative(fromDir: string, specifier: string): string | undefined {
  const base = resolve(fromDir, specifier);
  const candidates = [base, ...TS_EXTENSIONS.map((ext) => base + ext), join(base, "index.ts")];
  if (/\.[mc]?js$/.test(base)) candidates.splice(1, 0, base.replace(/js$/, "ts"));
  return candidates.find(isFile);
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}

/** Replaces static and dynamic import specifiers; `replace` returns undefined to keep one. */
function rewriteSpecifiers(code: string, replace: (specifier: string) => string | undefined): string {
  const source = ts.createSourceFile("module.mjs", code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const edits: { start: number; end: number; text: string }[] = [];
  const visit = (node: ts.Node): void => {
    const specifier =
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier !== undefined
        ? node.moduleSpecifier
        : ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword
          ? node.arguments[0]
          : undefined;
    if (specifier !== undefined && ts.isStringLiteral(specifier)) {
      const replacement = replace(specifier.text);
      if (replacement !== undefined) {
        edits.push({ start: specifier.getStart(source), end: specifier.end, text: JSON.stringify(replacement) });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  let out = code;
  for (const edit of edits.sort((a, b) => b.start - a.start)) {
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  }
  return out;
}

function flatten(message: string | ts.DiagnosticMessageChain): string {
  return ts.flattenDiagnosticMessageText(message, "\n");
}

function spanOf(file: string, text: string, d: ts.Diagnostic): Span {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest);
  const start = source.getLineAndCharacterOfPosition(d.start ?? 0);
  const end = source.getLineAndCharacterOfPosition((d.start ?? 0) + (d.length ?? 0));
  return {
    file,
    start: { line: start.line + 1, column: start.character + 1 },
    end: { line: end.line + 1, column: end.character + 1 },
  };
}
