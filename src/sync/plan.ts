import type { WebhookSample } from "../define.js";
import type { ManifestEvent } from "../emit/index.js";
import type { JsonObject } from "../util/json.js";
import { shortDiff } from "../util/text-diff.js";
import type { RemoteEvent, WebhookEventInput, WebhookEventPatch } from "./api.js";
import { byTag } from "../util/order.js";
import type { SelectorFields } from "./generation.js";
import { samePlatformSelector } from "./platform-selector.js";
import { sampleChanges, type SampleChange } from "../diff/samples.js";

/** What a push would do for one event. */
export type PlanEntry =
  | { readonly action: "create"; readonly tag: string; readonly event: WebhookEventInput }
  | {
      readonly action: "update";
      readonly tag: string;
      readonly changed: readonly SyncedField[];
      readonly patch: WebhookEventPatch;
      /** What the platform holds now of each changed field shown as `old -> new` (the patch has the new value). */
      readonly before: Readonly<Partial<Record<ShownField, unknown>>>;
      /** A short diff of the sample (remote -> declared), when the sample changed. */
      readonly sampleDiff: string | undefined;
      /** The sample's change of type, classified as `diff` does (docs/diff.md), when the sample changed. */
      readonly contract?: readonly SampleChange[] | undefined;
    }
  | { readonly action: "unchanged"; readonly tag: string }
  | { readonly action: "remote-only"; readonly tag: string; readonly name: string | undefined };

export type SyncedField = "name" | "description" | "sample" | "selector" | "selectorValue";

/** The synced fields that are text: a change shows as `old -> new`. */
export const TEXT_FIELDS = ["name", "description"] as const;

/** The synced fields whose change shows as `old -> new` (all but the sample, which gets a diff). */
export const SHOWN_FIELDS = [...TEXT_FIELDS, "selector", "selectorValue"] as const;

export type ShownField = (typeof SHOWN_FIELDS)[number];

/**
 * Compares the declared events with the platform's, webhook by webhook. Events only the
 * platform has are reported, never deleted (the API has no delete). Comparison ignores key
 * order: `{ a, b }` and `{ b, a }` are the same sample.
 *
 * `selectors` is given for the newer API generation (see `selectorFieldsFor`): each event's
 * selector and selectorValue are then created with it and compared with the platform's.
 * Without it (the documented generation), selectors are neither sent nor compared.
 */
export function planSync(
  declared: readonly ManifestEvent[],
  remote: ReadonlyMap<string, readonly RemoteEvent[]>,
  selectors?: ReadonlyMap<string, SelectorFields>,
): PlanEntry[] {
  const remoteByTag = new Map([...remote.values()].flat().map((e) => [e.tag, e]));
  const declaredTags = new Set(declared.map((e) => e.tag));
  const entries: PlanEntry[] = declared.map((event) => {
    const current = remoteByTag.get(event.tag);
    const wanted = {
      name: event.name,
      tag: event.tag,
      description: event.description,
      sample: event.sample as unknown as WebhookSample,
      ...selectors?.get(event.tag),
    };
    return current === undefined ? { action: "create", tag: event.tag, event: wanted } : compare(wanted, current);
  });
  for (const event of remoteByTag.values()) {
    if (!declaredTags.has(event.tag)) entries.push({ action: "remote-only", tag: event.tag, name: event.name });
  }
  return entries.sort(byTag);
}

function compare(wanted: WebhookEventInput, current: RemoteEvent): PlanEntry {
  const changed: SyncedField[] = [];
  const patch: WebhookEventPatch = {};
  const before: Partial<Record<ShownField, unknown>> = {};
  for (const field of TEXT_FIELDS) {
    if (wanted[field] === current[field]) continue;
    changed.push(field);
    patch[field] = wanted[field];
    before[field] = current[field];
  }
  const sameSample = canonical(wanted.sample) === canonical(current.sample);
  if (!sameSample) {
    changed.push("sample");
    patch.sample = wanted.sample;
  }
  // Declared only on the newer generation; each is sent when the platform's differs.
  if (wanted.selector !== undefined && !samePlatformSelector(current.selector, wanted.selector)) {
    changed.push("selector");
    patch.selector = wanted.selector;
    before.selector = current.selector;
  }
  if (wanted.selectorValue !== undefined && canonical(wanted.selectorValue) !== canonical(current.selectorValue)) {
    changed.push("selectorValue");
    patch.selectorValue = wanted.selectorValue;
    before.selectorValue = current.selectorValue;
  }
  if (changed.length === 0) return { action: "unchanged", tag: wanted.tag };
  const sampleDiff = sameSample
    ? undefined
    : shortDiff(pretty(current.sample), pretty(wanted.sample), { maxLines: 20 });
  const contract = sameSample ? undefined : sampleChanges(current.sample, wanted.sample as unknown as JsonObject);
  return { action: "update", tag: wanted.tag, changed, patch, before, sampleDiff, ...(contract && { contract }) };
}

/** JSON with every object's keys sorted, so that key order never counts as a change. */
export function canonical(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? "undefined";
}

function pretty(value: unknown): string {
  return JSON.stringify(sortKeys(value), null, 2) ?? "undefined";
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== "object" || value === null) return value;
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort()) {
    Object.defineProperty(out, key, {
      value: sortKeys(record[key]),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** Counts of each action, for summaries. */
export function countActions(entries: readonly PlanEntry[]): Record<PlanEntry["action"], number> {
  const counts = { create: 0, update: 0, unchanged: 0, "remote-only": 0 };
  for (const entry of entries) counts[entry.action]++;
  return counts;
}
