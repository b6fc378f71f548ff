import { setOwn, type JsonObject, type JsonValue } from "../json.js";
import { detectFormat } from "./formats.js";
import { merge } from "./merge.js";
import type { InferredSchema, ObjectSchema } from "./schema.js";

/**
 * The schema of one sample value: objects closed with every key required, integers apart from
 * other numbers, clear string formats noted, array elements merged into one element type.
 * Recursion is bounded: samples deeper than the inference limit are refused before this runs.
 */
export function inferValue(value: JsonValue): InferredSchema {
  if (value === null) return { type: "null" };
  switch (typeof value) {
    case "string": {
      const format = detectFormat(value);
      return format === undefined ? { type: "string" } : { type: "string", format };
    }
    case "boolean":
      return { type: "boolean" };
    case "number":
      return { type: Number.isInteger(value) ? "integer" : "number" };
  }
  if (Array.isArray(value)) return { type: "array", items: value.map(inferValue).reduce<InferredSchema>(merge, {}) };
  return inferObject(value);
}

export function inferObject(value: JsonObject): ObjectSchema {
  const properties: Record<string, InferredSchema> = {};
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    // setOwn's test, written out: this runs for every key of every payload.
    if (key === "__proto__") setOwn(properties, key, inferValue(value[key]!));
    else properties[key] = inferValue(value[key]!);
  }
  return { type: "object", properties, required: keys, additionalProperties: false };
}
