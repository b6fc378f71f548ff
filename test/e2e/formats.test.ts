import { cpSync, rmSync } from "node:fs";
import { join } from "node:path";
import { Parser } from "@asyncapi/parser";
import { validate as validateOpenApi } from "@readme/openapi-parser";
import { Validator } from "@seriousme/openapi-schema-validator";
import Ajv2020Module from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  assertCliBuilt,
  copyFixture,
  diagnosticHeads,
  emptyProject,
  REPO,
  removeProjects,
  startCli,
  waitFor,
  type CliProcess,
  type Project,
} from "../helpers/project.js";

/**
 * End-to-end: `formats` through the compiled CLI (`node dist/cli/main.js`) in copies of
 * test/fixtures/formats (selectors, colliding component names, Windows device names, hostile keys),
 * test/cases/hostile and the repository's own example events. Each document is checked by its
 * ecosystem's validators: OpenAPI by @readme/openapi-parser and @seriousme/openapi-schema-validator,
 * AsyncAPI by @asyncapi/parser, JSON Schema by ajv's 2020-12 class in strict mode, with every
 * event's sample and examples validated against its document.
 */

const Ajv2020 = Ajv2020Module.default;
const ALL = '["openapi", "asyncapi", "json-schema"]';

beforeAll(() => assertCliBuilt());
afterAll(() => removeProjects());

const processes: CliProcess[] = [];
afterEach(() => {
  for (const p of processes.splice(0)) p.kill();
});

/** Every output under generated/, by posix path. */
function outputs(project: Project): Record<string, string> {
  return Object.fromEntries(project.files("generated").map((file) => [file, project.read(`generated/${file}`)]));
}

async function build(project: Project, ...args: string[]) {
  const result = await project.run("build", ...args);
  expect(result.stderr, "no stack trace, ever").not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  return result;
}

async function expectValidOpenApi(text: string): Promise<void> {
  const document = JSON.parse(text) as Record<string, unknown>;
  // The parser changes what it is given: each validator gets its own copy.
  const readme = await validateOpenApi(structuredClone(document) as never);
  expect(readme.valid, JSON.stringify(readme)).toBe(true);
  expect(readme.warnings).toEqual([]);
  const seriousme = await new Validator().validate(structuredClone(document) as never);
  expect(seriousme.valid, JSON.stringify(seriousme.errors)).toBe(true);
}

async function expectValidAsyncApi(text: string): Promise<void> {
  const { diagnostics, document } = await new Parser().parse(text);
  expect(diagnostics.filter((d) => d.severity === 0).map((d) => `${d.path.join("/")}: ${d.message}`)).toEqual([]);
  expect(document).toBeDefined();
}

/**
 * Compiles every schemas/<webhook>/<event>.schema.json strictly and validates the event's sample
 * and examples (from its webhook's manifest) against it. Returns the documents' ids.
 */
function expectValidJsonSchemas(
  project: Project,
  skipPayload: (payload: unknown) => boolean = () => false,
  strictTypes: boolean = true,
): string[] {
  const ajv = new Ajv2020({ strict: true, strictTypes, allErrors: true, ownProperties: true });
  addFormats.default(ajv);
  const manifest = JSON.parse(project.read("generated/manifest.json")) as {
    webhooks: { manifest: string; events: string[] }[];
  };
  const ids: string[] = [];
  for (const webhook of manifest.webhooks) {
    const events = (
      JSON.parse(project.read(`generated/${webhook.manifest}`)) as {
        events: { tag: string; webhook: string; event: string; sample: unknown; examples?: unknown[] }[];
      }
    ).events;
    for (const event of events) {
      const base = (slug: string) => (/^(con|prn|aux|nul|com\d|lpt\d)$/.test(slug) ? `${slug}_` : slug);
      const text = project.read(`generated/schemas/${base(event.webhook)}/${base(event.event)}.schema.json`);
      const document = JSON.parse(text) as { $id: string; examples: unknown[] };
      const check = ajv.compile(document);
      ids.push(document.$id);
      const payloads = [event.sample, ...(event.examples ?? [])];
      expect(document.examples).toEqual(payloads);
      for (const [i, payload] of payloads.entries()) {
        if (skipPayload(payload)) continue;
        expect(check(payload), `${event.tag} payload ${i}: ${JSON.stringify(check.errors)}`).toBe(true);
      }
    }
  }
  return ids;
}

