import type { JsonValue } from "../../src/util/json.js";

/** A JSON value as TypeScript source; `__proto__` as a computed key so it stays a property. */
export function literal(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(literal).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.keys(value).map(
      (k) => `${k === "__proto__" ? `["__proto__"]` : JSON.stringify(k)}: ${literal(value[k]!)}`,
    );
    return `{ ${entries.join(", ")} }`;
  }
  return JSON.stringify(value);
}

/** The same JSON value with every object's keys in reverse order. */
export function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reverseKeys(v)]),
  );
}
