import { getOwn, isJsonObject, setOwn, type JsonObject, type JsonValue } from "../util/json.js";
import { literalType, STRING_FORMATS, type InferredSchema, type Literal, type StringFormat } from "./schema.js";
import { merge } from "./merge.js";

const SUPPORTED = new Set([
  "type",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "enum",
  "const",
  "anyOf",
  "oneOf",
  "format",
  "description",
  "title",
  "$comment",
]);
const TYPES = new Set(["string", "integer", "number", "boolean", "null", "array", "object"]);
/** Explicit schemas may nest; this bounds the recursion below on hostile input. */
const MAX_DEPTH = 32;

/**
 * Converts a JSON Schema that a user wrote in a refinement into the subset the emitter
 * understands, or explains what it cannot take. Anything outside the subset is refused rather
 * than silently dropped, since a dropped keyword would make the types looser than the schema.
 */
export function fromJsonSchema(schema: JsonObject, path = "", depth = 0): InferredSchema | { problem: string } {
  if (depth > MAX_DEPTH) return { problem: `nests more than ${MAX_DEPTH} levels` };
  // Every unsupported keyword of the whole schema at once: one fix-and-rebuild round, not one per keyword.
  const unsupported = depth === 0 ? unsupportedKeywords(schema, path, depth, []) : [];
  if (unsupported.length > 0) return { problem: unsupportedInWords(unsupported) };
  const description = typeof schema["description"] === "string" ? { description: schema["description"] } : {};

  const alternatives = schema["anyOf"] ?? schema["oneOf"];
  if (alternatives !== undefined) {
    if (!Array.isArray(alternatives) || alternatives.length === 0)
      return { problem: `${where(path)}anyOf must be a non-empty array` };
    let union: InferredSchema = {};
    for (const [i, alternative] of alternatives.entries()) {
      if (!isJsonObject(alternative)) return { problem: `${where(path)}anyOf[${i}] must be an object` };
      const converted = fromJsonSchema(alternative, `${path}anyOf[${i}].`, depth + 1);
      if ("problem" in converted) return converted;
      union = merge(union, converted);
    }
    return { ...union, ...description };
  }

  const literals = schema["const"] !== undefined ? [schema["const"]] : schema["enum"];
  if (literals !== undefined) {
    if (!Array.isArray(literals) || literals.length === 0)
      return { problem: `${where(path)}enum must be a non-empty array` };
    return literalUnion(literals, path, description);
  }

  const type = schema["type"];
  if (type === undefined) return { ...description };
  const types = Array.isArray(type) ? type : [type];
  let result: InferredSchema = {};
  for (const t of types) {
    if (typeof t !== "string" || !TYPES.has(t))
      return { problem: `${where(path)}has unknown type ${JSON.stringify(t)}` };
    const converted = ofType(t, schema, path, depth);
    if ("problem" in converted) return converted;
    result = merge(result, converted);
  }
  return { ...result, ...description };
}

function ofType(type: string, schema: JsonObject, path: string, depth: number): InferredSchema | { problem: string } {
  switch (type) {
    case "object":
      return objectOf(schema, path, depth);
    case "array": {
      const items = schema["items"];
      if (items === undefined) return { type: "array", items: {} };
      if (!isJsonObject(items)) return { problem: `${where(path)}items must be a schema object` };
      const converted = fromJsonSchema(items, `${path}items.`, depth + 1);
      return "problem" in converted ? converted : { type: "array", items: converted };
    }
    case "string": {
      const format = schema["format"];
      if (format === undefined) return { type: "string" };
      if (!(STRING_FORMATS as readonly JsonValue[]).includes(format)) {
        return {
          problem: `${where(path)}has format ${JSON.stringify(format)}; supported: ${STRING_FORMATS.join(", ")}`,
        };
      }
      return { type: "string", format: format as StringFormat };
    }
    default:
      return { type: type as "integer" | "number" | "boolean" | "null" };
  }
}

