import { formatPayloadPath, parsePayloadPath } from "./payload-path.js";

/**
 * An entry of a definition's `acknowledge` (see docs/diff.md), read: a payload path (covering
 * what is under it), an event field, or a removed event's tag; or why it is none of them.
 */
export type Acknowledgement =
  { readonly kind: "path" | "field" | "tag"; readonly key: string } | { readonly problem: string };

/** Event-level fields that a change and an entry name as they are (not payload paths). */
export const EVENT_FIELDS: ReadonlySet<string> = new Set(["tag", "selector", "name", "description", "examples"]);

export function readAcknowledgement(entry: string): Acknowledgement {
  if (EVENT_FIELDS.has(entry)) return { kind: "field", key: entry };
  if (/^[^.[\]"':]+:[^.[\]"':]+$/.test(entry)) return { kind: "tag", key: entry };
  const parsed = parsePayloadPath(entry);
  if (!parsed.ok) return { problem: `is not a payload path: it ${parsed.problem}` };
  return { kind: "path", key: formatPayloadPath(parsed.steps) };
}
