import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertCliBuilt,
  copyFixture,
  diagnosticHeads,
  fixtureDir,
  listFiles,
  removeProjects,
  runNode,
  type Project,
  type RunResult,
} from "../helpers/project.js";
import { TSC, USAGE_TSCONFIG } from "../helpers/strict.js";

/**
 * The corpus (test/fixtures/corpus) is a project of realistic, provider-style webhook events:
 * payments, commerce, chat, source hosting, email, SMS, calendar, forms and storage. It is
 * built with the real CLI once; then every sample must be accepted by its generated payload
 * type (under the strictest tsc flags the README promises) and by its JSON Schema (ajv with
 * formats), and mutated samples (a wrong type deep in the body, a missing required field, an
 * extra field in a closed object) must be rejected by both. The mutations are derived from the
 * manifest, so they grow with the corpus.
 */

/** Every event of the corpus, by tag. */
const EXPECTED_TAGS = [
  "calendar:event-cancelled",
  "calendar:event-created",
  "chat:button-clicked",
  "chat:channel-created",
  "chat:member-joined",
  "chat:message-posted",
  "chat:reaction-added",
  "chat:slash-command",
  "commerce:cart-abandoned",
  "commerce:customer-created",
  "commerce:inventory-level-changed",
  "commerce:order-cancelled",
  "commerce:order-created",
  "commerce:order-fulfilled",
  "commerce:order-paid",
  "commerce:product-updated",
  "email:bounced",
  "email:delivered",
  "email:opened",
  "forms:response-submitted",
  "git:issue-comment-created",
  "git:pull-request-merged",
  "git:pull-request-opened",
  "git:push",
  "git:release-published",
  "git:star-created",
  "git:workflow-run-completed",
  "mailer:message-failed",
  "payments:charge-failed",
  "payments:charge-refunded",
  "payments:charge-succeeded",
  "payments:dispute-opened",
  "payments:invoice-finalized",
  "payments:payout-paid",
  "payments:subscription-renewed",
  "sms:inbound-message",
  "sms:status-callback",
  "storage:object-created",
];

/**
 * Every warning of the build, as printed. Real payloads are full of nulls (DT4102 when a field
 * is null wherever it occurs) and the corpus keeps one empty array on purpose (DT4101). Each
 * event gets one warning per code and file, naming its first path and counting the others; a
 * field of a shared file (events/shared/*.ts) is reported at its place in that file, and a
 * shared file's warning that another event's names completely is not repeated.
 */
