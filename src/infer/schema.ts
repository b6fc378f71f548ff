import type { JsonValue } from "../util/json.js";
import { compareCodeUnits } from "../util/order.js";

/**
 * The schema model: what inference and refinement produce, what a declared JSON Schema is
 * converted to (from-json-schema.ts), and what the emitter turns into TypeScript and the
 * manifest's JSON Schema (to-json-schema.ts). A closed union (rather than JSON Schema's open
 * shape) lets every consumer switch over it exhaustively: `kindOfSchema` names the member.
 *
 * Inference uses only the first six members, and no `keywords`; the other members, and the
 * documentation beyond `description` and `title`, come from declared schemas only. Each node
 * is a JSON Schema as written (2020-12 spelling) except for `RefSchema`, whose `$ref` is the
 * key of a definition in a `DefinitionTable`, and `keywords`, which to-json-schema.ts spreads
 * back into the node.
 */
export type InferredSchema =
  | ScalarSchema
  | NullSchema
  | ArraySchema
  | ObjectSchema
  | UnionSchema
  | UnknownSchema
  | OneOfSchema
  | AllOfSchema
  | RefSchema
  | NeverSchema;

/** Documentation and kept keywords, which any schema may carry. */
interface Documented {
  readonly description?: string;
  readonly title?: string;
  /** `default`, shown as `@default` in the JSDoc. */
  readonly default?: JsonValue;
  /** `examples`, each shown as `@example` in the JSDoc. */
  readonly examples?: readonly JsonValue[];
  /**
   * Every keyword of a declared schema that the model has no field for, exactly as written:
   * validation-only ones (`pattern`, `minimum`, `maxLength`, `not`, `if`, ...) and unknown ones.
   * They are kept in the manifest's schema, shown in the JSDoc, and checked on samples (by ajv).
   * A `$ref` inside one of them is a definition key, as in `RefSchema`.
   */
  readonly keywords?: Keywords;
}

/** Keywords kept as written, by name (own properties: a name may be `__proto__`). */
export type Keywords = Readonly<Record<string, JsonValue>>;

export type Literal = string | number | boolean;

/** The one order of an enum's literals, wherever one is made: by their JSON text, code unit by code unit. */
export function compareLiterals(a: Literal, b: Literal): number {
  return compareCodeUnits(JSON.stringify(a), JSON.stringify(b));
}

export interface ScalarSchema extends Documented {
  readonly type: "string" | "integer" | "number" | "boolean";
  /**
   * A string format: one recognised in the sample (`StringFormat`, checked by ajv-formats), or,
   * in a declared schema, any format as written (`int64` on an integer, too).
   */
  readonly format?: string;
  /** The only values allowed: a literal type (one value) or a union of literals. */
  readonly enum?: readonly Literal[];
}

export interface NullSchema extends Documented {
  readonly type: "null";
}

export interface ArraySchema extends Documented {
  readonly type: "array";
  /**
   * The elements' schema; with `prefixItems`, the schema of the elements after them (a
   * `NeverSchema` for a closed tuple, `{}` for any).
   */
  readonly items: InferredSchema;
  /** A tuple's leading elements, by position (declared schemas only). */
  readonly prefixItems?: readonly InferredSchema[];
}

export interface ObjectSchema extends Documented {
  readonly type: "object";
  readonly properties: Readonly<Record<string, InferredSchema>>;
  /** Required keys; in a declared schema, possibly keys that `properties` lacks. */
  readonly required: readonly string[];
  /** `false` for closed objects; a schema for open maps such as headers. */
  readonly additionalProperties: false | InferredSchema;
  /** Schemas of the keys matching each regular expression (declared schemas only). */
  readonly patternProperties?: Readonly<Record<string, InferredSchema>>;
}

/** Values of differing kinds, e.g. `string | null`; in a declared schema, any `anyOf`. */
export interface UnionSchema extends Documented {
  readonly anyOf: readonly InferredSchema[];
}

/** A declared `oneOf`: exactly one member matches. Typed like `anyOf`, validated as written. */
export interface OneOfSchema extends Documented {
  readonly oneOf: readonly InferredSchema[];
}

/** A declared `allOf`: every member matches; an intersection type. */
export interface AllOfSchema extends Documented {
  readonly allOf: readonly InferredSchema[];
}

/**
 * A reference to a shared definition: `$ref` is its key in the build's `DefinitionTable` (not a
 * URI). It is never inlined: the types name the definition's one interface, and the manifest's
 * JSON Schema of each event carries the definitions it reaches under `$defs`.
 */
export interface RefSchema extends Documented {
  readonly $ref: string;
}

/** No value at all: the schema `false` (a closed tuple's `items`, a forbidden property). */
export interface NeverSchema extends Documented {
  readonly not: Readonly<Record<string, never>>;
}

