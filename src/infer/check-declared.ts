import { createRequire } from "node:module";
import type { ErrorObject, ValidateFunction } from "ajv";
import type { JsonObject, JsonValue } from "../util/json.js";
import type { DefinitionTable, ObjectSchema, SchemaDefinition } from "./schema.js";
import { toJsonSchema } from "./to-json-schema.js";

/** Where a payload fails a declared schema, and why, in the words of check.ts. */
export interface DeclaredFailure {
  readonly path: readonly (string | number)[];
  readonly value: JsonValue | undefined;
  readonly reason: string;
}

type AjvInstance = { compile(schema: object): ValidateFunction; addSchema(schema: object, key: string): unknown };

let ajv: AjvInstance | undefined;
/**
 * The ajv id of each definition added to `ajv`, by definition object: a definition is added and
 * compiled once, however many events' schemas refer to it (a provider's `Repository` reached by
 * a hundred refined events), rather than once inside every event's self-contained schema. The
 * objects of one build refer to each other consistently (one resolver made them), so an id
 * stands for the definition with the refs it had when added.
 */
let definitionIds = new WeakMap<SchemaDefinition, string>();
let definitionCount = 0;

/**
 * Ajv for JSON Schema 2020-12 (the model's spelling) with every format ajv-formats knows. Loaded
 * on first use: builds without declared schemas never pay for it. Not strict: unknown keywords
 * and unknown formats are kept in declared schemas, and ignored when validating, as JSON Schema
 * says.
 */
function validator(): AjvInstance {
  if (ajv !== undefined) return ajv;
  const require = createRequire(import.meta.url);
  const { Ajv2020 } = require("ajv/dist/2020.js") as typeof import("ajv/dist/2020.js");
  const formats = require("ajv-formats") as { default: (ajv: AjvInstance) => void };
  // Refs not inlined: each definition compiles once, as its own function, for every schema using it.
  const instance = new Ajv2020({
    strict: false,
    ownProperties: true,
    logger: false,
    allErrors: false,
    inlineRefs: false,
  });
  formats.default(instance);
  ajv = instance;
  return instance;
}

/** Compiled validators by the JSON text of their schema (bounded: watch mode runs for hours). */
const COMPILED = new Map<string, ValidateFunction>();
const MAX_COMPILED = 2_000;

/**
 * The first failure of `payload` against `schema` (with the definitions it reaches), or
 * `undefined` when it fits. Definitions are named by their keys here: only the manifest needs
 * their type names.
 */
export function declaredRejection(
  schema: ObjectSchema,
  payload: JsonObject,
  definitions: DefinitionTable | undefined,
): DeclaredFailure | undefined {
  if (COMPILED.size >= MAX_COMPILED) {
    // A new instance forgets the definitions added too (watch mode runs for hours).
    COMPILED.clear();
    ajv = undefined;
    definitionIds = new WeakMap();
  }
  const instance = validator();
  const refOf = (key: string): string => {
    const definition = definitions?.get(key);
    // A key the table lacks stays a ref ajv cannot resolve: its compile error is the reason.
    if (definition === undefined) return `#/$defs/${encodeURIComponent(key)}`;
    let id = definitionIds.get(definition);
    if (id === undefined) {
      id = `urn:ductape-definition:${(definitionCount += 1)}`;
      // Known before its schema is written, so that a definition that refers to itself finds it.
      definitionIds.set(definition, id);
      instance.addSchema(toJsonSchema(definition.schema, refOf), id);
    }
    return id;
  };
  let validate: ValidateFunction | undefined;
  try {
    const json = toJsonSchema(schema, refOf);
    const text = JSON.stringify(json);
    validate = COMPILED.get(text);
    if (validate === undefined) {
      validate = instance.compile(json);
      COMPILED.set(text, validate);
    }
  } catch (error) {
    // A schema ajv cannot add or compile (a regular expression only JavaScript's engine refuses,
    // a keyword with a malformed value): said as the reason, never thrown at the user.
    const message = error instanceof Error ? error.message : String(error);
    return { path: [], value: payload, reason: `cannot be checked against its schema: ${message}` };
  }
  if (validate(payload)) return undefined;
  const errors = validate.errors ?? [];
  const chosen = deepest(errors);
  if (chosen === undefined) return { path: [], value: payload, reason: "does not fit the schema" };
  const path = stepsOf(chosen.instancePath, payload);
  return { path, value: valueAt(payload, path), reason: reasonOf(chosen, errors) };
}

/** The error deepest in the payload, the first of those: the most specific place to point at. */
function deepest(errors: readonly ErrorObject[]): ErrorObject | undefined {
  let best: ErrorObject | undefined;
  for (const error of errors) {
    if (best === undefined || depthOf(error.instancePath) > depthOf(best.instancePath)) best = error;
  }
  return best;
}

function depthOf(pointer: string): number {
  return pointer === "" ? 0 : pointer.split("/").length;
}

/** A JSON pointer into `payload` as keys and indexes (a token is an index where the value is an array). */
function stepsOf(pointer: string, payload: JsonValue): (string | number)[] {
  if (pointer === "") return [];
  const steps: (string | number)[] = [];
  let at: JsonValue | undefined = payload;
  for (const raw of pointer.slice(1).split("/")) {
    const token = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    const step: string | number = Array.isArray(at) ? Number(token) : token;
    steps.push(step);
    at =
      at === undefined || at === null || typeof at !== "object" ? undefined : (at as Record<string, JsonValue>)[step];
  }
  return steps;
}

function valueAt(payload: JsonValue, path: readonly (string | number)[]): JsonValue | undefined {
  let at: JsonValue | undefined = payload;
  for (const step of path) {
    if (at === undefined || at === null || typeof at !== "object") return undefined;
    at = Object.prototype.hasOwnProperty.call(at, step) ? (at as Record<string, JsonValue>)[step] : undefined;
  }
  return at;
}

/** Why, as check.ts words it where it can, else ajv's message. */
function reasonOf(error: ErrorObject, errors: readonly ErrorObject[]): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "type": {
      // The same value failing several types (a union's members): all of them.
      const types = errors
        .filter((e) => e.keyword === "type" && e.instancePath === error.instancePath)
        .flatMap((e) => String((e.params as { type: unknown }).type).split(","));
      return `must be ${[...new Set(types)].map(withArticle).join(" or ")}`;
    }
    case "enum":
      return `is not one of ${(params["allowedValues"] as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
    case "const":
      return `is not ${JSON.stringify(params["allowedValue"])}`;
    case "required":
      return `lacks the required field ${JSON.stringify(params["missingProperty"])}`;
    case "additionalProperties":
      return `has the field ${JSON.stringify(params["additionalProperty"])}, which the type does not allow`;
    case "format":
      return `is not a valid ${String(params["format"])}`;
    case "pattern":
      return `does not match the pattern ${String(params["pattern"])}`;
    default:
      return error.message ?? `fails ${error.keyword}`;
  }
}

function withArticle(type: string): string {
  return type === "null" ? "null" : /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
