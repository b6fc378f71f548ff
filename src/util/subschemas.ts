/**
 * Where the internal form of a JSON Schema (2020-12 spelling, see src/schema/dialect.ts) holds
 * subschemas: what a walk over a schema descends into. Outside src/schema/ so that modules a
 * build without declared schemas loads (src/infer/check-declared.ts) can walk schemas too.
 */
import type { Dialect } from "../schema/dialect.js";
import { getOwn, isJsonObject, setOwn, type JsonObject, type JsonValue } from "./json.js";

/** How the internal form's keywords hold subschemas: what a walk over a schema descends into. */
export type KeywordShape = "schema" | "schema-list" | "schema-map";

/** The keywords of the internal form (2020-12) whose values are schemas, and how. */
export const SUBSCHEMA_KEYWORDS: ReadonlyMap<string, KeywordShape> = new Map<string, KeywordShape>([
  ["additionalProperties", "schema"],
  ["items", "schema"],
  ["contains", "schema"],
  ["propertyNames", "schema"],
  ["not", "schema"],
  ["if", "schema"],
  ["then", "schema"],
  ["else", "schema"],
  ["unevaluatedItems", "schema"],
  ["unevaluatedProperties", "schema"],
  ["contentSchema", "schema"],
  ["allOf", "schema-list"],
  ["anyOf", "schema-list"],
  ["oneOf", "schema-list"],
  ["prefixItems", "schema-list"],
  ["properties", "schema-map"],
  ["patternProperties", "schema-map"],
  ["dependentSchemas", "schema-map"],
  ["$defs", "schema-map"],
]);

/** Applies `visit` to each subschema of a keyword's value of the given shape; other values are kept. */
export function mapSubschemas(
  value: JsonValue,
  shape: KeywordShape,
  at: readonly (string | number)[],
  dialect: Dialect,
  visit: (node: JsonValue, at: readonly (string | number)[], dialect: Dialect) => JsonValue,
): JsonValue {
  switch (shape) {
    case "schema":
      return visit(value, at, dialect);
    case "schema-list":
      return Array.isArray(value) ? value.map((item, i) => visit(item, [...at, i], dialect)) : value;
    case "schema-map": {
      if (!isJsonObject(value)) return value;
      const out: JsonObject = {};
      for (const name of Object.keys(value)) setOwn(out, name, visit(getOwn(value, name)!, [...at, name], dialect));
      return out;
    }
  }
}