describe("fixtures/formats", () => {
  let project: Project;
  beforeAll(async () => {
    project = copyFixture("formats");
    const result = await build(project);
    expect(result.code, result.stderr).toBe(0);
  });

  it("writes every format's files, and each passes its ecosystem's validators", async () => {
    expect(project.files("generated").filter((f) => !f.startsWith("webhooks/"))).toEqual([
      "asyncapi.json",
      "index.ts",
      "manifest.json",
      "openapi.json",
      "schemas/a-b/other.schema.json",
      "schemas/a-b/thing.schema.json",
      "schemas/a/b-webhook.schema.json",
      "schemas/con_/nul_.schema.json",
      "schemas/github/issues.schema.json",
      "schemas/github/push.schema.json",
      "schemas/payments/charge-failed.schema.json",
      "schemas/payments/charge-succeeded.schema.json",
    ]);
    await expectValidOpenApi(project.read("generated/openapi.json"));
    await expectValidAsyncApi(project.read("generated/asyncapi.json"));
    const ids = expectValidJsonSchemas(project);
    expect(ids).toContain("urn:ductape-events:con:nul");
  });

  it("openapi.json: an operation per event, parameters, examples, params, and the discriminator where it applies", () => {
    const doc = JSON.parse(project.read("generated/openapi.json")) as {
      webhooks: Record<string, { post: Record<string, unknown> }>;
      components: { schemas: Record<string, Record<string, unknown>> };
    };
    expect(Object.keys(doc.webhooks)).toEqual([
      "a-b:other",
      "a-b:thing",
      "a:b-webhook",
      "con:nul",
      "github:issues",
      "github:push",
      "payments:charge-failed",
      "payments:charge-succeeded",
    ]);
    const succeeded = doc.webhooks["payments:charge-succeeded"]!.post;
    expect(succeeded["operationId"]).toBe("paymentsChargeSucceeded");
    expect(succeeded["summary"]).toBe("Charge Succeeded");
    // A value every payload has is the parameter's example; values that differ are each under the
    // name of its payload's body example.
    const perPayload = (sample: string, first: string) => ({
      sample: { value: sample },
      "example-1": { value: first },
    });
    expect(succeeded["parameters"]).toEqual([
      { name: "content-type", in: "header", required: true, schema: { type: "string" }, example: "application/json" },
      {
        name: "x-signature",
        in: "header",
        required: true,
        schema: { type: "string" },
        examples: perPayload("t=1,v1=<signature>", "t=2,v1=<signature>"),
      },
      { name: "attempt", in: "query", required: true, schema: { type: "string" }, examples: perPayload("1", "2") },
    ]);
    expect(Object.keys((succeeded["parameters"] as { examples?: object }[])[1]!.examples!)).toEqual([
      "sample",
      "example-1",
    ]);
    const media = (succeeded["requestBody"] as { content: Record<string, Record<string, unknown>> }).content[
      "application/json"
    ]!;
    expect(Object.keys(media["examples"] as object)).toEqual(["sample", "example-1"]);
    expect(succeeded["responses"]).toEqual({ "200": { description: "Delivery accepted." } });
    const nul = doc.webhooks["con:nul"]!.post;
    expect(nul["x-ductape-params"]).toEqual({
      type: "object",
      properties: { id: { type: "string" } },
      required: ["id"],
      additionalProperties: false,
    });
    // The refinement's enum (in the order written) and description, and the inferred formats, are kept.
    expect(doc.components.schemas["PaymentsChargeFailedBody"]).toMatchObject({
      properties: {
        data: {
          properties: {
            reason: { description: "Why the bank said no.", enum: ["insufficient_funds", "expired_card"] },
          },
        },
      },
    });
    expect(doc.components.schemas["PaymentsWebhookBody"]).toEqual({
      oneOf: [
        { $ref: "#/components/schemas/PaymentsChargeFailedBody" },
        { $ref: "#/components/schemas/PaymentsChargeSucceededBody" },
      ],
      discriminator: {
        propertyName: "type",
        mapping: {
          "charge.failed": "#/components/schemas/PaymentsChargeFailedBody",
          "charge.succeeded": "#/components/schemas/PaymentsChargeSucceededBody",
        },
      },
    });
    // The a-b webhook's union would be named as a:b-webhook's body: it takes a number instead.
    expect(doc.components.schemas["ABWebhookBody"]).toMatchObject({ properties: { ok: { type: "boolean" } } });
    expect(doc.components.schemas["ABWebhookBody_2"]).toMatchObject({ discriminator: { propertyName: "kind" } });
    // A header selector (github) and a number (con) are no discriminators.
    expect(
      Object.keys(doc.components.schemas).filter((name) => name.endsWith("WebhookBody") || name.includes("_")),
    ).toEqual(["ABWebhookBody", "ABWebhookBody_2", "PaymentsWebhookBody"]);
  });

  it("asyncapi.json: a channel per webhook, a message per event, received by an operation per webhook", () => {
    const doc = JSON.parse(project.read("generated/asyncapi.json")) as {
      channels: Record<string, { messages: Record<string, Record<string, unknown>> }>;
      operations: Record<string, Record<string, unknown>>;
    };
    // In the order of the webhooks' first event tags, as everywhere: "a-b:..." sorts before "a:...".
    expect(Object.keys(doc.channels)).toEqual(["a-b", "a", "con", "github", "payments"]);
    expect(Object.keys(doc.operations)).toEqual([
      "receive-a-b",
      "receive-a",
      "receive-con",
      "receive-github",
      "receive-payments",
    ]);
    expect(doc.operations["receive-payments"]).toMatchObject({
      action: "receive",
      channel: { $ref: "#/channels/payments" },
      messages: [
        { $ref: "#/channels/payments/messages/charge-failed" },
        { $ref: "#/channels/payments/messages/charge-succeeded" },
      ],
    });
    const message = doc.channels["payments"]!.messages["charge-succeeded"]!;
    expect(message).toMatchObject({
      name: "payments:charge-succeeded",
      title: "Charge Succeeded",
      payload: { $ref: "#/components/schemas/PaymentsChargeSucceededBody" },
      headers: { type: "object" },
    });
    expect((message["examples"] as { name: string }[]).map((e) => e.name)).toEqual(["sample", "example-1"]);
  });

  it("is deterministic: the same bytes whatever order the files were created in", async () => {
    const reversed = copyFixture("formats", { prefix: "formats-reversed", reverse: true });
    expect((await build(reversed)).code).toBe(0);
    expect(outputs(reversed)).toEqual(outputs(project));
  });
});

