import type { InferredEvent } from "../infer/index.js";
import type { JsonObject } from "../util/json.js";
import { schemaFile } from "./layout.js";
import { BANNER } from "./templates.js";
import { Definitions, toJsonSchema, type RefOf } from "./to-json-schema.js";

export const JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema";

/**
 * The `$id` of an event's schema: a URN made of its tag, `urn:ductape-events:<webhook>:<event>`.
 * It names the event, not a place: the same wherever the outputs are checked out or served, with
 * no absolute path and nothing that changes between builds; two documents never share one,
 * since tags are unique. A tool that loads several (ajv) tells them apart by it.
 */
export function schemaId(tag: string): string {
  return `urn:ductape-events:${tag}`;
}

const refOf: RefOf = (name) => `#/$defs/${name}`;

/**
 * `schemas/<webhook>/<event>.schema.json`: the event's whole payload (`{ headers, query, body,
 * params }`, as the manifest's `schema`) as a JSON Schema 2020-12 document, titled with the
 * event's name, with its sample and examples as `examples`, and the shared definitions it
 * reaches under `$defs`. `$schema`, `$id` and the do-not-edit `$comment` come first, in that
 * order: the writer recognises its files by them.
 */
export function renderJsonSchema(event: InferredEvent, definitions: Definitions): { path: string; text: string } {
  const used = definitions.reachedFrom(event.schema);
  const root = toJsonSchema(event.schema, { definitions: used, refOf });
  const document: JsonObject = { $schema: JSON_SCHEMA_DIALECT, $id: schemaId(event.tag), $comment: BANNER };
  document["title"] = event.name;
  if (event.description !== "") document["description"] = event.description;
  for (const [key, value] of Object.entries(root)) if (key !== "title" && key !== "description") document[key] = value;
  document["examples"] = [event.sample, ...event.examples];
  const defs = used.convertAll(refOf);
  if (defs.length > 0) document["$defs"] = Object.fromEntries(defs);
  return { path: schemaFile(event.webhook, event.event), text: `${JSON.stringify(document, null, 2)}\n` };
}
