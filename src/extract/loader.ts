import * as path from "node:path";
import { Codes, diagnostic } from "../diagnostics/catalogue.js";
import { fileSpan, type Diagnostic } from "../diagnostics/diagnostic.js";
import { indexModule, type SourceModule } from "./modules.js";
import { candidateFiles, isMissingFile } from "../util/files.js";
import { parseWithTypeScript } from "./from-typescript-ast.js";
import { parseJsonModuleText, parseModuleText } from "../syntax/parse.js";
import type { FileReader } from "./reader.js";
import { messageOf } from "../util/errors.js";
import { nodeSpan, rangeSpan } from "./spans.js";
import { lineStarts, type StringLiteral } from "../syntax/tree.js";

/** Syntax errors reported per file: after the first few, the parser's messages mostly echo them. */
const MAX_SYNTAX_ERRORS = 3;

/**
 * Which parser reads files. Our parser takes the files it fully understands and declines the
 * others, which TypeScript's parser then reads; `typescript` sends every file to TypeScript.
 * Only tests change this, to check that both ways give the same result.
 */
export const parsing: { mode: "fast" | "typescript"; readonly counts: { fast: number; declined: number } } = {
  mode: "fast",
  /** Files read by our parser, and files it declined (or that were sent to TypeScript directly). */
  counts: { fast: 0, declined: 0 },
};

/** What parsing a text gave: a module, or syntax errors (which make the whole file unusable). */
type ParseResult =
  | { readonly kind: "loaded"; readonly module: SourceModule }
  | { readonly kind: "invalid"; readonly diagnostics: readonly Diagnostic[] };

export type LoadResult = ParseResult | { readonly kind: "unreadable"; readonly error: unknown };

/** Parse results by path, with the text each was parsed from; a cache keeps one across calls. */
export type ParseCache = Map<string, { readonly text: string; readonly result: ParseResult }>;

/**
 * A file loaded, or what says why it could not be. Diagnostics are returned rather than
 * reported so that every event that needs the file can report them, not just the first.
 */
export interface Loaded {
  readonly module: SourceModule | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/** Where a relative specifier led (see Loaded). */
export interface Resolution extends Loaded {
  /** Every path read while resolving, in order: all but the last were missing. */
  readonly tried: readonly string[];
}

/**
 * Loads and parses files and resolves relative imports between them, each once per extraction
 * however many events need it. Parses come from `parsed`, when given, while a file's text is
 * unchanged; without it, an event file's parse can be released once the event is extracted.
 */
export class ModuleLoader {
  private readonly results = new Map<string, LoadResult>();
  /**
   * Weak, so that the resolutions of a released file's specifiers go with its syntax tree: no
   * other file's specifier nodes can ask for them.
   */
  private readonly resolutions = new WeakMap<StringLiteral, Resolution>();
  /** Resolutions that found a module, by the importing file's folder and the specifier. */
  private readonly resolved = new Map<string, Resolution>();
  /** Files that an import or re-export led to: other files may need them again, so they are kept. */
  private readonly imported = new Set<string>();

  constructor(
    private readonly reader: FileReader,
    private readonly parsed: ParseCache | undefined,
  ) {}

  /** Loads an event file: its module, or why there is none (it cannot be read, or has syntax errors). */
  loadEventFile(file: string): Loaded {
    const result = this.load(file);
    switch (result.kind) {
      case "loaded":
        return { module: result.module, diagnostics: [] };
      case "invalid":
        return { module: undefined, diagnostics: result.diagnostics };
      case "unreadable":
        return { module: undefined, diagnostics: [unreadable(file, result.error)] };
    }
  }

  /** Reads and parses a file, once per extraction. */
  load(file: string): LoadResult {
    let result = this.results.get(file);
    if (result === undefined) {
      const state = this.reader.read(file);
      result = state.kind === "text" ? this.parse(file, state.text) : { kind: "unreadable", error: state.error };
      this.results.set(file, result);
    }
    return result;
  }

  /**
   * Forgets the parse of an event file that has been extracted, so that a large project does not
   * hold every syntax tree at once: only what values and diagnostics copied from it remains. A
   * file that some import led to is kept, as other events may import it too. Should a later file
   * import a released one, it is parsed again from the text read before, which gives the same
   * result. A parse kept in `parsed` (a cache) stays there.
   */
  release(file: string): void {
    if (!this.imported.has(file)) this.results.delete(file);
  }

  /** Whether the loader holds what loading `file` gave (see `release`). */
  holds(file: string): boolean {
    return this.results.has(file);
  }

