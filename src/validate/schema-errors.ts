import type { ErrorObject } from "ajv";
import { Codes, diagnostic } from "../diagnostics/catalogue.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { suggest } from "../diagnostics/suggest.js";
import { formatKeyPath, locate, type LiteralObject } from "../extract/index.js";
import { jsonTypeInWords, type JsonObject } from "../util/json.js";
import { instancePath, valueAtPath } from "../util/json-pointer.js";
import { FIELD_EXAMPLES } from "./definition-schema.js";

/**
 * Turns an ajv error into a diagnostic in the user's terms: the keypath in their definition,
 * located at the value (or key) they wrote. ajv runs with `verbose`, so each error carries the
 * schema it failed, which names the allowed fields for "did you mean" hints.
 */
export function fromAjvError(error: ErrorObject, data: JsonObject, definition: LiteralObject): Diagnostic {
  const path = instancePath(error.instancePath, data);
  const keypath = formatKeyPath(path);
  const params = error.params as Record<string, unknown>;
  const at = { span: locate(definition, path) };
  switch (error.keyword) {
    case "required": {
      const field = String(params["missingProperty"]);
      const example = FIELD_EXAMPLES[field] ?? "{}";
      return diagnostic(Codes.MissingField, { keypath, field, example }, at);
    }
    case "additionalProperties": {
      const field = String(params["additionalProperty"]);
      const known = knownFields(error.parentSchema);
      const span = locate(definition, [...path, field], { key: true });
      return diagnostic(Codes.UnknownField, { keypath, field, suggestion: suggest(field, known), known }, { span });
    }
    case "type": {
      const value = valueAtPath(data, path);
      const got = value === undefined ? "nothing" : jsonTypeInWords(value);
      return diagnostic(Codes.WrongType, { keypath, expected: typeWords(params["type"]), got }, at);
    }
    default:
      return diagnostic(Codes.InvalidValue, { keypath, problem: error.message ?? `fails "${error.keyword}"` }, at);
  }
}

/**
 * The top-level field of the definition an error is about (`name`, `sample` ...), null when the
 * error is an unknown top-level field (which no later check reads), and `*` when it cannot tell.
 */
export function faultyField(error: ErrorObject): string | null {
  const params = error.params as Record<string, unknown>;
  if (error.instancePath === "") {
    if (error.keyword === "additionalProperties") return null;
    return error.keyword === "required" ? String(params["missingProperty"]) : "*";
  }
  const first = error.instancePath.split("/")[1] ?? "";
  return first.replace(/~1/g, "/").replace(/~0/g, "~");
}

function knownFields(parentSchema: unknown): readonly string[] {
  if (typeof parentSchema !== "object" || parentSchema === null || !("properties" in parentSchema)) return [];
  const properties = parentSchema.properties;
  return typeof properties === "object" && properties !== null ? Object.keys(properties) : [];
}

/** "a string", "an object", or "a string, a number, a boolean or null" for a list of types. */
function typeWords(type: unknown): string {
  const types = Array.isArray(type) ? type.map(String) : String(type).split(",");
  const words = types.map((t) =>
    t === "null" ? "null" : t === "object" || t === "array" || t === "integer" ? `an ${t}` : `a ${t}`,
  );
  return words.length === 1 ? words[0]! : `${words.slice(0, -1).join(", ")} or ${words.at(-1)!}`;
}
