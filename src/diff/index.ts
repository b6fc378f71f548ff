/**
 * `ductape-events diff`: the events now against a base (a git ref or a folder of outputs), each
 * change classified for an audience, acknowledged breaks taken from the event files, and where
 * each change is in the user's files.
 */
import { join } from "node:path";
import { Codes, diagnostic } from "../diagnostics/catalogue.js";
import { sortDiagnostics, type Diagnostic, type Span } from "../diagnostics/diagnostic.js";
import { extract, locate, objectToJson, type LiteralObject } from "../extract/index.js";
import { EVENT_FIELDS, readAcknowledgement, type Acknowledgement } from "../naming/acknowledgement.js";
import { parsePayloadPath } from "../naming/payload-path.js";
import { messageOf } from "../util/errors.js";
import { baseEvents, buildNow, type BaseSource, type ProjectAt } from "./base.js";
import { compareEvents, type EventChange } from "./events.js";
import { impactFor, RULES, type Audience, type Impact } from "./rules.js";

export { AUDIENCES, RULES, type Audience, type ChangeKind, type Impact } from "./rules.js";
export type { EventChange } from "./events.js";

export interface DiffOptions extends ProjectAt {
  /** A git ref (`main`, `HEAD~1`) or a folder of an earlier build's outputs (with manifest.json). */
  readonly base: string;
  /** Whose code the severity is for. Default: receivers. */
  readonly audience?: Audience | undefined;
}

/** One change, classified. */
export interface ReportedChange extends EventChange {
  readonly webhook: string;
  readonly receivers: Impact;
  readonly senders: Impact;
  /** For the audience asked for (`both`: breaking when it breaks either). */
  readonly severity: Impact;
  /** A breaking change that an `acknowledge` entry of the event file names. */
  readonly acknowledged: boolean;
  /** Where in the event file now (the field in the sample, else the tag); absent for a removed event. */
  readonly span: Span | undefined;
}

export interface DiffResult {
  /** The base as found; absent when it could not be read. */
  readonly base: BaseSource | undefined;
  readonly audience: Audience;
  /** Sorted by tag, then in the walk's order within each event. */
  readonly changes: readonly ReportedChange[];
  /** Problems (bad input: errors) and notes (stale acknowledgements), sorted by place. */
  readonly diagnostics: readonly Diagnostic[];
  /** Text of the files spans point into. */
  readonly sources: ReadonlyMap<string, string>;
}

/** Compares; never throws for the user's input (problems come back as diagnostics). */
export async function diff(options: DiffOptions): Promise<DiffResult> {
  const audience = options.audience ?? "receivers";
  const failed = (
    diagnostics: readonly Diagnostic[],
    sources: ReadonlyMap<string, string> = new Map(),
  ): DiffResult => ({
    base: undefined,
    audience,
    changes: [],
    diagnostics: sortDiagnostics(diagnostics),
    sources,
  });
  try {
    const now = await buildNow(options);
    const errors = now.diagnostics.filter((d) => d.severity === "error");
    if (errors.length > 0 || now.config === undefined) {
      return failed([...now.diagnostics, diagnostic(Codes.DiffCurrentInvalid, { count: errors.length })], now.sources);
    }
    const base = await baseEvents(options.base, options);
    if (!base.ok) return failed(base.diagnostics);
    const rootDir = now.config.rootDir;
    const places = placesOf(
      now.events.map((e) => join(rootDir, ...e.source.split("/"))),
      rootDir,
    );
    const changes = compareEvents(base.events, now.events);
    const acknowledged = acknowledge(changes, places, audience, base.source.name);
    const reported = changes.map((change, i): ReportedChange => {
      const rule = RULES[change.kind];
      return {
        ...change,
        webhook: change.tag.slice(0, change.tag.indexOf(":")),
        receivers: rule.receivers,
        senders: rule.senders,
        severity: impactFor(change.kind, audience),
        acknowledged: acknowledged.changes[i] !== undefined,
        span: acknowledged.changes[i] ?? spanOf(change, places),
      };
    });
    return {
      base: base.source,
      audience,
      changes: reported,
      // The build's own warnings are `build`'s to report: a diff speaks of changes.
      diagnostics: sortDiagnostics([...base.diagnostics, ...acknowledged.diagnostics]),
      sources: now.sources,
    };
  } catch (error) {
    return failed([diagnostic(Codes.InternalError, { reason: messageOf(error) }, { cause: error })]);
  }
}

/** An event file's definition, by tag: for locating changes and reading `acknowledge`. */
interface Place {
  readonly definition: LiteralObject;
  readonly acknowledge: readonly { readonly entry: string; readonly span: Span }[];
}

/**
 * The definitions of the event files now, read again (statically, as a build reads them): the
 * build's result keeps no literal trees, and only diff needs them.
 */
function placesOf(files: readonly string[], root: string): Map<string, Place> {
  const unique = [...new Set(files)].sort();
  const places = new Map<string, Place>();
  for (const event of extract({ files: unique, root }).events) {
    const json = objectToJson(event.definition);
    const tag = json["tag"];
    if (typeof tag !== "string") continue;
    const entries = Array.isArray(json["acknowledge"]) ? json["acknowledge"] : [];
    const acknowledge = entries.flatMap((entry, i) =>
      typeof entry === "string" ? [{ entry, span: locate(event.definition, ["acknowledge", i]) }] : [],
    );
    places.set(tag, { definition: event.definition, acknowledge });
  }
  return places;
}

function matches(entry: Acknowledgement, owner: string, change: EventChange): boolean {
  if ("problem" in entry) return false;
  if (entry.kind === "tag") return change.kind === "tag-removed" && change.tag === entry.key;
  if (change.tag !== owner) return false;
  if (entry.kind === "field") return change.path === entry.key;
  const { path } = change;
  return path === entry.key || path.startsWith(`${entry.key}.`) || path.startsWith(`${entry.key}[`);
}

/**
 * Which changes are acknowledged (by the span of the entry that does), and the entries that
 * match no change any more (stale: warnings).
 */
function acknowledge(
  changes: readonly EventChange[],
  places: ReadonlyMap<string, Place>,
  audience: Audience,
  base: string,
): { changes: (Span | undefined)[]; diagnostics: Diagnostic[] } {
  const by: (Span | undefined)[] = changes.map(() => undefined);
  const diagnostics: Diagnostic[] = [];
  for (const [tag, place] of places) {
    for (const { entry, span } of place.acknowledge) {
      const read = readAcknowledgement(entry);
      // An entry that names nothing is an error of the definitions (validate), and then nothing is compared.
      if ("problem" in read) continue;
      let used = false;
      changes.forEach((change, i) => {
        if (!matches(read, tag, change)) return;
        used = true;
        if (impactFor(change.kind, audience) === "breaking") by[i] ??= span;
      });
      if (!used) diagnostics.push(diagnostic(Codes.AcknowledgementStale, { entry, tag, base }, { span }));
    }
  }
  return { changes: by, diagnostics };
}

/** Where a change is in the event file now: the sample's field (its nearest part that exists), or the event field. */
function spanOf(change: EventChange, places: ReadonlyMap<string, Place>): Span | undefined {
  const place = places.get(change.tag);
  if (place === undefined) return undefined;
  const { definition } = place;
  if (EVENT_FIELDS.has(change.path)) return locate(definition, [change.path], { key: true });
  const parsed = parsePayloadPath(change.path);
  if (!parsed.ok) return locate(definition, ["tag"], { key: true });
  const steps = parsed.steps.map((step) => ("each" in step ? 0 : step.key));
  return locate(definition, ["sample", ...steps], { key: true });
}
