import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import Ajv2020Module from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import * as prettier from "prettier";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extract, objectToJson } from "../../src/extract/index.js";
import { TSC, USAGE_TSCONFIG } from "../helpers/strict.js";
import type { JsonObject, JsonValue } from "../../src/util/json.js";
import {
  assertCliBuilt,
  copyFixture,
  diagnosticHeads,
  emptyProject,
  removeProjects,
  runNode,
  CLI,
  type Project,
} from "../helpers/project.js";

/**
 * End-to-end: `ductape-events import openapi` through the compiled CLI in scratch projects. The
 * files it writes are read back with our own extractor (as a build reads them), formatted as
 * Prettier would, and every sample validates against the schemas the event files declare,
 * references followed into the written JSON files (ajv, 2020-12).
 */

const Ajv2020 = Ajv2020Module.default;
const require = createRequire(import.meta.url);

beforeAll(() => assertCliBuilt());
afterAll(() => removeProjects());

const SHOP = `openapi: 3.1.0
info:
  title: Shop Events
  version: "2"
webhooks:
  order.paid:
    post:
      summary: Order paid
      description: The customer paid an order.
      parameters:
        - name: X-Shop-Signature
          in: header
          required: true
          schema: { type: string }
          example: sha256=abc
      requestBody:
        content:
          application/json:
            schema: { $ref: "#/components/schemas/OrderEvent" }
            example: { type: order.paid, order: { id: ord_1, total: 1200, customer: { email: ada@example.com } } }
  order.refunded:
    post:
      summary: Order refunded
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                order: { $ref: "#/components/schemas/Order" }
                reason: { type: string, enum: [requested, fraud] }
              required: [order, reason]
components:
  schemas:
    OrderEvent:
      type: object
      properties:
        type: { type: string }
        order: { $ref: "#/components/schemas/Order" }
      required: [type, order]
    Order:
      type: object
      properties:
        id: { type: string }
        total: { type: integer, minimum: 0 }
        customer: { $ref: "#/components/schemas/Customer" }
      required: [id, total, customer]
    Customer:
      type: object
      properties:
        email: { type: string, format: email }
        referrer: { anyOf: [{ type: "null" }, { $ref: "#/components/schemas/Customer" }] }
      required: [email]
`;

/** `line:column` (1-based) of the first `needle` in `text`. */
function at(text: string, needle: string): string {
  const before = text.slice(0, text.indexOf(needle)).split("\n");
  return `${before.length}:${before.at(-1)!.length + 1}`;
}

async function importInto(project: Project, ...args: string[]) {
  const result = await project.run("import", "openapi", ...args);
  expect(result.stderr, "no stack trace, ever").not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  return result;
}

/** The definitions of the event files under a folder, read as a build reads them. */
function definitions(project: Project, under = "events"): Map<string, JsonObject> {
  const files = project
    .files(under)
    .filter((f) => f.endsWith(".event.ts"))
    .map((f) => project.path(`${under}/${f}`));
  const result = extract({ files });
  expect(result.diagnostics).toEqual([]);
  return new Map(result.events.map((e) => [String(objectToJson(e.definition)["tag"]), objectToJson(e.definition)]));
}

/**
 * Validates each sample and example of an event file against the schemas it declares: every
 * `$ref` resolves, from the event file's place, into the JSON files the import wrote.
 */
