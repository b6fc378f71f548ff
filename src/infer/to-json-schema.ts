import { isJsonObject, setOwn, type JsonObject, type JsonValue } from "../util/json.js";
import { compareCodeUnits } from "../util/order.js";
import {
  childSchemas,
  isNever,
  isRef,
  type DefinitionTable,
  type InferredSchema,
  type Keywords,
  type SchemaDefinition,
} from "./schema.js";

/** The `$ref` to write for a definition key, e.g. `#/$defs/Repository`. */
export type RefWriter = (key: string) => string;

/** Keywords whose values are data: a `$ref` in them is a value (as in from-json-schema.ts). */
const DATA_KEYWORDS = new Set(["enum", "const", "default", "examples", "example"]);
/** Keywords of the model whose value is one schema. */
const ONE = new Set(["items", "additionalProperties"]);
/** ... a list of schemas. */
const LIST = new Set(["prefixItems", "anyOf", "oneOf", "allOf"]);
/** ... schemas by name. */
const MAP = new Set(["properties", "patternProperties"]);

/**
 * The model as a JSON Schema (2020-12): refs written by `refOf`, kept keywords spread back
 * into their node (after the model's fields). A node with neither, at any depth, is returned
 * as it is, so that what inference made serialises to the very bytes it always did.
 */
export function toJsonSchema(schema: InferredSchema, refOf: RefWriter): JsonObject {
  return convert(schema, refOf);
}

/**
 * A schema in a place where JSON Schema takes one: the plain never schema as `false`, as written
 * (a closed tuple's `items: false`), which validators explain better than `{ "not": {} }`.
 */
function child(schema: InferredSchema, refOf: RefWriter): JsonValue {
  if (isNever(schema) && Object.keys(schema).length === 1) return false;
  return convert(schema, refOf);
}

function convert(schema: InferredSchema, refOf: RefWriter): JsonObject {
  const node = schema as unknown as JsonObject;
  let out: JsonObject | undefined;
  const set = (key: string, value: JsonValue, original: JsonValue): void => {
    if (value === original && out === undefined) return;
    out ??= copyUpTo(node, key);
    setOwn(out, key, value);
  };
  for (const key of Object.keys(node)) {
    const value = node[key]!;
    if (key === "keywords") {
      out ??= copyUpTo(node, key);
      const keywords = (schema as { keywords: Keywords }).keywords;
      for (const name of Object.keys(keywords)) setOwn(out, name, rawRefs(keywords[name]!, refOf, name));
      continue;
    }
    if (key === "$ref" && isRef(schema)) set(key, refOf(schema.$ref), value);
    else if (ONE.has(key) && isJsonObject(value)) set(key, child(value as InferredSchema, refOf), value);
    else if (LIST.has(key) && Array.isArray(value)) {
      const list = value.map((v) => child(v as InferredSchema, refOf));
      set(key, list.every((v, i) => v === value[i]) ? value : list, value);
    } else if (MAP.has(key) && isJsonObject(value)) {
      let map: JsonObject | undefined;
      for (const name of Object.keys(value)) {
        const converted = child(value[name] as InferredSchema, refOf);
        if (converted !== value[name] && map === undefined) map = copyUpTo(value, name);
        if (map !== undefined) setOwn(map, name, converted);
      }
      set(key, map ?? value, value);
    } else if (out !== undefined) setOwn(out, key, value);
  }
  return out ?? node;
}

/** The documentation of the model (`Documented`): it changes nothing a validator accepts. */
const DOCUMENTATION = new Set(["title", "description", "default", "examples"]);

/**
 * One node of the model as JSON Schema for a validator, without its documentation: each schema
 * directly inside it written by `childOf` (the child converted, or a `$ref` to where it is), refs
 * to definitions by `refOf`, kept keywords spread back as `toJsonSchema` does.
 */
export function validationNode(
  schema: InferredSchema,
  refOf: RefWriter,
  childOf: (child: InferredSchema) => JsonValue,
): JsonObject {
  const node = schema as unknown as JsonObject;
  const out: JsonObject = {};
  for (const key of Object.keys(node)) {
    const value = node[key]!;
    if (DOCUMENTATION.has(key)) continue;
    if (key === "keywords") {
      const keywords = (schema as { keywords: Keywords }).keywords;
      for (const name of Object.keys(keywords)) setOwn(out, name, rawRefs(keywords[name]!, refOf, name));
    } else if (key === "$ref" && isRef(schema)) setOwn(out, key, refOf(schema.$ref));
    else if (ONE.has(key) && isJsonObject(value)) setOwn(out, key, childOf(value as InferredSchema));
    else if (LIST.has(key) && Array.isArray(value)) {
      setOwn(
        out,
        key,
        value.map((v) => childOf(v as InferredSchema)),
      );
    } else if (MAP.has(key) && isJsonObject(value)) {
      const map: JsonObject = {};
      for (const name of Object.keys(value)) setOwn(map, name, childOf(value[name] as InferredSchema));
      setOwn(out, key, map);
    } else setOwn(out, key, value);
  }
  return out;
}

