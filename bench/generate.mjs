/**
 * Synthetic projects for the benchmark: N realistic event files, the same bytes for the same seed.
 *
 * Each event file is 1-3 KB of provider-style webhook payload (envelopes, ids, ISO and unix
 * timestamps, money, nested objects, arrays of objects whose elements differ, nulls), spread over
 * many webhooks and folders (`events/<domain>/<provider>/<noun>-<verb>.event.ts`). Some files spread
 * headers and use constants and an enum imported from `events/shared/`; some use `refine`,
 * `examples` and webhook-wide `selector`s; a minority keep an always-null field or an empty array
 * and so warn, as real projects do. The project's config imports `defineConfig` from
 * "ductape-events", which resolves by self-reference because the project sits inside this repo.
 *
 * Beside the project, every event's sample and example bodies are written as JSON for quicktype:
 * one folder per event, whose files quicktype merges into one top-level type.
 *
 * With `schemas: true`, the same events (same webhooks, tags, files and samples: the PRNG is drawn
 * exactly as without) declare their bodies by `$ref` into shared JSON Schema documents written
 * under `schemas/` (bench/schema-documents.mjs). Their examples set the always-null fields to
 * values the schemas accept, and their refinements keep the enums and descriptions but not the
 * nullable fields, which the schemas declare; no quicktype samples are written.
 *
 * Usage: node bench/generate.mjs <events> <outDir> [--schemas]  (run.mjs imports `generateProject`)
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { bodyRef, nonNullValue, schemaDocuments } from "./schema-documents.mjs";

/** mulberry32: a tiny seeded PRNG; same seed, same sequence, on every platform. */
function createRandom(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min, max) => min + Math.floor(next() * (max - min + 1));
  const pick = (items) => items[int(0, items.length - 1)];
  const chars = (alphabet, length) => Array.from({ length }, () => pick(alphabet)).join("");
  return {
    next,
    int,
    pick,
    chance: (p) => next() < p,
    shuffle: (items) => {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = int(0, i);
        [copy[i], copy[j]] = [copy[j], copy[i]];
      }
      return copy;
    },
    id: (prefix, length = 14) => `${prefix}_${chars(BASE62, length)}`,
    hex: (length) => chars(HEX, length),
    uuid: () => `${chars(HEX, 8)}-${chars(HEX, 4)}-4${chars(HEX, 3)}-${pick("89ab")}${chars(HEX, 3)}-${chars(HEX, 12)}`,
    /** An ISO date-time in 2023-2025, whole seconds, UTC. */
    iso: () => new Date(Date.UTC(2023, 0, 1) + int(0, 3 * 365 * 86400) * 1000).toISOString().replace(".000Z", "Z"),
    unix: () => int(1_672_531_200, 1_767_225_600),
    bigId: () => int(1_000_000_000, 9_999_999_999) * 1000 + int(0, 999),
  };
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const HEX = "0123456789abcdef";

// prettier-ignore
const PROVIDERS = [
  "payrail", "shopforge", "chatterly", "codehost", "mailpost", "smsgate", "stashbox", "formly", "calendo",
  "dealflow", "shipwise", "authkit", "ledgerly", "cartwise", "pingwire", "hookline", "relaybird", "tallyo",
  "notifio", "orbitpay", "quillon", "harbor", "nimbus", "vertex", "beacon", "kestrel", "lumen", "meridian",
  "parcelly", "zenrow",
];

