import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { SchemaBundle } from "../schema/index.js";
import type { ExtractCache } from "./cache.js";
import type { KeyPath } from "./key-path.js";
import type { SchemaTools } from "./schema-stage.js";

/**
 * A value read statically from an event file, with where its source text was written.
 * Objects keep their properties as an ordered list (never a JS object) so that keys such as
 * `__proto__` are ordinary data and every key keeps its own location.
 */
export type LiteralValue = LiteralString | LiteralNumber | LiteralBoolean | LiteralNull | LiteralArray | LiteralObject;

/** A file values are read from, as far as their spans need it. */
export interface SpanSource {
  readonly path: string;
  /** Where its lines start (see `lineStarts` in src/syntax/tree.ts). */
  readonly lineStarts: readonly number[];
}

/**
 * Where a value was written: its file and the offsets of its text. `spanOf` (values.ts) turns
 * them into a span when one is needed.
 */
export interface Written {
  readonly source: SpanSource;
  readonly start: number;
  readonly end: number;
}

export interface LiteralString extends Written {
  readonly kind: "string";
  readonly value: string;
}
export interface LiteralNumber extends Written {
  readonly kind: "number";
  readonly value: number;
}
export interface LiteralBoolean extends Written {
  readonly kind: "boolean";
  readonly value: boolean;
}
export interface LiteralNull extends Written {
  readonly kind: "null";
}
export interface LiteralArray extends Written {
  readonly kind: "array";
  readonly elements: readonly LiteralValue[];
}
export interface LiteralObject extends Written {
  readonly kind: "object";
  /**
   * Unique keys in JavaScript's order: a later key or spread replaces an earlier value but the
   * key keeps its first position, exactly as evaluating the literal would.
   */
  readonly properties: readonly LiteralProperty[];
}
export interface LiteralProperty {
  readonly key: string;
  readonly value: LiteralValue;
  /**
   * Where the key was written (for spread-in properties: the key in the file that declared it);
   * `keySpanOf` (values.ts) turns it into a span.
   */
  readonly keySource: SpanSource;
  readonly keyStart: number;
  readonly keyEnd: number;
}

/** One event file's `defineEvent({...})` argument, read without executing the file. */
export interface ExtractedEvent {
  /** Absolute path of the event file. */
  readonly file: string;
  /** The object literal passed to defineEvent. */
  readonly definition: LiteralObject;
  /** The declared schemas of its payload's parts (`schema`), resolved; absent when it declares none. */
  readonly declared?: DeclaredParts;
  /**
   * Paths of values that could not be read (extraction reported why): each is null in
   * `definition`, spanning what was written. Validation checks the rest of the definition, so
   * that its other problems are reported in the same build, and never takes the event as
   * whole. Absent when every value was read.
   */
  readonly unread?: readonly KeyPath[];
}

/** Declared schemas by payload part, each bundled with everything it reaches (see src/schema/). */
export type DeclaredParts = Readonly<Partial<Record<"headers" | "query" | "body" | "params", SchemaBundle>>>;

export interface ExtractInput {
  /** Absolute paths of the event files, already sorted. */
  readonly files: readonly string[];
  /** Reads a file's text; injectable for tests and caching. Defaults to fs.readFileSync. */
  readonly readFile?: (path: string) => string;
  /**
   * Reuses work from earlier calls given the same cache (see `createExtractCache`): an event file
   * is evaluated again only if it, or a file it depends on, reads differently.
   */
  readonly cache?: ExtractCache;
  /**
   * Resolves and checks declared schemas (`schema` on defineEvent): one per build, shared by a
   * cold build's chunks (see `createSchemaTools`). Default: made for this call, reading through it.
   */
  readonly schemas?: SchemaTools | undefined;
  /** The project root, which names schema files in definition keys. Default: the current folder. */
  readonly root?: string | undefined;
  /** Called after each event file, for progress displays on large projects. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface ExtractResult {
  /** One entry per event file whose definition was fully extracted, in input order. */
  readonly events: readonly ExtractedEvent[];
  /**
   * What validation checks: `events` and, in their places, the definitions read but for some
   * values (`unread`), whose other problems are then reported in the same build.
   */
  readonly definitions: readonly ExtractedEvent[];
  /** Each problem once, in input order of the event files that met it. */
  readonly diagnostics: readonly Diagnostic[];
  /** Text of every file that a span of the events or diagnostics points into, for code frames. */
  readonly sources: ReadonlyMap<string, string>;
  /**
   * Every path the call read (event files, the files they import, and the candidates tried while
   * resolving imports): its text, or undefined where nothing could be read. The result depends on
   * nothing else, so a later call whose reads all match would return the same.
   */
  readonly reads: ReadonlyMap<string, string | undefined>;
  /** How many event files' outcomes (event or not, and diagnostics) were taken from the cache unchanged. */
  readonly reused: number;
}
