import { getOwn, isJsonObject, setOwn, type JsonObject, type JsonValue } from "../util/json.js";
import {
  type ArraySchema,
  type DefinitionTable,
  type InferredSchema,
  type Keywords,
  type Literal,
  type ObjectSchema,
  type SchemaDefinition,
  type TypedSchema,
  isTyped,
  isUnion,
  TS_ADDITIONAL_PROPERTIES,
} from "./schema.js";

/** What is wrong in a declared schema, and where: keys and indexes from the schema's root. */
export interface SchemaProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

export interface ConvertOptions {
  /**
   * The definition key a `$ref` (as the resolved bundle writes it) stands for; `undefined`
   * makes the ref a problem. Without this option every `$ref` is a problem.
   */
  readonly refKey?: (ref: string) => string | undefined;
  /** Why a `$ref` is refused when `refKey` is absent (refinement schemas). */
  readonly refRefused?: string;
}

export interface Converted {
  readonly schema: InferredSchema;
  /** Empty when the schema converted exactly. */
  readonly problems: readonly SchemaProblem[];
}

/** JSON's types, in the order a union of them is listed (as inference orders a union's kinds). */
const TYPE_ORDER = ["object", "array", "string", "integer", "number", "boolean", "null"] as const;
type JsonType = (typeof TYPE_ORDER)[number];
/** Declared schemas nest, through properties and applicators; this bounds the recursion on hostile input. */
export const MAX_SCHEMA_DEPTH = 64;

/** Keywords the model has fields for (or that conversion spells otherwise); every other keyword is kept as written. */
const MODELLED = new Set([
  "type",
  "enum",
  "const",
  "anyOf",
  "oneOf",
  "allOf",
  "$ref",
  "properties",
  "required",
  "additionalProperties",
  "patternProperties",
  "items",
  "prefixItems",
  "additionalItems",
  "format",
  "description",
  "title",
  "default",
  "examples",
  "nullable",
]);
/**
 * Structural keywords that the resolver has already used up: a document's identity and its
 * table of definitions (reached through the `DefinitionTable` instead). Kept, `$id` would move
 * the base of every `$ref` in the manifest's schema.
 */
const CONSUMED = new Set(["$schema", "$id", "$defs", "definitions"]);
/** Keywords whose values are data, never schemas: a `$ref` in them is a value, not a reference. */
const DATA_KEYWORDS = new Set(["enum", "const", "default", "examples", "example"]);
const OBJECT_KEYWORDS = ["properties", "patternProperties", "additionalProperties", "required"];
const ARRAY_KEYWORDS = ["items", "prefixItems"];

/**
 * Converts a declared JSON Schema (2020-12 spelling, refs resolved to definition keys by
 * `options.refKey`; draft-07 tuples `items: [...]` with `additionalItems` are read too) into the
 * model, exactly: every keyword the model has no field for is kept in `keywords`. Problems are
 * only what is really wrong (a `type` that is no JSON type, `required` that is not a list of
 * names, a pattern that is no regular expression, a ref that cannot be resolved), all of them,
 * each at its path.
 *
 * A schema without `type` but with object keywords (`properties`, `required`, ...) is taken as
 * an object, and one with array keywords as an array, as schemas that omit `type` mean.
 */
export function convertSchema(schema: JsonValue, options: ConvertOptions = {}): Converted {
  const problems: SchemaProblem[] = [];
  const result = new Converter(options, problems).node(schema, [], 0);
  return { schema: result, problems };
}

/** A definition as the resolved bundle gives it. */
export interface DeclaredDefinition {
  readonly key: string;
  readonly names: readonly string[];
  readonly schema: JsonValue;
}

/** `convertSchema` over a bundle's definitions: the table, and each problem with its definition's key. */
export function convertDefinitions(
  definitions: Iterable<DeclaredDefinition>,
  options: ConvertOptions = {},
): { definitions: DefinitionTable; problems: (SchemaProblem & { readonly key: string })[] } {
  const table = new Map<string, SchemaDefinition>();
  const problems: (SchemaProblem & { key: string })[] = [];
  for (const { key, names, schema } of definitions) {
    const converted = convertSchema(schema, options);
    for (const problem of converted.problems) problems.push({ key, ...problem });
    table.set(key, { key, names, schema: converted.schema });
  }
  return { definitions: table, problems };
}

