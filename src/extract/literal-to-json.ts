import { setOwn, type JsonObject, type JsonValue } from "../util/json.js";
import type { LiteralObject, LiteralValue } from "./types.js";

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
