/**
 * A schema as ajv must be given it for a property named `__proto__` to be checked like any
 * other: the one place every ajv check of the tool (the build's, `ductape-events check`'s,
 * `import openapi`'s of examples) prepares its schemas. OpenAPI 3.0 schemas (draft-07 for ajv)
 * take the same rewrite: they have none of the keywords whose spelling differs.
 *
 * ajv leaves `__proto__` out of the names a schema lists: it checks no value under
 * `properties["__proto__"]` (and counts it declared for `additionalProperties` only when there
 * are more than eight properties), and ignores `dependentRequired` and `dependentSchemas` keyed
 * by it. The data side is sound: with `ownProperties`, `required`, `additionalProperties`,
 * `patternProperties` and `propertyNames` see an own key `__proto__` as any other. So the
 * schema is rewritten, never the data: renaming the key on both sides would show
 * `patternProperties` and `propertyNames` another name than the payload's.
 */
import { getOwn, isJsonObject, setOwn, type JsonObject, type JsonValue } from "./json.js";
import { mapSubschemas, SUBSCHEMA_KEYWORDS } from "./subschemas.js";

const PROTO = "__proto__";

/**
 * `schema` (internal form, 2020-12 spelling) with each `__proto__` that names a property moved
 * where ajv checks it: the property's schema to `patternProperties`, under a pattern matching
 * that name alone (which checks the value, declares the key for `additionalProperties` and
 * evaluates it for `unevaluatedProperties`, as `properties` does), and a dependency on it to
 * `allOf` as `if` it is present `then` what it requires; a pattern spelled `__proto__` is
 * spelled otherwise. Verdicts are those of the schema as written. Two traces stay: ajv checks
 * `patternProperties` after `properties`, so a `__proto__` property is checked after its
 * siblings; and a missing dependency of `__proto__` reads as a missing required field. The input
 * is not changed, and is given back when nothing moves.
 */
export function forAjv(schema: JsonObject): JsonObject;
export function forAjv(schema: JsonValue): JsonValue;
export function forAjv(schema: JsonValue): JsonValue {
  return namesProto(schema) ? rewrite(schema) : schema;
}

/** The keywords whose keys name properties, which ajv reads without `__proto__`. */
const NAMING = ["properties", "patternProperties", "dependentRequired", "dependentSchemas"];

function namesProto(node: JsonValue): boolean {
  if (!isJsonObject(node)) return false;
  for (const keyword of Object.keys(node)) {
    const value = getOwn(node, keyword)!;
    if (NAMING.includes(keyword) && isJsonObject(value) && Object.hasOwn(value, PROTO)) return true;
    switch (SUBSCHEMA_KEYWORDS.get(keyword)) {
      case "schema":
        if (namesProto(value)) return true;
        break;
      case "schema-list":
        if (Array.isArray(value) && value.some(namesProto)) return true;
        break;
      case "schema-map":
        if (isJsonObject(value) && Object.keys(value).some((name) => namesProto(getOwn(value, name)!))) return true;
        break;
    }
  }
  return false;
}

function rewrite(node: JsonValue): JsonValue {
  if (!isJsonObject(node)) return node;
  const out: JsonObject = {};
  for (const keyword of Object.keys(node)) {
    const value = getOwn(node, keyword)!;
    const shape = SUBSCHEMA_KEYWORDS.get(keyword);
    setOwn(out, keyword, shape === undefined ? value : mapSubschemas(value, shape, [], "2020-12", rewrite));
  }
  moveProperty(out);
  moveDependencies(out);
  return out;
}

/**
 * `properties["__proto__"]` as a pattern property, and a pattern spelled `__proto__` (which ajv
 * skips too) spelled otherwise. A malformed `patternProperties` is ajv's to refuse.
 */
function moveProperty(out: JsonObject): void {
  const properties = getOwn(out, "properties");
  const patterns = getOwn(out, "patternProperties") ?? {};
  if (!isJsonObject(patterns)) return;
  const property = isJsonObject(properties) ? getOwn(properties, PROTO) : undefined;
  if (property === undefined && !Object.hasOwn(patterns, PROTO)) return;
  const moved: JsonObject = {};
  for (const pattern of Object.keys(patterns)) {
    const name = pattern === PROTO ? unused(patterns, `(?:${PROTO})`) : pattern;
    setOwn(moved, name, getOwn(patterns, pattern)!);
  }
  if (property !== undefined) {
    setOwn(out, "properties", without(properties as JsonObject, PROTO));
    setOwn(moved, unused(patterns, `^${PROTO}$`), property);
  }
  setOwn(out, "patternProperties", moved);
}

/** `pattern`, or one equivalent to it that `patterns` does not hold (they may hold it for another schema). */
function unused(patterns: JsonObject, pattern: string): string {
  let name = pattern;
  while (Object.hasOwn(patterns, name)) name = `(?:${name})`;
  return name;
}

/** `dependentRequired` and `dependentSchemas` keyed by `__proto__` as conditions in `allOf`. */
function moveDependencies(out: JsonObject): void {
  const conditions: JsonValue[] = [];
  const allOf = getOwn(out, "allOf") ?? [];
  if (!Array.isArray(allOf)) return;
  for (const keyword of ["dependentRequired", "dependentSchemas"]) {
    const dependencies = getOwn(out, keyword);
    if (!isJsonObject(dependencies) || !Object.hasOwn(dependencies, PROTO)) continue;
    const dependent = getOwn(dependencies, PROTO)!;
    // A list that is not one is left for ajv's check of the schema to refuse.
    if (keyword === "dependentRequired" && !Array.isArray(dependent)) continue;
    const then = keyword === "dependentRequired" ? { required: dependent } : dependent;
    conditions.push({ if: { required: [PROTO] }, then });
    setOwn(out, keyword, without(dependencies, PROTO));
  }
  if (conditions.length > 0) setOwn(out, "allOf", [...allOf, ...conditions]);
}

/** A copy of `object` without `key`, every other key in its order. */
function without(object: JsonObject, key: string): JsonObject {
  const out: JsonObject = {};
  for (const name of Object.keys(object)) if (name !== key) setOwn(out, name, getOwn(object, name)!);
  return out;
}
