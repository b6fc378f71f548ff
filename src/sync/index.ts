import type { SyncSettings } from "../config/index.js";
import { Codes, diagnostic, type FailureKind } from "../diagnostics/catalogue.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { ManifestEvent } from "../emit/index.js";
import { missingMethods, readRemoteEvents, type RemoteEvent, type WebhookEventsApi } from "./api.js";
import type { PlanEntry } from "./plan.js";
import {
  CallTimeout,
  errorMessage,
  isTransient,
  mapLimited,
  RetryAfterTooLong,
  settle,
  statusOf,
  withTimeout,
  type RetryPolicy,
} from "./retry.js";

export type { WebhookEventInput, WebhookEventPatch, WebhookEventsApi } from "./api.js";
export { countActions, planSync, SHOWN_FIELDS, type PlanEntry, type SyncedField } from "./plan.js";
export { selectorFieldsFor, selectorLocator, type SelectorFields } from "./generation.js";
export { isOutage } from "./retry.js";

/**
 * Calls the config's `remote` and checks that it gave the events API. `timeoutMs` bounds the
 * wait (an SDK may authenticate there); it is not retried.
 */
export async function connect(
  remote: () => unknown,
  timeoutMs?: number,
): Promise<{ api: WebhookEventsApi } | { diagnostic: Diagnostic }> {
  let value: unknown;
  try {
    value = await withTimeout(async () => remote(), timeoutMs);
  } catch (error) {
    const reason =
      error instanceof CallTimeout
        ? `gave no answer within ${error.timeoutMs} ms (sync.timeoutMs)`
        : `threw: ${errorMessage(error)}`;
    return { diagnostic: diagnostic(Codes.RemoteUnusable, { reason }, { cause: error }) };
  }
  const missing = missingMethods(value);
  if (missing.length > 0) {
    const reason = `returned an object without ${missing.join(", ")}`;
    return { diagnostic: diagnostic(Codes.RemoteUnusable, { reason }) };
  }
  return { api: value as WebhookEventsApi };
}

/** The platform's events of every webhook the project declares. */
export async function fetchRemote(
  api: WebhookEventsApi,
  events: readonly ManifestEvent[],
  settings: SyncSettings,
  onRetry?: RetryNotice,
): Promise<{ remote: Map<string, readonly RemoteEvent[]>; diagnostics: Diagnostic[] }> {
  const webhooks = [...new Set(events.map((e) => e.webhook))].sort();
  const diagnostics: Diagnostic[] = [];
  const remote = new Map<string, readonly RemoteEvent[]>();
  await mapLimited(webhooks, settings.concurrency, async (webhook) => {
    const answer = await settle(() => api.fetchAll(webhook), policy(settings, `fetchAll("${webhook}")`, onRetry));
    if (!answer.ok) {
      const { error, attempts } = answer;
      const params = { call: `fetchAll("${webhook}")`, reason: reasonOf(error), attempts, failure: failureKind(error) };
      diagnostics.push(diagnostic(Codes.RemoteCallFailed, params, { cause: error }));
      return;
    }
    const read = readRemoteEvents(webhook, answer.value);
    if ("problem" in read) diagnostics.push(diagnostic(Codes.RemoteResponseInvalid, { reason: read.problem }));
    else remote.set(webhook, read);
  });
  return { remote, diagnostics };
}

/** What pushing one plan entry did. */
export interface PushOutcome {
  readonly tag: string;
  readonly action: "create" | "update";
  readonly ok: boolean;
  readonly error?: Diagnostic;
}

/**
 * Applies the plan: `create` for new events, `update` with only the changed fields. Calls run
 * with bounded concurrency and retries; one event failing never stops the others. A create
 * that timed out is not retried (the first may still land); the next plan shows whether it did.
 * A call that timed out is left running, so such calls may briefly exceed the concurrency.
 */
export async function applyPlan(
  api: WebhookEventsApi,
  entries: readonly PlanEntry[],
  settings: SyncSettings,
  onRetry?: RetryNotice,
): Promise<PushOutcome[]> {
  const work = entries.filter(
    (e): e is Extract<PlanEntry, { action: "create" | "update" }> => e.action === "create" || e.action === "update",
  );
  const results = await mapLimited(work, settings.concurrency, (entry) => {
    const call = (): Promise<unknown> =>
      entry.action === "create" ? api.create(entry.event) : api.update(entry.tag, entry.patch);
    // A create with no answer may still reach the platform: sending another would meet it.
    const name = `${entry.action}("${entry.tag}")`;
    return settle(call, { ...policy(settings, name, onRetry), retryTimeouts: entry.action !== "create" });
  });
  // Each failure's hint says what became of the others, which is known only once all are done.
  const applied = results.filter((sent) => sent.ok).length;
  return results.map((sent, index): PushOutcome => {
    const { tag, action } = work[index]!;
    if (sent.ok) return { tag, action, ok: true };
    const params = { tag, action, reason: reasonOf(sent.error), attempts: sent.attempts, applied, total: work.length };
    return { tag, action, ok: false, error: diagnostic(Codes.PushFailed, params, { cause: sent.error }) };
  });
}

/** Told of a call about to be retried after `waitMs`, and why. */
export type RetryNotice = (call: string, waitMs: number, reason: string) => void;

function policy(settings: SyncSettings, call?: string, onRetry?: RetryNotice): RetryPolicy {
  return {
    retries: settings.retries,
    delayMs: settings.retryDelayMs,
    timeoutMs: settings.timeoutMs,
    ...(onRetry === undefined || call === undefined
      ? {}
      : { onRetry: ({ waitMs, error }) => onRetry(call, waitMs, reasonOf(error)) }),
  };
}

function failureKind(error: unknown): FailureKind {
  return error instanceof RetryAfterTooLong ? "wait" : isTransient(error) ? "transient" : "refused";
}

function reasonOf(error: unknown): string {
  const status = statusOf(error);
  const message = errorMessage(error);
  return status === undefined ? message : `HTTP ${status}: ${message}`;
}