describe("the formats over other projects", () => {
  it("the repository's example events", async () => {
    const project = emptyProject("formats-example");
    cpSync(join(REPO, "events"), project.path("events"), { recursive: true });
    project.write("ductape.config.ts", `export default { outDir: "generated", formats: ${ALL} };\n`);
    const result = await build(project);
    expect(result.code, result.stderr).toBe(0);
    await expectValidOpenApi(project.read("generated/openapi.json"));
    await expectValidAsyncApi(project.read("generated/asyncapi.json"));
    expect(expectValidJsonSchemas(project)).toHaveLength(6);
  });

  it("fixtures/hostile: keys such as __proto__, constructor and hasOwnProperty, newlines and comment ends", async () => {
    const project = copyFixture("hostile", { prefix: "formats-hostile" });
    project.write(
      "ductape.config.ts",
      project.read("ductape.config.ts").replace("defineConfig({", `defineConfig({\n  formats: ${ALL},`),
    );
    const result = await build(project);
    expect(result.code, result.stderr).toBe(0);
    await expectValidOpenApi(project.read("generated/openapi.json"));
    // @asyncapi/parser mishandles two kinds of keys, as data anywhere in a document: its
    // reference resolver (@stoplight/json-ref-resolver) calls `target.hasOwnProperty(...)` and
    // throws on an object whose own key `hasOwnProperty` is not that function, and a copy it
    // makes turns an own key `__proto__` into the object's prototype, so that its schema checks
    // then see that schema's `type` and `required` as properties. Its bugs, not the document's:
    // for it, those two keys are renamed everywhere (consistently, `required` lists included);
    // every other key, constructor and toString included, is kept.
    const asyncapi = project.read("generated/asyncapi.json");
    expect(asyncapi).toContain('"hasOwnProperty"');
    expect(asyncapi).toContain('"__proto__"');
    await expectValidAsyncApi(
      asyncapi.replaceAll('"hasOwnProperty"', '"has_own_property"').replaceAll('"__proto__"', '"proto_key"'),
    );
    // ajv's generated code reads `data.__proto__`, so it cannot see a property of that name
    // (test/property.test.ts says the same); the documents still compile strictly.
    const withProto = (payload: unknown) => JSON.stringify(payload).includes('"__proto__":');
    expect(expectValidJsonSchemas(project, withProto)).toHaveLength(2);
  });

  it("test/cases/schemas: declared schemas' shared definitions go to components once, referenced by $ref", async () => {
    const project = copyFixture("schemas", { prefix: "formats-schemas" });
    project.write(
      "ductape.config.ts",
      project.read("ductape.config.ts").replace("defineConfig({", `defineConfig({\n  formats: ${ALL},`),
    );
    const result = await build(project);
    expect(result.code, result.stderr).toBe(0);
    const openapi = project.read("generated/openapi.json");
    await expectValidOpenApi(openapi);
    await expectValidAsyncApi(project.read("generated/asyncapi.json"));
    // A user's schema may say `maxLength` without `type: "string"` (valid JSON Schema; ajv's
    // strictTypes is a lint of schema style): everything else stays strict.
    expectValidJsonSchemas(project, () => false, false);
    // The definitions each event's manifest schema holds under $defs (named like the types of
    // generated/definitions.ts) are components, written once and referenced.
    const components = Object.keys(
      (JSON.parse(openapi) as { components: { schemas: Record<string, unknown> } }).components.schemas,
    );
    const manifest = JSON.parse(project.read("generated/manifest.json")) as { webhooks: { manifest: string }[] };
    const shared = new Set<string>();
    for (const { manifest: file } of manifest.webhooks) {
      const { events } = JSON.parse(project.read(`generated/${file}`)) as {
        events: { schema: { $defs?: Record<string, unknown> } }[];
      };
      for (const event of events) for (const name of Object.keys(event.schema.$defs ?? {})) shared.add(name);
    }
    expect(shared.size).toBeGreaterThan(1);
    for (const name of shared) {
      expect(components).toContain(name);
      expect(project.read("generated/definitions.ts")).toMatch(new RegExp(`^export (interface|type) ${name}\\b`, "m"));
      expect(openapi).toContain(`"$ref": "#/components/schemas/${name}"`);
    }
  });
});