const EXPECTED_WARNINGS: string[] = [
  "events/calendar/event-cancelled.event.ts:29:68 - warning DT4102: sample.body.event.cancelled_by.displayName is null in every sample, so it is typed null.",
  "events/chat/button-clicked.event.ts:18:19 - warning DT4102: sample.body.enterprise is null in every sample, so it is typed null.",
  "events/chat/channel-created.event.ts:20:26 - warning DT4102: sample.body.authorizations[0].enterprise_id is null in every sample, so it is typed null.",
  "events/chat/member-joined.event.ts:20:26 - warning DT4102: sample.body.authorizations[0].enterprise_id is null in every sample, so it is typed null.",
  "events/chat/message-posted.event.ts:22:26 - warning DT4102: sample.body.authorizations[0].enterprise_id is null in every sample, so it is typed null.",
  "events/chat/reaction-added.event.ts:20:26 - warning DT4102: sample.body.authorizations[0].enterprise_id is null in every sample, so it is typed null.",
  "events/commerce/cart-abandoned.event.ts:25:21 - warning DT4102: sample.body.completed_at and 3 other fields are null in every sample, so they are typed null.",
  "events/commerce/customer-created.event.ts:23:14 - warning DT4102: sample.body.phone and 4 other fields are null in every sample, so they are typed null.",
  "events/commerce/order-cancelled.event.ts:26:27 - warning DT4102: sample.body.fulfillment_status is null in every sample, so it is typed null.",
  "events/commerce/order-created.event.ts:28:21 - warning DT4102: sample.body.cancelled_at and 6 other fields are null in every sample, so they are typed null.",
  "events/commerce/order-created.event.ts:84:16 - warning DT4101: sample.body.refunds is an empty array, so its elements are typed unknown.",
  "events/commerce/order-paid.event.ts:29:27 - warning DT4102: sample.body.fulfillment_status is null in every sample, so it is typed null.",
  "events/commerce/product-updated.event.ts:41:20 - warning DT4102: sample.body.variants[0].option3 and 1 other field are null in every sample, so they are typed null.",
  "events/email/bounced.event.ts:30:16 - warning DT4102: sample.body.Content is null in every sample, so it is typed null.",
  "events/git/issue-comment-created.event.ts:19:23 - warning DT4102: sample.body.issue.state_reason and 4 other fields are null in every sample, so they are typed null.",
  "events/git/pull-request-merged.event.ts:31:102 - warning DT4102: sample.body.pull_request.labels[0].description is null in every sample, so it is typed null.",
  "events/git/pull-request-opened.event.ts:30:20 - warning DT4102: sample.body.pull_request.closed_at and 6 other fields are null in every sample, so they are typed null.",
  "events/git/push.event.ts:16:17 - warning DT4102: sample.body.base_ref is null in every sample, so it is typed null.",
  "events/payments/charge-failed.event.ts:20:22 - warning DT4102: sample.body.request.id and 10 other fields are null in every sample, so they are typed null.",
  "events/payments/charge-succeeded.event.ts:28:35 - warning DT4102: sample.body.data.object.application_fee_amount and 7 other fields are null in every sample, so they are typed null.",
  "events/payments/dispute-opened.event.ts:20:22 - warning DT4102: sample.body.request.id and 8 other fields are null in every sample, so they are typed null.",
  "events/payments/invoice-finalized.event.ts:20:22 - warning DT4102: sample.body.request.id and 7 other fields are null in every sample, so they are typed null.",
  "events/payments/payout-paid.event.ts:20:22 - warning DT4102: sample.body.request.id and 4 other fields are null in every sample, so they are typed null.",
  "events/payments/subscription-renewed.event.ts:20:22 - warning DT4102: sample.body.request.id and 4 other fields are null in every sample, so they are typed null.",
  "events/shared/commerce.ts:8:12 - warning DT4102: sample.body.shipping_address.company and 5 other fields are null in every sample, so they are typed null.",
  "events/shared/git.ts:38:13 - warning DT4102: sample.body.repository.homepage is null in every sample, so it is typed null.",
  "events/shared/money.ts:13:10 - warning DT4102: sample.body.data.object.billing_details.address.line2 and 1 other field are null in every sample, so they are typed null.",
  "events/shared/money.ts:13:10 - warning DT4102: sample.body.data.object.customer_address.line2 and 1 other field are null in every sample, so they are typed null.",
];

/** Webhooks whose events all carry a top-level discriminator in the body, with distinct values. */
const DISCRIMINATORS: Record<string, string> = {
  payments: "type",
  commerce: "event",
  email: "RecordType",
  calendar: "type",
};

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
type Path = (string | number)[];

/** The subset of JSON Schema the tool writes into the manifest. */
interface Schema {
  readonly type?: string;
  readonly anyOf?: readonly Schema[];
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly items?: Schema;
  readonly additionalProperties?: boolean | Schema;
}

interface ManifestEvent {
  readonly tag: string;
  readonly webhook: string;
  readonly event: string;
  readonly name: string;
  readonly source: string;
  readonly sample: JsonObject;
  readonly schema: Schema;
}

/** A sample changed in one place, which both tsc and ajv must reject. */
interface Mutation {
  readonly tag: string;
  readonly kind: "wrong type" | "missing field" | "extra field";
  /** Where in the sample, as `body.a[0].b`. */
  readonly at: string;
  readonly sample: JsonObject;
}

let project: Project;
let build: RunResult;
/** The same build again, reported as JSON: every path of every warning. */
let jsonBuild: RunResult;
let events: ManifestEvent[] = [];
let mutations: Mutation[] = [];
let usage = "";
let tsc: RunResult = { code: null, stdout: "", stderr: "" };

beforeAll(async () => {
  assertCliBuilt();
  project = copyFixture("corpus");
  build = await project.run("build");
  if (build.code !== 0) return;
  jsonBuild = await project.run("build", "--reporter", "json");
  const index = JSON.parse(project.read("generated/manifest.json")) as { webhooks: { manifest: string }[] };
  events = index.webhooks.flatMap(
    (w) => (JSON.parse(project.read(`generated/${w.manifest}`)) as { events: ManifestEvent[] }).events,
  );
  mutations = events.flatMap(mutationsOf);
  usage = usageFile(events, mutations);
  project.write("usage.ts", usage);
  project.write("tsconfig.json", `${JSON.stringify(USAGE_TSCONFIG, null, 2)}\n`);
  tsc = await runNode([TSC, "-p", "tsconfig.json", "--pretty", "false"], project.dir, 120_000);
}, 180_000);
afterAll(removeProjects);

