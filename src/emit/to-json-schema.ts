import type { InferredSchema, ObjectSchema } from "../infer/schema.js";
import { isUnion } from "../infer/schema.js";
import { setOwn, type JsonObject, type JsonValue } from "../util/json.js";

/**
 * Where a named definition lives in the document being written: `#/components/schemas/<name>`
 * in OpenAPI and AsyncAPI, `#/$defs/<name>` in a JSON Schema document.
 */
export type RefOf = (name: string) => string;

/**
 * Named definitions that several events share (none yet: inference makes one schema per event;
 * the schemas users declare will bring them). A schema object that is one of them, by identity,
 * is written as a `$ref` wherever it appears below the root being converted, so a shared
 * definition is written once, and a cycle through one ends at the reference.
 */
export class Definitions {
  private readonly names = new Map<InferredSchema, string>();

  /** `named`: each definition by the name it is written under (already unique and safe for the format). */
  constructor(readonly named: ReadonlyMap<string, InferredSchema> = new Map()) {
    for (const [name, schema] of named) this.names.set(schema, name);
  }

  nameOf(schema: InferredSchema): string | undefined {
    return this.names.get(schema);
  }

  /** The definitions in name order, each converted (its own root written out, not as a reference to itself). */
  convertAll(refOf: RefOf): [string, JsonObject][] {
    return [...this.named.keys()]
      .sort()
      .map((name) => [name, toJsonSchema(this.named.get(name)!, { definitions: this, refOf, root: true })]);
  }
}

export interface ConvertOptions {
  readonly definitions?: Definitions | undefined;
  /** How a `$ref` to a named definition is written; required when there are definitions. */
  readonly refOf?: RefOf | undefined;
  /** The schema converted is itself a definition: write it out rather than refer to it. */
  readonly root?: boolean;
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
  const convert = (node: InferredSchema, root: boolean): JsonObject => {
    const name = root ? undefined : definitions?.nameOf(node);
    if (name !== undefined) {
      if (refOf === undefined) throw new Error(`no way to refer to the definition ${JSON.stringify(name)}`);
      return { $ref: refOf(name) };
    }
    const out: JsonObject = {};
    if ("title" in node && node.title !== undefined) out["title"] = node.title;
    if (node.description !== undefined) out["description"] = node.description;
    if (isUnion(node)) {
      out["anyOf"] = node.anyOf.map((member) => convert(member, false));
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
        out["items"] = convert(node.items, false);
        return out;
      case "object":
        return objectKeywords(node, out, (member) => convert(member, false));
    }
  };
  return convert(schema, options.root === true);
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
