import { setOwn, type JsonObject, type JsonValue } from "../util/json.js";
import { detectFormat } from "./formats.js";
import { mergeAll } from "./merge.js";
import {
  STRING_FORMATS,
  type InferredSchema,
  type NullSchema,
  type ObjectSchema,
  type ScalarSchema,
  type StringFormat,
} from "./schema.js";

/**
 * The schema of one sample value: objects closed with every key required, integers apart from
 * other numbers, clear string formats noted, array elements merged into one element type.
 * Recursion is bounded: samples deeper than the inference limit are refused before this runs.
 */
export function inferValue(value: JsonValue): InferredSchema {
  if (value === null) return LEAVES.null;
  switch (typeof value) {
    case "string": {
      const format = detectFormat(value);
      return format === undefined ? LEAVES.string : FORMATTED[format];
    }
    case "boolean":
      return LEAVES.boolean;
    case "number":
      return Number.isInteger(value) ? LEAVES.integer : LEAVES.number;
  }
  if (Array.isArray(value)) return { type: "array", items: mergeAll(value.map(inferValue)) };
  return inferObject(value);
}

/**
 * The schemas of plain values, one object each for every field of that type. Schemas are never
 * changed once made (their types are read-only; refining and merging copy what they change), so
 * they can be shared, and frozen to be sure: most fields of a payload are such leaves, and a
 * large build would otherwise hold one identical object per field until its outputs are written.
 */
const LEAVES = {
  null: Object.freeze<NullSchema>({ type: "null" }),
  boolean: Object.freeze<ScalarSchema>({ type: "boolean" }),
  integer: Object.freeze<ScalarSchema>({ type: "integer" }),
  number: Object.freeze<ScalarSchema>({ type: "number" }),
  string: Object.freeze<ScalarSchema>({ type: "string" }),
};

const FORMATTED = Object.fromEntries(
  STRING_FORMATS.map((format) => [format, Object.freeze<ScalarSchema>({ type: "string", format })]),
) as Readonly<Record<StringFormat, ScalarSchema>>;

export function inferObject(value: JsonObject): ObjectSchema {
  const properties: Record<string, InferredSchema> = {};
  const keys = Object.keys(value);
  for (const key of keys) setOwn(properties, key, inferValue(value[key]!));
  return { type: "object", properties, required: keys, additionalProperties: false };
}
