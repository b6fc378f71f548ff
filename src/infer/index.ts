import { Codes, diagnostic } from "../diagnostics/catalogue.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { formatKeyPath, locate, type KeyPath } from "../extract/literal.js";
import { getOwn, isJsonObject, setOwn, type JsonObject, type JsonValue } from "../json.js";
import type { ValidEvent } from "../validate/index.js";
import { isTyped, isUnion, isUnknown, type InferredSchema, type ObjectSchema } from "./schema.js";

export type {
  ArraySchema,
  InferredSchema,
  ObjectSchema,
  PrimitiveSchema,
  UnionSchema,
  UnknownSchema,
} from "./schema.js";
export { isTyped, isUnion, isUnknown } from "./schema.js";

/** An event with the JSON Schema of its payload. */
export interface InferredEvent extends ValidEvent {
  readonly schema: ObjectSchema;
}

export interface InferResult {
  readonly events: readonly InferredEvent[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Deepest nesting of objects and arrays allowed inside `sample`. */
export const MAX_SAMPLE_DEPTH = 32;
/** Most values (of any kind, counting containers) allowed in one sample. */
export const MAX_SAMPLE_VALUES = 20_000;

const PARTS = ["headers", "query", "body", "params"] as const;

/** Infers each event's payload schema from its sample. */
export function infer(events: readonly ValidEvent[]): InferResult {
  const diagnostics: Diagnostic[] = [];
  const inferred: InferredEvent[] = [];
  for (const event of events) {
    const limit = checkLimits(event);
    if (limit !== undefined) {
      diagnostics.push(limit);
      continue;
    }
    const warnings: KeyPath[] = [];
    const schema = payloadSchema(event, warnings);
    for (const path of warnings) {
      const span = locate(event.definition, path);
      diagnostics.push(diagnostic(Codes.EmptyArray, { keypath: formatKeyPath(path) }, { span }));
    }
    inferred.push({ ...event, schema });
  }
  return { events: inferred, diagnostics };
}

function payloadSchema(event: ValidEvent, emptyArrays: KeyPath[]): ObjectSchema {
  const properties: Record<string, InferredSchema> = {};
  for (const part of PARTS) {
    const value = getOwn(event.sample, part);
    const path = ["sample", part];
    const schema = isJsonObject(value) ? objectSchema(value, path, emptyArrays) : objectSchema({}, path, emptyArrays);
    // Headers are open: a partner may add any header, and every header value is a string.
    setOwn(properties, part, part === "headers" ? { ...schema, additionalProperties: { type: "string" } } : schema);
  }
  return {
    type: "object",
    title: event.typeName,
    description: event.description === "" ? event.name : `${event.name}: ${event.description}`,
    properties,
    required: [...PARTS],
    additionalProperties: false,
  };
}

/**
 * Refuses samples too deep or too large before any recursive work, so that inference and
 * code generation never overflow the stack or stall on a pasted data dump.
 */
function checkLimits(event: ValidEvent): Diagnostic | undefined {
  let count = 0;
  const stack: { value: JsonValue; path: KeyPath }[] = [{ value: event.sample, path: ["sample"] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    count++;
    if (count > MAX_SAMPLE_VALUES) {
      const span = locate(event.definition, ["sample"]);
      return diagnostic(
        Codes.SampleTooLarge,
        { keypath: "sample", nodes: countValues(event.sample), limit: MAX_SAMPLE_VALUES },
        { span },
      );
    }
    if (path.length - 1 > MAX_SAMPLE_DEPTH) {
      const span = locate(event.definition, path);
      return diagnostic(Codes.SampleTooDeep, { keypath: formatKeyPath(path), limit: MAX_SAMPLE_DEPTH }, { span });
    }
    if (Array.isArray(value)) value.forEach((item, index) => stack.push({ value: item, path: [...path, index] }));
    else if (isJsonObject(value))
      for (const key of Object.keys(value)) stack.push({ value: value[key]!, path: [...path, key] });
  }
  return undefined;
}

function countValues(root: JsonValue): number {
  let count = 0;
  const stack: JsonValue[] = [root];
  while (stack.length > 0) {
    const value = stack.pop()!;
    count++;
    if (Array.isArray(value)) stack.push(...value);
    else if (isJsonObject(value)) stack.push(...Object.values(value));
  }
  return count;
}

/** The schema of one sample value. `emptyArrays` collects where element types are unknown. */
export function inferValue(value: JsonValue, path: KeyPath, emptyArrays: KeyPath[]): InferredSchema {
  if (value === null) return { type: "null" };
  switch (typeof value) {
    case "string":
      return { type: "string" };
    case "boolean":
      return { type: "boolean" };
    case "number":
      return { type: Number.isInteger(value) ? "integer" : "number" };
  }
  if (Array.isArray(value)) {
    if (value.length === 0) emptyArrays.push(path);
    const items = value.map((item, index) => inferValue(item, [...path, index], emptyArrays));
    return { type: "array", items: items.reduce<InferredSchema>(merge, {}) };
  }
  return objectSchema(value, path, emptyArrays);
}

function objectSchema(value: JsonObject, path: KeyPath, emptyArrays: KeyPath[]): ObjectSchema {
  const properties: Record<string, InferredSchema> = {};
  for (const key of Object.keys(value)) setOwn(properties, key, inferValue(value[key]!, [...path, key], emptyArrays));
  return { type: "object", properties, required: Object.keys(value), additionalProperties: false };
}

/**
 * The least schema that accepts everything either schema accepts: the type of an array whose
 * elements differ. Objects merge key by key (a key missing on one side becomes optional),
 * integer widens to number, and other differences become a union.
 */
export function merge(a: InferredSchema, b: InferredSchema): InferredSchema {
  if (isUnknown(a)) return b;
  if (isUnknown(b)) return a;
  const variants = [...variantsOf(a)];
  for (const variant of variantsOf(b)) {
    const index = variants.findIndex((v) => kindOf(v) === kindOf(variant));
    if (index === -1) variants.push(variant);
    else variants[index] = mergeSameKind(variants[index]!, variant);
  }
  variants.sort((x, y) => KIND_ORDER.indexOf(kindOf(x)) - KIND_ORDER.indexOf(kindOf(y)));
  return variants.length === 1 ? variants[0]! : { anyOf: variants };
}

const KIND_ORDER = ["object", "array", "string", "number", "boolean", "null"] as const;
type Kind = (typeof KIND_ORDER)[number];

function variantsOf(schema: InferredSchema): readonly InferredSchema[] {
  return isUnion(schema) ? schema.anyOf : [schema];
}

/** Variants of one kind merge into one; integer and number are one kind. */
function kindOf(schema: InferredSchema): Kind {
  if (!isTyped(schema)) throw new Error("kindOf expects a typed schema");
  return schema.type === "integer" ? "number" : schema.type;
}

function mergeSameKind(a: InferredSchema, b: InferredSchema): InferredSchema {
  if (!isTyped(a) || !isTyped(b)) return merge(a, b);
  if (a.type === "object" && b.type === "object") return mergeObjects(a, b);
  if (a.type === "array" && b.type === "array") return { type: "array", items: merge(a.items, b.items) };
  // Same kind but different types can only be integer and number.
  return a.type === b.type ? a : { type: "number" };
}

function mergeObjects(a: ObjectSchema, b: ObjectSchema): ObjectSchema {
  const properties: Record<string, InferredSchema> = {};
  for (const key of Object.keys(a.properties)) {
    const other = getOwn(b.properties, key);
    setOwn(properties, key, other === undefined ? a.properties[key]! : merge(a.properties[key]!, other));
  }
  for (const key of Object.keys(b.properties)) {
    if (getOwn(a.properties, key) === undefined) setOwn(properties, key, b.properties[key]!);
  }
  const required = a.required.filter((key) => b.required.includes(key));
  return { type: "object", properties, required, additionalProperties: false };
}
