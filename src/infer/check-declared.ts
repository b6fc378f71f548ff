import { createRequire } from "node:module";
import type { ErrorObject, ValidateFunction } from "ajv";
import { forAjv } from "../util/for-ajv.js";
import type { JsonObject, JsonValue } from "../util/json.js";
import { isPlainNever, isWalked, walkErrors, type CompiledOf } from "./declared-walk.js";
import {
  childSchemas,
  isRef,
  type DefinitionTable,
  type InferredSchema,
  type ObjectSchema,
  type SchemaDefinition,
} from "./schema.js";
import { reachedDefinitions, selfContained, toJsonSchema, validationNode, type RefWriter } from "./to-json-schema.js";

/** Where a payload fails a declared schema, and why, in the words of check.ts. */
export interface DeclaredFailure {
  readonly path: readonly (string | number)[];
  readonly value: JsonValue | undefined;
  readonly reason: string;
}

type AjvInstance = {
  compile(schema: object): ValidateFunction;
  addSchema(schema: object, key: string): unknown;
  getSchema(key: string): ValidateFunction | undefined;
};

/**
 * Ajv for JSON Schema 2020-12 (the model's spelling) with every format ajv-formats knows. Loaded
 * on first use: builds without declared schemas never pay for it. Not strict: unknown keywords
 * and unknown formats are kept in declared schemas, and ignored when validating, as JSON Schema
 * says.
 */
function createValidator(): AjvInstance {
  const require = createRequire(import.meta.url);
  const { Ajv2020 } = require("ajv/dist/2020.js") as typeof import("ajv/dist/2020.js");
  const formats = require("ajv-formats") as { default: (ajv: AjvInstance) => void };
  const instance = new Ajv2020({
    strict: false,
    ownProperties: true,
    logger: false,
    allErrors: false,
    // A shared definition or node is its own function rather than inlined again into each schema
    // that refers to it, and the generated code is not optimised: most validators check a few
    // payloads once, and optimising costs more to compile than it saves.
    inlineRefs: false,
    code: {
      optimize: false,
      process: (code, env) => {
        if (env?.baseId.startsWith(DEFINITION_ID) === true) definitionCompilations += 1;
        return code;
      },
    },
  });
  formats.default(instance);
  return instance;
}

/**
 * One ajv instance and what it holds: each shared definition added once, under an id of its
 * own, and compiled (by ajv, on first use) once for every event that reaches it; and each node
 * of the events' schemas that has schemas inside it, added once by its content (see `nodeId`).
 * Compiling each refined event's schema whole made declared schemas dominate a build: events
 * refine copies of a few nodes, and share the rest.
 */
interface Registry {
  readonly ajv: AjvInstance;
  /** The ajv id of each definition added, by the definition itself (a table's entries are shared across events). */
  readonly ids: WeakMap<SchemaDefinition, Added>;
  /** The ajv id of each node added, by its JSON text for ajv (its children as refs to their ids). */
  readonly nodes: Map<string, string>;
  /** Validators compiled whole (definitions that do not agree with those added), by the JSON text of their schema. */
  readonly compiled: Map<string, ValidateFunction>;
  /** The validator of each node handed to ajv, by the node itself, with the definitions its refs were written for. */
  readonly handed: WeakMap<InferredSchema, Handed>;
  /** The keys of the definitions each definition reaches (see `reachedDefinitions`). */
  readonly reached: WeakMap<SchemaDefinition, readonly string[]>;
  added: number;
}

interface Handed {
  readonly validate: ValidateFunction;
  /** The definition each key its JSON refers to named (events of one build agree; watch mode's may not). */
  readonly targets: ReadonlyMap<string, SchemaDefinition | undefined>;
}

/** A definition given an id: once added to ajv, also the definitions its `$ref`s were written for. */
interface Added {
  readonly id: string;
  targets?: ReadonlyMap<string, SchemaDefinition>;
}

let registry: Registry | undefined;

const DEFINITION_ID = "urn:ductape-definition:";
const NODE_ID = "urn:ductape-node:";
let definitionCompilations = 0;

/** How many shared definitions ajv has compiled in this process: each once, however many events reach it. */
export function compiledDefinitionCount(): number {
  return definitionCompilations;
}

/**
 * Bounded, as ajv never forgets a schema: watch mode runs for hours, and edits make new
 * definitions and nodes.
 */
const MAX_COMPILED = 2_000;
const MAX_ADDED = 10_000;

function currentRegistry(): Registry {
  if (registry === undefined || registry.compiled.size >= MAX_COMPILED || registry.added >= MAX_ADDED) {
    registry = {
      ajv: createValidator(),
      ids: new WeakMap(),
      nodes: new Map(),
      compiled: new Map(),
      handed: new WeakMap(),
      reached: new WeakMap(),
      added: 0,
    };
  }
  return registry;
}