/**
 * A refinement's schema in the model, or what is wrong with it in one line. Refinement
 * schemas take the same keywords as declared ones; a `$ref` is refused there.
 */
export function fromJsonSchema(schema: JsonObject): InferredSchema | { problem: string } {
  const { schema: converted, problems } = convertSchema(schema, {
    refRefused: "a refinement cannot refer to a definition yet (write the schema inline)",
  });
  if (problems.length === 0) return converted;
  return { problem: problems.map((p) => `${where(p.path)}${p.message}`).join("; ") };
}

function where(path: readonly (string | number)[]): string {
  if (path.length === 0) return "";
  return `at ${path.map((step, i) => (typeof step === "number" ? `[${step}]` : i === 0 ? step : `.${step}`)).join("")}: `;
}

type Path = readonly (string | number)[];

class Converter {
  constructor(
    private readonly options: ConvertOptions,
    private readonly problems: SchemaProblem[],
  ) {}

  private problem(path: Path, message: string): InferredSchema {
    this.problems.push({ path, message });
    return {};
  }

  node(schema: JsonValue, path: Path, depth: number): InferredSchema {
    if (schema === true) return {};
    if (schema === false) return { not: {} };
    if (!isJsonObject(schema)) return this.problem(path, "must be a schema: an object or a boolean");
    if (depth > MAX_SCHEMA_DEPTH) return this.problem(path, `nests more than ${MAX_SCHEMA_DEPTH} levels`);
    const docs = this.docs(schema, path, depth);
    const nullable = this.nullable(schema, path);
    const parts: InferredSchema[] = [];
    const base = placeVendorKeyword(this.base(schema, path, depth, nullable), docs);
    if (base !== undefined) parts.push(base);
    const ref = getOwn(schema, "$ref");
    if (ref !== undefined) parts.push(this.ref(ref, [...path, "$ref"]));
    const allOf = this.list(schema, "allOf", path, depth);
    if (allOf !== undefined) parts.push(...allOf);
    const anyOf = this.list(schema, "anyOf", path, depth);
    if (anyOf !== undefined) parts.push({ anyOf });
    const oneOf = this.list(schema, "oneOf", path, depth);
    if (oneOf !== undefined) parts.push({ oneOf });
    // What the model has a field for but cannot use here is kept as written.
    const kept = unmodelled(schema, base);
    if (kept !== undefined) docs.keywords = docs.keywords === undefined ? kept : mergeKeywords(docs.keywords, kept);
    let node: InferredSchema = parts.length === 0 ? {} : parts.length === 1 ? parts[0]! : { allOf: parts };
    // An OpenAPI 3.0 `nullable` beside no `type` (a `$ref`, an `allOf`): null besides the rest.
    if (nullable && base === undefined && parts.length > 0) node = { anyOf: [node, { type: "null" }] };
    return withDocs(node, docs);
  }

  /** The documentation fields and the kept keywords of a schema, as the model spells them. */
  private docs(schema: JsonObject, path: Path, depth: number): MutableDocs {
    const docs: MutableDocs = {};
    for (const key of ["description", "title"] as const) {
      const value = getOwn(schema, key);
      if (value === undefined) continue;
      if (typeof value === "string") docs[key] = value;
      else this.problem([...path, key], "must be a string");
    }
    const fallback = getOwn(schema, "default");
    if (fallback !== undefined) docs.default = fallback;
    const examples = getOwn(schema, "examples");
    if (examples !== undefined) {
      if (Array.isArray(examples)) docs.examples = examples;
      else this.problem([...path, "examples"], "must be an array of values");
    }
    let keywords: Record<string, JsonValue> | undefined;
    for (const key of Object.keys(schema)) {
      if (MODELLED.has(key) || CONSUMED.has(key)) continue;
      keywords ??= {};
      const value = schema[key]!;
      setOwn(keywords, key, DATA_KEYWORDS.has(key) ? value : this.rawRefs(value, [...path, key], depth + 1));
    }
    // `format` beside no scalar type is kept as written (a format annotates strings and numbers).
    if (keywords !== undefined) docs.keywords = keywords;
    return docs;
  }

  private nullable(schema: JsonObject, path: Path): boolean {
    const nullable = getOwn(schema, "nullable");
    if (nullable === undefined || nullable === false) return false;
    if (nullable === true) return true;
    this.problem([...path, "nullable"], "must be true or false");
    return false;
  }