  /**
   * Resolves a relative specifier written in `from`, once per extraction. Where a specifier led
   * from a folder, when it led to a module, holds for every file of that folder: the events of
   * one folder import the same helpers, and resolving a path again for each cost a measurable
   * part of extraction. A failed resolution is not shared, as its diagnostic points at the
   * specifier as written in its own file.
   */
  resolve(from: SourceModule, specifier: StringLiteral): Resolution {
    let resolution = this.resolutions.get(specifier);
    if (resolution === undefined) {
      const key = `${path.dirname(from.path)}\0${specifier.value}`;
      resolution = this.resolved.get(key);
      if (resolution === undefined) {
        resolution = this.findModule(from, specifier);
        if (resolution.module !== undefined) this.resolved.set(key, resolution);
      }
      this.resolutions.set(specifier, resolution);
    }
    return resolution;
  }

  private findModule(from: SourceModule, specifier: StringLiteral): Resolution {
    const tried: string[] = [];
    for (const candidate of candidateFiles(path.dirname(from.path), specifier.value)) {
      tried.push(candidate);
      const result = this.load(candidate);
      if (result.kind !== "unreadable") this.imported.add(candidate);
      if (result.kind === "loaded") return { module: result.module, tried, diagnostics: [] };
      // The file exists, so "not found" would mislead: its own problems are the diagnostics.
      if (result.kind === "invalid") return { module: undefined, tried, diagnostics: result.diagnostics };
      if (!isMissingFile(result.error)) return notResolved(tried, unreadable(candidate, result.error));
    }
    const params = {
      specifier: specifier.value,
      tried: tried.map((candidate) => relativeSpecifier(path.dirname(from.path), candidate)),
      json: specifier.value.endsWith(".json"),
    };
    return notResolved(tried, diagnostic(Codes.ImportNotFound, params, { span: nodeSpan(specifier, from) }));
  }

  private parse(file: string, text: string): ParseResult {
    const cached = this.parsed?.get(file);
    if (cached?.text === text) return cached.result;
    const result = parseModule(file, text);
    this.parsed?.set(file, { text, result });
    return result;
  }
}

/** A path as a relative specifier from `folder` would name it: `./shared.ts`, `../data/body.json`. */
function relativeSpecifier(folder: string, file: string): string {
  const relative = path.relative(folder, file).split(path.sep).join("/");
  return relative.startsWith("../") ? relative : `./${relative}`;
}

function notResolved(tried: readonly string[], problem: Diagnostic): Resolution {
  return { module: undefined, tried, diagnostics: [problem] };
}

function unreadable(file: string, error: unknown): Diagnostic {
  return diagnostic(Codes.FileUnreadable, { reason: messageOf(error) }, { span: fileSpan(file), cause: error });
}

/**
 * Parses without binding or type checking: only syntax errors are found, all that reading data
 * needs. Our parser reads the file if it can; any file it declines goes to TypeScript, which also
 * reports the syntax errors.
 */
function parseModule(file: string, text: string): ParseResult {
  if (file.endsWith(".json")) return parseJsonModule(file, text);
  const fast = parsing.mode === "fast" ? parseModuleText(text) : undefined;
  if (fast !== undefined) {
    parsing.counts.fast += 1;
    return { kind: "loaded", module: indexModule(file, fast) };
  }
  parsing.counts.declined += 1;
  const parsed = parseWithTypeScript(file, text, MAX_SYNTAX_ERRORS);
  switch (parsed.kind) {
    case "parsed":
      return { kind: "loaded", module: indexModule(file, parsed.file) };
    case "too deep": {
      const reason =
        "the file is nested too deeply to parse (thousands of levels); flatten it: a sample may nest at most 32 levels.";
      return {
        kind: "invalid",
        diagnostics: [diagnostic(Codes.SyntaxError, { reason }, { span: fileSpan(file), cause: parsed.error })],
      };
    }
    case "invalid": {
      const located = { path: file, lineStarts: lineStarts(text) };
      const diagnostics = parsed.problems.map(({ start, end, message }) =>
        diagnostic(Codes.SyntaxError, { reason: message }, { span: rangeSpan(located, start, end) }),
      );
      return { kind: "invalid", diagnostics };
    }
  }
}

/** A JSON file as a module whose default export is the document (see parseJsonModuleText). */
function parseJsonModule(file: string, text: string): ParseResult {
  const parsed = parseJsonModuleText(text);
  if (parsed !== undefined && "file" in parsed) return { kind: "loaded", module: indexModule(file, parsed.file) };
  // Valid JSON that our parser declines: say which of the two reasons it has.
  const reason =
    parsed !== undefined
      ? `${parsed.error.message} (not valid JSON)`
      : /[\u2028\u2029]/.test(text)
        ? "this JSON file holds a raw line or paragraph separator (U+2028, U+2029), which is not read here; write it as \\u2028 or \\u2029"
        : "this JSON file nests too deeply to be read (more than 200 levels); flatten it: a sample may nest at most 32 levels";
  const offset = parsed === undefined ? 0 : parsed.error.offset;
  const span = rangeSpan({ path: file, lineStarts: lineStarts(text) }, offset, offset);
  return { kind: "invalid", diagnostics: [diagnostic(Codes.SyntaxError, { reason }, { span })] };
}
