/**
 * What declared schemas cost, on real provider documents installed as dev dependencies: resolving
 * references into bundles, and compiling them with ajv to check samples. Prints one line per step
 * with its wall time and memory, for the report of a change to src/schema/ (no budget is enforced).
 *
 * Usage: npm run build && node bench/schema-compile.mjs
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { SampleChecker, SchemaResolver } from "../dist/schema/index.js";

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL("..", import.meta.url));
const eventFile = join(root, "events", "bench.event.ts");

function step(label, run) {
  const start = performance.now();
  const result = run();
  const ms = (performance.now() - start).toFixed(0);
  const heap = (process.memoryUsage().heapUsed / 2 ** 20).toFixed(0);
  process.stdout.write(`${label}: ${ms} ms (heap ${heap} MB)${result === undefined ? "" : `, ${result}`}\n`);
}

function inline(resolver, label, ref) {
  return resolver.resolve({ kind: "inline", file: eventFile, label, schema: { $ref: ref } });
}

// GitHub's community JSON Schemas: one draft-07 document of 344 shared definitions.
{
  const document = require("@octokit/webhooks-schemas/schema.json");
  const examples = require("@octokit/webhooks-examples/api.github.com/index.json");
  const resolver = new SchemaResolver({ root });
  const bundles = new Map();
  step("community: resolve all 344 definitions", () => {
    for (const name of Object.keys(document.definitions)) {
      const pointer = encodeURI(name.replace(/~/g, "~0").replace(/\//g, "~1"));
      bundles.set(name, inline(resolver, name, `@octokit/webhooks-schemas/schema.json#/definitions/${pointer}`));
    }
    return `${bundles.size} bundles`;
  });
  const checker = new SampleChecker();
  const payloads = examples.flatMap(({ name, examples: list }) =>
    list.map((payload) => [bundles.get(`${name}$${payload.action ?? "event"}`), payload]),
  );
  step("community: compile and check every example (cold)", () => {
    let failing = 0;
    for (const [bundle, payload] of payloads)
      if (bundle && checker.check(bundle, payload).failures?.length) failing += 1;
    return `${payloads.length} payloads, ${failing} failing, ${checker.compiledCount} schemas compiled`;
  });
  step("community: check every example again (compiled)", () => {
    for (const [bundle, payload] of payloads) if (bundle) checker.check(bundle, payload);
  });
  step("community: compile every event definition", () => {
    for (const [name, bundle] of bundles) if (name.includes("$")) checker.validatorOf(bundle);
    return `${checker.compiledCount} schemas compiled in all`;
  });
}

// GitHub's official webhooks OpenAPI 3.1 document: schemas under components.schemas.
{
  const specifier = "@octokit/openapi-webhooks/generated/api.github.com.json";
  const document = require(specifier);
  const resolver = new SchemaResolver({ root });
  const bundles = [];
  step("official: resolve the body of all 261 webhooks", () => {
    for (const [name, webhook] of Object.entries(document.webhooks)) {
      const { $ref } = webhook.post.requestBody.content["application/json"].schema;
      bundles.push(inline(resolver, name, `${specifier}${$ref}`));
    }
    return `${bundles.length} bundles`;
  });
  const checker = new SampleChecker();
  step("official: compile all 261", () => {
    for (const bundle of bundles) checker.validatorOf(bundle);
    return `${checker.compiledCount} schemas compiled`;
  });
}