  /** The types a schema allows, from `type` or implied by its keywords; `undefined` for any. */
  private types(schema: JsonObject, path: Path, nullable: boolean): JsonType[] | undefined {
    const type = getOwn(schema, "type");
    if (type === undefined) {
      const implied: JsonType[] = [];
      if (OBJECT_KEYWORDS.some((k) => getOwn(schema, k) !== undefined)) implied.push("object");
      if (ARRAY_KEYWORDS.some((k) => getOwn(schema, k) !== undefined)) implied.push("array");
      return implied.length === 0 ? undefined : nullable ? [...implied, "null"] : implied;
    }
    const list = Array.isArray(type) ? type : [type];
    const types = new Set<JsonType>();
    for (const [i, t] of list.entries()) {
      if (typeof t === "string" && (TYPE_ORDER as readonly string[]).includes(t)) types.add(t as JsonType);
      else {
        const at = Array.isArray(type) ? [...path, "type", i] : [...path, "type"];
        this.problem(at, `${JSON.stringify(t)} is not a JSON type (${TYPE_ORDER.join(", ")})`);
      }
    }
    if (list.length === 0) this.problem([...path, "type"], "must name at least one type");
    if (nullable) types.add("null");
    return TYPE_ORDER.filter((t) => types.has(t));
  }

  /**
   * The node's own type: one typed schema per allowed type (a union of them in TYPE_ORDER), with
   * the literals of `enum`/`const` that have each type; `undefined` when the schema constrains
   * no type (only applicators, or nothing).
   */
  private base(schema: JsonObject, path: Path, depth: number, nullable: boolean): InferredSchema | undefined {
    let types = this.types(schema, path, nullable);
    const literals = this.literals(schema, path);
    if (literals !== undefined && types === undefined) {
      types = TYPE_ORDER.filter((t) => literals.some((v) => literalFits(v, t)));
    }
    if (types === undefined) return undefined;
    const format = getOwn(schema, "format");
    if (format !== undefined && typeof format !== "string") this.problem([...path, "format"], "must be a string");
    const variants: TypedSchema[] = [];
    for (const type of types) {
      const values = literals?.filter((v) => literalFits(v, type));
      if (values !== undefined && values.length === 0) continue;
      const variant = this.typed(type, schema, path, depth, values, typeof format === "string" ? format : undefined);
      // integer and number with the same literals: the integers are already numbers.
      variants.push(variant);
    }
    if (variants.length === 0) return { not: {} };
    return variants.length === 1 ? variants[0]! : { anyOf: variants };
  }

  /** The literals of `enum` and `const` (both: the values of `enum` equal to `const`); `undefined` when neither, or not all scalars. */
  private literals(schema: JsonObject, path: Path): (Literal | null)[] | undefined {
    const constant = getOwn(schema, "const");
    const listed = getOwn(schema, "enum");
    if (listed !== undefined && (!Array.isArray(listed) || listed.length === 0)) {
      this.problem([...path, "enum"], "must be a non-empty array of values");
      return undefined;
    }
    let values: JsonValue[] | undefined = constant !== undefined ? [constant] : (listed as JsonValue[] | undefined);
    if (constant !== undefined && Array.isArray(listed)) {
      const text = JSON.stringify(constant);
      values = listed.some((v) => JSON.stringify(v) === text) ? [constant] : [];
    }
    if (values === undefined) return undefined;
    // Objects and arrays as literals are kept as written (see docs), and type nothing here.
    if (values.some((v) => v !== null && typeof v === "object")) return undefined;
    const seen = new Set<string>();
    return (values as (Literal | null)[]).filter((v) => {
      const text = JSON.stringify(v);
      return seen.has(text) ? false : (seen.add(text), true);
    });
  }

  private typed(
    type: JsonType,
    schema: JsonObject,
    path: Path,
    depth: number,
    values: readonly (Literal | null)[] | undefined,
    format: string | undefined,
  ): TypedSchema {
    switch (type) {
      case "null":
        return { type: "null" };
      case "object":
        return this.object(schema, path, depth);
      case "array":
        return this.array(schema, path, depth);
      default: {
        const literals = values as readonly Literal[] | undefined;
        return {
          type,
          ...(format === undefined ? {} : { format }),
          ...(literals === undefined ? {} : { enum: literals }),
        };
      }
    }
  }

