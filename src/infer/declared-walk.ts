/**
 * Checking a payload against a refined declared schema without compiling it: the nodes that
 * refining copies (objects, arrays, unions on an edited path, and the edited fields themselves)
 * are walked here, in the order ajv's generated code takes them, and every other node is handed
 * to an ajv validator compiled once for all events (a shared definition, or a node by its
 * content). The errors are those ajv gives for the whole schema, in the same order, as far as
 * check-declared.ts reads them: the first error of each node at the same place, and the errors
 * of the failed branches of a union before the union's own.
 *
 * What ajv does, and this walk mirrors (JSON Schema 2020-12, `allErrors: false`,
 * `ownProperties: true`): a node's `type` is checked first, unless the node has keywords of that
 * type (then inside their group, after the untyped keywords, which walked nodes lack). An object
 * checks `required` in its order, then `additionalProperties` over the value's keys in their
 * order, then `properties` in the schema's order (`__proto__` last), each only when the value
 * has the key; a node stops at its first failure. `anyOf` tries its members in order, keeping
 * the errors of those that failed only when none passes, and adds its own after them; `allOf`
 * stops at the first member that fails. A schema without keywords that validate accepts
 * anything.
 */
import type { ErrorObject, ValidateFunction } from "ajv";
import { isJsonObject, type JsonValue } from "../util/json.js";
import {
  isAllOf,
  isNever,
  isRef,
  isTyped,
  isUnion,
  kindOfSchema,
  type InferredSchema,
  type ObjectSchema,
} from "./schema.js";

/** The validator ajv compiled for a node this walk does not take itself, or for the definition a `$ref` names. */
export type CompiledOf = (schema: InferredSchema) => ValidateFunction;

/**
 * Whether the walk takes the node itself: no kept keyword (those are ajv's to check), and none
 * of the members whose order of checks within ajv's groups the walk does not mirror (`oneOf`,
 * tuples, pattern properties, formats, a closed `items`).
 */
export function isWalked(schema: InferredSchema): boolean {
  if (schema.keywords !== undefined) return false;
  switch (kindOfSchema(schema)) {
    case "typed": {
      if (!isTyped(schema)) return false;
      if (schema.type === "array") return schema.prefixItems === undefined && !isPlainNever(schema.items);
      // A `required` that lists a key twice is not a valid schema: ajv's to refuse.
      if (schema.type === "object")
        return schema.patternProperties === undefined && new Set(schema.required).size === schema.required.length;
      if (schema.type === "null") return true;
      return schema.format === undefined;
    }
    case "anyOf":
      return isUnion(schema) && schema.anyOf.length > 0;
    case "allOf":
      return isAllOf(schema) && schema.allOf.length > 0;
    case "unknown":
      return true;
    default:
      return false;
  }
}

/** The plain never schema, which JSON Schema output writes as `false`. */
export function isPlainNever(schema: InferredSchema): boolean {
  return isNever(schema) && Object.keys(schema).length === 1;
}

/** The errors of `value` against `schema`, as ajv would give them; `undefined` when it fits. */
export function walkErrors(
  value: JsonValue,
  schema: InferredSchema,
  compiledOf: CompiledOf,
): ErrorObject[] | undefined {
  const context: Context = { compiledOf, errors: [], root: value };
  return walk(value, schema, "", context) ? undefined : context.errors;
}

interface Context {
  readonly compiledOf: CompiledOf;
  /** The errors so far, in ajv's order. */
  readonly errors: ErrorObject[];
  /** The whole payload, as ajv's validators take it beside the value they check. */
  readonly root: JsonValue;
}

