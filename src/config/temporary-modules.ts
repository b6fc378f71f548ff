import { createHash, randomBytes } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, isAbsolute, join } from "node:path";
import { SourceMap, type SourceMapPayload } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ModuleSyntaxError, type ModuleGraph } from "./transpile.js";
import { messageOf } from "../util/errors.js";
import { isWithin } from "../util/files.js";
import { escapeRegExp } from "../util/regexp.js";
import { rangeSpan } from "../extract/spans.js";
import { parseModuleText } from "../syntax/parse.js";
import { lineStarts } from "../syntax/tree.js";

/*
 * The hidden `.mjs` files a transpiled config runs from: written beside their sources, removed
 * after the import (or at exit and on a signal when a lazy import still needs them), and
 * replaced by their sources' paths in the errors thrown from them.
 */

/** Names of the temporary modules: `.<source name>.<12 hex: content>.<8 hex: this load>.mjs`. */
export const TEMPORARY_MODULE = /^\..+\.[0-9a-f]{12}\.[0-9a-f]{8}\.mjs$/;

const removedAtExit = new Set<string>();

const EXIT_SIGNALS: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

/**
 * Temporary modules a lazy import may still need: removed when the process exits, or when a
 * signal ends it (Ctrl-C during `plan`). On a signal, the files go and the signal then does
 * what it would have done: ends the process, unless another listener (watch) handles it.
 */
export function removeAtExit(paths: Iterable<string>): void {
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
    // First of the signal's listeners, whenever added: one added earlier (watch's) may take
    // itself off as it handles the signal, and this one would then see none and end the process.
    for (const signal of EXIT_SIGNALS) process.prependListener(signal, onSignal);
  }
  for (const path of paths) removedAtExit.add(path);
}

/** A place in a source file, 1-based as diagnostics count. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** An error thrown while a module ran, with the source file and place it was thrown from when known. */
export class ModuleRuntimeError extends Error {
  constructor(
    message: string,
    readonly file: string | undefined,
    cause: unknown,
    readonly position?: SourcePosition | undefined,
    /** What to do, when the cause is one the loader recognised. */
    readonly advice?: string | undefined,
  ) {
    super(message, { cause });
  }
}

/** A temporary module as written: its source, and how to take a place in it back to the source. */
export interface WrittenModule {
  readonly source: string;
  /** The transpiled code's source map (JSON); none when the code is the source as written. */
  readonly map: string | undefined;
  /** Specifiers rewritten to URLs: where each begins (0-based line and column of the written code) and how much longer it made its line. */
  readonly rewrites: readonly { readonly line: number; readonly column: number; readonly longer: number }[];
}

/**
 * Errors from running the config name the temporary files; the user knows only their sources.
 * The message is rewritten to name those, and the error is placed at the first frame of its
 * stack in the project (below `root`, outside node_modules): a temporary module's place taken
 * back to its source (through the rewritten specifiers, then the source map), a JavaScript
 * file's as it is, since it runs as written. A frame in a package or in Node is passed over: the
 * user's place is where the config called it. The original error is kept as `cause`.
 */
export function placeThrown(error: unknown, written: ReadonlyMap<string, WrittenModule>, root: string): unknown {
  if (error instanceof ModuleSyntaxError) return error;
  let message = messageOf(error);
  const modules = new Map<string, WrittenModule>();
  for (const [temp, module] of written) {
    const url = pathToFileURL(temp).href;
    message = message.split(url).join(module.source).split(temp).join(module.source);
    // A frame names a module by its URL, or by its path where a loader other than Node's ran it.
    modules.set(url, module).set(temp, module);
  }
  const stack = error instanceof Error ? (error.stack ?? "") : "";
  for (const frame of stackFrames(stack)) {
    const module = modules.get(frame.location);
    if (module !== undefined) {
      return new ModuleRuntimeError(message, module.source, error, sourcePosition(module, frame));
    }
    const file = projectFile(frame.location, root);
    if (file !== undefined) return new ModuleRuntimeError(message, file, error, frame);
  }
  return missingPackage(message, error) ?? new ModuleRuntimeError(message, undefined, error);
}

/**
 * A package the config (or a module it imports) imports but that is not installed: placed at
 * the import's specifier, which Node's error names no place of, with what to do.
 */
function missingPackage(message: string, error: unknown): ModuleRuntimeError | undefined {
  const missing = /^Cannot find package '([^']+)' imported from (.+)$/.exec(message);
  if (missing === null) return undefined;
  const [, name, importer] = missing as unknown as [string, string, string];
  const advice = `Install it (npm install ${name}), or correct the name in the import.`;
  let text: string;
  try {
    text = readFileSync(importer, "utf8");
  } catch {
    return new ModuleRuntimeError(message, undefined, error, undefined, advice);
  }
  const at = importOf(text, name);
  return new ModuleRuntimeError(message, importer, error, at === undefined ? undefined : placeOf(text, at), advice);
}