/** Per domain: the nouns its events are about and the envelope its providers wrap them in. */
// prettier-ignore
const DOMAINS = {
  payments: { style: "stripe", nouns: ["charge", "refund", "payout", "invoice", "subscription", "dispute", "transfer", "coupon"] },
  commerce: { style: "shop", nouns: ["order", "cart", "product", "inventory", "fulfillment", "checkout", "collection", "return"] },
  chat: { style: "slack", nouns: ["message", "channel", "reaction", "member", "command", "thread", "file", "emoji"] },
  git: { style: "git", nouns: ["push", "issue", "comment", "release", "workflow", "deployment", "star", "review"] },
  email: { style: "generic", nouns: ["message", "bounce", "open", "click", "complaint", "unsubscribe", "delivery"] },
  sms: { style: "generic", nouns: ["message", "call", "recording", "number", "verification", "conversation"] },
  storage: { style: "generic", nouns: ["object", "bucket", "upload", "snapshot", "lifecycle", "replica"] },
  forms: { style: "generic", nouns: ["response", "form", "survey", "submission", "field", "theme"] },
  calendar: { style: "generic", nouns: ["event", "booking", "invitee", "reminder", "calendar", "availability"] },
  crm: { style: "stripe", nouns: ["contact", "deal", "company", "ticket", "note", "lead", "pipeline"] },
  shipping: { style: "shop", nouns: ["shipment", "label", "tracker", "parcel", "pickup", "manifest"] },
  auth: { style: "generic", nouns: ["user", "session", "login", "factor", "token", "role", "organization"] },
};

// prettier-ignore
const VERBS = [
  "created", "updated", "deleted", "completed", "failed", "cancelled", "paid", "sent", "received", "opened",
  "closed", "archived", "restored", "expired", "renewed", "approved", "rejected", "scheduled", "started",
  "finished", "assigned", "merged", "published", "paused", "resumed",
];

const FIRST = ["Mira", "Jonas", "Ines", "Kwame", "Aiko", "Lena", "Tomas", "Priya", "Omar", "Sofia", "Yuki", "Ravi"];
const LAST = ["Okafor", "Weber", "Duarte", "Mensah", "Sato", "Novak", "Silva", "Iyer", "Haddad", "Rossi", "Berg"];
const CITIES = [
  ["Leith", "GB", "EH6 6JD"],
  ["Amsterdam", "NL", "1016 GV"],
  ["Lisbon", "PT", "1100-148"],
  ["Accra", "GH", "GA-183"],
  ["Osaka", "JP", "530-0001"],
  ["Austin", "US", "78701"],
];
const STATUSES = ["active", "pending", "succeeded", "failed", "canceled", "past_due", "draft", "open", "resolved"];
const WORDS = ["glaze", "kiln", "harbour", "amber", "north", "delta", "copper", "signal", "meadow", "quartz", "ember"];

/** A value the renderer writes as an identifier: an imported constant or enum member. */
class Ref {
  constructor(code, value) {
    this.code = code;
    this.value = value;
  }
}

/** An object key whose entry is written as a spread of an imported object. */
const spreadKey = (name) => `...${name}`;

// Shared files every project has; the generator knows their values to resolve samples for quicktype.
const SHARED = {
  signedHeaders: {
    "content-type": "application/json; charset=utf-8",
    "user-agent": "Hookline-Delivery/3.2 (+https://hookline.example/docs/webhooks)",
    "x-hookline-signature": "t=1730642525,v1=b0c30e10b6c0e682143ee579526e4e4c9121186ab6c0ef62642e7148afd76448",
    "x-hookline-attempt": "1",
  },
  jsonHeaders: { "content-type": "application/json" },
  address: { line1: "88 Harbour Street", line2: null, city: "Leith", postal_code: "EH6 6JD", country: "GB" },
};
const API_VERSION = new Ref("API_VERSION", "2024-09-30");
const CURRENCIES = [new Ref("Currency.Usd", "usd"), new Ref("Currency.Eur", "eur"), new Ref("Currency.Gbp", "gbp")];

const SHARED_FILES = {
  "events/shared/headers.ts": `/** Headers every delivery carries; spread into the events' sample headers. */

export const signedHeaders = ${render(SHARED.signedHeaders, "")} as const;

export const jsonHeaders = ${render(SHARED.jsonHeaders, "")} as const;
`,
  "events/shared/objects.ts": `/** Constants and objects that many payloads repeat. */

export const API_VERSION = "${API_VERSION.value}";

export enum Currency {
  Usd = "usd",
  Eur = "eur",
  Gbp = "gbp",
}

export const address = ${render(SHARED.address, "")} as const;
`,
};

const CONFIG = `import { defineConfig } from "ductape-events";

// Synthetic benchmark project (bench/generate.mjs); regenerated on every run.
export default defineConfig({
  events: "events/**/*.event.ts",
  outDir: "generated",
});
`;

