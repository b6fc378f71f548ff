/**
 * The subset of JSON Schema that inference produces. Keeping it a closed union (rather than
 * JSON Schema's open shape) lets every consumer switch over it exhaustively.
 */
export type InferredSchema = PrimitiveSchema | ArraySchema | ObjectSchema | UnionSchema | UnknownSchema;

export interface PrimitiveSchema {
  readonly type: "string" | "integer" | "number" | "boolean" | "null";
}

export interface ArraySchema {
  readonly type: "array";
  readonly items: InferredSchema;
}

export interface ObjectSchema {
  readonly type: "object";
  readonly title?: string;
  readonly description?: string;
  readonly properties: Readonly<Record<string, InferredSchema>>;
  readonly required: readonly string[];
  /** `false` for closed objects; a schema for open maps such as headers. */
  readonly additionalProperties: false | InferredSchema;
}

/** Values of differing kinds, e.g. `string | null`. */
export interface UnionSchema {
  readonly anyOf: readonly InferredSchema[];
}

/** The empty schema `{}`: any value (the elements of an empty array). */
export type UnknownSchema = { readonly [key: string]: never };

export function isUnion(schema: InferredSchema): schema is UnionSchema {
  return "anyOf" in schema;
}

export function isUnknown(schema: InferredSchema): schema is UnknownSchema {
  return !("anyOf" in schema) && !("type" in schema);
}

export function isTyped(schema: InferredSchema): schema is PrimitiveSchema | ArraySchema | ObjectSchema {
  return "type" in schema;
}