/** Checks `value` at `pointer` against `schema`; on failure, its errors are appended to `errors`. */
function walk(value: JsonValue, schema: InferredSchema, pointer: string, context: Context): boolean {
  const errors = context.errors;
  if (isPlainNever(schema)) {
    errors.push(error(pointer, "false schema", {}, "boolean schema is false"));
    return false;
  }
  if (!isWalked(schema) || isRef(schema)) {
    const validate = context.compiledOf(schema);
    // What the validator of a `$ref` is called with; nothing here refers to other data (`$data`).
    const data = { instancePath: pointer, rootData: context.root, dynamicAnchors: {} };
    if (validate(value, data as Parameters<ValidateFunction>[1])) return true;
    errors.push(...(validate.errors ?? []));
    return false;
  }
  if (isUnion(schema)) {
    const before = errors.length;
    for (const member of schema.anyOf) {
      if (walk(value, member, pointer, context)) {
        errors.length = before;
        return true;
      }
    }
    errors.push(error(pointer, "anyOf", {}, "must match a schema in anyOf"));
    return false;
  }
  if (isAllOf(schema)) return schema.allOf.every((member) => walk(value, member, pointer, context));
  if (!isTyped(schema)) return true;
  if (!hasType(value, schema.type)) {
    errors.push(error(pointer, "type", { type: schema.type }, `must be ${schema.type}`));
    return false;
  }
  switch (schema.type) {
    case "object":
      return walkObject(value as Record<string, JsonValue>, schema, pointer, context);
    case "array": {
      const items = value as JsonValue[];
      for (let i = 0; i < items.length; i++) {
        if (!walk(items[i]!, schema.items, `${pointer}/${i}`, context)) return false;
      }
      return true;
    }
    case "null":
      return true;
    default:
      if (schema.enum !== undefined && !schema.enum.includes(value as string | number | boolean)) {
        const params = { allowedValues: schema.enum };
        errors.push(error(pointer, "enum", params, "must be equal to one of the allowed values"));
        return false;
      }
      return true;
  }
}

function walkObject(
  value: Record<string, JsonValue>,
  schema: ObjectSchema,
  pointer: string,
  context: Context,
): boolean {
  const errors = context.errors;
  for (const key of schema.required) {
    if (!has(value, key)) {
      const message = `must have required property '${key}'`;
      errors.push(error(pointer, "required", { missingProperty: key }, message));
      return false;
    }
  }
  const additional = schema.additionalProperties;
  const closed = additional === false || isPlainNever(additional);
  if (closed || !acceptsAnything(additional)) {
    for (const key of Object.keys(value)) {
      if (Object.hasOwn(schema.properties, key)) continue;
      if (closed) {
        const message = "must NOT have additional properties";
        errors.push(error(pointer, "additionalProperties", { additionalProperty: key }, message));
        return false;
      }
      if (!walk(value[key]!, additional as InferredSchema, `${pointer}/${escape(key)}`, context)) return false;
    }
  }
  // ajv is given a property named `__proto__` as a pattern property (see src/util/for-ajv.ts),
  // which it checks after the others.
  const properties = Object.keys(schema.properties).filter((key) => key !== "__proto__");
  if (Object.hasOwn(schema.properties, "__proto__")) properties.push("__proto__");
  for (const key of properties) {
    if (!has(value, key)) continue;
    if (!walk(value[key]!, schema.properties[key]!, `${pointer}/${escape(key)}`, context)) return false;
  }
  return true;
}

/** A schema that validates nothing: no keyword but documentation (ajv skips it). */
function acceptsAnything(schema: InferredSchema): boolean {
  return kindOfSchema(schema) === "unknown" && schema.keywords === undefined;
}

function has(value: Record<string, JsonValue>, key: string): boolean {
  return value[key] !== undefined && Object.hasOwn(value, key);
}

/** ajv's check of a single `type`. */
function hasType(value: JsonValue, type: string): boolean {
  switch (type) {
    case "object":
      return isJsonObject(value);
    case "array":
      return Array.isArray(value);
    case "null":
      return value === null;
    case "integer":
      return typeof value === "number" && !(value % 1) && !Number.isNaN(value);
    default:
      return typeof value === type;
  }
}

function escape(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

function error(instancePath: string, keyword: string, params: Record<string, unknown>, message: string): ErrorObject {
  return { instancePath, schemaPath: "", keyword, params, message };
}
