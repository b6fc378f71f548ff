import { build } from "../build.js";
import type { ResolvedConfig } from "../config/index.js";
import { Codes, diagnostic } from "../diagnostics/catalogue.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { formatDiagnostic } from "../diagnostics/format.js";
import type { ManifestEvent } from "../emit/index.js";
import { formatKeyPath, type KeyPath } from "../extract/index.js";
import { findSecrets } from "../secrets/index.js";
import type { JsonValue } from "../util/json.js";
import {
  isOutage,
  connect,
  countActions,
  fetchRemote,
  planSync,
  selectorFieldsFor,
  selectorLocator,
  SHOWN_FIELDS,
  type PlanEntry,
  type RetryNotice,
  type WebhookEventsApi,
} from "../sync/index.js";
import type { SampleChange } from "../diff/samples.js";
import { exitCodeFor, ExitCode } from "./exit-codes.js";
import type { Io, OptionValues } from "./io.js";
import { buildOptions } from "./options.js";
import { planFailure } from "./usage.js";

/** Everything plan and push need once the platform has been read. */
export interface Prepared {
  readonly config: ResolvedConfig;
  readonly api: WebhookEventsApi;
  readonly events: readonly ManifestEvent[];
  readonly entries: readonly PlanEntry[];
}

/**
 * Builds (refusing on definition errors), connects to the remote and compares. Problems are
 * printed here; the result is either what was prepared or the exit code to stop with.
 */
export async function prepare(values: OptionValues, io: Io): Promise<Prepared | Unprepared> {
  // Never from the disk cache: what is sent must come from the sources read now, not from
  // outputs on disk that another process (a watcher) may rewrite while the plan is made.
  const result = await build({ ...buildOptions(values, io), write: false, diskCache: false });
  const fail = (diagnostics: readonly Diagnostic[], exit: number, summary?: string): Unprepared => {
    for (const d of diagnostics)
      io.stderr(`${formatDiagnostic(d, { cwd: io.cwd, sources: result.sources, color: io.color })}\n\n`);
    if (summary !== undefined) io.stderr(`${summary}\n`);
    return { exit, diagnostics };
  };
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0 || result.config === undefined) {
    const what = errors.some((d) => d.code.startsWith("DT1")) ? "The config has" : "The definitions have";
    const summary = `✖ ${what} errors; nothing was compared with the platform.`;
    return fail(result.diagnostics, exitCodeFor(result.diagnostics), summary);
  }
  if (result.config.remote === undefined) {
    return fail([diagnostic(Codes.NoRemote, undefined)], ExitCode.Usage);
  }
  // Before any call: an event the workspace's API generation cannot take stops the plan here.
  const locate = selectorLocator(result.config.rootDir, result.sources);
  const selectors = selectorFieldsFor(result.events, result.config.sync.api, locate);
  if (selectors.diagnostics.length > 0) {
    const summary = `✖ Some events cannot be pushed with sync.api "${result.config.sync.api}"; nothing was compared with the platform.`;
    return fail(selectors.diagnostics, ExitCode.Failed, summary);
  }
  const connected = await connect(result.config.remote, result.config.sync.timeoutMs);
  if ("diagnostic" in connected) {
    // remote() that timed out or could not reach the platform is an outage (4), not a wrong setup (2).
    return fail([connected.diagnostic], isOutage(connected.diagnostic.cause) ? ExitCode.Remote : ExitCode.Usage);
  }
  const fetched = await fetchRemote(connected.api, result.events, result.config.sync, retryNotice(io));
  if (fetched.diagnostics.length > 0) {
    return fail(fetched.diagnostics, ExitCode.Remote);
  }
  const entries = planSync(result.events, fetched.remote, selectors.fields);
  return { config: result.config, api: connected.api, events: result.events, entries };
}

/** Why there is no plan: printed on stderr already, and the exit code to stop with. */
export interface Unprepared {
  readonly exit: number;
  readonly diagnostics: readonly Diagnostic[];
}

/** `ductape-events plan`: what a push would do; exit 0 in sync, 1 with changes pending. */
export async function runPlan(values: OptionValues, io: Io): Promise<number> {
  const prepared = await prepare(values, io);
  if ("exit" in prepared) {
    // Still a document, so that a script can tell "no plan" from changes pending.
    if (values["json"] === true)
      io.stdout(`${JSON.stringify(planFailure(prepared.exit, prepared.diagnostics, io.cwd))}\n`);
    return prepared.exit;
  }
  if (values["json"] === true) io.stdout(`${JSON.stringify(planDocument(prepared.entries), null, 2)}\n`);
  else io.stdout(formatPlan(prepared.entries));
  // Said now, where CI runs plan on a pull request, rather than first by the push on merge.
  const secrets = secretsToSend(prepared.entries);
  if (secrets.length > 0) {
    io.stderr(
      `warning: ${listSecrets(io, secrets)} like live credentials (listed above): push will refuse to send them unless --allow-secrets; replace them with placeholders.\n`,
    );
  }
  return pendingCount(prepared.entries) === 0 ? ExitCode.Ok : ExitCode.Failed;
}

