/**
 * The shared JSON Schema documents of the schema-driven benchmark project (bench/generate.mjs with
 * `schemas: true`): `schemas/common.json` (draft-07, `definitions`: money, currency, address,
 * customer, user, line items, notes that reply to notes, ...) and one document per domain
 * (`schemas/<domain>.json`: per noun a resource and its webhook envelope, `<noun>_event`, which
 * every event about that noun declares as its body by `$ref`). The domains whose providers wrap
 * events as Stripe does are written in 2020-12 (`$defs`), the others in draft-07, so one build
 * reads both dialects, as projects that vendor several providers' schemas do.
 *
 * The schemas describe exactly what the generator writes as samples (every field of a resource
 * optional but its id, object and creation time; enums, formats, patterns and nullable fields
 * where the generated values are such), so every sample and example validates. Pure data: the
 * same documents for the same constants.
 */

const NULL = { type: "null" };
const DATE_TIME = { type: "string", format: "date-time" };
const STRING = { type: "string" };
const INTEGER = { type: "integer" };

/** Where a domain's document keeps its definitions: 2020-12 documents `$defs`, draft-07 ones `definitions`. */
const defsKey = (dialect) => (dialect === "2020-12" ? "$defs" : "definitions");
const SCHEMA_URI = {
  "2020-12": "https://json-schema.org/draft/2020-12/schema",
  "draft-07": "http://json-schema.org/draft-07/schema#",
};