function expectSamplesValid(project: Project, file: string, definition: JsonObject): void {
  const ajv = new Ajv2020({ strict: false, code: { optimize: false } });
  addFormats.default(ajv);
  for (const json of project.files("events").filter((f) => f.endsWith(".json"))) {
    const path = project.path(`events/${json}`);
    ajv.addSchema(JSON.parse(readFileSync(path, "utf8")) as object, pathToFileURL(path).href);
  }
  const schema = (definition["schema"] ?? {}) as JsonObject;
  const payloads = [
    definition["sample"],
    ...((definition["examples"] as JsonValue[] | undefined) ?? []),
  ] as JsonObject[];
  for (const part of Object.keys(schema)) {
    const validate = ajv.compile({ $id: pathToFileURL(project.path(file)).href, ...(schema[part] as JsonObject) });
    for (const payload of payloads) {
      expect(validate(payload[part]), `${file} ${part}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
    ajv.removeSchema(pathToFileURL(project.path(file)).href);
  }
}

async function expectPrettier(project: Project, file: string): Promise<void> {
  const text = project.read(file);
  const parser = file.endsWith(".json") ? "json" : "typescript";
  expect(await prettier.format(text, { parser, printWidth: 120 }), file).toBe(text);
}

describe("import openapi", () => {
  it("writes an event file per webhook, the schemas in one shared file, and says what it wrote", async () => {
    const project = emptyProject("import");
    project.write("shop.yaml", SHOP);
    const result = await importInto(project, "shop.yaml");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        "created  events/schemas/shop.json",
        "created  events/shop-events/order-paid.event.ts",
        "created  events/shop-events/order-refunded.event.ts",
        "",
        "2 events imported. Next: npx ductape-events build",
        "",
      ].join("\n"),
    );
    const events = definitions(project);
    expect([...events.keys()]).toEqual(["shop-events:order-paid", "shop-events:order-refunded"]);
    const paid = events.get("shop-events:order-paid")!;
    expect(paid["name"]).toBe("Order paid");
    expect(paid["description"]).toBe("The customer paid an order.");
    expect(paid["schema"]).toEqual({
      headers: {
        type: "object",
        properties: { "x-shop-signature": { type: "string" } },
        required: ["x-shop-signature"],
        additionalProperties: { type: "string" },
      },
      body: { $ref: "../schemas/shop.json#/components/schemas/OrderEvent" },
    });
    expect(paid["sample"]).toEqual({
      headers: { "x-shop-signature": "sha256=abc" },
      query: {},
      body: { type: "order.paid", order: { id: "ord_1", total: 1200, customer: { email: "ada@example.com" } } },
      params: {},
    });
    const refunded = events.get("shop-events:order-refunded")!;
    expect((refunded["schema"] as JsonObject)["body"]).toEqual({
      type: "object",
      properties: {
        order: { $ref: "../schemas/shop.json#/components/schemas/Order" },
        reason: { type: "string", enum: ["requested", "fraud"] },
      },
      required: ["order", "reason"],
    });
    // Built from the schema: required properties below the top, a cycle cut where null is allowed.
    expect((refunded["sample"] as JsonObject)["body"]).toEqual({
      order: { id: "id", total: 0, customer: { email: "user@example.com" } },
      reason: "requested",
    });
    const shared = JSON.parse(project.read("events/schemas/shop.json")) as JsonObject;
    expect(Object.keys((shared["components"] as JsonObject)["schemas"] as JsonObject)).toEqual([
      "OrderEvent",
      "Order",
      "Customer",
    ]);
    for (const [tag, definition] of events) {
      expectSamplesValid(project, `events/${tag.replace(":", "/")}.event.ts`, definition);
    }
    for (const file of project.files("events")) await expectPrettier(project, `events/${file}`);
  });

  it("writes the same bytes every time, from the YAML document or the same in JSON", async () => {
    const fromYaml = emptyProject("import");
    fromYaml.write("shop.yaml", SHOP);
    expect((await importInto(fromYaml, "shop.yaml")).code).toBe(0);
    const fromJson = emptyProject("import");
    fromJson.write("shop.json", `${JSON.stringify(require("yaml").parse(SHOP) as unknown, null, 2)}\n`);
    expect((await importInto(fromJson, "shop.json")).code).toBe(0);
    const files = fromYaml.files("events");
    expect(fromJson.files("events")).toEqual(files);
    for (const file of files) {
      const text = fromYaml.read(`events/${file}`).replaceAll("shop.yaml", "shop.json");
      expect(fromJson.read(`events/${file}`), file).toBe(text);
    }
  });

  it("never overwrites a file: an event whose file exists is skipped, and the shared file left as it is", async () => {
    const project = emptyProject("import");
    project.write("shop.yaml", SHOP);
    project.write("events/shop-events/order-paid.event.ts", "// mine\n");
    const first = await importInto(project, "shop.yaml");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(
      "skipped  events/shop-events/order-paid.event.ts (shop-events:order-paid: exists; left as it is)\n",
    );
    expect(first.stdout).toContain("1 event imported, 1 skipped.");
    expect(project.read("events/shop-events/order-paid.event.ts")).toBe("// mine\n");
    const again = await importInto(project, "shop.yaml");
    expect(again.stdout).toBe(
      [
        "unchanged events/schemas/shop.json",
        "skipped  events/shop-events/order-paid.event.ts (shop-events:order-paid: exists; left as it is)",
        "skipped  events/shop-events/order-refunded.event.ts (shop-events:order-refunded: exists; left as it is)",
        "",
        "0 events imported, 2 skipped.",
        "",
      ].join("\n"),
    );
    project.write("events/schemas/shop.json", "{}\n");
    project.write("shop.yaml", SHOP.replace("title: Shop Events", "title: Shop"));
    // Events of the other webhook tag would refer to the schemas that file no longer has.
    const changed = await importInto(project, "shop.yaml", "--out", "events");
    expect(changed.code).toBe(1);
    expect(changed.stderr).toContain("error DT7008: events/schemas/shop.json exists with other content");
    expect(project.exists("events/shop/order-paid.event.ts")).toBe(false);
    expect(project.read("events/schemas/shop.json")).toBe("{}\n");
    // When every event is there already, the shared file is only reported as left alone.
    const skipped = await importInto(project, "shop.yaml", "--webhook", "shop-events");
    expect(skipped.code).toBe(0);
    expect(skipped.stdout).toContain("skipped  events/schemas/shop.json (exists with other content;");
  });

  it("keeps two documents of the same file name apart, and refuses new events a stale shared file cannot serve", async () => {
    const project = emptyProject("import");
    project.write("shop/openapi.yaml", SHOP);
    project.write("acme/openapi.yaml", SHOP.replace("title: Shop Events", "title: Acme Pay"));
    expect((await importInto(project, "shop/openapi.yaml")).code).toBe(0);
    const acme = await importInto(project, "acme/openapi.yaml");
    expect(acme.code).toBe(0);
    expect(acme.stdout).toContain("created  events/schemas/openapi-acme-pay.json\n");
    expect(project.read("events/acme-pay/order-paid.event.ts")).toContain(
      '"../schemas/openapi-acme-pay.json#/components/schemas/OrderEvent"',
    );
    // The same document, newer: a new webhook refers to a schema the imported copy lacks.
    project.write(
      "shop/openapi.yaml",
      SHOP.replace("order.paid:", "order.voided:").replaceAll("OrderEvent", "VoidEvent"),
    );
    const before = project.files();
    const stale = await importInto(project, "shop/openapi.yaml");
    expect(stale.code).toBe(1);
    expect(diagnosticHeads(stale.stderr)).toEqual([
      "events/schemas/openapi.json:1:1 - error DT7008: events/schemas/openapi.json exists with other content than this import would write, and it has nothing at #/components/schemas/VoidEvent, which the new event shop-events:order-voided refers to. Nothing was written.",
    ]);
    expect(project.files()).toEqual(before);
    const built = await project.run("build");
    expect(built.code, built.stderr).toBe(0);
  });

  it("reports every problem in the document at its place, and writes nothing (exit 1)", async () => {
    const project = emptyProject("import");
    const broken = SHOP.replace('"#/components/schemas/OrderEvent"', '"#/components/schemas/Nope"').replace(
      '{ $ref: "#/components/schemas/Customer" }',
      '{ $ref: "https://example.com/customer.json" }',
    );
    project.write("shop.yaml", broken);
    const result = await importInto(project, "shop.yaml");
    expect(result.code).toBe(1);
    expect(diagnosticHeads(result.stderr)).toEqual([
      `shop.yaml:${at(broken, '"#/components/schemas/Nope"')} - error DT7003: The $ref "#/components/schemas/Nope" cannot be resolved: the document has nothing there.`,
      `shop.yaml:${at(broken, '"https://')} - error DT7004: The $ref "https://example.com/customer.json" points to the network, and nothing is fetched.`,
    ]);
    expect(result.stdout).toBe("");
    expect(project.files()).toEqual(["shop.yaml"]);
  });

  it("refuses a bad command line (exit 2)", async () => {
    const project = emptyProject("import");
    project.write("shop.yaml", SHOP);
    const cases: [string[], string][] = [
      [["openapi", "missing.json"], "Cannot read missing.json: no such file."],
      [["openap", "shop.yaml"], 'Unknown import format "openap"; import reads openapi. Did you mean "openapi"?'],
      [["openapi"], "import takes 2 arguments"],
      [["openapi", "shop.yaml", "--webhook", "Shop"], '--webhook "Shop" is not a webhook tag'],
      [
        ["openapi", "shop.yaml", "--only", "order.payd"],
        '--only "order.payd" (did you mean "order.paid"?) matched no webhook name, callback name, operationId or event name of the document.',
      ],
    ];
    for (const [args, message] of cases) {
      const result = await project.run("import", ...args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr).toContain(message);
      expect(result.stderr).toContain("error DT1006");
    }
    expect(project.files()).toEqual(["shop.yaml"]);
  });

  it("imports a handful of GitHub's webhooks from @octokit/openapi-webhooks, each sample valid against GitHub's schemas", async () => {
    const project = emptyProject("import-github");
    const document = require.resolve("@octokit/openapi-webhooks/generated/api.github.com.json");
    const only = "push,issues-opened,pull-request-closed,ping,check-run-completed,workflow-job-*";
    const run = await importInto(project, document, "--webhook", "github", "--only", only, "--out", "gh");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    project.write("ductape.config.ts", 'export default { events: "gh/**/*.event.ts" };\n');
    const built = await project.run("build");
    expect(built.stderr).not.toContain("error");
    expect(built.code, built.stderr).toBe(0);
    const events = definitions(project, "gh");
    expect([...events.keys()]).toEqual([
      "github:check-run-completed",
      "github:issues-opened",
      "github:ping",
      "github:pull-request-closed",
      "github:push",
      "github:workflow-job-completed",
      "github:workflow-job-in-progress",
      "github:workflow-job-queued",
      "github:workflow-job-waiting",
    ]);
    const push = events.get("github:push")!;
    expect((push["schema"] as JsonObject)["body"]).toEqual({
      $ref: "../schemas/api-github-com.json#/components/schemas/webhook-push",
    });
    expect(((push["sample"] as JsonObject)["headers"] as JsonObject)["x-github-hook-id"]).toBe("12312312");
    // check-run-completed has GitHub's example; the others are built from the schemas.
    const checkRun = (events.get("github:check-run-completed")!["sample"] as JsonObject)["body"] as JsonObject;
    expect((checkRun["check_run"] as JsonObject)["id"]).toBe(128620228);
    const ajv = new Ajv2020({ strict: false, code: { optimize: false } });
    addFormats.default(ajv);
    const sharedPath = project.path("gh/schemas/api-github-com.json");
    ajv.addSchema(JSON.parse(readFileSync(sharedPath, "utf8")) as object, pathToFileURL(sharedPath).href);
    for (const [tag, definition] of events) {
      const file = project.path(`gh/${tag.replace(":", "/")}.event.ts`);
      for (const [part, schema] of Object.entries(definition["schema"] as JsonObject)) {
        const validate = ajv.compile({ $id: pathToFileURL(file).href, ...(schema as JsonObject) });
        const value = (definition["sample"] as JsonObject)[part];
        expect(validate(value), `${tag} ${part}: ${ajv.errorsText(validate.errors)}`).toBe(true);
        ajv.removeSchema(pathToFileURL(file).href);
      }
    }
  });
});

describe("round trip", () => {
  it("imports our own openapi.json into the same events, which build to the same payload types", async () => {
    const source = copyFixture("formats", { prefix: "import-source" });
    // A header that only the first example has: no other payload may gain it.
    const succeeded = "events/payments/charge-succeeded.event.ts";
    const withHeader = source
      .read(succeeded)
      .replace('"x-signature": "t=2,v1=<signature>" }', '"x-signature": "t=2,v1=<signature>", "x-retry": "1" }');
    expect(withHeader).not.toBe(source.read(succeeded));
    source.write(succeeded, withHeader);
    const built = await source.run("build");
    expect(built.code, built.stderr).toBe(0);
    const originals = new Map<string, JsonObject>();
    for (const file of source.files("generated/webhooks").filter((f) => f.endsWith(".json"))) {
      const manifest = JSON.parse(source.read(`generated/webhooks/${file}`)) as { events: JsonObject[] };
      for (const event of manifest.events) originals.set(String(event["tag"]), event);
    }
    const target = emptyProject("import-target");
    const imported = await target.run("import", "openapi", join(source.dir, "generated/openapi.json"));
    expect(imported.stderr).toBe("");
    expect(imported.code).toBe(0);
    const events = definitions(target);
    expect([...events.keys()].sort()).toEqual([...originals.keys()].sort());
    for (const [tag, event] of events) {
      const original = originals.get(tag)!;
      const sample = event["sample"] as JsonObject;
      const originalSample = original["sample"] as JsonObject;
      expect(event["name"], tag).toBe(original["name"]);
      expect(event["description"], tag).toBe(original["description"]);
      expect(event["selector"], tag).toBe(original["selector"]);
      expect(sample["headers"], tag).toEqual(originalSample["headers"]);
      expect(sample["query"], tag).toEqual(originalSample["query"]);
      expect(sample["body"], tag).toEqual(originalSample["body"]);
      // Each example with the headers and query its delivery had.
      const parts = (payloads: unknown) =>
        ((payloads ?? []) as JsonObject[]).map(({ headers, query, body }) => ({ headers, query, body }));
      expect(parts(event["examples"]), tag).toEqual(parts(original["examples"]));
      const body = ((event["schema"] as JsonObject)["body"] as JsonObject)["$ref"];
      expect(body, tag).toMatch(/^\.\.\/schemas\/openapi\.json#\/components\/schemas\/[A-Za-z0-9_]+Body$/);
      expectSamplesValid(target, `events/${tag.replace(":", "/")}.event.ts`, event);
    }
    const rebuilt = await target.run("build");
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    // Each tag's payload type of the original build and of the imported one, assignable both ways
    // (the imported bodies are the shared definitions, aliases of the same shapes).
    target.write(
      "same.ts",
      [
        `import type { EventPayloads as Original } from "${join(source.dir, "generated/index.js").replaceAll("\\", "/")}";`,
        'import type { EventPayloads as Imported } from "./generated/index.js";',
        "type Both<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;",
        "type Keys = keyof Original | keyof Imported;",
        "type Same = { [K in Keys]: K extends keyof Original ? (K extends keyof Imported ? Both<Original[K], Imported[K]> : false) : false };",
        "export const same: { [K in Keys]: true } = null as unknown as Same;",
        "",
      ].join("\n"),
    );
    target.write("tsconfig.json", JSON.stringify({ ...USAGE_TSCONFIG, files: ["same.ts"] }));
    const tsc = await runNode([TSC, "-p", "tsconfig.json"], target.dir);
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.code).toBe(0);
  });
});

describe("loading", () => {
  it("loads ts-morph for import only: a build never does", async () => {
    const project = copyFixture("formats", { prefix: "import-load" });
    const hook = project.path("deny-ts-morph.cjs");
    writeFileSync(
      hook,
      // ts-morph is CommonJS: whoever imports it, its own require of @ts-morph/common goes through Module._load.
      `const Module = require("node:module");
const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === "@ts-morph/common") throw new Error("loaded ts-morph");
  return load.call(this, request, ...rest);
};
`,
    );
    const build = await runNode(["--require", hook, CLI, "build"], project.dir);
    expect(build.stderr).not.toContain("loaded");
    expect(build.code, build.stderr).toBe(0);
    const help = await runNode(["--require", hook, CLI, "import", "--help"], project.dir);
    expect(help.code).toBe(0);
    const imported = await runNode(
      ["--require", hook, CLI, "import", "openapi", "generated/openapi.json"],
      project.dir,
    );
    expect(imported.stderr).toContain("loaded ts-morph");
  });
});
