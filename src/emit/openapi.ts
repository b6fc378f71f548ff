import type { InferredEvent } from "../infer/index.js";
import type { InferredSchema } from "../infer/schema.js";
import { getOwn, isJsonObject, setOwn, type JsonObject, type JsonValue } from "../util/json.js";
import { partOf, type ContractPlan, type PlannedEvent } from "./contract.js";
import { BANNER } from "./templates.js";
import { toJsonSchema, type Definitions, type RefOf } from "./to-json-schema.js";

/** The OpenAPI version written: 3.1, whose schemas are JSON Schema 2020-12 and which has `webhooks`. */
export const OPENAPI_VERSION = "3.1.1";

/** The extension that holds the do-not-edit notice: a root object takes only `x-` keys beside its own. */
export const GENERATED_EXTENSION = "x-ductape-events";

const refOf: RefOf = (name) => `#/components/schemas/${name}`;

/**
 * openapi.json: OpenAPI 3.1 with one `webhooks` entry per event (keyed by its tag), whose `post`
 * operation receives the payload: headers and query as parameters, the body as the request
 * body (its schema a component, named as its TypeScript interface), the sample as its example.
 * OpenAPI has no place for `params` in a webhook (no path, so no path parameters): they are the
 * operation's `x-ductape-params` schema. A webhook whose events a body property tells apart
 * gets a `oneOf` of their bodies with a `discriminator` (see discriminatorOf).
 */
export function renderOpenApi(plan: ContractPlan): string {
  const webhooks: JsonObject = {};
  for (const planned of plan.events)
    setOwn(webhooks, planned.event.tag, { post: operation(planned, plan.definitions) });
  const schemas: [string, JsonObject][] = plan.events.map((p) => [
    p.body,
    toJsonSchema(partOf(p.event, "body") ?? {}, { definitions: plan.definitions, refOf }),
  ]);
  for (const { union } of plan.webhooks) {
    if (union === undefined) continue;
    const mapping: JsonObject = {};
    for (const { value, body } of union.mapping) setOwn(mapping, value, refOf(body));
    const oneOf = union.mapping.map(({ body }) => ({ $ref: refOf(body) }));
    schemas.push([union.name, { oneOf, discriminator: { propertyName: union.propertyName, mapping } }]);
  }
  schemas.push(...plan.definitions.convertAll(refOf));
  const document = {
    openapi: OPENAPI_VERSION,
    [GENERATED_EXTENSION]: BANNER,
    info: {
      title: "Webhook events",
      version: "1.0.0",
      description: "The webhook events this project declares, one operation per event under `webhooks`.",
    },
    tags: plan.webhooks.map(({ webhook }) => ({ name: webhook })),
    webhooks,
    components: { schemas: sortedObject(schemas) },
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function operation({ event, body }: PlannedEvent, definitions: Definitions): JsonObject {
  const convert = (schema: InferredSchema) => toJsonSchema(schema, { definitions, refOf });
  const op: JsonObject = { operationId: operationId(event), summary: event.name };
  if (event.description !== "") op["description"] = event.description;
  op["tags"] = [event.webhook];
  const parameters = [...parametersOf(event, "header", convert), ...parametersOf(event, "query", convert)];
  if (parameters.length > 0) op["parameters"] = parameters;
  const media: JsonObject = { schema: { $ref: refOf(body) } };
  if (event.examples.length === 0) media["example"] = bodyOf(event.sample);
  else {
    // `example` and `examples` exclude each other: with examples, the sample is the first of them.
    const examples: JsonObject = { sample: { summary: "Sample", value: bodyOf(event.sample) } };
    event.examples.forEach((payload, i) => setOwn(examples, `example-${i + 1}`, { value: bodyOf(payload) }));
    media["examples"] = examples;
  }
  op["requestBody"] = { required: true, content: { "application/json": media } };
  op["responses"] = { "200": { description: "Delivery accepted." } };
  const params = partOf(event, "params");
  if (params !== undefined && hasProperties(params)) op["x-ductape-params"] = convert(params);
  if (event.selector !== undefined) {
    op["x-ductape-selector"] = { path: event.selector.path, value: event.selector.value };
  }
  return op;
}

/**
 * `paymentsTransactionSucceeded` for `payments:transaction-succeeded`: the event's type name
 * without `Payload`, first letter lowercase. Type names are unique across events (validation)
 * and start with a capital, so operation ids are too, and read as identifiers in generated clients.
 */
export function operationId(event: InferredEvent): string {
  const base = event.typeName.replace(/Payload$/, "");
  return base.charAt(0).toLowerCase() + base.slice(1);
}

/** Each declared header or query parameter, in the schema's order; required as the schema says. */
function parametersOf(
  event: InferredEvent,
  where: "header" | "query",
  convert: (schema: InferredSchema) => JsonObject,
): JsonObject[] {
  const part = where === "header" ? "headers" : "query";
  const schema = partOf(event, part);
  if (schema === undefined || !("properties" in schema)) return [];
  const sample = event.sample[part];
  return Object.keys(schema.properties).map((name) => {
    const parameter: JsonObject = { name, in: where };
    if (schema.required.includes(name)) parameter["required"] = true;
    parameter["schema"] = convert(schema.properties[name]!);
    const example = isJsonObject(sample) ? getOwn(sample, name) : undefined;
    if (example !== undefined) parameter["example"] = example;
    return parameter;
  });
}

function bodyOf(payload: JsonObject): JsonValue {
  return getOwn(payload, "body") ?? {};
}

function hasProperties(schema: InferredSchema): boolean {
  return "properties" in schema && Object.keys(schema.properties).length > 0;
}

/** Entries by name, in code-unit order: components are looked up by name, so they are listed so. */
export function sortedObject(entries: readonly [string, JsonValue][]): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) setOwn(out, key, value);
  return out;
}
