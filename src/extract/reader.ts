import { errorCode } from "../util/files.js";
import { messageOf } from "../util/errors.js";

/** What reading a path gave: its text, or what the read threw. */
export type FileState =
  { readonly kind: "text"; readonly text: string } | { readonly kind: "error"; readonly error: unknown };

/**
 * Reads each path at most once per extraction, through the injected `readFile`. Loading and the
 * cache's freshness checks share these reads, so one call sees a single version of every file
 * even if the file changes on disk while the call runs.
 */
export class FileReader {
  private readonly states = new Map<string, FileState>();

  constructor(private readonly readFile: (path: string) => string) {}

  read(path: string): FileState {
    let state = this.states.get(path);
    if (state === undefined) {
      state = this.readOnce(path);
      this.states.set(path, state);
    }
    return state;
  }

  /**
   * Takes `state`, recorded by an earlier call, as this call's read of `path`, without I/O: for a
   * caller that knows the file has not changed since (watch mode's file-system events). A path
   * this call already read keeps that read.
   */
  recall(path: string, state: FileState): FileState {
    let known = this.states.get(path);
    if (known === undefined) {
      known = state;
      this.states.set(path, state);
    }
    return known;
  }

  /** The text this call read at `path`; undefined if it was not read (or could not be). */
  textRead(path: string): string | undefined {
    const state = this.states.get(path);
    return state?.kind === "text" ? state.text : undefined;
  }

  /** Every path read so far: its text, or undefined where the read failed. */
  reads(): Map<string, string | undefined> {
    const reads = new Map<string, string | undefined>();
    for (const [path, state] of this.states) reads.set(path, state.kind === "text" ? state.text : undefined);
    return reads;
  }

  private readOnce(path: string): FileState {
    try {
      return { kind: "text", text: this.readFile(path) };
    } catch (error) {
      return { kind: "error", error };
    }
  }
}

/**
 * True when two reads of a path are interchangeable for extraction: the same text, or failures
 * that are reported alike (same code, so equally "missing", and same message).
 */
export function sameState(a: FileState, b: FileState): boolean {
  if (a.kind === "text") return b.kind === "text" && a.text === b.text;
  return b.kind === "error" && errorCode(a.error) === errorCode(b.error) && messageOf(a.error) === messageOf(b.error);
}
