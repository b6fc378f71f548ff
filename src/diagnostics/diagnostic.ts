/** A 1-based line and column, as editors show them. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** A range in one source file. `file` is absolute; reporters make it relative. */
export interface Span {
  readonly file: string;
  readonly start: Position;
  readonly end: Position;
}

export type Severity = "error" | "warning";

/** Another place that takes part in a diagnostic, such as the first definition of a duplicate tag. */
export interface RelatedLocation {
  readonly message: string;
  readonly span: Span;
}

/** One of the places a grouped diagnostic stands for: the keypath in the user's terms, and where it was written. */
export interface DiagnosticPath {
  readonly path: string;
  readonly span?: Span;
}

/**
 * One problem found by a build. Diagnostics are data: every stage returns them instead of
 * throwing, and only a reporter turns them into text.
 */
export interface Diagnostic {
  /** Stable code such as `DT3001`; never reused for another meaning. */
  readonly code: string;
  readonly severity: Severity;
  /** Short, fixed title of the code. */
  readonly title: string;
  /** What happened, in the user's terms (file keypaths, tags, options). */
  readonly message: string;
  /** What to do about it. */
  readonly hint?: string;
  /** A block of supporting text shown under the message, such as a diff. */
  readonly detail?: string;
  /** Where it happened; absent only for problems with no file (such as a bad CLI flag). */
  readonly span?: Span;
  readonly related?: readonly RelatedLocation[];
  /**
   * Every place a grouped diagnostic stands for (one warning for many fields of an event), the
   * first at `span`. Printers for people draw the first and list a few in `detail`; the JSON
   * reporter carries them all.
   */
  readonly paths?: readonly DiagnosticPath[];
  /** The foreign error this diagnostic wraps, kept for `--debug` style reporting. */
  readonly cause?: unknown;
}

/** A span covering the first character of a file, for problems that concern a whole file. */
export function fileSpan(file: string): Span {
  return { file, start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/**
 * Orders diagnostics by file, then position, then code, so that reports do not depend on the
 * order in which files were discovered or checked.
 */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(compareDiagnostics);
}

function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  const fa = a.span?.file ?? "";
  const fb = b.span?.file ?? "";
  if (fa !== fb) return fa < fb ? -1 : 1;
  const la = a.span?.start.line ?? 0;
  const lb = b.span?.start.line ?? 0;
  if (la !== lb) return la - lb;
  const ca = a.span?.start.column ?? 0;
  const cb = b.span?.start.column ?? 0;
  if (ca !== cb) return ca - cb;
  if (a.code !== b.code) return a.code < b.code ? -1 : 1;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

/**
 * Drops repeats of a diagnostic already in the (sorted) list: two events spreading the same
 * broken constant each find the problem, but the user must fix it once, in one place.
 */
export function uniqueDiagnostics(sorted: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const unique = sorted.filter((d) => {
    const key = identityOf(d);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return withoutCoveredGroups(unique);
}

/**
 * Drops a diagnostic with `paths` all of whose places (keypath and location) are already named
 * by diagnostics of the same code and severity in the same file with at least as many paths.
 * Two events spreading one shared object each group its always-null fields into a warning; the
 * event that spreads it twice names them all, and the other's warning would only repeat some of
 * them at the same place. Larger groups are kept first, so what remains names every place once
 * or more, in the fewest warnings.
 */
function withoutCoveredGroups(list: Diagnostic[]): Diagnostic[] {
  // Only diagnostics of one code and severity in one file can cover each other; in most
  // projects each event's warnings are in its own file, and nothing here has more to do.
  const buckets = new Map<string, number[]>();
  list.forEach((d, i) => {
    if (d.paths === undefined) return;
    const bucket = `${d.code} ${d.severity} ${d.span?.file ?? ""}`;
    const members = buckets.get(bucket);
    if (members === undefined) buckets.set(bucket, [i]);
    else members.push(i);
  });
  const dropped = new Set<number>();
  for (const members of buckets.values()) {
    if (members.length < 2) continue;
    members.sort((a, b) => list[b]!.paths!.length - list[a]!.paths!.length || a - b);
    const named = new Set<string>();
    for (const i of members) {
      const keys = list[i]!.paths!.map((p) => JSON.stringify([p.path, p.span?.file, p.span?.start]));
      if (keys.every((key) => named.has(key))) dropped.add(i);
      else for (const key of keys) named.add(key);
    }
  }
  return dropped.size === 0 ? list : list.filter((_, i) => !dropped.has(i));
}

/**
 * What makes two diagnostics the same report, as text. Kept per diagnostic object (diagnostics
 * are never changed): watch mode hands the unchanged events' diagnostics over as the same
 * objects on every rebuild, thousands of warnings in a large project.
 */
const IDENTITIES = new WeakMap<Diagnostic, string>();

function identityOf(d: Diagnostic): string {
  let key = IDENTITIES.get(d);
  if (key === undefined) {
    key = JSON.stringify([d.code, d.severity, d.message, d.span, d.related, d.detail, d.paths]);
    IDENTITIES.set(d, key);
  }
  return key;
}
