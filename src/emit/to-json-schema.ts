import type { DefinitionTable, InferredSchema, ObjectSchema } from "../infer/schema.js";
import { isDeclaredNode, isUnion } from "../infer/schema.js";
import { reachedDefinitions, toJsonSchema as declaredToJsonSchema } from "../infer/to-json-schema.js";
import { compareCodeUnits } from "../util/order.js";
import { setOwn, type JsonObject, type JsonValue } from "../util/json.js";

/**
 * Where a named definition lives in the document being written: `#/components/schemas/<name>`
 * in OpenAPI and AsyncAPI, `#/$defs/<name>` in a JSON Schema document.
 */
export type RefOf = (name: string) => string;

/**
 * The shared definitions that declared schemas reach by `$ref` (infer's `DefinitionTable`), each
 * under the name it is written as in this document (safe and unique for the format). A `$ref`
 * node of the model names a definition by its key; here it becomes a reference to that name.
 */
export class Definitions {
  constructor(
    readonly table: DefinitionTable = new Map(),
    /** Each definition's key -> its name in the document. */
    readonly names: ReadonlyMap<string, string> = new Map(),
  ) {}

  get size(): number {
    return this.names.size;
  }

  nameOf(key: string): string {
    const name = this.names.get(key);
    if (name === undefined) throw new Error(`no name for the definition ${JSON.stringify(key)}`);
    return name;
  }

  /** Only the definitions `schema` reaches (through others too): each document holds only its own. */
  reachedFrom(schema: InferredSchema): Definitions {
    if (this.names.size === 0) return this;
    const keys = reachedDefinitions(schema, this.table);
    return new Definitions(this.table, new Map(keys.map((key) => [key, this.nameOf(key)])));
  }

  /** The definitions in name order, each converted. */
  convertAll(refOf: RefOf): [string, JsonObject][] {
    return [...this.names]
      .sort(([, a], [, b]) => compareCodeUnits(a, b))
      .map(([key, name]) => [name, toJsonSchema(this.table.get(key)!.schema, { definitions: this, refOf })]);
  }
}

export interface ConvertOptions {
  readonly definitions?: Definitions | undefined;
  /** How a `$ref` to a named definition is written; required when there are definitions. */
  readonly refOf?: RefOf | undefined;
}

/**
 * An inferred schema as a JSON Schema 2020-12 object: the one conversion every format writes
 * (OpenAPI 3.1 schemas are JSON Schema 2020-12; the keywords inference makes mean the same in
 * the draft-07 superset AsyncAPI 3.0 takes by default). It keeps what inference and refinement
 * said, `format`, `enum`, `title` and `description` included; keys in a fixed order, property
 * order as inferred. Empty `properties` and `required` are left out (they say nothing). User
 * keys such as `__proto__` stay ordinary keys. The input is not changed.
 */
export function toJsonSchema(schema: InferredSchema, options: ConvertOptions = {}): JsonObject {
  const { definitions, refOf } = options;
  const refByKey = (key: string): string => {
    if (refOf === undefined || definitions === undefined) throw new Error(`no way to refer to ${JSON.stringify(key)}`);
    return refOf(definitions.nameOf(key));
  };
  const convert = (node: InferredSchema): JsonObject => {
    // What only declared schemas hold (refs, tuples, allOf, kept keywords...) is written as infer
    // writes it for the manifest; what inference makes keeps the order of keys below.
    if (isDeclaredNode(node)) return declaredToJsonSchema(node, refByKey);
    const out: JsonObject = {};
    if ("title" in node && node.title !== undefined) out["title"] = node.title;
    if (node.description !== undefined) out["description"] = node.description;
    if (isUnion(node)) {
      out["anyOf"] = node.anyOf.map((member) => convert(member));
      return out;
    }
    if (!("type" in node)) return out;
    out["type"] = node.type;
    switch (node.type) {
      case "string":
      case "integer":
      case "number":
      case "boolean":
        if (node.format !== undefined) out["format"] = node.format;
        if (node.enum !== undefined) out["enum"] = [...node.enum];
        return out;
      case "null":
        return out;
      case "array":
        out["items"] = convert(node.items);
        return out;
      case "object":
        return objectKeywords(node, out, (member) => convert(member));
    }
  };
  return convert(schema);
}

function objectKeywords(node: ObjectSchema, out: JsonObject, convert: (s: InferredSchema) => JsonObject): JsonObject {
  const keys = Object.keys(node.properties);
  if (keys.length > 0) {
    const properties: Record<string, JsonValue> = {};
    for (const key of keys) setOwn(properties, key, convert(node.properties[key]!));
    out["properties"] = properties;
  }
  if (node.required.length > 0) out["required"] = [...node.required];
  out["additionalProperties"] = node.additionalProperties === false ? false : convert(node.additionalProperties);
  return out;
}
