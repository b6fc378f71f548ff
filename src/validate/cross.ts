import { Codes, diagnostic } from "../diagnostics/catalogue.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { locate } from "../extract/index.js";
import { formatPayloadPath } from "../naming/payload-path.js";
import type { ValidEvent } from "./index.js";

/** What the rules over all events read of each: only the `tag` and `selector` entries of its definition. */
export type CrossCheckedEvent = Pick<ValidEvent, "tag" | "typeName" | "webhook" | "selector" | "definition">;

/**
 * Rules over all events together. Each conflict is one diagnostic at its first definition (in
 * file order), naming every other place with its location.
 */
export function crossChecks(events: readonly CrossCheckedEvent[]): Diagnostic[] {
  return [...duplicateTags(events), ...typeNameCollisions(events), ...selectorConflicts(events)];
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group === undefined) groups.set(k, [item]);
    else group.push(item);
  }
  return groups;
}

function duplicateTags(events: readonly CrossCheckedEvent[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const [tag, group] of groupBy(events, (e) => e.tag)) {
    if (group.length < 2) continue;
    const [first, ...others] = group.map((e) => locate(e.definition, ["tag"]));
    const related = others.map((span) => ({ message: `"${tag}" is also defined here`, span }));
    diagnostics.push(diagnostic(Codes.DuplicateTag, { tag, count: group.length }, { span: first, related }));
  }
  return diagnostics;
}

function typeNameCollisions(events: readonly CrossCheckedEvent[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const firstPerTag = [...groupBy(events, (e) => e.tag).values()].map((group) => group[0]!);
  for (const [typeName, group] of groupBy(firstPerTag, (e) => e.typeName)) {
    if (group.length < 2) continue;
    const [first, ...others] = group;
    const related = others.map((e) => ({ message: `"${e.tag}" is defined here`, span: locate(e.definition, ["tag"]) }));
    const params = { typeName, tags: group.map((e) => e.tag) };
    diagnostics.push(
      diagnostic(Codes.TypeNameCollision, params, { span: locate(first!.definition, ["tag"]), related }),
    );
  }
  return diagnostics;
}

/**
 * Selectors tell a webhook's events apart, so within a webhook no two events may share a
 * selector value, and when every event has a selector they must all use the same path.
 */
function selectorConflicts(events: readonly CrossCheckedEvent[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const [webhook, group] of groupBy(events, (e) => e.webhook)) {
    const withSelector = group.filter((e) => e.selector !== undefined);
    const missing = missingSelectors(webhook, group, withSelector);
    if (missing !== undefined) diagnostics.push(missing);
    // One field may be written in either notation: compared by the field, named as first written.
    const fields = groupBy(withSelector, selectedField);
    const paths = [...fields.values()].map((same) => same[0]!.selector!.path);
    if (paths.length > 1 && withSelector.length === group.length) {
      const [first, ...others] = withSelector;
      const related = others.map((e) => ({
        message: `"${e.tag}" selects with "${e.selector!.path}"`,
        span: locate(e.definition, ["selector"]),
      }));
      const span = locate(first!.definition, ["selector"]);
      diagnostics.push(diagnostic(Codes.SelectorPathsDiffer, { webhook, paths }, { span, related }));
      continue;
    }
    const byValue = groupBy(withSelector, (e) => `${selectedField(e)}\u0000${JSON.stringify(e.selector!.value)}`);
    for (const clash of byValue.values()) {
      const tags = [...new Set(clash.map((e) => e.tag))];
      if (tags.length < 2) continue;
      const [first, ...others] = clash;
      const { path, value } = first!.selector!;
      const related = others.map((e) => ({
        message: `"${e.tag}" is defined here`,
        span: locate(e.definition, ["selector"]),
      }));
      const params = { webhook, selector: path, value: JSON.stringify(value), tags };
      diagnostics.push(
        diagnostic(Codes.DuplicateSelectorValue, params, { span: locate(first!.definition, ["selector"]), related }),
      );
    }
  }
  return diagnostics;
}

/**
 * A webhook some of whose events declare a selector and others not: its union is not
 * discriminated, which nothing else would say. One warning, at the first selector, naming
 * every event without one.
 */
function missingSelectors(
  webhook: string,
  group: readonly CrossCheckedEvent[],
  withSelector: readonly CrossCheckedEvent[],
): Diagnostic | undefined {
  const first = withSelector[0];
  if (first === undefined || withSelector.length === group.length) return undefined;
  const without = group.filter((e) => e.selector === undefined);
  const related = without.map((e) => ({ message: `"${e.tag}" has no selector`, span: locate(e.definition, ["tag"]) }));
  const params = { webhook, without: without.map((e) => e.tag), selector: first.selector!.path };
  return diagnostic(Codes.SelectorMissing, params, { span: locate(first.definition, ["selector"]), related });
}

/** The field an event's selector names, the same in either notation (`body.event`, `$Event{event}`). */
function selectedField(event: CrossCheckedEvent): string {
  return formatPayloadPath(event.selector!.steps);
}
