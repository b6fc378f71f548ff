import { compareCodeUnits } from "../util/order.js";

/**
 * The subset of JSON Schema that inference and refinement produce, and that the emitter turns
 * into TypeScript. A closed union (rather than JSON Schema's open shape) lets every consumer
 * switch over it exhaustively.
 */
export type InferredSchema = ScalarSchema | NullSchema | ArraySchema | ObjectSchema | UnionSchema | UnknownSchema;

/** Documentation any schema may carry into the generated JSDoc. */
interface Documented {
  readonly description?: string;
}

export type Literal = string | number | boolean;

/** The one order of an enum's literals, wherever one is made: by their JSON text, code unit by code unit. */
export function compareLiterals(a: Literal, b: Literal): number {
  return compareCodeUnits(JSON.stringify(a), JSON.stringify(b));
}

export interface ScalarSchema extends Documented {
  readonly type: "string" | "integer" | "number" | "boolean";
  /** A string format recognised in the sample (`date-time`, `email`, ...), checked by ajv-formats. */
  readonly format?: StringFormat;
  /** The only values allowed: a literal type (one value) or a union of literals. */
  readonly enum?: readonly Literal[];
}

export interface NullSchema extends Documented {
  readonly type: "null";
}

export interface ArraySchema extends Documented {
  readonly type: "array";
  readonly items: InferredSchema;
}

export interface ObjectSchema extends Documented {
  readonly type: "object";
  readonly title?: string;
  readonly properties: Readonly<Record<string, InferredSchema>>;
  readonly required: readonly string[];
  /** `false` for closed objects; a schema for open maps such as headers. */
  readonly additionalProperties: false | InferredSchema;
}

/** Values of differing kinds, e.g. `string | null`. */
export interface UnionSchema extends Documented {
  readonly anyOf: readonly InferredSchema[];
}

/** The empty schema `{}`: any value (the elements of an empty array). */
export type UnknownSchema = Documented;

export const STRING_FORMATS = ["date-time", "date", "email", "uri", "uuid"] as const;
export type StringFormat = (typeof STRING_FORMATS)[number];

export type TypedSchema = ScalarSchema | NullSchema | ArraySchema | ObjectSchema;

export function isUnion(schema: InferredSchema): schema is UnionSchema {
  return "anyOf" in schema;
}

export function isTyped(schema: InferredSchema): schema is TypedSchema {
  return "type" in schema;
}

export function isUnknown(schema: InferredSchema): boolean {
  return !isUnion(schema) && !isTyped(schema);
}

/** The scalar schema type of a literal value. */
export function literalType(value: Literal): ScalarSchema["type"] {
  if (typeof value === "string") return "string";
  if (typeof value === "boolean") return "boolean";
  return Number.isInteger(value) ? "integer" : "number";
}