const pascal = (text) => text.replace(/(^|[-_ ])(.)/g, (_, __, c) => c.toUpperCase());
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/** common.json: the types every domain's resources are made of. */
function common({ statuses, words, cities }) {
  const ref = (name) => ({ $ref: `#/definitions/${name}` });
  return {
    $schema: SCHEMA_URI["draft-07"],
    $id: "https://schemas.bench.example/common.json",
    title: "Common",
    description: "Types shared by every provider's webhooks in the benchmark project.",
    definitions: {
      currency: { title: "Currency", description: "ISO 4217 code, lower case.", enum: ["usd", "eur", "gbp"] },
      status: { title: "Status", description: "Lifecycle state of a resource.", type: "string", enum: statuses },
      money: {
        title: "Money",
        type: "object",
        required: ["amount", "currency"],
        properties: {
          amount: { type: "integer", minimum: 0, description: "In the currency's smallest unit." },
          currency: ref("currency"),
        },
        additionalProperties: false,
      },
      address: {
        title: "Address",
        type: "object",
        required: ["line1", "city", "postal_code", "country"],
        properties: {
          line1: { type: "string", minLength: 1 },
          line2: { type: ["string", "null"], description: "Flat, floor or building; null when there is none." },
          city: { type: "string", examples: [cities[0][0]] },
          postal_code: { type: "string", maxLength: 10 },
          country: { type: "string", pattern: "^[A-Z]{2}$", description: "ISO 3166-1 alpha-2." },
          label: { type: "string", enum: ["home", "work", "billing"] },
        },
      },
      customer: {
        title: "Customer",
        type: "object",
        required: ["id", "email", "name", "phone", "created_at"],
        properties: {
          id: { type: "string", pattern: "^cus_[0-9A-Za-z]{14}$" },
          email: { type: "string", format: "email" },
          name: STRING,
          phone: { type: "string", nullable: true, pattern: "^\\+[0-9]{8,15}$", description: "E.164." },
          created_at: DATE_TIME,
        },
      },
      user: {
        title: "User",
        description: "The account that caused the event.",
        type: "object",
        required: ["login", "id", "type", "site_admin"],
        properties: {
          login: STRING,
          id: { type: "integer", minimum: 1 },
          type: { enum: ["User", "Bot", "Organization"] },
          site_admin: { type: "boolean", default: false },
        },
      },
      user_ref: {
        title: "User Reference",
        type: "object",
        required: ["id", "login"],
        properties: { id: { type: "string", pattern: "^usr_" }, login: STRING },
      },
      tax_line: {
        title: "Tax Line",
        type: "object",
        required: ["title", "rate", "price"],
        properties: {
          title: STRING,
          rate: { type: "number", minimum: 0, maximum: 1 },
          price: { type: "string", pattern: "^[0-9]+\\.[0-9]{2}$" },
        },
      },
      discount: {
        title: "Discount",
        type: "object",
        required: ["code", "percent"],
        properties: { code: STRING, percent: { type: "integer", minimum: 0, maximum: 100 } },
      },
      line_item: {
        title: "Line Item",
        type: "object",
        required: ["id", "sku", "title", "quantity", "price", "taxable"],
        properties: {
          id: INTEGER,
          sku: { type: "string", pattern: "^[A-Z]+-[0-9]{2}$" },
          title: STRING,
          quantity: { type: "integer", minimum: 1 },
          price: { type: "string", pattern: "^[0-9]+\\.[0-9]{2}$", description: "Unit price, as a decimal string." },
          taxable: { type: "boolean" },
          grams: { type: "integer", minimum: 0 },
          tax_lines: { type: "array", items: ref("tax_line") },
          gift_card: { type: "boolean" },
          discount: { anyOf: [ref("discount"), NULL] },
        },
      },
      metadata: {
        title: "Metadata",
        description: "Key-value pairs the merchant attached.",
        type: "object",
        properties: {
          order_id: { type: "string", pattern: "^[0-9]+$" },
          channel: { enum: ["web", "pos", "api"] },
          campaign: { type: ["string", "null"] },
        },
        additionalProperties: { type: ["string", "null"] },
      },
      attempt: {
        title: "Delivery Attempt",
        type: "object",
        required: ["at", "result"],
        properties: {
          at: DATE_TIME,
          result: { enum: ["ok", "timeout", "error"] },
          latency_ms: { type: "integer", minimum: 0 },
        },
      },
      note: {
        title: "Note",
        description: "A note on a resource; notes may answer notes.",
        type: "object",
        required: ["author", "body", "at"],
        properties: {
          author: STRING,
          body: { type: "string", maxLength: 2000 },
          at: DATE_TIME,
          replies: { type: "array", items: ref("note") },
        },
      },
      location: {
        title: "Location",
        type: "object",
        required: ["latitude", "longitude"],
        properties: {
          latitude: { type: "number", minimum: -90, maximum: 90 },
          longitude: { type: "number", minimum: -180, maximum: 180 },
        },
      },
      failure: {
        title: "Failure",
        type: "object",
        required: ["code", "message", "retryable"],
        properties: {
          code: { type: ["string", "null"] },
          message: { type: ["string", "null"] },
          retryable: { type: "boolean" },
        },
      },
      links: {
        title: "Links",
        type: "object",
        required: ["self"],
        properties: {
          self: { type: "string", format: "uri" },
          related: { type: "array", items: { type: "string", format: "uri" } },
        },
      },
      resource: {
        title: "Resource",
        description: "What every provider's resource has; each noun's resource adds its id prefix and object name.",
        type: "object",
        required: ["id", "object", "created_at"],
        properties: {
          id: STRING,
          object: STRING,
          created_at: DATE_TIME,
          status: ref("status"),
          amount: { type: "integer", minimum: 0 },
          currency: ref("currency"),
          description: { type: "string", maxLength: 500 },
          updated_at: DATE_TIME,
          expires_at: { ...DATE_TIME, nullable: true, description: "Null when it never expires." },
          livemode: { type: "boolean" },
          reference: { type: "string", format: "uuid" },
          url: { type: "string", format: "uri" },
          customer: ref("customer"),
          billing_address: ref("address"),
          total: ref("money"),
          line_items: { type: "array", minItems: 1, items: ref("line_item") },
          tags: { type: "array", items: { type: "string", enum: words } },
          metadata: ref("metadata"),
          attempts: { type: "array", items: ref("attempt") },
          score: { type: "number", minimum: 0, maximum: 100 },
          priority: { type: "integer", minimum: 1, maximum: 5 },
          locale: { enum: ["en-GB", "nl-NL", "pt-PT", "ja-JP"] },
          assignee: { oneOf: [ref("user_ref"), NULL] },
          notes: { type: "array", items: ref("note") },
          location: ref("location"),
          failure: ref("failure"),
          links: ref("links"),
        },
        patternProperties: { "^custom_[0-9]+$": { type: "string" } },
      },
    },
  };
}

