import type { JsonValue } from "../json.js";
import { isRecord } from "../json.js";
import { parsePayloadPath } from "../payload-path.js";

/**
 * Selectors as the platform's newer API writes them: `$Event{event}` for `body.event`,
 * `$Event{data.object}` for `body.data.object`: a dotted path into the body, nothing else.
 */
export type PlatformSelector = { readonly ok: true; readonly selector: string; readonly keys: readonly string[] };

export type PlatformSelectorProblem = { readonly ok: false; readonly problem: string };

/** A key that `$Event{...}` cannot write: the dot separates keys, and braces end the notation. */
const UNWRITABLE_KEY = /[.{}]|^\s|\s$|^$/;

/**
 * The platform's selector for an event selector as declared (`body.data.object`, or already
 * `$Event{data.object}`), or why the platform cannot take it (a header, an array step, ...).
 */
export function toPlatformSelector(path: string): PlatformSelector | PlatformSelectorProblem {
  const written = readPlatformSelector(path);
  if (written !== undefined) return { ok: true, selector: platformSelectorOf(written), keys: written };
  const parsed = parsePayloadPath(path);
  if (!parsed.ok) return { ok: false, problem: `is not a path into the payload (it ${parsed.problem})` };
  const [part, ...rest] = parsed.steps;
  const partName = part !== undefined && "key" in part ? part.key : "";
  if (partName !== "body")
    return { ok: false, problem: `selects in ${partName}, and the platform selects in the body only` };
  if (rest.length === 0) return { ok: false, problem: "selects the whole body rather than a field of it" };
  const keys: string[] = [];
  for (const step of rest) {
    if (!("key" in step)) return { ok: false, problem: "goes through the elements of an array ([])" };
    if (UNWRITABLE_KEY.test(step.key)) {
      return { ok: false, problem: `has the key ${JSON.stringify(step.key)}, which $Event{...} cannot write` };
    }
    keys.push(step.key);
  }
  return { ok: true, selector: platformSelectorOf(keys), keys };
}

function platformSelectorOf(keys: readonly string[]): string {
  return `$Event{${keys.join(".")}}`;
}

/** The body keys of a selector written `$Event{a.b}` (spaces around keys allowed), or undefined for other text. */
export function readPlatformSelector(text: string): readonly string[] | undefined {
  const match = /^\s*\$Event\{([^{}]*)\}\s*$/.exec(text);
  if (match === null) return undefined;
  const keys = match[1]!.split(".").map((key) => key.trim());
  return keys.some((key) => key === "") ? undefined : keys;
}

/**
 * Whether the platform's selector (as read back, of any type) selects what `declared` does:
 * `$Event{ data.object }` and `$Event{data.object}` are the same. Text that is not in the
 * notation is compared as it is.
 */
export function samePlatformSelector(remote: unknown, declared: string): boolean {
  if (typeof remote !== "string") return false;
  const remoteKeys = readPlatformSelector(remote);
  const declaredKeys = readPlatformSelector(declared);
  if (remoteKeys === undefined || declaredKeys === undefined) return remote === declared;
  return remoteKeys.length === declaredKeys.length && remoteKeys.every((key, i) => key === declaredKeys[i]);
}

/** The value at `keys` in a sample's body: what the selector reads there. */
export function valueAt(body: JsonValue | undefined, keys: readonly string[]): JsonValue | undefined {
  let value: JsonValue | undefined = body;
  for (const key of keys) {
    if (!isRecord(value) || !Object.hasOwn(value, key)) return undefined;
    value = value[key] as JsonValue | undefined;
  }
  return value;
}