/** Thrown by a ref writer for a key that the table lacks or that an added definition means otherwise. */
class NotShared extends Error {}

/**
 * The first failure of `payload` against `schema` (with the definitions it reaches), or
 * `undefined` when it fits.
 */
export function declaredRejection(
  schema: ObjectSchema,
  payload: JsonObject,
  definitions: DefinitionTable | undefined,
): DeclaredFailure | undefined {
  const compiledOf = preparedFor(schema, definitions);
  if (compiledOf === undefined) return wholeRejection(schema, payload, definitions);
  const errors = walkErrors(payload, schema, compiledOf);
  return errors === undefined ? undefined : failureOf(errors, payload);
}

/** The schema last prepared: the sample and each example of an event are checked against one schema in turn. */
let prepared:
  | {
      schema: ObjectSchema;
      definitions: DefinitionTable | undefined;
      reg: Registry;
      compiledOf: CompiledOf | undefined;
    }
  | undefined;

/**
 * The validators of the nodes the walk hands to ajv, each compiled now (ajv compiles a whole
 * schema before validating anything, so a schema it cannot compile fails every payload); or
 * `undefined` when something of it cannot be checked that way, to check it whole instead.
 */
function preparedFor(schema: ObjectSchema, definitions: DefinitionTable | undefined): CompiledOf | undefined {
  const reg = currentRegistry();
  if (prepared?.schema === schema && prepared.definitions === definitions && prepared.reg === reg) {
    return prepared.compiledOf;
  }
  let compiledOf: CompiledOf | undefined;
  try {
    const refOf = definitions === undefined ? noRefs : sharedDefinitions(reg, schema, definitions, true);
    compiledOf = (node) => {
      const handed = reg.handed.get(node);
      if (handed !== undefined && agrees(handed.targets, definitions)) return handed.validate;
      const targets = new Map<string, SchemaDefinition | undefined>();
      const recording = (key: string): string => {
        targets.set(key, definitions?.get(key));
        return refOf(key);
      };
      const id = isRef(node) && node.keywords === undefined ? recording(node.$ref) : nodeId(reg, node, recording);
      const validate = reg.ajv.getSchema(id);
      if (validate === undefined) throw new Error(`no schema ${id}`);
      reg.handed.set(node, { validate, targets });
      return validate;
    };
    compileHandedOver(schema, compiledOf);
  } catch {
    // Definitions that do not agree with those added (never within one build), or a schema ajv
    // refuses: checked whole, which words ajv's refusal for the schema as written.
    compiledOf = undefined;
  }
  prepared = { schema, definitions, reg, compiledOf };
  return compiledOf;
}

/** Whether each key names the same definition in `table` as it did. */
function agrees(
  targets: ReadonlyMap<string, SchemaDefinition | undefined>,
  table: DefinitionTable | undefined,
): boolean {
  for (const [key, definition] of targets) if (table?.get(key) !== definition) return false;
  return true;
}

/** Compiles every node of `schema` that the walk hands to ajv. */
function compileHandedOver(schema: InferredSchema, compiledOf: CompiledOf): void {
  if (isPlainNever(schema)) return;
  if (!isWalked(schema) || isRef(schema)) {
    compiledOf(schema);
    return;
  }
  for (const child of childSchemas(schema)) compileHandedOver(child, compiledOf);
}

/** The failure ajv's errors point at: the deepest, in check.ts's words where it can. */
function failureOf(errors: readonly ErrorObject[], payload: JsonObject): DeclaredFailure {
  const chosen = deepest(errors);
  if (chosen === undefined) return { path: [], value: payload, reason: "does not fit the schema" };
  const path = stepsOf(chosen.instancePath, payload);
  return { path, value: valueAt(payload, path), reason: reasonOf(chosen, errors) };
}

/**
 * The first failure of `payload` against `schema` compiled whole by ajv, as one document: what
 * the walk gives, for schemas it cannot take (see `preparedFor`). Exported for the tests that
 * hold the walk to it.
 */
export function wholeRejection(
  schema: ObjectSchema,
  payload: JsonObject,
  definitions: DefinitionTable | undefined,
): DeclaredFailure | undefined {
  const compiled = compiledWhole(currentRegistry(), schema, definitions);
  if ("reason" in compiled) return { path: [], value: payload, reason: compiled.reason };
  const validate = compiled.validate;
  if (validate(payload)) return undefined;
  return failureOf(validate.errors ?? [], payload);
}

/**
 * The ajv id of a node the walk hands over, added to ajv on first sight of its content: its own
 * keywords, each child with schemas inside it as a `$ref` to the child's id, other children
 * inline. The same node recurs across events (a field with a `pattern` or a `format` in every
 * event's copy of a definition, the same inferred header), and is compiled once. Validation goes
 * through the refs as through the nodes themselves: the same keywords in the same order, so the
 * same first error at the same place.
 */