  private object(schema: JsonObject, path: Path, depth: number): ObjectSchema {
    const properties = this.map(schema, "properties", path, depth) ?? {};
    const patternProperties = this.map(schema, "patternProperties", path, depth);
    if (patternProperties !== undefined) {
      for (const pattern of Object.keys(patternProperties)) {
        if (!isRegExp(pattern))
          this.problem([...path, "patternProperties", pattern], "is not a valid regular expression");
      }
    }
    const rawRequired = getOwn(schema, "required") ?? [];
    let required: string[] = [];
    if (Array.isArray(rawRequired) && rawRequired.every((k): k is string => typeof k === "string")) {
      required = [...new Set(rawRequired)];
    } else this.problem([...path, "required"], "must be an array of field names");
    // JSON Schema objects are open unless they say otherwise.
    const extra = getOwn(schema, "additionalProperties");
    const additionalProperties =
      extra === undefined || extra === true
        ? {}
        : extra === false
          ? false
          : this.node(extra, [...path, "additionalProperties"], depth + 1);
    return {
      type: "object",
      properties,
      required,
      additionalProperties,
      ...(patternProperties === undefined ? {} : { patternProperties }),
    };
  }

  private array(schema: JsonObject, path: Path, depth: number): ArraySchema {
    const items = getOwn(schema, "items");
    // draft-07's tuple: `items` as a list, `additionalItems` for the rest.
    if (Array.isArray(items)) {
      const prefixItems = items.map((item, i) => this.node(item, [...path, "items", i], depth + 1));
      const rest = getOwn(schema, "additionalItems");
      return {
        type: "array",
        items: rest === undefined ? {} : this.node(rest, [...path, "additionalItems"], depth + 1),
        prefixItems,
      };
    }
    const converted = items === undefined ? {} : this.node(items, [...path, "items"], depth + 1);
    const prefix = getOwn(schema, "prefixItems");
    if (prefix === undefined) return { type: "array", items: converted };
    if (!Array.isArray(prefix)) {
      this.problem([...path, "prefixItems"], "must be an array of schemas");
      return { type: "array", items: converted };
    }
    const prefixItems = prefix.map((item, i) => this.node(item, [...path, "prefixItems", i], depth + 1));
    return { type: "array", items: converted, prefixItems };
  }

  private map(
    schema: JsonObject,
    keyword: string,
    path: Path,
    depth: number,
  ): Record<string, InferredSchema> | undefined {
    const raw = getOwn(schema, keyword);
    if (raw === undefined) return undefined;
    if (!isJsonObject(raw)) {
      this.problem([...path, keyword], "must be an object of schemas");
      return undefined;
    }
    const out: Record<string, InferredSchema> = {};
    for (const key of Object.keys(raw)) setOwn(out, key, this.node(raw[key]!, [...path, keyword, key], depth + 1));
    return out;
  }

  private list(schema: JsonObject, keyword: string, path: Path, depth: number): InferredSchema[] | undefined {
    const raw = getOwn(schema, keyword);
    if (raw === undefined) return undefined;
    if (!Array.isArray(raw) || raw.length === 0) {
      this.problem([...path, keyword], "must be a non-empty array of schemas");
      return undefined;
    }
    return raw.map((member, i) => this.node(member, [...path, keyword, i], depth + 1));
  }

  private ref(ref: JsonValue, path: Path): InferredSchema {
    if (typeof ref !== "string") return this.problem(path, "must be a string");
    const { refKey, refRefused } = this.options;
    if (refKey === undefined) return this.problem(path, refRefused ?? `${JSON.stringify(ref)} is not resolved`);
    const key = refKey(ref);
    return key === undefined ? this.problem(path, `${JSON.stringify(ref)} names no definition`) : { $ref: key };
  }

  /**
   * A kept keyword's value with each `$ref` in it replaced by its definition key (its
   * subschemas, such as `not` or `if`, may refer to definitions too); the same value when
   * there is none.
   */
  private rawRefs(value: JsonValue, path: Path, depth: number): JsonValue {
    if (depth > MAX_SCHEMA_DEPTH || value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) {
      let changed = false;
      const out = value.map((v, i) => {
        const next = this.rawRefs(v, [...path, i], depth + 1);
        changed ||= next !== v;
        return next;
      });
      return changed ? out : value;
    }
    let out: JsonObject | undefined;
    for (const key of Object.keys(value)) {
      const v = value[key]!;
      let next: JsonValue = v;
      if (key === "$ref") {
        const converted = this.ref(v, [...path, key]);
        next = "$ref" in converted ? converted.$ref : v;
      } else if (!DATA_KEYWORDS.has(key)) next = this.rawRefs(v, [...path, key], depth + 1);
      if (next !== v) {
        out ??= { ...value };
        setOwn(out, key, next);
      }
    }
    return out ?? value;
  }
}

