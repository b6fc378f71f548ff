import { getOwn, isJsonObject, type JsonObject, type JsonValue } from "../util/json.js";
import { declaredRejection } from "./check-declared.js";
import { formatAccepts } from "./formats.js";
import {
  hasDeclaredNodes,
  isDeclaredNode,
  isTyped,
  isUnion,
  type DefinitionTable,
  type InferredSchema,
  type ObjectSchema,
  type StringFormat,
} from "./schema.js";

/** A payload that does not fit the schema: which one, where, and why. */
export interface Rejection {
  /** 0 for the sample, i + 1 for examples[i]. */
  readonly index: number;
  /** Where the rejected value is inside the payload: object keys and array indexes. */
  readonly path: readonly (string | number)[];
  readonly value: JsonValue | undefined;
  readonly reason: string;
}

/**
 * The first rejection of each payload that the schema refuses. Given `inferred`, the schema
 * inferred from these very payloads that `schema` was refined from, the walk skips every part
 * that refining left as it was (the same object at the same path): inference accepts the
 * payloads it learned from, so only the edited paths can refuse them, and the first rejection
 * found is the one the full walk would find.
 *
 * A validator for what inference and plain refinements make rather than ajv: compiling an ajv
 * validator per refined event dominated a build, while walking the payload against the schema is
 * cheap. The property tests check the samples against the same schemas with ajv. A schema with
 * declared nodes (validation keywords, tuples, `allOf`, `oneOf`, refs to `definitions`: see
 * `isDeclaredNode`) is checked by ajv instead, which knows every keyword (check-declared.ts).
 */
export function rejections(
  schema: ObjectSchema,
  payloads: readonly JsonObject[],
  inferred?: ObjectSchema,
  definitions?: DefinitionTable,
): Rejection[] {
  if (hasDeclaredBeyond(schema, inferred)) return declaredRejections(schema, payloads, definitions);
  const out: Rejection[] = [];
  payloads.forEach((payload, index) => {
    const error = check(payload, schema, [], inferred);
    if (error !== undefined) out.push({ index, path: error.path, value: error.value, reason: error.reason });
  });
  return out;
}

/**
 * `hasDeclaredNodes`, skipping what refining left as inference made it (the same object at the
 * same path, as `check` skips it): inference makes no declared node, and most events of a large
 * build are refined by a selector alone.
 */
function hasDeclaredBeyond(schema: InferredSchema, inferred: InferredSchema | undefined): boolean {
  if (schema === inferred) return false;
  if (inferred === undefined || !isTyped(schema) || !isTyped(inferred) || schema.type !== inferred.type) {
    return hasDeclaredNodes(schema);
  }
  if (isDeclaredNode(schema)) return true;
  if (schema.type === "array" && inferred.type === "array") return hasDeclaredBeyond(schema.items, inferred.items);
  if (schema.type !== "object" || inferred.type !== "object") return false;
  for (const key of Object.keys(schema.properties)) {
    if (hasDeclaredBeyond(schema.properties[key]!, getOwn(inferred.properties, key))) return true;
  }
  return schema.additionalProperties !== false && hasDeclaredNodes(schema.additionalProperties);
}

function declaredRejections(
  schema: ObjectSchema,
  payloads: readonly JsonObject[],
  definitions: DefinitionTable | undefined,
): Rejection[] {
  const out: Rejection[] = [];
  payloads.forEach((payload, index) => {
    const error = declaredRejection(schema, payload, definitions);
    if (error !== undefined) out.push({ index, ...error });
  });
  return out;
}

interface Failure {
  readonly path: readonly (string | number)[];
  readonly value: JsonValue | undefined;
  readonly reason: string;
}

/**
 * The steps from the payload to the value being checked, pushed and popped as the walk goes:
 * most payloads fit, so the path is only copied out for a failure.
 */
type Steps = (string | number)[];

function failure(steps: Steps, value: JsonValue | undefined, reason: string): Failure {
  return { path: [...steps], value, reason };
}