function objectOf(schema: JsonObject, path: string, depth: number): InferredSchema | { problem: string } {
  const rawProperties = schema["properties"] ?? {};
  if (!isJsonObject(rawProperties)) return { problem: `${where(path)}properties must be an object` };
  const properties: Record<string, InferredSchema> = {};
  for (const key of Object.keys(rawProperties)) {
    const property = getOwn(rawProperties, key);
    if (!isJsonObject(property)) return { problem: `${where(path)}properties.${key} must be a schema object` };
    const converted = fromJsonSchema(property, `${path}properties.${key}.`, depth + 1);
    if ("problem" in converted) return converted;
    setOwn(properties, key, converted);
  }
  const required = schema["required"] ?? [];
  if (!Array.isArray(required) || !required.every((k): k is string => typeof k === "string")) {
    return { problem: `${where(path)}required must be an array of field names` };
  }
  // JSON Schema objects are open unless they say otherwise.
  const extra = schema["additionalProperties"] ?? true;
  let additionalProperties: false | InferredSchema;
  if (extra === true) additionalProperties = {};
  else if (extra === false) additionalProperties = false;
  else if (isJsonObject(extra)) {
    const converted = fromJsonSchema(extra, `${path}additionalProperties.`, depth + 1);
    if ("problem" in converted) return converted;
    additionalProperties = converted;
  } else return { problem: `${where(path)}additionalProperties must be a boolean or a schema` };
  return {
    type: "object",
    properties,
    required: required.filter((k) => getOwn(properties, k) !== undefined),
    additionalProperties,
  };
}

function literalUnion(
  values: readonly JsonValue[],
  path: string,
  description: { description?: string },
): InferredSchema | { problem: string } {
  let union: InferredSchema = {};
  for (const value of values) {
    if (value !== null && typeof value === "object")
      return { problem: `${where(path)}enum values must be strings, numbers, booleans or null` };
    union = merge(union, value === null ? { type: "null" } : literalSchema(value));
  }
  return { ...union, ...description };
}

function literalSchema(value: Literal): InferredSchema {
  return { type: literalType(value), enum: [value] };
}

/** An unsupported keyword and the schema path (as `where` takes it) of the schema that has it. */
interface UnsupportedKeyword {
  readonly path: string;
  readonly keyword: string;
}

/**
 * The unsupported keywords of `schema` and of every schema nested where the subset reads one
 * (properties, items, additionalProperties, anyOf, oneOf), in the order they are written.
 */
function unsupportedKeywords(
  schema: JsonObject,
  path: string,
  depth: number,
  out: UnsupportedKeyword[],
): UnsupportedKeyword[] {
  if (depth > MAX_DEPTH) return out;
  for (const keyword of Object.keys(schema)) {
    if (!SUPPORTED.has(keyword)) out.push({ path, keyword });
  }
  const nested = (value: JsonValue | undefined, at: string): void => {
    if (isJsonObject(value)) unsupportedKeywords(value, at, depth + 1, out);
  };
  const properties = getOwn(schema, "properties");
  if (isJsonObject(properties)) {
    for (const key of Object.keys(properties)) nested(getOwn(properties, key), `${path}properties.${key}.`);
  }
  nested(getOwn(schema, "items"), `${path}items.`);
  nested(getOwn(schema, "additionalProperties"), `${path}additionalProperties.`);
  for (const union of ["anyOf", "oneOf"]) {
    const alternatives = getOwn(schema, union);
    if (Array.isArray(alternatives)) alternatives.forEach((a, i) => nested(a, `${path}${union}[${i}].`));
  }
  return out;
}

/** "uses unsupported keywords minimum, maximum; at properties.id: pattern", places in written order. */
function unsupportedInWords(found: readonly UnsupportedKeyword[]): string {
  const byPath = new Map<string, string[]>();
  for (const { path, keyword } of found) byPath.set(path, [...(byPath.get(path) ?? []), keyword]);
  const places = [...byPath].map(([path, keywords]) =>
    path === "" ? keywords.join(", ") : `at ${path.slice(0, -1)}: ${keywords.join(", ")}`,
  );
  return `uses unsupported keyword${found.length > 1 ? "s" : ""} ${places.join("; ")}`;
}

function where(path: string): string {
  return path === "" ? "" : `at ${path.slice(0, -1)} `;
}