export function pendingCount(entries: readonly PlanEntry[]): number {
  const counts = countActions(entries);
  return counts.create + counts.update;
}

/** The plan as data, for `--json`. */
export function planDocument(entries: readonly PlanEntry[]): unknown {
  return {
    version: 1,
    ok: true,
    inSync: pendingCount(entries) === 0,
    counts: countActions(entries),
    events: entries.map((e) => {
      switch (e.action) {
        case "create":
          return { tag: e.tag, action: e.action, event: e.event };
        case "update":
          return {
            tag: e.tag,
            action: e.action,
            changed: e.changed,
            patch: e.patch,
            before: e.before,
            sampleDiff: e.sampleDiff ?? null,
            contract: e.contract ?? null,
          };
        case "remote-only":
          return { tag: e.tag, action: e.action, name: e.name ?? null };
        default:
          return { tag: e.tag, action: e.action };
      }
    }),
  };
}

const LABELS: Record<PlanEntry["action"], string> = {
  create: "create",
  update: "update",
  unchanged: "unchanged",
  "remote-only": "remote only",
};

/** One line per event, the sample diff under updates, and a summary. */
export function formatPlan(entries: readonly PlanEntry[]): string {
  const width = Math.max(0, ...entries.map((e) => e.tag.length));
  const lines: string[] = [];
  for (const entry of entries) {
    const head = `${LABELS[entry.action].padEnd(12)}${entry.tag.padEnd(width)}`;
    if (entry.action === "create") lines.push(`${head}  ${JSON.stringify(entry.event.name)}`);
    else if (entry.action === "update") {
      lines.push(`${head}  changes ${entry.changed.join(", ")}`);
      // The fields as `old -> new` (the platform's may be missing), then the sample's diff.
      for (const field of SHOWN_FIELDS) {
        const now = entry.patch[field];
        if (now === undefined) continue;
        const was = entry.before[field];
        lines.push(
          `              ${field}: ${was === undefined ? "(none)" : JSON.stringify(was)} -> ${JSON.stringify(now)}`,
        );
      }
      for (const line of entry.sampleDiff?.split("\n") ?? []) lines.push(`              ${line}`);
      for (const c of entry.contract ?? []) lines.push(`              ${contractLine(c)}`);
    } else if (entry.action === "remote-only") lines.push(`${head}  declared nowhere; left alone (there is no delete)`);
    else lines.push(head.trimEnd());
  }
  const c = countActions(entries);
  const summary = `${c.create} to create, ${c.update} to update, ${c.unchanged} unchanged, ${c["remote-only"]} only on the platform.`;
  return `${lines.join("\n")}${lines.length > 0 ? "\n\n" : ""}${summary}\n`;
}

/** A classified change of the sample's type: `✖ body.id type-changed: integer -> string (breaks receivers)`. */
function contractLine(c: SampleChange): string {
  const breaks = [c.receivers === "breaking" ? "receivers" : "", c.senders === "breaking" ? "senders" : ""].filter(
    Boolean,
  );
  const mark = breaks.length > 0 ? "✖" : "✔";
  const impact = breaks.length > 0 ? `breaks ${breaks.join(" and ")}` : "safe";
  return `${mark} ${c.path} ${c.kind}: ${c.before ?? "none"} -> ${c.after ?? "none"} (${impact})`;
}

/**
 * Says on stderr that a call is retried after a wait of a second or more (a `Retry-After`, a
 * late retry's backoff), so that a CI log does not stay silent through it; shorter waits pass
 * unsaid.
 */
export function retryNotice(io: Io): RetryNotice {
  return (call, waitMs, reason) => {
    if (waitMs < 1000) return;
    io.stderr(`↻ ${call} failed (${reason}); retrying in ${(waitMs / 1000).toFixed(1)} s.\n`);
  };
}

/** A sample value that looks like a live credential. */
export interface SecretToSend {
  readonly tag: string;
  readonly path: KeyPath;
  readonly kind: string;
}

/** Lists each value on stderr, one line each; returns how many, as a sentence's subject (`2 sample values look`). */
export function listSecrets(io: Io, secrets: readonly SecretToSend[]): string {
  for (const s of secrets) io.stderr(`  ${s.tag}: sample.${formatKeyPath(s.path)} looks like ${s.kind}\n`);
  return secrets.length === 1 ? "1 sample value looks" : `${secrets.length} sample values look`;
}

/** Secret-looking values in the samples that a push would send. */
export function secretsToSend(entries: readonly PlanEntry[]): SecretToSend[] {
  return entries.flatMap((entry) => {
    const sample =
      entry.action === "create" ? entry.event.sample : entry.action === "update" ? entry.patch.sample : undefined;
    if (sample === undefined) return [];
    return findSecrets(sample as unknown as JsonValue).map((f) => ({ tag: entry.tag, path: f.path, kind: f.kind }));
  });
}