/** `sample` as TypeScript source; `__proto__` keys are computed so that they stay data. */
function literal(value: Json, indent: string | undefined): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  const inner = indent === undefined ? undefined : `${indent}  `;
  const items = Array.isArray(value)
    ? value.map((item) => literal(item, inner))
    : Object.keys(value).map((key) => `${propertyKey(key)}: ${literal(value[key]!, inner)}`);
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  if (items.length === 0) return `${open}${close}`;
  if (indent === undefined) return `${open} ${items.join(", ")} ${close}`;
  return `${open}\n${items.map((item) => `${inner}${item}`).join(",\n")}\n${indent}${close}`;
}

function propertyKey(key: string): string {
  return key === "__proto__" ? '["__proto__"]' : JSON.stringify(key);
}

function formatPath(path: Path): string {
  return path
    .map((step, i) =>
      typeof step === "number"
        ? `[${step}]`
        : i === 0
          ? step
          : IDENTIFIER.test(step)
            ? `.${step}`
            : `[${JSON.stringify(step)}]`,
    )
    .join("");
}

interface Node {
  readonly value: Json;
  readonly schema: Schema;
  readonly path: Path;
}

/**
 * Every value of `value` with its schema, depth first, following only plain (non-union)
 * schemas: a union would let a mutated value match another branch.
 */
function* nodes(value: Json, schema: Schema, path: Path): Generator<Node> {
  if (schema.anyOf !== undefined) return;
  yield { value, schema, path };
  if (Array.isArray(value)) {
    const items = schema.items;
    if (items !== undefined) for (const [i, item] of value.entries()) yield* nodes(item, items, [...path, i]);
  } else if (value !== null && typeof value === "object" && schema.properties !== undefined) {
    const properties = schema.properties;
    for (const key of Object.keys(value)) {
      if (Object.hasOwn(properties, key)) yield* nodes(value[key]!, properties[key]!, [...path, key]);
    }
  }
}

/** The deepest node that passes `test`, the first one among equals. */
function deepest(sample: JsonObject, schema: Schema, test: (node: Node) => boolean): Node | undefined {
  const body = schema.properties?.["body"];
  if (body === undefined) return undefined;
  let best: Node | undefined;
  for (const node of nodes(sample["body"]!, body, ["body"])) {
    if (test(node) && (best === undefined || node.path.length > best.path.length)) best = node;
  }
  return best;
}

/** A deep copy of `sample` with the container at `path` changed by `change`. */
function changed(
  sample: JsonObject,
  path: Path,
  change: (container: JsonObject | Json[], last: string | number) => void,
): JsonObject {
  const copy = JSON.parse(JSON.stringify(sample)) as JsonObject;
  let container: Json = copy;
  for (const step of path.slice(0, -1)) container = (container as Record<string | number, Json>)[step]!;
  change(container as JsonObject | Json[], path[path.length - 1]!);
  return copy;
}

function isClosedObject(schema: Schema): boolean {
  return schema.type === "object" && schema.additionalProperties === false;
}

function mutationsOf(event: ManifestEvent): Mutation[] {
  const out: Mutation[] = [];
  const leaf = deepest(event.sample, event.schema, (n) => typeof n.value === "string" && n.schema.type === "string");
  if (leaf !== undefined) {
    out.push({
      tag: event.tag,
      kind: "wrong type",
      at: formatPath(leaf.path),
      sample: changed(event.sample, leaf.path, (c, last) => {
        (c as Record<string | number, Json>)[last] = 42;
      }),
    });
  }
  const withRequired = deepest(
    event.sample,
    event.schema,
    (n) => isClosedObject(n.schema) && (n.schema.required ?? []).length > 0,
  );
  if (withRequired !== undefined) {
    const key = withRequired.schema.required![0]!;
    out.push({
      tag: event.tag,
      kind: "missing field",
      at: formatPath([...withRequired.path, key]),
      sample: changed(event.sample, [...withRequired.path, key], (c, last) => {
        delete (c as Record<string | number, Json>)[last];
      }),
    });
  }
  const closed = deepest(
    event.sample,
    event.schema,
    (n) => isClosedObject(n.schema) && n.value !== null && !Array.isArray(n.value),
  );
  if (closed !== undefined) {
    out.push({
      tag: event.tag,
      kind: "extra field",
      at: formatPath([...closed.path, "not_in_sample"]),
      sample: changed(event.sample, [...closed.path, "not_in_sample"], (c, last) => {
        (c as Record<string | number, Json>)[last] = true;
      }),
    });
  }
  return out;
}