/** The envelope a provider of this style wraps a `noun` resource in, as the generator's `body` writes it. */
function envelope(style, noun, resource, commonRef) {
  const words = `[a-z_]+`;
  switch (style) {
    case "stripe":
      return {
        type: "object",
        required: ["id", "object", "api_version", "created", "type", "livemode", "data"],
        properties: {
          id: { type: "string", pattern: "^evt_[0-9A-Za-z]{24}$" },
          object: { const: "event" },
          api_version: { type: "string", format: "date" },
          created: { type: "integer", description: "Unix time, in seconds." },
          type: { type: "string", pattern: `^${escapeRegExp(noun)}\\.${words}$` },
          livemode: { type: "boolean" },
          data: { type: "object", required: ["object"], properties: { object: resource } },
        },
      };
    case "shop":
      return {
        allOf: [
          resource,
          {
            type: "object",
            required: ["admin_graphql_api_id", "topic"],
            properties: {
              admin_graphql_api_id: { type: "string", pattern: "^gid://" },
              topic: { type: "string", pattern: `^${escapeRegExp(noun)}s/${words}$` },
            },
          },
        ],
      };
    case "slack":
      return {
        type: "object",
        required: ["token", "team_id", "type", "event_id", "event_time", "event"],
        properties: {
          token: STRING,
          team_id: { type: "string", pattern: "^T[0-9A-Z]+$" },
          type: { const: "event_callback" },
          event_id: { type: "string", pattern: "^Ev[0-9A-Z]+$" },
          event_time: { type: "integer", description: "Unix time, in seconds." },
          event: {
            allOf: [
              resource,
              {
                type: "object",
                required: ["type"],
                properties: { type: { type: "string", pattern: `^${escapeRegExp(noun)}_${words}$` } },
              },
            ],
          },
        },
      };
    case "git":
      return {
        type: "object",
        required: ["action", noun, "sender"],
        properties: { action: STRING, [noun]: resource, sender: commonRef("user") },
      };
    default:
      return {
        type: "object",
        required: ["type", "id", "occurred_at", "data"],
        properties: {
          type: { type: "string", pattern: `^${escapeRegExp(noun)}\\.${words}$` },
          id: { type: "string", format: "uuid" },
          occurred_at: DATE_TIME,
          data: resource,
        },
      };
  }
}

/** A domain's document: per noun, its resource (the common resource, narrowed) and its event envelope. */
function domainDocument(domain, { style, nouns }, dialect, verbs) {
  const defs = defsKey(dialect);
  const commonRef = (name) => ({ $ref: `./common.json#/definitions/${name}` });
  const definitions = {};
  for (const noun of nouns) {
    definitions[noun] = {
      title: pascal(noun),
      description: `A ${noun} of a ${domain} provider.`,
      allOf: [
        commonRef("resource"),
        {
          type: "object",
          properties: {
            id: { type: "string", pattern: `^${escapeRegExp(noun.slice(0, 3))}_[0-9A-Za-z]{14}$` },
            object: { const: noun },
          },
        },
      ],
    };
    const event = envelope(style, noun, { $ref: `#/${defs}/${noun}` }, commonRef);
    if (style === "git") event.properties.action = { type: "string", enum: verbs };
    definitions[`${noun}_event`] = { title: `${pascal(noun)} Event`, ...event };
  }
  return { $schema: SCHEMA_URI[dialect], title: pascal(domain), [defs]: definitions };
}

/** Stripe-style domains are written in 2020-12, the others in draft-07. */
const dialectOf = (style) => (style === "stripe" ? "2020-12" : "draft-07");

/**
 * Every document of the project, by path relative to the project root, as JSON values: the
 * caller writes them (pretty-printed, as vendored schemas are).
 */
export function schemaDocuments({ domains, statuses, verbs, words, cities }) {
  const documents = { "schemas/common.json": common({ statuses, words, cities }) };
  for (const [domain, spec] of Object.entries(domains)) {
    documents[`schemas/${domain}.json`] = domainDocument(domain, spec, dialectOf(spec.style), verbs);
  }
  return documents;
}

/** The `$ref` an event file about `noun` in `domain` declares its body by (event files are 3 folders deep). */
export function bodyRef(domain, style, noun) {
  return `../../../schemas/${domain}.json#/${defsKey(dialectOf(style))}/${noun}_event`;
}

/**
 * A value for a field that is null in a sample, for an example that shows it set: one the
 * schemas accept, chosen by the field's key (the generator's nullable fields are few).
 */
export function nonNullValue(key, r, words) {
  switch (key) {
    case "phone":
      return `+3120555${r.int(1000, 9999)}`;
    case "line2":
      return `Floor ${r.int(1, 9)}`;
    case "expires_at":
      return r.iso();
    case "discount":
      return { code: "WELCOME", percent: 10 };
    case "assignee":
      return { id: r.id("usr", 10), login: r.pick(words) };
    case "code":
      return "card_declined";
    case "message":
      return "The card was declined.";
    default:
      return `${r.pick(words)}-${r.hex(6)}`;
  }
}