function nodeId(reg: Registry, schema: InferredSchema, refOf: RefWriter): string {
  const child = (node: InferredSchema): JsonValue => {
    // The plain never schema as `false`, as toJsonSchema writes it.
    if (isPlainNever(node)) return false;
    return childSchemas(node).length === 0 ? validationNode(node, refOf, child) : { $ref: nodeId(reg, node, refOf) };
  };
  const json = forAjv(validationNode(schema, refOf, child));
  const text = JSON.stringify(json);
  let id = reg.nodes.get(text);
  if (id === undefined) {
    reg.added += 1;
    id = `${NODE_ID}${reg.added}`;
    reg.ajv.addSchema(json, id);
    reg.nodes.set(text, id);
  }
  return id;
}

/** The validator of the schema compiled as one document, as every refined event's once was. */
function compiledWhole(
  reg: Registry,
  schema: ObjectSchema,
  definitions: DefinitionTable | undefined,
): { readonly validate: ValidateFunction } | { readonly reason: string } {
  let json: JsonObject;
  try {
    json = definitions === undefined ? toJsonSchema(schema, noRefs) : withSharedDefinitions(reg, schema, definitions);
  } catch (error) {
    if (!(error instanceof NotShared)) return cannotCheck(error);
    // Definitions that do not agree with those added (never within one build): all of them
    // inline, named by their keys, as one document.
    json = selfContained(schema, definitions, (key) => key);
  }
  json = forAjv(json);
  const text = JSON.stringify(json);
  let validate = reg.compiled.get(text);
  if (validate === undefined) {
    try {
      validate = reg.ajv.compile(json);
    } catch (error) {
      return cannotCheck(error);
    }
    reg.compiled.set(text, validate);
  }
  return { validate };
}

/**
 * A schema ajv cannot compile (a regular expression only JavaScript's engine refuses, a keyword
 * with a malformed value): said as the reason, never thrown at the user.
 */
function cannotCheck(error: unknown): { readonly reason: string } {
  const message = error instanceof Error ? error.message : String(error);
  return { reason: `cannot be checked against its schema: ${message}` };
}

const noRefs = (key: string): string => {
  throw new NotShared(key);
};

/**
 * The schema as JSON, its `$ref`s to the ajv ids of the definitions, each definition it reaches
 * added to ajv first if it is not there yet.
 */
function withSharedDefinitions(reg: Registry, schema: ObjectSchema, table: DefinitionTable): JsonObject {
  return toJsonSchema(schema, sharedDefinitions(reg, schema, table, false));
}

/**
 * Adds each definition the schema reaches to ajv, if it is not there yet, and gives the writer
 * of `$ref`s to their ajv ids. `remember`: the keys each definition reaches are found once, not
 * again for every event (a definition added is checked to refer to the same definitions below).
 */
function sharedDefinitions(
  reg: Registry,
  schema: InferredSchema,
  table: DefinitionTable,
  remember: boolean,
): RefWriter {
  const idOf = (key: string): string => {
    const definition = table.get(key);
    const added = definition === undefined ? undefined : reg.ids.get(definition);
    if (added === undefined) throw new NotShared(key);
    return added.id;
  };
  const reached = remember
    ? reachedDefinitions(schema, table, (d) => reachedFrom(reg, d, table))
    : reachedDefinitions(schema, table);
  // Ids first, for every definition reached: a definition's refs are written with its targets' ids.
  for (const key of reached) {
    const definition = table.get(key)!;
    if (!reg.ids.has(definition)) {
      reg.added += 1;
      reg.ids.set(definition, { id: `${DEFINITION_ID}${reg.added}` });
    }
  }
  for (const key of reached) {
    const added = reg.ids.get(table.get(key)!)!;
    if (added.targets === undefined) {
      const targets = new Map<string, SchemaDefinition>();
      const json = toJsonSchema(table.get(key)!.schema, (ref) => {
        const target = table.get(ref);
        if (target === undefined) throw new NotShared(ref);
        targets.set(ref, target);
        return idOf(ref);
      });
      reg.ajv.addSchema(forAjv(json), added.id);
      added.targets = targets;
    } else {
      // Added for another event's table: its refs must name the same definitions in this one.
      for (const [ref, target] of added.targets) if (table.get(ref) !== target) throw new NotShared(ref);
    }
  }
  return idOf;
}

/** The keys `definition` reaches, itself included, as `table` names them the first time. */
function reachedFrom(reg: Registry, definition: SchemaDefinition, table: DefinitionTable): readonly string[] {
  let keys = reg.reached.get(definition);
  if (keys === undefined) {
    keys = [definition.key, ...reachedDefinitions(definition.schema, table, (d) => reg.reached.get(d))];
    reg.reached.set(definition, keys);
  }
  return keys;
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