/** Hand-written checks of what the corpus's types mean, beyond "the sample fits". */
const HANDWRITTEN = `
type Push = EventPayload<"git:push">;
type Product = EventPayload<"commerce:product-updated">;
type OrderCreated = EventPayload<"commerce:order-created">;
type Answers = EventPayload<"forms:response-submitted">["body"]["form_response"]["answers"];
declare const push: Push;

// Partners and proxies add headers; values stay strings.
export const extraHeaders: Push["headers"] = { ...push.headers, "x-forwarded-for": "203.0.113.9" };
// @ts-expect-error header values are strings
export const numericHeader: Push["headers"] = { ...push.headers, "x-git-hook-id": 448812093 };

// A key missing from some elements of an array is optional: the co-author has no username.
export const noUsername: Push["body"]["commits"][number]["author"] = { name: "A", email: "a@example.com" };
// @ts-expect-error but present keys keep their type
export const badUsername: Push["body"]["commits"][number]["author"] = { name: "A", email: "a@example.com", username: 1 };
// With noUncheckedIndexedAccess, an element may be missing.
// @ts-expect-error commits[0] may be undefined
export const firstCommit: string = push.body.commits[0].id;

// Differing element types become a union; integer and decimal merge into number.
export const textValue: Product["body"]["metafields"][number]["value"] = "text";
export const numberValue: Product["body"]["metafields"][number]["value"] = 4.5;
// @ts-expect-error booleans were never a metafield value
export const booleanValue: Product["body"]["metafields"][number]["value"] = true;
export const decimalWeight: Product["body"]["variants"][number]["weight"] = 0.25;

// Answers of different kinds merge into one element type with optional value keys.
export const answer: Answers[number] = { type: "number", number: 3, field: { id: "Q", type: "number", ref: "n" } };
// @ts-expect-error the field reference is required in every answer
export const answerWithoutField: Answers[number] = { type: "boolean", boolean: false };

// An empty array in the sample accepts anything; null in the sample is exactly null.
export const anyRefunds: OrderCreated["body"]["refunds"] = [{ id: 1 }, "x", null];
export const noNote: OrderCreated["body"]["note"] = null;
// @ts-expect-error the sample's note was null, so a string is not allowed
export const someNote: OrderCreated["body"]["note"] = "leave at the door";

// Quoted keys with dashes and dots are plain properties.
export const mailFlags: EventPayload<"mailer:message-failed">["body"]["event-data"]["flags"]["is-routed"] = false;
export const chargeMetadata: EventPayload<"payments:charge-succeeded">["body"]["data"]["object"]["metadata"]["cart.channel"] =
  "web";

// @ts-expect-error not a declared tag
export type UnknownTag = EventPayload<"git:fork">;
`;

function usageFile(all: readonly ManifestEvent[], changes: readonly Mutation[]): string {
  const lines = [
    'import type { EventPayload, EventPayloads, EventTag, WebhookTag } from "./generated/index.js";',
    "",
    "type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;",
    "",
  ];
  all.forEach((event, i) => {
    lines.push(`export const sample${i}: EventPayloads[${JSON.stringify(event.tag)}] = ${literal(event.sample, "")};`);
  });
  const union = (items: readonly string[]): string =>
    [...new Set(items)].map((item) => JSON.stringify(item)).join(" | ");
  lines.push(
    `export const tagsAreExact: Equal<EventTag, ${union(all.map((e) => e.tag))}> = true;`,
    `export const webhooksAreExact: Equal<WebhookTag, ${union(all.map((e) => e.webhook))}> = true;`,
    "",
  );
  // Each mutated sample on one line, so that the expected error is on the line after its comment.
  changes.forEach((change, i) => {
    lines.push(
      `// @ts-expect-error ${change.kind} at ${change.at}`,
      `export const mutated${i}: EventPayloads[${JSON.stringify(change.tag)}] = ${literal(change.sample, undefined)};`,
    );
  });
  return `${lines.join("\n")}\n${HANDWRITTEN}`;
}

/** `sample.body.a[].b["c-d"]`: where values sit, with array indexes left out. */
function occurrences(value: Json, path: string, out: Map<string, Json[]>): Map<string, Json[]> {
  out.set(path, [...(out.get(path) ?? []), value]);
  if (Array.isArray(value)) {
    for (const item of value) occurrences(item, `${path}[]`, out);
  } else if (value !== null && typeof value === "object") {
    for (const key of Object.keys(value)) {
      const step = IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
      occurrences(value[key]!, `${path}${step}`, out);
    }
  }
  return out;
}

