import * as path from "node:path";
import { ts } from "ts-morph";
import { Codes, diagnostic } from "../diagnostics/catalogue.js";
import { fileSpan, type Diagnostic } from "../diagnostics/diagnostic.js";
import { indexModule, type SourceModule } from "./modules.js";
import { nodeSpan, rangeSpan } from "./spans.js";

/** Syntax errors reported per file: after the first few, the parser's messages mostly echo them. */
const MAX_SYNTAX_ERRORS = 3;

/** The TypeScript source extension for each JavaScript extension that specifiers are written with. */
const SOURCE_EXTENSIONS: ReadonlyMap<string, string> = new Map([
  [".js", ".ts"],
  [".mjs", ".mts"],
  [".cjs", ".cts"],
]);
const TYPESCRIPT_EXTENSIONS: ReadonlySet<string> = new Set(SOURCE_EXTENSIONS.values());

/** Error codes of reads that mean "nothing there", so the next candidate path is tried. */
const MISSING_FILE_CODES: ReadonlySet<string> = new Set(["ENOENT", "ENOTDIR", "EISDIR"]);

/**
 * `parseDiagnostics` is internal to TypeScript but always set by createSourceFile; the public
 * way to get syntax errors needs a whole Program, which is several times slower.
 */
interface ParsedSourceFile extends ts.SourceFile {
  readonly parseDiagnostics?: readonly ts.DiagnosticWithLocation[];
}

type LoadResult =
  | { readonly kind: "loaded"; readonly module: SourceModule }
  | { readonly kind: "unreadable"; readonly error: unknown }
  /** The file has syntax errors, already reported. */
  | { readonly kind: "invalid" };

/** True for specifiers naming a file of the project (`./x.js`, `../x`) rather than a package. */
export function isRelativeSpecifier(specifier: string): boolean {
  return specifier === "." || specifier === ".." || specifier.startsWith("./") || specifier.startsWith("../");
}

/**
 * Reads and parses files, each at most once per extraction however many events import it, and
 * resolves relative imports between them. Problems are appended to `diagnostics`.
 */
export class ModuleLoader {
  /** Text of every file read, for code frames. */
  readonly sources = new Map<string, string>();
  private readonly results = new Map<string, LoadResult>();
  private readonly resolved = new Map<ts.StringLiteral, SourceModule | undefined>();

  constructor(
    private readonly readFile: (path: string) => string,
    private readonly diagnostics: Diagnostic[],
  ) {}

  /** Loads an event file; undefined when it cannot be read or parsed, which is reported. */
  loadEventFile(file: string): SourceModule | undefined {
    const result = this.load(file);
    if (result.kind === "unreadable") this.reportUnreadable(file, result.error);
    return result.kind === "loaded" ? result.module : undefined;
  }

  /**
   * The module that a relative specifier in `from` names, or undefined when there is none (which
   * is reported once per specifier, however often its names are used).
   */
  resolveImport(from: SourceModule, specifier: ts.StringLiteral): SourceModule | undefined {
    if (this.resolved.has(specifier)) return this.resolved.get(specifier);
    const module = this.findModule(from, specifier);
    this.resolved.set(specifier, module);
    return module;
  }

  private findModule(from: SourceModule, specifier: ts.StringLiteral): SourceModule | undefined {
    const base = path.resolve(path.dirname(from.path), specifier.text);
    for (const candidate of candidatePaths(base)) {
      const result = this.load(candidate);
      if (result.kind === "loaded") return result.module;
      // The file exists, so "not found" would mislead: its own problem was (or is now) reported.
      if (result.kind === "invalid") return undefined;
      if (!isMissingFile(result.error)) {
        this.reportUnreadable(candidate, result.error);
        return undefined;
      }
    }
    const span = nodeSpan(specifier, from);
    this.diagnostics.push(diagnostic(Codes.ImportNotFound, { specifier: specifier.text }, { span }));
    return undefined;
  }

  private reportUnreadable(file: string, error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error);
    this.diagnostics.push(diagnostic(Codes.FileUnreadable, { reason }, { span: fileSpan(file), cause: error }));
  }

  private load(file: string): LoadResult {
    let result = this.results.get(file);
    if (result === undefined) {
      result = this.read(file);
      this.results.set(file, result);
    }
    return result;
  }

  private read(file: string): LoadResult {
    let text: string;
    try {
      text = this.readFile(file);
    } catch (error) {
      return { kind: "unreadable", error };
    }
    this.sources.set(file, text);
    const sourceFile = this.parse(file, text);
    return sourceFile === undefined ? { kind: "invalid" } : { kind: "loaded", module: indexModule(file, sourceFile) };
  }

  /** Parses without binding or type checking: only syntax errors are found, all that reading data needs. */
  private parse(file: string, text: string): ts.SourceFile | undefined {
    let sourceFile: ParsedSourceFile;
    try {
      // No parent pointers: nothing here reads `node.parent` (spans and excerpts are given the
      // source file), and setting them costs a quarter of the parse time.
      sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
    } catch (error) {
      // The parser is recursive, so a few hundred levels of nesting overflow the stack.
      if (!(error instanceof RangeError)) throw error;
      const reason = "the file is nested too deeply to parse.";
      this.diagnostics.push(diagnostic(Codes.SyntaxError, { reason }, { span: fileSpan(file), cause: error }));
      return undefined;
    }
    const errors = sourceFile.parseDiagnostics ?? [];
    for (const error of errors.slice(0, MAX_SYNTAX_ERRORS)) {
      const reason = ts.flattenDiagnosticMessageText(error.messageText, "\n");
      const span = rangeSpan({ path: file, sourceFile }, error.start, error.start + error.length);
      this.diagnostics.push(diagnostic(Codes.SyntaxError, { reason }, { span }));
    }
    return errors.length === 0 ? sourceFile : undefined;
  }
}

/**
 * True when a read failed because there is no such file, as opposed to, say, a permission error.
 * Errors without a code (from an injected `readFile`) count as missing.
 */
function isMissingFile(error: unknown): boolean {
  const code: unknown = error instanceof Error && "code" in error ? error.code : undefined;
  return code === undefined || MISSING_FILE_CODES.has(String(code));
}

/**
 * The files a specifier may name, in the order TypeScript tries them: users write `./x.js` for
 * the source `./x.ts` (NodeNext), or `./x` for `./x.ts` or `./x/index.ts` (bundler).
 */
function candidatePaths(base: string): string[] {
  const extension = path.extname(base);
  const sourceExtension = SOURCE_EXTENSIONS.get(extension);
  if (sourceExtension !== undefined) return [base.slice(0, -extension.length) + sourceExtension, base];
  if (TYPESCRIPT_EXTENSIONS.has(extension)) return [base];
  return [`${base}.ts`, path.join(base, "index.ts")];
}