// ---------------------------------------------------------------------------------------------
// Payload parts. Every generator takes the PRNG and returns a value of the literal tree: plain
// JSON, plus Ref values and spread keys that the renderer writes as code.

function person(r) {
  const first = r.pick(FIRST);
  const last = r.pick(LAST);
  return {
    id: r.id("cus"),
    email: `${first}.${last}@example.org`.toLowerCase(),
    name: `${first} ${last}`,
    phone: r.chance(0.5) ? `+3120555${r.int(1000, 9999)}` : null,
    created_at: r.iso(),
  };
}

function address(r) {
  if (r.chance(0.3)) return { [spreadKey("address")]: true, label: r.pick(["home", "work", "billing"]) };
  const [city, country, zip] = r.pick(CITIES);
  return {
    line1: `${r.int(1, 300)} ${r.pick(WORDS)} street`.replace(/^./, (c) => c.toUpperCase()),
    line2: r.chance(0.5) ? `Floor ${r.int(1, 9)}` : null,
    city,
    postal_code: zip,
    country,
  };
}

function money(r) {
  return { amount: r.int(100, 250_000), currency: r.pick(CURRENCIES) };
}

function lineItem(r, complete) {
  const item = {
    id: r.bigId(),
    sku: `${r.pick(WORDS).toUpperCase()}-${r.int(10, 99)}`,
    title: `${r.pick(WORDS)} ${r.pick(["mug", "plate", "bowl", "vase", "seat", "plan"])}`,
    quantity: r.int(1, 5),
    price: (r.int(100, 9999) / 100).toFixed(2),
    taxable: r.chance(0.7),
    grams: r.int(0, 2000),
  };
  // Later elements miss some keys and add others: the merged type gets optional fields.
  if (complete) return { ...item, tax_lines: [{ title: "VAT", rate: 0.21, price: "3.15" }] };
  if (r.chance(0.5)) delete item.grams;
  return { ...item, gift_card: r.chance(0.2), discount: r.chance(0.5) ? { code: "WELCOME", percent: 10 } : null };
}

/** Optional fields of a resource, by name; each run picks some, in a shuffled order. */
const FIELDS = {
  status: (r) => r.pick(STATUSES),
  amount: (r) => r.int(100, 500_000),
  currency: (r) => r.pick(CURRENCIES),
  description: (r) => `${r.pick(WORDS)} ${r.pick(WORDS)} for order #${r.int(1000, 9999)}`,
  updated_at: (r) => r.iso(),
  expires_at: (r) => (r.chance(0.4) ? null : r.iso()),
  livemode: (r) => r.chance(0.2),
  reference: (r) => r.uuid(),
  url: (r) => `https://dashboard.${r.pick(PROVIDERS)}.example/r/${r.id("res", 10)}`,
  customer: (r) => person(r),
  billing_address: (r) => address(r),
  total: (r) => money(r),
  line_items: (r) => [lineItem(r, true), ...Array.from({ length: r.int(1, 2) }, () => lineItem(r, false))],
  tags: (r) => Array.from({ length: r.int(1, 4) }, () => r.pick(WORDS)),
  metadata: (r) => ({ order_id: String(r.int(1000, 9999)), channel: r.pick(["web", "pos", "api"]), campaign: null }),
  attempts: (r) => [
    { at: r.iso(), result: "timeout", latency_ms: r.int(50, 3000) },
    { at: r.iso(), result: "ok" },
  ],
  score: (r) => Math.round(r.next() * 10000) / 100,
  priority: (r) => r.int(1, 5),
  locale: (r) => r.pick(["en-GB", "nl-NL", "pt-PT", "ja-JP"]),
  assignee: (r) => (r.chance(0.3) ? null : { id: r.id("usr", 10), login: r.pick(FIRST).toLowerCase() }),
  notes: (r) => (r.chance(0.1) ? [] : [{ author: r.pick(FIRST), body: `Checked ${r.pick(WORDS)}`, at: r.iso() }]),
  location: (r) => ({ latitude: 52.37 + r.int(0, 999) / 1000, longitude: 4.88 + r.int(0, 999) / 1000 }),
  failure: (r) => ({ code: null, message: null, retryable: r.chance(0.5) }),
  links: (r) => ({
    self: `https://api.${r.pick(PROVIDERS)}.example/v1/${r.id("obj", 8)}`,
    related: r.chance(0.1) ? [] : [`https://api.${r.pick(PROVIDERS)}.example/v1/${r.id("rel", 8)}`],
  }),
};

