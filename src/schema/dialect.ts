import { getOwn, isJsonObject, setOwn, type JsonObject, type JsonValue } from "../util/json.js";
import { mapSubschemas, SUBSCHEMA_KEYWORDS } from "../util/subschemas.js";

// Defined in src/util/, where modules outside the schema stage can walk schemas too.
export { mapSubschemas, SUBSCHEMA_KEYWORDS, type KeywordShape } from "../util/subschemas.js";

/** The JSON Schema drafts a declared schema may be written in; `$schema` decides, draft-07 by default. */
export type Dialect = "draft-07" | "2019-09" | "2020-12";

export const DEFAULT_DIALECT: Dialect = "draft-07";

/** The `$schema` of the one internal form every declared schema is normalised to. */
export const INTERNAL_SCHEMA_URI = "https://json-schema.org/draft/2020-12/schema";

/**
 * The meta-schema URIs of each dialect, without scheme and trailing `#`: both `http` and
 * `https`, with or without the empty fragment, are written in the wild. OpenAPI 3.1's base
 * dialect is 2020-12 with a vocabulary of annotations, which validate nothing.
 */
const DIALECT_URIS: ReadonlyMap<string, Dialect> = new Map([
  ["json-schema.org/draft-07/schema", "draft-07"],
  ["json-schema.org/draft/2019-09/schema", "2019-09"],
  ["json-schema.org/draft/2020-12/schema", "2020-12"],
  ["spec.openapis.org/oas/3.1/dialect/base", "2020-12"],
]);

/** The supported `$schema` values, as a hint names them. */
export const SUPPORTED_SCHEMA_URIS = [
  "http://json-schema.org/draft-07/schema#",
  "https://json-schema.org/draft/2019-09/schema",
  "https://json-schema.org/draft/2020-12/schema",
] as const;

/** The dialect a `$schema` value names, or undefined for one this tool does not read. */
export function dialectOfUri(uri: string): Dialect | undefined {
  const match = /^https?:\/\/(.*?)#?$/.exec(uri.trim());
  return match === null ? undefined : DIALECT_URIS.get(match[1]!);
}

/**
 * The dialect of a JSON document holding schemas: an OpenAPI 3.1 document's
 * `jsonSchemaDialect` (2020-12 by default), 2020-12-like for OpenAPI 3.0 read as draft-07 (its
 * Schema Object is an older draft's subset, plus `nullable`), else the document's `$schema`,
 * else `fallback`. A `$schema` or `jsonSchemaDialect` that names no supported dialect is a
 * problem, given as the unknown value.
 */
export function documentDialect(
  document: JsonValue,
  fallback: Dialect = DEFAULT_DIALECT,
): { readonly dialect: Dialect } | { readonly unknown: string; readonly keyword: string } {
  if (!isJsonObject(document)) return { dialect: fallback };
  const openapi = getOwn(document, "openapi");
  if (typeof openapi === "string") {
    if (openapi.startsWith("3.0")) return { dialect: "draft-07" };
    const declared = getOwn(document, "jsonSchemaDialect");
    if (typeof declared !== "string") return { dialect: "2020-12" };
    const dialect = dialectOfUri(declared);
    return dialect === undefined ? { unknown: declared, keyword: "jsonSchemaDialect" } : { dialect };
  }
  return schemaDialect(document, fallback);
}

/** The dialect a schema object's own `$schema` names, or `fallback` when it has none. */
export function schemaDialect(
  schema: JsonObject,
  fallback: Dialect,
): { readonly dialect: Dialect } | { readonly unknown: string; readonly keyword: string } {
  const declared = getOwn(schema, "$schema");
  if (declared === undefined) return { dialect: fallback };
  const dialect = typeof declared === "string" ? dialectOfUri(declared) : undefined;
  return dialect === undefined ? { unknown: JSON.stringify(declared), keyword: "$schema" } : { dialect };
}

/**
 * One keyword of a schema object in the internal form, with where its value was written in
 * the source: the steps from the schema object (`["definitions"]`, `["items", 2]` for
 * `prefixItems[2]`...). Values are the source's, not copied.
 */
export interface NormalisedKeyword {
  readonly keyword: string;
  readonly value: JsonValue;
  /** Where the value sits in the source schema object; for a keyword made of several (`dependencies` split), each part's own. */
  readonly from: readonly (string | number)[];
}

/**
 * The keywords of one schema object (not its subschemas) in the internal form, the spelling of
 * 2020-12: `definitions` as `$defs` (both kept as written when both are, since pointers may
 * name either), draft-07's array form of `items` as `prefixItems` and its
 * `additionalItems` as `items`, `dependencies` split into `dependentRequired` and
 * `dependentSchemas`, a draft-07 `$id: "#name"` as `$anchor`, and OpenAPI 3.0's
 * `nullable: true` folded into `type` (and `enum`): `nullable` itself is not kept, since 2020-12
 * has no such keyword and its meaning is then in `type` (see `orNull` for one without `type`).
 * Every other keyword, unknown ones included, is kept as written, in the order written.
 */