/** A copy of `node`'s keys before `stop`, in order. */
function copyUpTo(node: JsonObject, stop: string): JsonObject {
  const out: JsonObject = {};
  for (const key of Object.keys(node)) {
    if (key === stop) break;
    setOwn(out, key, node[key]!);
  }
  return out;
}

/** A kept keyword's value with its `$ref`s (definition keys) written by `refOf`. */
function rawRefs(value: JsonValue, refOf: RefWriter, keyword: string): JsonValue {
  if (DATA_KEYWORDS.has(keyword) || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => rawRefs(v, refOf, ""));
  const out: JsonObject = {};
  for (const key of Object.keys(value)) {
    const v = value[key]!;
    setOwn(out, key, key === "$ref" && typeof v === "string" ? refOf(v) : rawRefs(v, refOf, key));
  }
  return out;
}

/**
 * The keys of every definition `schema` reaches, through other definitions too, sorted. A key
 * the table lacks is skipped (the converter has reported it). `known` gives, for a definition,
 * the keys reached from it, which then need no walk through it.
 */
export function reachedDefinitions(
  schema: InferredSchema,
  table: DefinitionTable,
  known?: (definition: SchemaDefinition) => readonly string[] | undefined,
): string[] {
  const reached = new Set<string>();
  const visit = (node: InferredSchema): void => {
    const refs: string[] = [];
    if (isRef(node)) refs.push(node.$ref);
    if (node.keywords !== undefined) {
      for (const name of Object.keys(node.keywords)) {
        if (!DATA_KEYWORDS.has(name)) collectRawRefs(node.keywords[name]!, refs);
      }
    }
    for (const key of refs) {
      const definition = table.get(key);
      if (definition === undefined || reached.has(key)) continue;
      reached.add(key);
      const keys = known?.(definition);
      if (keys === undefined) visit(definition.schema);
      else for (const other of keys) if (table.has(other)) reached.add(other);
    }
    for (const child of childSchemas(node)) visit(child);
  };
  visit(schema);
  return [...reached].sort(compareCodeUnits);
}

function collectRawRefs(value: JsonValue, out: string[]): void {
  if (value === null || typeof value !== "object") return;
  if (Array.isArray(value)) {
    for (const v of value) collectRawRefs(v, out);
    return;
  }
  for (const key of Object.keys(value)) {
    const v = value[key]!;
    if (key === "$ref" && typeof v === "string") out.push(v);
    else if (!DATA_KEYWORDS.has(key)) collectRawRefs(v, out);
  }
}

/**
 * `schema` as one self-contained JSON Schema: every definition it reaches under `$defs`, named
 * by `nameOf` and sorted by that name, so that a reader needs nothing else. Without any, the
 * same as `toJsonSchema` (inferred schemas keep their bytes).
 */
export function selfContained(
  schema: InferredSchema,
  table: DefinitionTable | undefined,
  nameOf: (key: string) => string,
  memo?: SelfContainedMemo,
): JsonObject {
  const refOf = (key: string): string => `#/$defs/${pointerToken(nameOf(key))}`;
  const json = toJsonSchema(schema, refOf);
  const known =
    memo === undefined || table === undefined ? undefined : (d: SchemaDefinition) => reachedOnce(memo, d, table);
  const keys = table === undefined ? [] : reachedDefinitions(schema, table, known);
  if (keys.length === 0) return json;
  const named = keys.map((key) => [nameOf(key), key] as const).sort((a, b) => compareCodeUnits(a[0], b[0]));
  const defs: JsonObject = {};
  for (const [name, key] of named) {
    const definition = table!.get(key)!;
    let converted = memo?.converted.get(definition);
    if (converted === undefined) {
      converted = toJsonSchema(definition.schema, refOf);
      memo?.converted.set(definition, converted);
    }
    setOwn(defs, name, converted);
  }
  return { ...json, $defs: defs };
}

/**
 * What `selfContained` may keep between calls with one table and one `nameOf`: each definition
 * as converted, and the keys each reaches. Every event of a build carries the definitions it
 * reaches; converting them, and finding which they are, once per build rather than per event.
 */
export interface SelfContainedMemo {
  readonly converted: WeakMap<SchemaDefinition, JsonObject>;
  readonly reached: WeakMap<SchemaDefinition, readonly string[]>;
}

function reachedOnce(memo: SelfContainedMemo, definition: SchemaDefinition, table: DefinitionTable): readonly string[] {
  let keys = memo.reached.get(definition);
  if (keys === undefined) {
    keys = [definition.key, ...reachedDefinitions(definition.schema, table, (d) => memo.reached.get(d))];
    memo.reached.set(definition, keys);
  }
  return keys;
}

/** A name as one token of a JSON pointer inside a URI fragment. */
export function pointerToken(name: string): string {
  return encodeURIComponent(name.replace(/~/g, "~0").replace(/\//g, "~1"));
}