/**
 * Grows a resource field by field until `size(resource)`, the bytes of the whole event file,
 * reaches `size.target`; a field that would take the file past `size.max` is left out.
 */
function resource(r, noun, size) {
  const object = { id: r.id(noun.slice(0, 3)), object: noun, created_at: r.iso() };
  for (const name of r.shuffle(Object.keys(FIELDS))) {
    object[name] = FIELDS[name](r);
    const bytes = size(object);
    if (bytes > size.max) delete object[name];
    else if (bytes >= size.target) return object;
  }
  let extra = 0;
  while (size(object) < size.target) object[`custom_${++extra}`] = `${r.pick(WORDS)}-${r.hex(8)}`;
  return object;
}

/** The body, in the envelope of the webhook's style, around the resource that `inner` builds. */
function body(r, style, noun, verb, inner) {
  switch (style) {
    case "stripe":
      return {
        id: r.id("evt", 24),
        object: "event",
        api_version: API_VERSION,
        created: r.unix(),
        type: `${noun}.${verb}`,
        livemode: false,
        data: { object: inner() },
      };
    case "shop":
      return { ...inner(), admin_graphql_api_id: `gid://shopforge/${noun}/${r.bigId()}`, topic: `${noun}s/${verb}` };
    case "slack":
      return {
        token: "<verification-token>",
        team_id: `T0${r.hex(9).toUpperCase()}`,
        type: "event_callback",
        event_id: `Ev0${r.hex(9).toUpperCase()}`,
        event_time: r.unix(),
        event: { type: `${noun}_${verb}`, ...inner() },
      };
    case "git":
      return {
        action: verb,
        [noun]: inner(),
        sender: { login: r.pick(FIRST).toLowerCase(), id: r.int(1000, 9_999_999), type: "User", site_admin: false },
      };
    default:
      return { type: `${noun}.${verb}`, id: r.uuid(), occurred_at: r.iso(), data: inner() };
  }
}

function headers(r, provider) {
  const delivery = { [`x-${provider}-delivery`]: r.uuid() };
  const roll = r.next();
  if (roll < 0.4) return { [spreadKey("signedHeaders")]: true, ...delivery };
  if (roll < 0.6) return { [spreadKey("jsonHeaders")]: true, [`x-${provider}-signature`]: `sha256=${r.hex(64)}` };
  return {
    "content-type": "application/json",
    "user-agent": `${provider}-webhooks/${r.int(1, 4)}.${r.int(0, 9)}`,
    [`x-${provider}-signature`]: `v1=${r.hex(64)}`,
    ...delivery,
  };
}

// ---------------------------------------------------------------------------------------------
// Literal tree -> TypeScript source, and -> JSON (for quicktype).

/** TypeScript source of a literal tree, laid out as prettier would: inline when it fits in 100 columns. */
function render(value, indent) {
  if (value instanceof Ref) return value.code;
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  const inner = `${indent}  `;
  const items = Array.isArray(value)
    ? value.map((v) => render(v, inner))
    : Object.entries(value).map(([key, v]) => (key.startsWith("...") ? key : `${renderKey(key)}: ${render(v, inner)}`));
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{ ", " }"];
  if (items.length === 0) return Array.isArray(value) ? "[]" : "{}";
  const line = `${open}${items.join(", ")}${close}`;
  if (!line.includes("\n") && indent.length + line.length <= 100) return line;
  return `${open.trim()}\n${items.map((item) => `${inner}${item},\n`).join("")}${indent}${close.trim()}`;
}

function renderKey(key) {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
}

/** The plain JSON value a literal tree stands for: refs and spreads resolved. */
function resolve(value) {
  if (value instanceof Ref) return value.value;
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(resolve);
  const out = {};
  for (const [key, v] of Object.entries(value)) {
    if (key.startsWith("...")) Object.assign(out, resolve(SHARED[key.slice(3)]));
    else out[key] = resolve(v);
  }
  return out;
}