export function normaliseKeywords(schema: JsonObject, dialect: Dialect): NormalisedKeyword[] {
  const keywords: NormalisedKeyword[] = [];
  const older = dialect !== "2020-12";
  const itemsArray = older && Array.isArray(getOwn(schema, "items"));
  const nullable = getOwn(schema, "nullable") === true;
  for (const keyword of Object.keys(schema)) {
    const value = getOwn(schema, keyword)!;
    if (keyword === "nullable" && typeof value === "boolean") continue;
    if (keyword === "type" && nullable) keywords.push({ keyword, value: withNull(value), from: [keyword] });
    else if (keyword === "enum" && nullable && Array.isArray(value) && getOwn(schema, "type") !== undefined)
      keywords.push({ keyword, value: value.includes(null) ? value : [...value, null], from: [keyword] });
    else if (keyword === "definitions" && getOwn(schema, "$defs") === undefined)
      keywords.push({ keyword: "$defs", value, from: [keyword] });
    else if (keyword === "items" && itemsArray) keywords.push({ keyword: "prefixItems", value, from: [keyword] });
    else if (keyword === "additionalItems" && itemsArray) keywords.push({ keyword: "items", value, from: [keyword] });
    else if (keyword === "dependencies" && isJsonObject(value)) splitDependencies(value, keywords);
    else if (keyword === "$id" && dialect === "draft-07" && typeof value === "string" && value.startsWith("#"))
      keywords.push({ keyword: "$anchor", value: value.slice(1), from: [keyword] });
    else keywords.push({ keyword, value, from: [keyword] });
  }
  return keywords;
}

/**
 * OpenAPI 3.0's `nullable: true` where no `type` is beside it, as in `{ allOf: [{ $ref }],
 * nullable: true }`: the specification gives it no effect there, but documents (Stripe's, among
 * others) write it to mean "or null", and so do the tools that read them. `normalised` is the
 * schema object in the internal form; its title and description stay outside the union.
 */
export function orNull(source: JsonObject, normalised: JsonObject): JsonObject {
  if (getOwn(source, "nullable") !== true || getOwn(source, "type") !== undefined) return normalised;
  const inner: JsonObject = {};
  const outer: JsonObject = {};
  for (const keyword of Object.keys(normalised)) {
    const target = keyword === "title" || keyword === "description" ? outer : inner;
    setOwn(target, keyword, getOwn(normalised, keyword)!);
  }
  setOwn(outer, "anyOf", [inner, { type: "null" }]);
  return outer;
}

/** `type` with `null` among its types, as `nullable: true` beside it means. */
function withNull(type: JsonValue): JsonValue {
  if (typeof type === "string") return type === "null" ? type : [type, "null"];
  if (Array.isArray(type)) return type.includes("null") ? type : [...type, "null"];
  return type;
}

/** draft-07's `dependencies`: lists of names are `dependentRequired`, schemas `dependentSchemas`. */
function splitDependencies(dependencies: JsonObject, keywords: NormalisedKeyword[]): void {
  const required: JsonObject = {};
  const schemas: JsonObject = {};
  for (const name of Object.keys(dependencies)) {
    const value = getOwn(dependencies, name)!;
    setOwn(Array.isArray(value) ? required : schemas, name, value);
  }
  if (Object.keys(required).length > 0)
    keywords.push({ keyword: "dependentRequired", value: required, from: ["dependencies"] });
  if (Object.keys(schemas).length > 0)
    keywords.push({ keyword: "dependentSchemas", value: schemas, from: ["dependencies"] });
}

/**
 * A whole schema in the internal form (see `normaliseKeywords`), subschemas included; a
 * subschema with a `$schema` of its own is read in its dialect. The input is not changed.
 */
export function normaliseSchema(schema: JsonValue, dialect: Dialect): JsonValue {
  const visit = (node: JsonValue, at: readonly (string | number)[], current: Dialect): JsonValue => {
    if (!isJsonObject(node)) return node;
    const declared = schemaDialect(node, current);
    const own = "dialect" in declared ? declared.dialect : current;
    const out: JsonObject = {};
    for (const { keyword, value, from } of normaliseKeywords(node, own)) {
      const shape = SUBSCHEMA_KEYWORDS.get(keyword);
      const base = [...at, ...from];
      setOwn(out, keyword, shape === undefined ? value : mapSubschemas(value, shape, base, own, visit));
    }
    return orNull(node, out);
  };
  return visit(schema, [], dialect);
}