/**
 * The first place where `value` does not fit `schema`; depth is bounded by the sample limits.
 * `inferred` is the inferred schema at the same path, when the path there went through objects
 * and arrays only: if it is `schema` itself, the value fits. (Inside a union that refining
 * changed, which variant the inferred schema accepted a value by is not known, so none is
 * skipped there.)
 */
function check(
  value: JsonValue,
  schema: InferredSchema,
  steps: Steps,
  inferred: InferredSchema | undefined,
): Failure | undefined {
  if (schema === inferred) return undefined;
  if (isUnion(schema)) {
    // Explain with the variant of the value's own kind, if there is one: its reason is the useful
    // one. Each variant is checked once: nested unions would otherwise cost 2^depth checks.
    let explained: Failure | undefined;
    for (const variant of schema.anyOf) {
      const found = check(value, variant, steps, undefined);
      if (found === undefined) return undefined;
      if (explained === undefined && isTyped(variant) && kindOf(value) === kindOfType(variant.type)) explained = found;
    }
    return explained ?? failure(steps, value, `must be ${schema.anyOf.map(describe).join(" or ")}`);
  }
  // Only the empty schema is left: `rejections` gives every declared node to ajv.
  if (!isTyped(schema)) return undefined;
  switch (schema.type) {
    case "null":
      return value === null ? undefined : failure(steps, value, "must be null");
    case "array":
      if (!Array.isArray(value)) return failure(steps, value, "must be an array");
      const inferredItems =
        inferred !== undefined && isTyped(inferred) && inferred.type === "array" ? inferred.items : undefined;
      for (let i = 0; i < value.length; i++) {
        steps.push(i);
        const found = check(value[i]!, schema.items, steps, inferredItems);
        steps.pop();
        if (found !== undefined) return found;
      }
      return undefined;
    case "object":
      if (!isJsonObject(value)) return failure(steps, value, "must be an object");
      return checkObject(
        value,
        schema,
        steps,
        inferred !== undefined && isTyped(inferred) && inferred.type === "object" ? inferred : undefined,
      );
    default: {
      const ok =
        schema.type === "integer"
          ? Number.isInteger(value)
          : schema.type === "number"
            ? typeof value === "number"
            : typeof value === schema.type;
      if (!ok) return failure(steps, value, `must be ${describe(schema)}`);
      if (schema.enum !== undefined && !schema.enum.includes(value as string | number | boolean)) {
        return failure(steps, value, `is not one of ${schema.enum.map((v) => JSON.stringify(v)).join(", ")}`);
      }
      if (
        schema.type === "string" &&
        schema.format !== undefined &&
        !formatAccepts(schema.format as StringFormat, value as string)
      ) {
        return failure(steps, value, `is not a valid ${schema.format}`);
      }
      return undefined;
    }
  }
}

function checkObject(
  value: JsonObject,
  schema: ObjectSchema,
  steps: Steps,
  inferred: ObjectSchema | undefined,
): Failure | undefined {
  for (const key of schema.required) {
    if (getOwn(value, key) === undefined)
      return failure(steps, value, `lacks the required field ${JSON.stringify(key)}`);
  }
  for (const key of Object.keys(value)) {
    const property = fieldSchema(schema, key);
    if (property === undefined) {
      return failure(steps, value, `has the field ${JSON.stringify(key)}, which the type does not allow`);
    }
    steps.push(key);
    const found = check(value[key]!, property, steps, inferred === undefined ? undefined : fieldSchema(inferred, key));
    steps.pop();
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The schema an object schema gives the value under `key`: its property's, or the one for other keys. */
function fieldSchema(schema: ObjectSchema, key: string): InferredSchema | undefined {
  return (
    getOwn(schema.properties, key) ?? (schema.additionalProperties === false ? undefined : schema.additionalProperties)
  );
}

/** The kind of value a typed schema takes, as `kindOf` names it. */
function kindOfType(type: string): string {
  return type === "integer" ? "number" : type;
}

function kindOf(value: JsonValue): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function describe(schema: InferredSchema): string {
  if (!isTyped(schema)) return isUnion(schema) ? schema.anyOf.map(describe).join(" or ") : "anything";
  return schema.type === "null" ? "null" : /^[aeiou]/.test(schema.type) ? `an ${schema.type}` : `a ${schema.type}`;
}