/** The warnings the samples call for: `DT4102 <path>` for a field null wherever it occurs, `DT4101` for empty arrays. */
function warningsFromSamples(all: readonly ManifestEvent[]): string[] {
  const out = new Set<string>();
  for (const event of all) {
    for (const [path, values] of occurrences(event.sample, "sample", new Map())) {
      if (values.every((v) => v === null)) out.add(`DT4102 ${path}`);
      if (values.every((v) => Array.isArray(v) && v.length === 0)) out.add(`DT4101 ${path}`);
    }
  }
  return [...out].sort();
}

/**
 * `DT4102 <path>` for each path of each warning, with array indexes left out. A warning names
 * every path of its event and code; `--reporter json` lists them all (the terminal, ten).
 */
function warningsReported(stdout: string): string[] {
  const document = JSON.parse(stdout) as { diagnostics: { code: string; paths?: { path: string }[] }[] };
  const out = new Set<string>();
  for (const d of document.diagnostics) {
    for (const { path } of d.paths ?? []) out.add(`${d.code} ${path.replace(/\[\d+\]/g, "[]")}`);
  }
  return [...out].sort();
}

function newAjv(): Ajv {
  const ajv = new Ajv({ ownProperties: true, allErrors: true, strict: true });
  addFormats.default(ajv);
  return ajv;
}

describe("corpus of provider-style webhooks", () => {
  it("builds with exit 0 and only the expected warnings", () => {
    expect(build.code, project.normalize(build.stderr)).toBe(0);
    expect(diagnosticHeads(project.normalize(build.stderr))).toEqual(EXPECTED_WARNINGS);
  });

  it("warns exactly where the samples have a field that is always null or an array that is always empty", () => {
    expect(warningsReported(jsonBuild.stdout)).toEqual(warningsFromSamples(events));
  });

  it("declares one event per *.event.ts file, with the expected tags", () => {
    const files = listFiles(fixtureDir("corpus")).filter((file) => file.endsWith(".event.ts"));
    expect(events.map((e) => e.tag)).toEqual(EXPECTED_TAGS);
    expect(events.map((e) => e.source).sort()).toEqual(files.sort());
    expect(events.length).toBeGreaterThanOrEqual(30);
  });

  it("keeps a discriminator in the body of every event of a webhook, with one value per event", () => {
    for (const [webhook, key] of Object.entries(DISCRIMINATORS)) {
      const values = events.filter((e) => e.webhook === webhook).map((e) => (e.sample["body"] as JsonObject)[key]);
      expect(values.length, webhook).toBeGreaterThanOrEqual(2);
      for (const value of values) expect(typeof value, `${webhook}: body.${key}`).toBe("string");
      expect(new Set(values).size, webhook).toBe(values.length);
    }
  });

  it("generates index.ts and each webhook's module as in the snapshots", async () => {
    await expect(project.read("generated/index.ts")).toMatchFileSnapshot("__snapshots__/corpus.index.ts.snap");
    const modules = project
      .files("generated/webhooks")
      .filter((file) => file.endsWith(".ts"))
      .map((file) => `// ---- webhooks/${file}\n${project.read(`generated/webhooks/${file}`)}`);
    await expect(modules.join("\n")).toMatchFileSnapshot("__snapshots__/corpus.webhooks.ts.snap");
  });

  it("every sample is valid against its manifest schema (ajv with formats)", () => {
    const ajv = newAjv();
    const failures = events.flatMap((event) => {
      const validate = ajv.compile(event.schema);
      return validate(event.sample) ? [] : [`${event.tag}: ${ajv.errorsText(validate.errors)}`];
    });
    expect(failures).toEqual([]);
  });

  it("ajv rejects every mutated sample", () => {
    expect(mutations.length).toBeGreaterThanOrEqual(3 * EXPECTED_TAGS.length);
    const ajv = newAjv();
    const accepted = mutations.filter((m) => {
      const schema = events.find((e) => e.tag === m.tag)!.schema;
      return ajv.validate(schema, m.sample);
    });
    expect(accepted.map((m) => `${m.tag}: ${m.kind} at ${m.at}`)).toEqual([]);
  });

  it("tsc accepts every sample as its payload type and rejects every mutated one", () => {
    expect(build.code, project.normalize(build.stderr)).toBe(0);
    const output = project.normalize(tsc.stdout + tsc.stderr);
    expect(output, `tsc on usage.ts:\n${output}\n--- usage.ts (${project.dir})\n${usage.slice(0, 2000)}`).toBe("");
    expect(tsc.code).toBe(0);
  });
});
