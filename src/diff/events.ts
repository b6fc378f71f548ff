/**
 * Compares two sets of events (the base's and now's), as the manifest records them: tags removed,
 * added or likely renamed, then each event that both have, field by field (see classify.ts).
 */
import type { ManifestEvent } from "../emit/index.js";
import { formatPayloadPath, parseSelector } from "../naming/payload-path.js";
import { compareCodeUnits } from "../util/order.js";
import { getOwn, isJsonObject, type JsonValue } from "../util/json.js";
import { compareSchemas } from "./classify.js";
import { canonical } from "./json.js";
import type { ChangeKind } from "./rules.js";

/** One change of one event. `before` and `after` are short texts (a type, a value, a tag), or null when absent. */
export interface EventChange {
  /** The event's tag now; the base's for a removed event. */
  readonly tag: string;
  /** Where: a payload path (`body.order.id`), or `tag`, `name`, `description`, `selector`, `examples`. */
  readonly path: string;
  readonly kind: ChangeKind;
  readonly before: string | null;
  readonly after: string | null;
}

/** The fields of a recorded event that a diff reads. */
export type ComparedEvent = Pick<
  ManifestEvent,
  "tag" | "name" | "description" | "sample" | "examples" | "selector" | "schema"
>;

/** Every change from `base` to `now`, sorted by tag, then in the order of the walk (deterministic). */
export function compareEvents(base: readonly ComparedEvent[], now: readonly ComparedEvent[]): EventChange[] {
  const before = new Map(base.map((e) => [e.tag, e]));
  const after = new Map(now.map((e) => [e.tag, e]));
  const changes: EventChange[] = [];
  const removed = [...before.keys()].filter((tag) => !after.has(tag)).sort(compareCodeUnits);
  const added = new Set([...after.keys()].filter((tag) => !before.has(tag)).sort(compareCodeUnits));
  for (const tag of removed) {
    const payload = payloadKey(before.get(tag)!);
    const renamed = [...added].find((candidate) => payloadKey(after.get(candidate)!) === payload);
    if (renamed === undefined) changes.push({ tag, path: "tag", kind: "tag-removed", before: tag, after: null });
    else {
      added.delete(renamed);
      changes.push({ tag: renamed, path: "tag", kind: "tag-renamed", before: tag, after: renamed });
    }
  }
  for (const tag of added) changes.push({ tag, path: "tag", kind: "tag-added", before: null, after: tag });
  for (const [tag, event] of after) {
    const was = before.get(tag);
    if (was !== undefined) changes.push(...compareEvent(was, event));
  }
  // Sorted by tag only: within an event, the walk's order (fields in key order, depth first) reads best.
  return changes.sort((a, b) => compareCodeUnits(a.tag, b.tag));
}

function compareEvent(was: ComparedEvent, now: ComparedEvent): EventChange[] {
  const tag = now.tag;
  const changes: EventChange[] = [];
  if (was.name !== now.name)
    changes.push({ tag, path: "name", kind: "name-changed", before: was.name, after: now.name });
  if (was.description !== now.description) {
    changes.push({
      tag,
      path: "description",
      kind: "description-changed",
      before: was.description,
      after: now.description,
    });
  }
  const selectorBefore = selectorText(was);
  const selectorAfter = selectorText(now);
  if (selectorBefore !== selectorAfter) {
    changes.push({ tag, path: "selector", kind: "selector-changed", before: selectorBefore, after: selectorAfter });
  }
  changes.push(...exampleChanges(tag, was.examples ?? [], now.examples ?? []));
  for (const change of compareSchemas(was.schema, now.schema)) changes.push({ tag, ...change });
  return changes;
}

/**
 * Examples are compared by content, wherever they stand in the list (moving one is no change),
 * each as many times as it is written. Of the rest, one gone and one new between the same kept
 * examples (the same gap) are one edited in place, in their order there; the others were
 * removed or added.
 */
function exampleChanges(tag: string, before: readonly JsonValue[], after: readonly JsonValue[]): EventChange[] {
  const beforeKeys = before.map(canonical);
  const afterKeys = after.map(canonical);
  // How many times each content is written: what the other side can match, taken in order.
  const countsOf = (keys: readonly string[]): Map<string, number> => {
    const counts = new Map<string, number>();
    for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
    return counts;
  };
  const kept = (keys: readonly string[], others: Map<string, number>): boolean[] =>
    keys.map((key) => {
      const left = others.get(key) ?? 0;
      if (left > 0) others.set(key, left - 1);
      return left > 0;
    });
  const keptBefore = kept(beforeKeys, countsOf(afterKeys));
  const keptAfter = kept(afterKeys, countsOf(beforeKeys));
  // Each example left over, by its gap: how many kept examples come before it.
  const leftOver = (keep: readonly boolean[]): Map<number, number[]> => {
    const gaps = new Map<number, number[]>();
    let gap = 0;
    keep.forEach((isKept, i) => {
      if (isKept) gap++;
      else gaps.set(gap, [...(gaps.get(gap) ?? []), i]);
    });
    return gaps;
  };
  const gone = leftOver(keptBefore);
  const changes: EventChange[] = [];
  for (const [gap, indexes] of leftOver(keptAfter)) {
    const olds = gone.get(gap) ?? [];
    indexes.forEach((i, k) => {
      const at = `examples[${i}]`;
      const old = olds[k];
      if (old === undefined) changes.push({ tag, path: "examples", kind: "example-added", before: null, after: at });
      else changes.push({ tag, path: "examples", kind: "example-changed", before: `examples[${old}]`, after: at });
    });
    gone.set(gap, olds.slice(indexes.length));
  }
  for (const indexes of gone.values())
    for (const i of indexes)
      changes.push({ tag, path: "examples", kind: "example-removed", before: `examples[${i}]`, after: null });
  return changes;
}

/**
 * `body.type = "order.created"`: the selector's field, as a path whichever notation it was
 * written in (`$Event{type}` is the same field), and the sample's value there; null without one.
 */
function selectorText(event: ComparedEvent): string | null {
  if (event.selector === undefined) return null;
  const parsed = parseSelector(event.selector);
  if (!parsed.ok) return event.selector;
  let node: JsonValue | undefined = event.sample;
  for (const step of parsed.steps) {
    node = "key" in step && isJsonObject(node) ? getOwn(node, step.key) : undefined;
  }
  const path = formatPayloadPath(parsed.steps);
  return node === undefined ? path : `${path} = ${JSON.stringify(node)}`;
}

/** The payload schema without what names the event (its title and description), to spot a renamed tag. */
function payloadKey(event: ComparedEvent): string {
  const { title: _title, description: _description, ...payload } = event.schema;
  return canonical(payload);
}