type Docs = Pick<InferredSchema, "description" | "title" | "default" | "examples" | "keywords">;
type MutableDocs = { -readonly [K in keyof Docs]: Docs[K] };

/**
 * Modelled keywords that the node built for `schema` has no place for: `enum`/`const` with
 * objects or arrays among their values, `format` where no type takes it, `additionalItems`
 * beside `items` that is not a list.
 */
function unmodelled(schema: JsonObject, base: InferredSchema | undefined): Keywords | undefined {
  const out: Record<string, JsonValue> = {};
  for (const key of ["enum", "const"]) {
    const value = getOwn(schema, key);
    const values = key === "const" ? [value] : Array.isArray(value) ? value : [];
    if (value !== undefined && values.some((v) => v !== null && typeof v === "object")) setOwn(out, key, value);
  }
  const format = getOwn(schema, "format");
  if (typeof format === "string" && !hasScalar(base)) out["format"] = format;
  const rest = getOwn(schema, "additionalItems");
  if (rest !== undefined && !Array.isArray(getOwn(schema, "items"))) out["additionalItems"] = rest;
  return Object.keys(out).length === 0 ? undefined : out;
}

/**
 * octokit's webhook schemas write `tsAdditionalProperties` beside `additionalProperties`: the
 * value their TypeScript types take instead. A boolean one belongs to the object the schema
 * allows, where the emitter reads it: it is moved from the node's kept keywords onto the object
 * variant(s) of `base` (for `type: ["object", "null"]`, or beside `allOf`/`oneOf`), still kept
 * as written there. Without an object variant it stays where it was, an unknown keyword.
 */
function placeVendorKeyword(base: InferredSchema | undefined, docs: MutableDocs): InferredSchema | undefined {
  const value = docs.keywords === undefined ? undefined : getOwn(docs.keywords, TS_ADDITIONAL_PROPERTIES);
  if (typeof value !== "boolean" || base === undefined) return base;
  const place = (s: InferredSchema): InferredSchema =>
    isTyped(s) && s.type === "object"
      ? { ...s, keywords: mergeKeywords(s.keywords, { [TS_ADDITIONAL_PROPERTIES]: value }) }
      : s;
  const variants = isUnion(base) ? base.anyOf : [base];
  if (!variants.some((s) => isTyped(s) && s.type === "object")) return base;
  const placed = isUnion(base) ? { ...base, anyOf: base.anyOf.map(place) } : place(base);
  const rest: Record<string, JsonValue> = {};
  for (const key of Object.keys(docs.keywords!)) {
    if (key !== TS_ADDITIONAL_PROPERTIES) setOwn(rest, key, docs.keywords![key]!);
  }
  if (Object.keys(rest).length === 0) delete docs.keywords;
  else docs.keywords = rest;
  return placed;
}

function hasScalar(schema: InferredSchema | undefined): boolean {
  if (schema === undefined) return false;
  if ("anyOf" in schema) return schema.anyOf.some(hasScalar);
  return "type" in schema && schema.type !== "null" && schema.type !== "object" && schema.type !== "array";
}

/** `node` with the documentation and kept keywords of the schema it came from. */
function withDocs(node: InferredSchema, docs: Docs): InferredSchema {
  if (Object.keys(docs).length === 0) return node;
  const { keywords, ...rest } = docs;
  return { ...node, ...rest, ...(keywords === undefined ? {} : { keywords: mergeKeywords(node.keywords, keywords) }) };
}

function mergeKeywords(a: Keywords | undefined, b: Keywords): Keywords {
  if (a === undefined) return b;
  const out: Record<string, JsonValue> = { ...a };
  for (const key of Object.keys(b)) setOwn(out, key, b[key]!);
  return out;
}

function literalFits(value: Literal | null, type: JsonType): boolean {
  if (value === null) return type === "null";
  if (type === "number") return typeof value === "number";
  if (type === "integer") return typeof value === "number" && Number.isInteger(value);
  return typeof value === type;
}

function isRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern, "u");
    return true;
  } catch {
    return false;
  }
}
