/** Plain JSON data, as stored in the manifest and sent to the platform. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/**
 * Sets `key` on `target` as an own data property. Plain assignment would treat `__proto__` as
 * the prototype setter; user data has such keys, and they must stay ordinary keys.
 */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  // Only `__proto__` is an accessor on Object.prototype; every other key assigns as data, and
  // plain assignment is much cheaper than defineProperty on the hot path of a build.
  if (key === "__proto__")
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** Reads an own property only, so that `constructor` or `toString` never come from the prototype. */
export function getOwn<T>(source: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(source, key) ? source[key] : undefined;
}

/** An object that is not an array (or null): a record whose keys can be looked at. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return isRecord(value);
}

/** Names a JSON value's type the way a message to the user should ("a string", "an array"). */
export function jsonTypeInWords(value: JsonValue): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "number") return Number.isInteger(value) ? "an integer" : "a number";
  return typeof value === "string" ? "a string" : "a boolean";
}