/** Where `text` imports package `name` (or a path into it, `dotenv/config`): the specifier's offset. */
function importOf(text: string, name: string): number | undefined {
  const names = (specifier: string) => specifier === name || specifier.startsWith(`${name}/`);
  const file = parseModuleText(text);
  if (file !== undefined) {
    for (const statement of file.statements) {
      if ((statement.kind === "import" || statement.kind === "export") && statement.specifier !== undefined) {
        if (names(statement.specifier.value)) return statement.specifier.start;
      }
    }
  }
  // Our parser declined the file, or the import is a dynamic one: the specifier after `from` or `import`.
  const quoted = new RegExp(`(?:\\bfrom|\\bimport)\\s*\\(?\\s*(["'\`])${escapeRegExp(name)}[/"'\`]`).exec(text);
  return quoted === null ? undefined : quoted.index + quoted[0].length - name.length - 2;
}

/** The 1-based line and column of an offset in `text`. */
export function placeOf(text: string, offset: number): SourcePosition {
  return rangeSpan({ path: "", lineStarts: lineStarts(text) }, offset, offset).start;
}

/** A place in a stack: a module's URL (or path) and a 1-based line and column in it. */
interface StackFrame extends SourcePosition {
  readonly location: string;
}

/**
 * The frames of a V8 stack, innermost first, past its message (which may name a module too).
 * A syntax error in a JavaScript module has its place first instead, as `url:line`, then the
 * line and a caret under the column.
 */
export function stackFrames(stack: string): StackFrame[] {
  const lines = stack.split("\n");
  const frames: StackFrame[] = [];
  const parsed = /^(\S+):(\d+)$/.exec(lines[0] ?? "");
  const caret = lines[2]?.indexOf("^") ?? -1;
  if (parsed !== null && caret !== -1)
    frames.push({ location: parsed[1]!, line: Number(parsed[2]), column: caret + 1 });
  for (const line of lines) {
    const at = /^\s+at (?:.* \()?(.+):(\d+):(\d+)\)?$/.exec(line);
    if (at !== null) frames.push({ location: at[1]!, line: Number(at[2]), column: Number(at[3]) });
  }
  return frames;
}

/** This tool's compiled code (dist/, or src/ when run from source). */
const TOOL = dirname(dirname(fileURLToPath(import.meta.url)));

/** The file a frame's location names, when it is the user's: below `root` and outside node_modules. */
function projectFile(location: string, root: string): string | undefined {
  let path: string;
  try {
    // A module imported with its content's hash as a query (`?v=...`): the file is without it.
    path = location.startsWith("file:") ? fileURLToPath(location.replace(/\?.*$/, "")) : location.replace(/\?.*$/, "");
  } catch {
    return undefined;
  }
  if (!isAbsolute(path) || !isWithin(path, root) || path.split(/[\\/]/).includes("node_modules")) return undefined;
  // The loader's own frames (the tool inside the project, in a workspace) are never the user's place.
  return isWithin(path, TOOL) ? undefined : path;
}

/** A place in a written module as a place in its source. */
function sourcePosition(module: WrittenModule, place: SourcePosition): SourcePosition | undefined {
  const line = place.line - 1;
  let column = place.column - 1;
  // Later rewrites on the line first: each one's column counts the ones before it.
  for (let i = module.rewrites.length - 1; i >= 0; i--) {
    const rewrite = module.rewrites[i]!;
    if (rewrite.line === line && rewrite.column < column) column = Math.max(rewrite.column, column - rewrite.longer);
  }
  if (module.map === undefined) return { line: line + 1, column: column + 1 };
  const entry = new SourceMap(JSON.parse(module.map) as SourceMapPayload).findEntry(line, column) as Partial<{
    originalLine: number;
    originalColumn: number;
  }>;
  if (entry.originalLine === undefined || entry.originalColumn === undefined) return undefined;
  return { line: entry.originalLine + 1, column: entry.originalColumn + 1 };
}

/**
 * Writes each module of the graph beside its source, its relative imports pointing at the
 * others' files; returns the entry's URL. Every name is known before any is written, so imports
 * in a cycle point at the right files too. `written` receives each file (temporary -> its source, and
 * what places an error thrown in it there).
 */
export function writeGraph(graph: ModuleGraph, written: Map<string, WrittenModule>): string {
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
    const { code: transpiled, specifiers, map } = module.transpiled;
    let code = "";
    let from = 0;
    let line = 0;
    const rewrites: { line: number; column: number; longer: number }[] = [];
    for (let i = 0; i < specifiers.length; i++) {
      const target = module.targets[i];
      if (target === undefined) continue;
      const { start, end } = specifiers[i]!;
      const to = JSON.stringify("module" in target ? url(target.module) : target.url);
      const before = transpiled.slice(from, start);
      line += before.split("\n").length - 1;
      code += before;
      // Specifiers hold no line break, so lines stay as they were; only columns after one move.
      rewrites.push({ line, column: code.length - (code.lastIndexOf("\n") + 1), longer: to.length - (end - start) });
      code += to;
      from = end;
    }
    code += transpiled.slice(from);
    const out = paths.get(file)!;
    written.set(out, { source: file, map, rewrites });
    writeFileSync(out, code);
  }
  return url(graph.entry);
}
