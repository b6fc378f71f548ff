import type { InferredEvent } from "../infer/index.js";
import type { InferredSchema } from "../infer/schema.js";
import { getOwn, setOwn, type JsonObject, type JsonValue } from "../util/json.js";
import { partOf, type ContractPlan, type PlannedWebhook } from "./contract.js";
import { GENERATED_EXTENSION, sortedObject } from "./openapi.js";
import { BANNER } from "./templates.js";
import { toJsonSchema, type Definitions, type RefOf } from "./to-json-schema.js";

export const ASYNCAPI_VERSION = "3.0.0";

const refOf: RefOf = (name) => `#/components/schemas/${name}`;

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
  const channels: JsonObject = {};
  const operations: JsonObject = {};
  for (const webhook of plan.webhooks) {
    setOwn(channels, webhook.webhook, channel(webhook, plan.definitions));
    setOwn(operations, `receive-${webhook.webhook}`, {
      action: "receive",
      channel: { $ref: `#/channels/${webhook.webhook}` },
      summary: `Receive the events of the ${webhook.webhook} webhook.`,
      messages: webhook.events.map(({ event }) => ({ $ref: `#/channels/${webhook.webhook}/messages/${event.event}` })),
    });
  }
  const schemas: [string, JsonValue][] = plan.events.map((p) => [
    p.body,
    toJsonSchema(partOf(p.event, "body") ?? {}, { definitions: plan.definitions, refOf }),
  ]);
  schemas.push(...plan.definitions.convertAll(refOf));
  const document = {
    asyncapi: ASYNCAPI_VERSION,
    [GENERATED_EXTENSION]: BANNER,
    info: {
      title: "Webhook events",
      version: "1.0.0",
      description: "The webhook events this project declares: a channel per webhook, a message per event.",
    },
    defaultContentType: "application/json",
    channels,
    operations,
    components: { schemas: sortedObject(schemas) },
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function channel({ webhook, events }: PlannedWebhook, definitions: Definitions): JsonObject {
  const messages: JsonObject = {};
  for (const { event, body } of events) setOwn(messages, event.event, message(event, body, definitions));
  return { title: webhook, messages };
}

function message(event: InferredEvent, body: string, definitions: Definitions): JsonObject {
  const convert = (schema: InferredSchema) => toJsonSchema(schema, { definitions, refOf });
  const out: JsonObject = { name: event.tag, title: event.name, summary: event.name };
  if (event.description !== "") out["description"] = event.description;
  out["contentType"] = "application/json";
  const headers = partOf(event, "headers");
  if (headers !== undefined) out["headers"] = convert(headers);
  out["payload"] = { $ref: refOf(body) };
  const payloads = [event.sample, ...event.examples];
  out["examples"] = payloads.map((payload, i) => {
    const example: JsonObject = { name: i === 0 ? "sample" : `example-${i}` };
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
