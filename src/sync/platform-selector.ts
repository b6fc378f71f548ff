import type { JsonValue } from "../util/json.js";
import { isRecord } from "../util/json.js";
import { parseSelector } from "../naming/payload-path.js";

/**
 * Whether the platform's selector (as read back, of any type) selects what `declared` (in the
 * platform's notation) does: `$Event{ data.object }` and `$Event{data.object}` are the same.
 * Text that is not in the notation is compared as it is.
 */
export function samePlatformSelector(remote: unknown, declared: string): boolean {
  if (typeof remote !== "string") return false;
  const remoteSteps = parseSelector(remote.trim());
  const declaredSteps = parseSelector(declared);
  if (!remoteSteps.ok || !declaredSteps.ok) return remote === declared;
  return JSON.stringify(remoteSteps.steps) === JSON.stringify(declaredSteps.steps);
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
