import { createHash, randomBytes } from "node:crypto";
import { rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
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
export function withSourcePaths(error: unknown, written: ReadonlyMap<string, string>): unknown {
  if (error instanceof ModuleSyntaxError) return error;
  let message = messageOf(error);
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

/**
 * Writes each module of the graph beside its source, its relative imports pointing at the
 * others' files; returns the entry's URL. Every name is known before any is written, so imports
 * in a cycle point at the right files too. `written` receives each file (temporary -> source).
 */
export function writeGraph(graph: ModuleGraph, written: Map<string, string>): string {
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
