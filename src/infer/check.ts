import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { getOwn, isJsonObject, setOwn, type JsonObject, type JsonValue } from "../json.js";
import type { ObjectSchema } from "./schema.js";

let ajv: Ajv | undefined;

function validator(schema: ObjectSchema): ValidateFunction {
  if (ajv === undefined) {
    // ownProperties: keys such as `constructor` must not be read from Object.prototype.
    ajv = new Ajv({ allErrors: false, strict: false, ownProperties: true, verbose: true });
    addFormats.default(ajv);
  }
  return ajv.compile(escapeKeys(schema, true) as object);
}

/** A payload that does not fit the schema: which one, where, and why. */
export interface Rejection {
  /** 0 for the sample, i + 1 for examples[i]. */
  readonly index: number;
  /** JSON pointer of the rejected value inside the payload. */
  readonly pointer: string;
  readonly value: JsonValue | undefined;
  readonly reason: string;
}

/** The first rejection of each payload that the schema refuses. */
export function rejections(schema: ObjectSchema, payloads: readonly JsonObject[]): Rejection[] {
  const validate = validator(schema);
  const out: Rejection[] = [];
  payloads.forEach((payload, index) => {
    if (validate(escapeKeys(payload, false))) return;
    const error: ErrorObject | undefined = validate.errors?.[0];
    if (error === undefined) return;
    const pointer = unescapePointer(error.instancePath);
    out.push({ index, pointer, value: at(payload, pointer), reason: reason(error) });
  });
  return out;
}

function reason(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === "enum" && Array.isArray(params["allowedValues"])) {
    return `is not one of ${params["allowedValues"].map((v) => JSON.stringify(v)).join(", ")}`;
  }
  if (error.keyword === "required") return `lacks the required field ${JSON.stringify(params["missingProperty"])}`;
  if (error.keyword === "additionalProperties")
    return `has the field ${JSON.stringify(params["additionalProperty"])}, which the type does not allow`;
  return (error.message ?? `fails ${error.keyword}`).replace(/^must/, "must");
}

/**
 * ajv's generated code reads `data.__proto__` for a property named `__proto__`, which finds
 * the prototype, not the key. Both the schema and the data get that key renamed to a
 * spelling no JSON key can collide with in practice before validation.
 */
const PROTO = "__proto__";
const PROTO_STAND_IN = "\u0000__proto__";

function escapeKeys(value: unknown, isSchema: boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => escapeKeys(item, isSchema));
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const inner = getOwn(value as Record<string, unknown>, key);
    // In a schema, `required` lists property names, which are renamed like the keys.
    const renamed =
      isSchema && key === "required" && Array.isArray(inner)
        ? inner.map((k) => (k === PROTO ? PROTO_STAND_IN : k))
        : escapeKeys(inner, isSchema);
    setOwn(out, key === PROTO ? PROTO_STAND_IN : key, renamed);
  }
  return out;
}

function unescapePointer(pointer: string): string {
  return pointer.split(PROTO_STAND_IN).join(PROTO);
}

function at(payload: JsonValue, pointer: string): JsonValue | undefined {
  let node: JsonValue | undefined = payload;
  for (const raw of pointer.split("/").slice(1)) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(node)) node = node[Number(key)];
    else node = isJsonObject(node) ? getOwn(node, key) : undefined;
  }
  return node;
}
