import { convertDefinitions, convertSchema, type DeclaredDefinition } from "../../src/infer/from-json-schema.js";
import type { InferredEvent } from "../../src/infer/index.js";
import type { DefinitionTable, InferredSchema, ObjectSchema } from "../../src/infer/schema.js";
import { typeNameForTag } from "../../src/naming/index.js";
import type { JsonObject, JsonValue } from "../../src/util/json.js";

/** A ref as the tests' bundles write it: `#<key>`, the definition key after the hash. */
export const refKey = (ref: string): string | undefined => (ref.startsWith("#") ? ref.slice(1) : undefined);

/** A declared schema in the model; a problem fails the test at once. */
export function declared(schema: JsonValue): InferredSchema {
  const { schema: converted, problems } = convertSchema(schema, { refKey });
  if (problems.length > 0) throw new Error(`problems: ${JSON.stringify(problems)}`);
  return converted;
}

/** A definitions table from `{ key: { names?, schema } }`. */
export function table(definitions: Record<string, { names?: string[]; schema: JsonValue }>): DefinitionTable {
  const list: DeclaredDefinition[] = Object.entries(definitions).map(([key, d]) => ({
    key,
    names: d.names ?? [],
    schema: d.schema,
  }));
  const { definitions: converted, problems } = convertDefinitions(list, { refKey });
  if (problems.length > 0) throw new Error(`problems: ${JSON.stringify(problems)}`);
  return converted;
}

const EMPTY: ObjectSchema = { type: "object", properties: {}, required: [], additionalProperties: false };

/**
 * An event as inference hands it to emit, with declared part schemas (parts not given are empty
 * closed objects) and a sample.
 */
export function declaredEvent(
  tag: string,
  parts: Partial<Record<"headers" | "query" | "body" | "params", InferredSchema>>,
  sample: JsonObject = { headers: {}, query: {}, body: {}, params: {} },
): InferredEvent {
  const [webhook, event] = tag.split(":") as [string, string];
  const typeName = typeNameForTag(tag);
  return {
    file: `/project/events/${event}.event.ts`,
    tag,
    webhook,
    event,
    name: event,
    description: "",
    sample,
    examples: [],
    refine: [],
    selector: undefined,
    typeName,
    incomplete: false,
    schema: {
      type: "object",
      properties: {
        headers: parts.headers ?? { ...EMPTY, additionalProperties: { type: "string" } },
        query: parts.query ?? EMPTY,
        body: parts.body ?? EMPTY,
        params: parts.params ?? EMPTY,
      },
      required: ["headers", "query", "body", "params"],
      additionalProperties: false,
      title: typeName,
      description: event,
    },
  };
}