/** The empty schema `{}`: any value (the elements of an empty array). */
export type UnknownSchema = Documented;

/** A definition reached by `$ref`, shared by every schema that refers to it. */
export interface SchemaDefinition {
  /** Its canonical key (the resolver's: document and pointer); `RefSchema.$ref` holds it. */
  readonly key: string;
  /** Name candidates, best first: its `title`, then its key under definitions/$defs, ... */
  readonly names: readonly string[];
  readonly schema: InferredSchema;
}

/** The definitions of a build, by key. */
export type DefinitionTable = ReadonlyMap<string, SchemaDefinition>;

/**
 * A vendor keyword of octokit's webhook schemas: the `additionalProperties` their TypeScript
 * types take. A boolean one is kept on the object schema it sits on (see from-json-schema.ts)
 * and honoured by the types only; validation and the manifest follow `additionalProperties`.
 */
export const TS_ADDITIONAL_PROPERTIES = "tsAdditionalProperties";

export const STRING_FORMATS = ["date-time", "date", "email", "uri", "uuid"] as const;
export type StringFormat = (typeof STRING_FORMATS)[number];

export type TypedSchema = ScalarSchema | NullSchema | ArraySchema | ObjectSchema;

/** The members of the model, by name, for an exhaustive `switch`. */
export type SchemaKind = "typed" | "anyOf" | "oneOf" | "allOf" | "ref" | "never" | "unknown";

export function kindOfSchema(schema: InferredSchema): SchemaKind {
  if ("type" in schema) return "typed";
  if ("anyOf" in schema) return "anyOf";
  if ("oneOf" in schema) return "oneOf";
  if ("allOf" in schema) return "allOf";
  if ("$ref" in schema) return "ref";
  if ("not" in schema) return "never";
  return "unknown";
}

export function isUnion(schema: InferredSchema): schema is UnionSchema {
  return "anyOf" in schema;
}

export function isOneOf(schema: InferredSchema): schema is OneOfSchema {
  return "oneOf" in schema;
}

export function isAllOf(schema: InferredSchema): schema is AllOfSchema {
  return "allOf" in schema;
}

export function isRef(schema: InferredSchema): schema is RefSchema {
  return "$ref" in schema;
}

export function isNever(schema: InferredSchema): schema is NeverSchema {
  return "not" in schema;
}

export function isTyped(schema: InferredSchema): schema is TypedSchema {
  return "type" in schema;
}

/** The empty schema (with documentation or kept keywords, maybe): no member above. */
export function isUnknown(schema: InferredSchema): boolean {
  return kindOfSchema(schema) === "unknown";
}

/**
 * Whether the node itself is beyond what inference makes: a member only declared schemas have,
 * kept keywords, a tuple, pattern properties, or a format inference does not detect. Merging
 * and the sample checker treat such nodes as written (see merge.ts, check.ts).
 */
export function isDeclaredNode(schema: InferredSchema): boolean {
  if (schema.keywords !== undefined || schema.default !== undefined || schema.examples !== undefined) return true;
  switch (kindOfSchema(schema)) {
    case "typed": {
      const typed = schema as TypedSchema;
      if (typed.type === "array") return typed.prefixItems !== undefined;
      if (typed.type === "object") return typed.patternProperties !== undefined;
      if (typed.type === "null") return false;
      return typed.format !== undefined && !(STRING_FORMATS as readonly string[]).includes(typed.format);
    }
    case "anyOf":
    case "unknown":
      return false;
    default:
      return true;
  }
}

/** Each schema directly inside `schema` (not through a definition), in the order written. */
export function childSchemas(schema: InferredSchema): InferredSchema[] {
  if (isUnion(schema)) return [...schema.anyOf];
  if (isOneOf(schema)) return [...schema.oneOf];
  if (isAllOf(schema)) return [...schema.allOf];
  if (!isTyped(schema)) return [];
  if (schema.type === "array") return [...(schema.prefixItems ?? []), schema.items];
  if (schema.type !== "object") return [];
  const out = Object.keys(schema.properties).map((key) => schema.properties[key]!);
  if (schema.patternProperties !== undefined) {
    for (const key of Object.keys(schema.patternProperties)) out.push(schema.patternProperties[key]!);
  }
  if (schema.additionalProperties !== false) out.push(schema.additionalProperties);
  return out;
}

/** Whether `schema`, or a schema nested in it (not through a definition), is a declared node. */
export function hasDeclaredNodes(schema: InferredSchema): boolean {
  if (isDeclaredNode(schema)) return true;
  return childSchemas(schema).some(hasDeclaredNodes);
}

/** The scalar schema type of a literal value. */
export function literalType(value: Literal): ScalarSchema["type"] {
  if (typeof value === "string") return "string";
  if (typeof value === "boolean") return "boolean";
  return Number.isInteger(value) ? "integer" : "number";
}