/** Paths (refine syntax, array elements as `[]`) of the fields that are null wherever they occur. */
function alwaysNull(value, path, seen = new Map()) {
  seen.set(path, (seen.get(path) ?? true) && value === null);
  if (Array.isArray(value)) value.forEach((v) => alwaysNull(v, `${path}[]`, seen));
  else if (value !== null && typeof value === "object") {
    for (const [key, v] of Object.entries(value)) alwaysNull(v, `${path}.${key}`, seen);
  }
  return [...seen].filter(([, isNull]) => isNull).map(([p]) => p);
}

/**
 * A copy in which the fields at `paths` (always null) hold a string instead, also those that a
 * spread brings in (overridden after it): the example that makes them `string | null`.
 */
function withoutNulls(value, r, paths, path = "body", fill = () => `${r.pick(WORDS)}-${r.hex(6)}`) {
  if (value === null) return paths.has(path) ? fill(path.slice(path.lastIndexOf(".") + 1)) : null;
  if (value instanceof Ref || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => withoutNulls(v, r, paths, `${path}[]`, fill));
  const entries = [];
  for (const [key, v] of Object.entries(value)) {
    if (!key.startsWith("...")) entries.push([key, withoutNulls(v, r, paths, `${path}.${key}`, fill)]);
    else {
      entries.push([key, v]);
      for (const [k, shared] of Object.entries(SHARED[key.slice(3)])) {
        if (shared === null && paths.has(`${path}.${k}`))
          entries.push([k, withoutNulls(null, r, paths, `${path}.${k}`, fill)]);
      }
    }
  }
  return Object.fromEntries(entries);
}

/**
 * The event file. Refine and selector paths are written unquoted, which is right because every
 * key the generator makes under `body` is an identifier.
 */
function eventSource({ name, tag, description, schema, sample, examples, refine, selector }) {
  const definition = { name, tag, description };
  if (schema !== undefined) definition.schema = schema;
  definition.sample = sample;
  if (examples.length > 0) definition.examples = examples;
  if (Object.keys(refine).length > 0) definition.refine = refine;
  if (selector !== undefined) definition.selector = selector;
  const importLines = Object.entries(importsOf([sample, examples]))
    .filter(([, names]) => names.size > 0)
    .map(([file, names]) => `import { ${[...names].sort().join(", ")} } from "../../shared/${file}.js";\n`)
    .join("");
  return `import { defineEvent } from "ductape-events";\n${importLines}\nexport default defineEvent(${render(definition, "")});\n`;
}

/** The shared names a literal tree uses, by the shared file that exports them. */
function importsOf(value, imports = { headers: new Set(), objects: new Set() }) {
  if (value instanceof Ref) imports.objects.add(value.code.split(".")[0]);
  else if (value !== null && typeof value === "object") {
    for (const [key, v] of Object.entries(value)) {
      if (key === "...address") imports.objects.add("address");
      else if (key.startsWith("...")) imports.headers.add(key.slice(3));
      else importsOf(v, imports);
    }
  }
  return imports;
}

/**
 * The event file of the schema-driven project, from the sample-only one's definition: its body
 * declared by `ref`, an example the schemas accept, and no refinement of the always-null fields.
 */
function declaredSource(file, ref, withExamples, seed) {
  const nulls = alwaysNull(resolve(file.sample.body), "body");
  const r = createRandom(seed + 1);
  const body = withoutNulls(file.sample.body, r, new Set(nulls), "body", (key) => nonNullValue(key, r, WORDS));
  const refine = Object.fromEntries(Object.entries(file.refine).filter(([path]) => !nulls.includes(path)));
  const examples = withExamples ? [{ ...file.sample, body }] : [];
  return eventSource({ ...file, schema: { body: { $ref: ref } }, examples, refine });
}

const title = (slug) => slug.replace(/(^|-)(.)/g, (_, dash, c) => (dash ? " " : "") + c.toUpperCase());

/**
 * Writes a project of `events` events (and their quicktype samples) into `dir`, replacing what
 * was there. Returns what the benchmark needs to know about it.
 */
