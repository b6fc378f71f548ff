/**
 * JSON Schema of an event definition, after the field tables of Ductape's webhook events page,
 * plus the local fields that refine inference (examples, refine, selector). Rules a schema
 * cannot say well (tag format, blank names, selector paths) are checked in code beside it.
 */
const sampleSchema = {
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
} as const;

const refinementSchema = {
  type: "object",
  additionalProperties: false,
  minProperties: 1,
  properties: {
    optional: { type: "boolean" },
    nullable: { type: "boolean" },
    literal: { type: "boolean" },
    enum: { type: "array", minItems: 1, items: { type: ["string", "number", "boolean", "null"] } },
    schema: { type: "object" },
    description: { type: "string" },
  },
} as const;

/** A declared JSON Schema of a payload part: its content is checked by src/schema/, not here. */
const partSchema = { type: ["object", "boolean"] } as const;

const declaredSchemas = {
  type: "object",
  additionalProperties: false,
  properties: { headers: partSchema, query: partSchema, body: partSchema, params: partSchema },
} as const;

/**
 * How ajv compiles the schema: every error at once, own properties only (a key such as
 * `constructor` must not be found on Object.prototype), and `verbose` so that each error carries
 * the schema it failed (for "did you mean" hints). The validator is compiled ahead of time with
 * these options (see definition-validator.generated.ts).
 */
export const DEFINITION_AJV_OPTIONS = {
  allErrors: true,
  strict: true,
  allowUnionTypes: true,
  ownProperties: true,
  verbose: true,
} as const;

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
    sample: sampleSchema,
    examples: { type: "array", items: sampleSchema, description: "More payloads, merged with the sample." },
    schema: { ...declaredSchemas, description: "JSON Schemas of the payload's parts, by part." },
    refine: { type: "object", additionalProperties: refinementSchema, description: "Refinements by field path." },
    selector: { type: "string", minLength: 1, description: "Path of the field that identifies the event." },
    acknowledge: {
      type: "array",
      items: { type: "string", minLength: 1 },
      description: "Intended breaking changes, by payload path (see ductape-events diff).",
    },
  },
} as const;

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
