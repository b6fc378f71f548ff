import { createHash, randomBytes } from "node:crypto";
import { rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { SourceMap, type SourceMapPayload } from "node:module";
import { pathToFileURL } from "node:url";
import { ModuleSyntaxError, type ModuleGraph } from "./transpile.js";
import { messageOf } from "../util/errors.js";

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
 * The message is rewritten to name those, the place that threw is taken from the stack's first
 * frame in a module of ours and back to the source (through the rewritten specifiers, then the
 * source map), and the original error is kept as `cause`.
 */
export function withSourcePaths(error: unknown, written: ReadonlyMap<string, WrittenModule>): unknown {
  if (error instanceof ModuleSyntaxError) return error;
  let message = messageOf(error);
  const stack = error instanceof Error ? (error.stack ?? "") : "";
  let thrownAt: { index: number; module: WrittenModule; name: string } | undefined;
  for (const [temp, module] of written) {
    const url = pathToFileURL(temp).href;
    message = message.split(url).join(module.source).split(temp).join(module.source);
    // A frame names a module by its URL, or by its path where a loader other than Node's ran it.
    for (const name of [url, temp]) {
      const index = stack.indexOf(name);
      if (index !== -1 && (thrownAt === undefined || index < thrownAt.index)) thrownAt = { index, module, name };
    }
  }
  if (thrownAt === undefined) return new ModuleRuntimeError(message, undefined, error);
  const place = placeAfter(stack, thrownAt.index + thrownAt.name.length);
  const position = place === undefined ? undefined : sourcePosition(thrownAt.module, place);
  return new ModuleRuntimeError(message, thrownAt.module.source, error, position);
}

/** The `:line:column` (1-based) right after a URL in a stack frame. */
export function placeAfter(stack: string, at: number): SourcePosition | undefined {
  const match = /^:(\d+):(\d+)/.exec(stack.slice(at, at + 24));
  return match === null ? undefined : { line: Number(match[1]), column: Number(match[2]) };
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