export function generateProject(dir, { events, webhooks, seed = 20241104, schemas = false }) {
  const r = createRandom(seed ^ events);
  rmSync(dir, { recursive: true, force: true });
  const projectDir = join(dir, "project");
  const samplesDir = join(dir, "samples");
  const write = (path, text) => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  };
  write(join(projectDir, "ductape.config.ts"), CONFIG);
  // An installed project has node_modules, and the build's disk cache lives under it. Without one
  // here the cache would go to this repository's node_modules, which a "cold" run does not clear.
  mkdirSync(join(projectDir, "node_modules"), { recursive: true });
  for (const [path, text] of Object.entries(SHARED_FILES)) write(join(projectDir, path), text);
  if (schemas) {
    const documents = schemaDocuments({
      domains: DOMAINS,
      statuses: STATUSES,
      verbs: VERBS,
      words: WORDS,
      cities: CITIES,
    });
    for (const [path, document] of Object.entries(documents)) {
      write(join(projectDir, path), `${JSON.stringify(document, null, 2)}\n`);
    }
  }

  const domains = Object.keys(DOMAINS);
  const hooks = r
    .shuffle(PROVIDERS.flatMap((provider) => domains.map((domain) => ({ provider, domain }))))
    .slice(0, webhooks);
  if (hooks.length < webhooks) throw new Error(`at most ${PROVIDERS.length * domains.length} webhooks`);

  const files = [];
  let bytes = 0;
  let warned = 0;
  hooks.forEach(({ provider, domain }, index) => {
    const { style, nouns } = DOMAINS[domain];
    const webhook = `${provider}-${domain}`;
    // Spread the remainder so that the total is exact whatever the ratio.
    const count = Math.floor(((index + 1) * events) / webhooks) - Math.floor((index * events) / webhooks);
    const pairs = r.shuffle(nouns.flatMap((noun) => VERBS.map((verb) => [noun, verb]))).slice(0, count);
    const selects = (style === "stripe" || style === "generic") && r.chance(0.5);
    for (const [noun, verb] of pairs) {
      const event = `${noun}-${verb}`;
      const tag = `${webhook}:${event}`;
      const withExamples = r.chance(0.25);
      const refineNulls = !withExamples && r.chance(0.85);
      const refineStatus = r.chance(0.5);
      const describeId = r.chance(0.2);
      const sample = {
        headers: headers(r, provider),
        query: r.chance(0.2) ? { token: "<webhook-token>", source: r.pick(["dashboard", "api"]) } : {},
        body: {},
        params: r.chance(0.4) ? { accountId: r.id("acct", 16) } : {},
      };
      const file = {
        name: `${title(noun)} ${title(verb)}`,
        tag,
        description: `${/^[aeiou]/.test(noun) ? "An" : "A"} ${noun} was ${verb} in ${title(provider)}.`,
        sample,
        examples: [],
        refine: {},
        selector: selects ? "body.type" : undefined,
      };
      // The file is completed again on every size probe, from PRNGs of its own so it stays the same.
      const seed = r.int(0, 2 ** 31);
      const complete = (object) => {
        sample.body = body(createRandom(seed), style, noun, verb, () => object);
        const nulls = alwaysNull(resolve(sample.body), "body");
        const example = { ...sample, body: withoutNulls(sample.body, createRandom(seed + 1), new Set(nulls)) };
        file.examples = withExamples ? [example] : [];
        file.refine = {};
        if (refineNulls) for (const path of nulls) file.refine[path] = { schema: { type: "string" }, nullable: true };
        const resourcePath = { stripe: "body.data.object", shop: "body", slack: "body.event", git: `body.${noun}` }[
          style
        ];
        if (refineStatus && typeof object.status === "string") {
          file.refine[`${resourcePath ?? "body.data"}.status`] = {
            enum: [...new Set([object.status, "failed", "draft"])],
          };
        }
        if (describeId) file.refine[`${resourcePath ?? "body.data"}.id`] = { description: "Provider id." };
        return { text: eventSource(file), warns: !withExamples && !refineNulls && nulls.length > 0 };
      };
      const size = (object) => complete(object).text.length;
      size.target = r.int(1100, 2900);
      size.max = 2990;
      const { text: samplesOnly, warns } = complete(resource(r, noun, size));
      // Sized as its sample-only twin, so that both projects hold the same samples.
      const text = schemas ? declaredSource(file, bodyRef(domain, style, noun), withExamples, seed) : samplesOnly;
      if (warns && !schemas) warned++;

      const path = join(projectDir, "events", domain, provider, `${event}.event.ts`);
      write(path, text);
      files.push(path);
      bytes += text.length;

      if (schemas) continue;
      const sampleDir = join(samplesDir, `${webhook}--${event}`);
      write(join(sampleDir, "sample.json"), JSON.stringify(resolve(sample.body), null, 2));
      file.examples.forEach((example, i) =>
        write(join(sampleDir, `example-${i + 1}.json`), JSON.stringify(resolve(example.body), null, 2)),
      );
    }
  });
  return { projectDir, samplesDir, files, events, webhooks, bytes, warned };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const args = process.argv.slice(2);
  const schemas = args.includes("--schemas");
  const [events = "1000", out = ".bench/generated"] = args.filter((arg) => arg !== "--schemas");
  const n = Number(events);
  const project = generateProject(out, { events: n, webhooks: Math.max(1, Math.round(n / 50)), schemas });
  console.log(`${project.files.length} events, ${project.bytes} bytes of event files in ${project.projectDir}`);
}

