import type { JsonValue } from "../util/json.js";

/** JSON with every object's keys sorted: key order never counts as a change. */
export function canonical(value: JsonValue): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, JsonValue> = {};
  // Defined, not assigned: a key `__proto__` is data here.
  for (const key of Object.keys(value).sort()) {
    Object.defineProperty(out, key, {
      value: sortKeys(value[key]!),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** One token of a JSON pointer in a URI fragment (`#/$defs/A%20B`, `~1` for `/`), decoded. */
export function decodePointerToken(token: string): string {
  let decoded = token;
  try {
    decoded = decodeURIComponent(token);
  } catch {
    // Not percent-encoded after all: taken as written.
  }
  return decoded.replace(/~1/g, "/").replace(/~0/g, "~");
}
