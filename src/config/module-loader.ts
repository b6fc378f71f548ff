import { createHash } from "node:crypto";
import { readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
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
 * Imports a TypeScript (or JavaScript) module and returns its namespace. A TypeScript file is
 * transpiled, with the relative TypeScript files it imports, into hidden `.mjs` files beside
 * each source, imported, and the temporary files removed. Beside the source, not in a cache
 * folder, because only there do package imports (including a package importing itself by
 * name) and relative imports resolve exactly as they would for the user. The names hash the
 * content: after an edit the import gets a new URL, so Node's module cache never serves a
 * stale config (watch mode relies on this).
 */
export async function importModule(file: string): Promise<Record<string, unknown>> {
  if (!TS_EXTENSIONS.some((ext) => file.endsWith(ext))) {
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  }
  const written = new Map<string, string>();
  try {
    const entry = transpileGraph(file, new Map(), written);
    return (await import(entry)) as Record<string, unknown>;
  } catch (error) {
    throw withSourcePaths(error, written);
  } finally {
    for (const temp of written.keys()) rmSync(temp, { force: true });
  }
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

/** Transpiles `file` and the relative TypeScript files it imports; returns the entry's URL. */
function transpileGraph(file: string, done: Map<string, string>, written: Map<string, string>): string {
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
    if (target === undefined || !TS_EXTENSIONS.some((ext) => target.endsWith(ext))) return undefined;
    return transpileGraph(target, done, written);
  });
  const hash = createHash("sha256").update(code).digest("hex").slice(0, 12);
  const out = join(dirname(file), `.${basename(file)}.${hash}.mjs`);
  writeFileSync(out, code);
  written.set(out, file);
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