/**
 * A project of one event whose body is a captured API document of about `bytes` bytes, imported
 * from a JSON file as users do with real deliveries: a page of records (nested objects, arrays of
 * objects whose elements differ, ids, dates, URLs, money, a few always-null fields), the same
 * bytes for the same size. Returns the project folder and the number of values in the body.
 */
export function generateLargeSampleProject(dir, { bytes, seed = 20241104 }) {
  const r = createRandom(seed ^ bytes);
  rmSync(dir, { recursive: true, force: true });
  const projectDir = join(dir, "project");
  const write = (path, text) => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  };
  write(join(projectDir, "ductape.config.ts"), CONFIG);
  mkdirSync(join(projectDir, "node_modules"), { recursive: true });
  const data = [];
  const document = { object: "list", url: "/v1/orders", has_more: true, next_cursor: null, data };
  let size = JSON.stringify(document, null, 2).length;
  while (size < bytes) {
    const record = resolve(largeRecord(r));
    data.push(record);
    // Written pretty-printed, two levels deep (document, data): as [[record]] is.
    size += JSON.stringify([[record]], null, 2).length - 8;
  }
  const text = JSON.stringify(document, null, 2);
  write(join(projectDir, "events/orders/captured/page.json"), text);
  write(
    join(projectDir, "events/orders/page-listed.event.ts"),
    `import { defineEvent } from "ductape-events";
import page from "./captured/page.json" with { type: "json" };

export default defineEvent({
  name: "Page Listed",
  tag: "orders-api:page-listed",
  description: "A captured page of the orders API, as large as real ones.",
  sample: { headers: { "content-type": "application/json" }, query: {}, body: page, params: {} },
});
`,
  );
  return { projectDir, bytes: text.length, values: countValues(document), records: data.length };
}

/** One record of the captured page: about 1.5 KB of JSON. */
function largeRecord(r) {
  const record = { id: r.id("ord"), object: "order", created_at: r.iso() };
  for (const name of ["status", "amount", "currency", "customer", "billing_address", "line_items", "metadata"]) {
    record[name] = FIELDS[name](r);
  }
  for (const name of r.shuffle(Object.keys(FIELDS)).slice(0, r.int(3, 8))) record[name] ??= FIELDS[name](r);
  record.cancelled_reason = null;
  // Fields keyed by id, a different key in every record: merging the records' schemas must stay linear.
  record.custom_fields = { [r.id("cf")]: r.int(0, 100) };
  return record;
}

function countValues(value) {
  if (Array.isArray(value)) return value.reduce((n, v) => n + countValues(v), 1);
  if (value !== null && typeof value === "object") return Object.values(value).reduce((n, v) => n + countValues(v), 1);
  return 1;
}
