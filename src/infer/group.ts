import type { Diagnostic, Span } from "../diagnostics/diagnostic.js";

/** One place a warning is about, before warnings are grouped. */
export interface Finding {
  /** The keypath in the user's terms (`sample.body.items[0].id`). */
  readonly keypath: string;
  readonly span: Span | undefined;
  /** Findings with different variants never share a warning (their messages differ). */
  readonly variant?: string;
}

/** Paths listed in a grouped warning's detail; the JSON reporter lists them all. */
export const MAX_LISTED_PATHS = 10;

/**
 * One warning per file (and variant) for the findings of one code in one event: a realistic
 * payload has dozens of always-null fields, and a warning with a code frame each buries every
 * other message. `report(group)` makes the warning about a group, located at its first finding;
 * a group of more than one lists its paths in `detail`, and every one of them in `paths`.
 * Grouping by file keeps each frame in the file it draws from (a captured JSON document, a
 * shared constant), and keeps a shared file's fields apart from the event's own, so that the
 * build can report them once for all the events that spread them (see uniqueDiagnostics).
 */
export function groupFindings<F extends Finding>(
  findings: readonly F[],
  report: (group: readonly F[]) => Diagnostic,
): Diagnostic[] {
  const groups = new Map<string, F[]>();
  for (const finding of findings) {
    const key = JSON.stringify([finding.span?.file ?? null, finding.variant ?? null]);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [finding]);
    else group.push(finding);
  }
  return [...groups.values()].map((group) => {
    const d = report(group);
    const paths = group.map(({ keypath, span }) => (span === undefined ? { path: keypath } : { path: keypath, span }));
    return group.length === 1 ? { ...d, paths } : { ...d, detail: listing(group), paths };
  });
}

/** "sample.body.a (12:5)" per line, the first MAX_LISTED_PATHS of them, then how many more. */
function listing(group: readonly Finding[]): string {
  const lines = group
    .slice(0, MAX_LISTED_PATHS)
    .map(({ keypath, span }) =>
      span === undefined ? keypath : `${keypath} (${span.start.line}:${span.start.column})`,
    );
  const more = group.length - MAX_LISTED_PATHS;
  if (more > 0) lines.push(`and ${more.toLocaleString("en-US")} more (--reporter json lists them all)`);
  return lines.join("\n");
}
