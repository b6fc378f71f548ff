/**
 * JSON Schema of an event definition, after the field tables of Ductape's webhook events page.
 * Rules a schema cannot say well (tag format, blank names) are checked in code beside it.
 */
export const definitionSchema = {
  $id: "https://ductape-events.dev/schema/event-definition.json",
  type: "object",
  additionalProperties: false,
  required: ["name", "tag", "description", "sample"],
  properties: {
    name: { type: "string", description: "A human-readable name for the webhook event." },
    tag: {
      type: "string",
      description: "A unique identifier combining the webhook and event (webhook-tag:event-tag).",
    },
    description: { type: "string", description: "A brief explanation of the event's purpose." },
    sample: {
      type: "object",
      description: "A sample payload structure for testing the event.",
      additionalProperties: false,
      required: ["headers", "query", "body", "params"],
      properties: {
        headers: {
          type: "object",
          additionalProperties: { type: "string" },
          description: "HTTP headers sent with the event request.",
        },
        query: { type: "object", description: "Query parameters included in the request." },
        body: { type: "object", description: "The request body, typically containing event details." },
        params: { type: "object", description: "URL parameters included in the event request." },
      },
    },
  },
} as const;

/** The fields allowed at each level, for "did you mean" hints. */
export const FIELDS: Readonly<Record<string, readonly string[]>> = {
  "": Object.keys(definitionSchema.properties),
  sample: Object.keys(definitionSchema.properties.sample.properties),
};

/** What to suggest writing for a missing field. */
export const FIELD_EXAMPLES: Readonly<Record<string, string>> = {
  name: '"New Transaction"',
  tag: '"my-webhook:my-event"',
  description: '"What this event tells partners"',
  sample: "{ headers: {}, query: {}, body: {}, params: {} }",
  headers: "{}",
  query: "{}",
  body: "{}",
  params: "{}",
};
