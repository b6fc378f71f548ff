import type { InferredSchema } from "../infer/schema.js";
import { getOwn, setOwn, type JsonObject } from "../util/json.js";
import { partOf, type ContractPlan, type PlannedEvent } from "./contract.js";
import { byKey, joinText, nestedJson, objectText } from "./json-text.js";
import { componentSchemas, exampleName, GENERATED_EXTENSION, payloadsOf, refOf } from "./openapi.js";
import { BANNER } from "./templates.js";
import { toJsonSchema } from "./to-json-schema.js";

export const ASYNCAPI_VERSION = "3.0.0";

/**
 * asyncapi.json: AsyncAPI 3.0 with a channel per webhook (its id the webhook's tag, a slug, which
 * channel ids allow) holding a message per event (its id the event's tag), and an operation per
 * webhook, `receive-<webhook>`: the application receives the webhook's messages. A message's
 * payload is its event's body, a schema component named as in openapi.json; its headers, the
 * headers' schema. AsyncAPI has no query string or path parameters for a message: an event's
 * query and params schemas, when it declares any, are the message's `x-ductape-query` and
 * `x-ductape-params`.
 */
export function renderAsyncApi(plan: ContractPlan): string {
  const convert = (schema: InferredSchema) => toJsonSchema(schema, { definitions: plan.definitions, refOf });
  const operations: JsonObject = {};
  for (const { webhook, events } of plan.webhooks) {
    setOwn(operations, `receive-${webhook}`, {
      action: "receive",
      channel: { $ref: `#/channels/${webhook}` },
      summary: `Receive the events of the ${webhook} webhook.`,
      messages: events.map(({ event }) => ({ $ref: `#/channels/${webhook}/messages/${event.event}` })),
    });
  }
  // Pieces written at their depth: channels.<webhook>.messages.<event> (4), components.schemas.<name> (3).
  const channels = plan.webhooks.map(({ webhook, events }) => {
    const messages = events.map(
      (p) => [p.event.event, plan.piece(p, "message", () => nestedJson(message(p, convert), 4))] as const,
    );
    const channel = objectText(
      [
        ["title", nestedJson(webhook, 3)],
        ["messages", objectText(messages, 3)],
      ],
      2,
    );
    return [webhook, channel] as const;
  });
  const schemas = componentSchemas(plan);
  const info = {
    title: "Webhook events",
    version: "1.0.0",
    description: "The webhook events this project declares: a channel per webhook, a message per event.",
  };
  const document = objectText(
    [
      ["asyncapi", nestedJson(ASYNCAPI_VERSION, 1)],
      [GENERATED_EXTENSION, nestedJson(BANNER, 1)],
      ["info", nestedJson(info, 1)],
      ["defaultContentType", nestedJson("application/json", 1)],
      ["channels", objectText(channels, 1)],
      ["operations", nestedJson(operations, 1)],
      ["components", objectText([["schemas", objectText(byKey(schemas), 2)]], 1)],
    ],
    0,
  );
  return joinText([document, "\n"]);
}

function message({ event, body }: PlannedEvent, convert: (schema: InferredSchema) => JsonObject): JsonObject {
  const out: JsonObject = { name: event.tag, title: event.name, summary: event.name };
  if (event.description !== "") out["description"] = event.description;
  out["contentType"] = "application/json";
  const headers = partOf(event, "headers");
  if (headers !== undefined) out["headers"] = convert(headers);
  out["payload"] = { $ref: refOf(body) };
  out["examples"] = payloadsOf(event).map((payload, i) => {
    const example: JsonObject = { name: exampleName(i) };
    const sent = getOwn(payload, "headers");
    if (sent !== undefined) example["headers"] = sent;
    example["payload"] = getOwn(payload, "body") ?? {};
    return example;
  });
  for (const part of ["query", "params"] as const) {
    const schema = partOf(event, part);
    if (schema !== undefined && "properties" in schema && Object.keys(schema.properties).length > 0) {
      out[`x-ductape-${part}`] = convert(schema);
    }
  }
  return out;
}
