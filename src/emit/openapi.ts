import { isDeepStrictEqual } from "node:util";
import type { InferredEvent } from "../infer/index.js";
import type { InferredSchema } from "../infer/schema.js";
import { getOwn, isJsonObject, setOwn, type JsonObject, type JsonValue } from "../util/json.js";
import { partOf, type ContractPlan, type PlannedEvent } from "./contract.js";
import { BANNER } from "./templates.js";
import { byKey, joinText, nestedJson, objectText, type Text } from "./json-text.js";
import { toJsonSchema, type RefOf } from "./to-json-schema.js";
import { typeStem } from "./type-names.js";

/** The OpenAPI version written: 3.1, whose schemas are JSON Schema 2020-12 and which has `webhooks`. */
export const OPENAPI_VERSION = "3.1.1";

/** The extension that holds the do-not-edit notice: a root object takes only `x-` keys beside its own. */
export const GENERATED_EXTENSION = "x-ductape-events";

/** Where a component lives, in openapi.json and asyncapi.json alike. */
export const refOf: RefOf = (name) => `#/components/schemas/${name}`;

/**
 * openapi.json: OpenAPI 3.1 with one `webhooks` entry per event (keyed by its tag), whose `post`
 * operation receives the payload: headers and query as parameters, the body as the request
 * body (its schema a component, named as its TypeScript interface), the sample as its example.
 * OpenAPI has no place for `params` in a webhook (no path, so no path parameters): they are the
 * operation's `x-ductape-params` schema. A webhook whose events a body property tells apart
 * gets a `oneOf` of their bodies with a `discriminator` (see discriminatorOf).
 */
export function renderOpenApi(plan: ContractPlan): string {
  const convert = (schema: InferredSchema) => toJsonSchema(schema, { definitions: plan.definitions, refOf });
  // Pieces written at their depth in the document: webhooks.<tag> (2), components.schemas.<name> (3).
  const webhooks = plan.events.map(
    (p) => [p.event.tag, plan.piece(p, "operation", () => nestedJson({ post: operation(p, convert) }, 2))] as const,
  );
  const schemas = componentSchemas(plan);
  for (const { union } of plan.webhooks) {
    if (union === undefined) continue;
    const mapping: JsonObject = {};
    for (const { value, body } of union.mapping) setOwn(mapping, value, refOf(body));
    const oneOf = union.mapping.map(({ body }) => ({ $ref: refOf(body) }));
    schemas.push([union.name, nestedJson({ oneOf, discriminator: { propertyName: union.propertyName, mapping } }, 3)]);
  }
  const info = {
    title: "Webhook events",
    version: "1.0.0",
    description: "The webhook events this project declares, one operation per event under `webhooks`.",
  };
  const document = objectText(
    [
      ["openapi", nestedJson(OPENAPI_VERSION, 1)],
      [GENERATED_EXTENSION, nestedJson(BANNER, 1)],
      ["info", nestedJson(info, 1)],
      [
        "tags",
        nestedJson(
          plan.webhooks.map(({ webhook }) => ({ name: webhook })),
          1,
        ),
      ],
      ["webhooks", objectText(webhooks, 1)],
      ["components", objectText([["schemas", objectText(byKey(schemas), 2)]], 1)],
    ],
    0,
  );
  return joinText([document, "\n"]);
}

/** An event's body schema as written under `components/schemas` (3 levels down), in openapi.json and asyncapi.json alike. */
/**
 * The schema components openapi.json and asyncapi.json share, at their depth (3): each event's
 * body and each shared definition (the caller sorts them by name).
 */
export function componentSchemas(plan: ContractPlan): (readonly [string, Text])[] {
  const schemas: (readonly [string, Text])[] = plan.events.map((p) => [p.body, bodyPiece(plan, p)]);
  for (const [name, schema] of plan.definitions.convertAll(refOf)) schemas.push([name, nestedJson(schema, 3)]);
  return schemas;
}

export function bodyPiece(plan: ContractPlan, planned: PlannedEvent): string {
  return plan.piece(planned, "body", () =>
    nestedJson(toJsonSchema(partOf(planned.event, "body") ?? {}, { definitions: plan.definitions, refOf }), 3),
  );
}

function operation({ event, body }: PlannedEvent, convert: (schema: InferredSchema) => JsonObject): JsonObject {
  const op: JsonObject = { operationId: operationId(event), summary: event.name };
  if (event.description !== "") op["description"] = event.description;
  op["tags"] = [event.webhook];
  const parameters = [...parametersOf(event, "header", convert), ...parametersOf(event, "query", convert)];
  if (parameters.length > 0) op["parameters"] = parameters;
  const media: JsonObject = { schema: { $ref: refOf(body) } };
  if (event.examples.length === 0) media["example"] = bodyOf(event.sample);
  else {
    // `example` and `examples` exclude each other: with examples, the sample is the first of them.
    const examples: JsonObject = {};
    payloadsOf(event).forEach((payload, i) =>
      setOwn(
        examples,
        exampleName(i),
        i === 0 ? { summary: "Sample", value: bodyOf(payload) } : { value: bodyOf(payload) },
      ),
    );
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
  const base = typeStem(event.typeName);
  return base.charAt(0).toLowerCase() + base.slice(1);
}

/** The sample, then the examples. */
export function payloadsOf(event: InferredEvent): JsonObject[] {
  return [event.sample, ...event.examples];
}

/** The name of a payload's example, the body's and each parameter's alike: `sample`, `example-1`, ... */
export function exampleName(index: number): string {
  return index === 0 ? "sample" : `example-${index}`;
}

/**
 * Each declared header or query parameter, in the schema's order; required as the schema says.
 * With its value as its `example` when every payload has that one value, else its value in each
 * payload that has one, under the name of that payload's body example: the headers each delivery
 * came with, which a reader (and `import openapi`) pairs with its body.
 */
function parametersOf(
  event: InferredEvent,
  where: "header" | "query",
  convert: (schema: InferredSchema) => JsonObject,
): JsonObject[] {
  const part = where === "header" ? "headers" : "query";
  const schema = partOf(event, part);
  if (schema === undefined || !("properties" in schema)) return [];
  const payloads = payloadsOf(event);
  return Object.keys(schema.properties).map((name) => {
    const parameter: JsonObject = { name, in: where };
    if (schema.required.includes(name)) parameter["required"] = true;
    parameter["schema"] = convert(schema.properties[name]!);
    const values = payloads.map((payload) => {
      const values = payload[part];
      return isJsonObject(values) ? getOwn(values, name) : undefined;
    });
    const first = values[0];
    // One value that every payload has (`content-type: application/json`) is written once.
    if (first !== undefined && values.every((value) => value !== undefined && isDeepStrictEqual(value, first))) {
      parameter["example"] = first;
    } else if (payloads.length > 1) {
      const examples: JsonObject = {};
      values.forEach((value, i) => {
        if (value !== undefined) setOwn(examples, exampleName(i), { value });
      });
      if (Object.keys(examples).length > 0) parameter["examples"] = examples;
    }
    return parameter;
  });
}

function bodyOf(payload: JsonObject): JsonValue {
  return getOwn(payload, "body") ?? {};
}

function hasProperties(schema: InferredSchema): boolean {
  return "properties" in schema && Object.keys(schema.properties).length > 0;
}