describe("the formats on disk", () => {
  it("build --check reports a hand-edited openapi.json, and leaves it; build puts it back", async () => {
    const project = copyFixture("formats", { prefix: "formats-check" });
    expect((await build(project)).code).toBe(0);
    const original = project.read("generated/openapi.json");
    expect((await build(project, "--check")).code).toBe(0);
    const edited = original.replace('"summary": "Charge Failed"', '"summary": "Charge Failed (edited)"');
    project.write("generated/openapi.json", edited);
    const check = await build(project, "--check");
    expect(check.code).toBe(1);
    expect(diagnosticHeads(check.stderr)).toEqual([
      "generated/openapi.json:328:1 - error DT5003: generated/openapi.json is out of date with the event definitions.",
    ]);
    expect(check.stderr).toContain(
      '-         "summary": "Charge Failed (edited)",\n  +         "summary": "Charge Failed",',
    );
    expect(project.read("generated/openapi.json")).toBe(edited);
    expect((await build(project)).code).toBe(0);
    expect(project.read("generated/openapi.json")).toBe(original);
  });

  it("a format taken out of the list, or an event removed, takes only its own files away", async () => {
    const project = copyFixture("formats", { prefix: "formats-drop" });
    expect((await build(project)).code).toBe(0);
    // The user's: a note, and a copy of a generated schema under another name (its $id names another event).
    project.write("generated/schemas/notes.md", "mine\n");
    project.write(
      "generated/schemas/payments/copy.schema.json",
      project.read("generated/schemas/payments/charge-failed.schema.json"),
    );
    project.write("ductape.config.ts", project.read("ductape.config.ts").replace(ALL, '["openapi"]'));
    const check = await build(project, "--check");
    expect(check.code).toBe(1);
    const heads = diagnosticHeads(check.stderr);
    expect(heads).toContain(
      'generated/asyncapi.json:1:1 - error DT5003: generated/asyncapi.json is no longer generated ("formats" does not list "asyncapi") and would be deleted.',
    );
    expect(heads).toContain(
      'generated/schemas/con_/nul_.schema.json:1:1 - error DT5003: generated/schemas/con_/nul_.schema.json is no longer generated (its event is gone, or "formats" does not list "json-schema") and would be deleted.',
    );
    expect(heads).toHaveLength(9);
    expect((await build(project)).code).toBe(0);
    expect(project.files("generated").filter((f) => !f.startsWith("webhooks/"))).toEqual([
      "index.ts",
      "manifest.json",
      "openapi.json",
      "schemas/notes.md",
      "schemas/payments/copy.schema.json",
    ]);

    // Back to every format, then an event removed: its schema goes, with its webhook's folder.
    project.write("ductape.config.ts", project.read("ductape.config.ts").replace('["openapi"]', ALL));
    expect((await build(project)).code).toBe(0);
    expect(project.exists("generated/schemas/a/b-webhook.schema.json")).toBe(true);
    rmSync(project.path("events/a/b-webhook.event.ts"));
    expect((await build(project)).code).toBe(0);
    expect(project.exists("generated/schemas/a")).toBe(false);
    expect(project.read("generated/openapi.json")).not.toContain("a:b-webhook");
    expect(project.read("generated/asyncapi.json")).not.toContain("b-webhook");
  });

  it("a schema file of ours put back after a build (a checkout) is deleted by the next, whatever the disk cache holds", async () => {
    const project = copyFixture("formats", { prefix: "formats-putback" });
    expect((await build(project)).code).toBe(0);
    const old = project.read("generated/schemas/github/push.schema.json");
    rmSync(project.path("events/github/push.event.ts"));
    expect((await build(project)).code).toBe(0);
    expect(project.exists("generated/schemas/github/push.schema.json")).toBe(false);
    project.write("generated/schemas/github/push.schema.json", old);
    const again = await build(project);
    expect(again.code).toBe(0);
    expect(project.exists("generated/schemas/github/push.schema.json")).toBe(false);
  });

  it("never overwrites an openapi.json it did not write (DT5001), and then writes nothing", async () => {
    const project = copyFixture("formats", { prefix: "formats-foreign" });
    project.write("generated/openapi.json", '{ "openapi": "3.1.0", "info": { "title": "mine", "version": "1" } }\n');
    const result = await build(project);
    expect(result.code).toBe(1);
    expect(diagnosticHeads(result.stderr)).toEqual([
      "ductape-events - error DT5001: generated/openapi.json exists and was not generated by ductape-events; it was left untouched.",
    ]);
    expect(project.files("generated")).toEqual(["openapi.json"]);
  });

  it("an unknown or repeated format is a config error at the entry, with a did-you-mean; nothing is written", async () => {
    const project = copyFixture("formats", { prefix: "formats-config" });
    project.write(
      "ductape.config.ts",
      project.read("ductape.config.ts").replace(ALL, '["openapi", "asyncapi3", "openapi", "jsonschema"]'),
    );
    const result = await build(project);
    expect(result.code).toBe(2);
    expect(diagnosticHeads(result.stderr)).toEqual([
      'ductape.config.ts:10:24 - error DT1012: "formats" lists "asyncapi3", which is not a format the build writes. Did you mean "asyncapi"?',
      // At the second "openapi", the one to take away.
      'ductape.config.ts:10:37 - error DT1013: "formats" lists "openapi" more than once.',
      'ductape.config.ts:10:48 - error DT1012: "formats" lists "jsonschema", which is not a format the build writes. Did you mean "json-schema"?',
    ]);
    expect(project.exists("generated")).toBe(false);
  });

  it("watch rewrites the formats' files after an edit", async () => {
    const project = copyFixture("formats", { prefix: "formats-watch" });
    const watcher = startCli(project.dir, ["build", "--watch"]);
    processes.push(watcher);
    const describe = () => `--- stdout\n${watcher.stdout()}\n--- stderr\n${watcher.stderr()}`;
    await waitFor("the first build", () => watcher.stderr().includes("Watching for changes"), {
      timeoutMs: 20_000,
      describe,
    });
    const file = "events/payments/charge-failed.event.ts";
    project.write(file, project.read(file).replace('name: "Charge Failed"', 'name: "Charge Declined"'));
    await waitFor(
      "every format to show the new name",
      () =>
        project.read("generated/openapi.json").includes('"summary": "Charge Declined"') &&
        project.read("generated/asyncapi.json").includes('"title": "Charge Declined"') &&
        project.read("generated/schemas/payments/charge-failed.schema.json").includes('"title": "Charge Declined"'),
      { timeoutMs: 15_000, describe },
    );
    watcher.kill();
  });
});
