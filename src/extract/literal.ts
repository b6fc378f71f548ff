import type { Span } from "../diagnostics/diagnostic.js";
import { setOwn, type JsonObject, type JsonValue } from "../util/json.js";
import type { LiteralObject, LiteralValue } from "./types.js";
import { keySpanOf, spanOf } from "./values.js";

/** A path inside a definition, as keys and array indexes: `["sample", "body", "items", 0]`. */
export type KeyPath = readonly (string | number)[];

/** Converts an extracted literal to plain JSON, keeping keys such as `__proto__` as own keys. */
export function literalToJson(value: LiteralValue): JsonValue {
  switch (value.kind) {
    case "string":
    case "number":
    case "boolean":
      return value.value;
    case "null":
      return null;
    case "array":
      return value.elements.map(literalToJson);
    case "object":
      return objectToJson(value);
  }
}

export function objectToJson(value: LiteralObject): JsonObject {
  const out: JsonObject = {};
  for (const property of value.properties) setOwn(out, property.key, literalToJson(property.value));
  return out;
}

/**
 * Finds where the value at `path` was written. With `key: true` and a path ending in an object
 * key, returns the key's span instead of the value's. Falls back to the deepest value found, so
 * a diagnostic about a missing field points at the object that lacks it.
 */
export function locate(root: LiteralValue, path: KeyPath, options: { key?: boolean } = {}): Span {
  let node: LiteralValue = root;
  for (const [index, step] of path.entries()) {
    if (node.kind === "object") {
      const property = node.properties.find((p) => p.key === String(step));
      if (property === undefined) return spanOf(node);
      if (options.key === true && index === path.length - 1) return keySpanOf(property);
      node = property.value;
    } else if (node.kind === "array" && typeof step === "number" && node.elements[step] !== undefined) {
      node = node.elements[step];
    } else {
      return spanOf(node);
    }
  }
  return spanOf(node);
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** Writes a path as the user would in code: `sample.body.items[0]["x-id"]`. */
export function formatKeyPath(path: KeyPath): string {
  let out = "";
  for (const step of path) {
    if (typeof step === "number") out += `[${step}]`;
    else if (IDENTIFIER.test(step)) out += out === "" ? step : `.${step}`;
    else out += `[${JSON.stringify(step)}]`;
  }
  return out === "" ? "the definition" : out;
}
