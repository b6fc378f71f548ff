import { createRequire } from "node:module";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertCliBuilt,
  emptyProject,
  removeProjects,
  runNode,
  type Project,
  type RunResult,
} from "../helpers/project.js";
import { TSC, USAGE_TSCONFIG } from "../helpers/strict.js";

/**
 * Projects of real GitHub events whose bodies are declared by GitHub's published schemas
 * (`@octokit/webhooks-schemas`, by `$ref` into the installed package), with GitHub's own
 * example payloads (`@octokit/webhooks-examples`) as samples: every example that ajv accepts
 * against its definition (the corpus has examples older than the schemas, which it does not).
 * Built with the real CLI; then every sample must be assignable to its generated payload type
 * under the promised tsc flags, and the definitions the events share must be one type each.
 * The same for GitHub's official OpenAPI 3.1 document (`@octokit/openapi-webhooks`, JSON Schema
 * 2020-12 under `components.schemas`), with the examples it publishes.
 */

const require = createRequire(import.meta.url);
const SCHEMAS = "@octokit/webhooks-schemas/schema.json";

interface GitHubExamples {
  readonly name: string;
  readonly examples: readonly Record<string, unknown>[];
}

/** Accepted examples by definition name (`team$created`), in the corpus's order. */
function acceptedExamples(): Map<string, Record<string, unknown>[]> {
  const document = require(SCHEMAS) as { definitions: Record<string, unknown> };
  const ajv = new Ajv({ strict: false, allErrors: false, inlineRefs: false });
  addFormats.default(ajv);
  ajv.addSchema(document as object, "github");
  const accepted = new Map<string, Record<string, unknown>[]>();
  const corpus = require("@octokit/webhooks-examples/api.github.com/index.json") as GitHubExamples[];
  for (const { name, examples } of corpus) {
    for (const payload of examples) {
      const definition = `${name}$${typeof payload["action"] === "string" ? payload["action"] : "event"}`;
      if (!Object.hasOwn(document.definitions, definition)) continue;
      if (!ajv.getSchema(`github#/definitions/${definition}`)!(payload)) continue;
      accepted.set(definition, [...(accepted.get(definition) ?? []), payload]);
    }
  }
  return accepted;
}

/** The event tag of a definition: `github:team-created`, `github:push-event`. */
function tagOf(definition: string): string {
  return `github:${definition.replace(/[$_]/g, "-").toLowerCase()}`;
}

function eventFile(definition: string, count: number): string {
  const payload = (i: number) => `{ headers: {}, query: {}, body: bodies[${i}], params: {} }`;
  const examples = Array.from({ length: count - 1 }, (_, i) => payload(i + 1));
  return [
    'import { defineEvent } from "ductape-events";',
    `import bodies from "./${definition.replace("$", "-")}.json";`,
    "",
    "export default defineEvent({",
    `  name: ${JSON.stringify(definition)},`,
    `  tag: ${JSON.stringify(tagOf(definition))},`,
    '  description: "",',
    `  schema: { body: { $ref: ${JSON.stringify(`${SCHEMAS}#/definitions/${definition}`)} } },`,
    `  sample: ${payload(0)},`,
    ...(examples.length === 0 ? [] : [`  examples: [${examples.join(", ")}],`]),
    "});",
    "",
  ].join("\n");
}

let project: Project;
let build: RunResult;
let tsc: RunResult = { code: null, stdout: "", stderr: "" };
let accepted = new Map<string, Record<string, unknown>[]>();

beforeAll(async () => {
  assertCliBuilt();
  accepted = acceptedExamples();
  project = emptyProject("github-schemas");
  project.write("ductape.config.ts", 'export default { events: "events/*.event.ts", outDir: "generated" };\n');
  for (const [definition, payloads] of accepted) {
    project.write(`events/${definition.replace("$", "-")}.json`, `${JSON.stringify(payloads, null, 2)}\n`);
    project.write(`events/${definition.replace("$", "-")}.event.ts`, eventFile(definition, payloads.length));
  }
  build = await project.run("build");
  if (build.code !== 0) return;
  const lines = ['import type { EventPayloads } from "./generated/index.js";', ""];
  let n = 0;
  for (const [definition, payloads] of accepted) {
    for (const body of payloads) {
      const payload = { headers: {}, query: {}, body, params: {} };
      lines.push(
        `export const sample${n++}: EventPayloads[${JSON.stringify(tagOf(definition))}] = ${JSON.stringify(payload)};`,
      );
    }
  }
  lines.push(
    'declare const push: EventPayloads["github:push-event"]["body"];',
    "// A shared definition is one type, whichever event reaches it.",
    'export const sameRepository: EventPayloads["github:star-created"]["body"]["repository"] = push.repository;',
    "// @ts-expect-error a repository's id is a number",
    'export const idAsText: EventPayloads["github:push-event"]["body"]["repository"]["id"] = "1";',
    "",
  );
  project.write("usage.ts", lines.join("\n"));
  project.write("tsconfig.json", `${JSON.stringify(USAGE_TSCONFIG, null, 2)}\n`);
  tsc = await runNode([TSC, "-p", "tsconfig.json", "--pretty", "false"], project.dir, 240_000);
}, 300_000);
afterAll(removeProjects);

describe("GitHub's published schemas, through $ref into the installed package", () => {
  it("has a corpus: the accepted examples of many events", () => {
    expect(accepted.size).toBeGreaterThan(100);
    expect(accepted.has("push$event")).toBe(true);
    expect(accepted.has("star$created")).toBe(true);
  });

  it("builds with exit 0: every sample validates against its declared schema", () => {
    // GitHub's examples hold one signed S3 URL, which the secrets check rightly warns about.
    expect(build.stderr).not.toMatch(/ error DT\d{4}/);
    expect(build.code).toBe(0);
  });

  it("emits each shared definition once, and the events refer to it", () => {
    const definitions = project.read("generated/definitions.ts");
    const module = project.read("generated/webhooks/github.ts");
    for (const name of ["Repository", "User", "Organization", "InstallationLite"]) {
      expect(definitions.match(new RegExp(`^export (interface|type) ${name}\\b`, "gm")), name).toHaveLength(1);
      expect(module).not.toMatch(new RegExp(`^export (interface|type) ${name}\\b`, "m"));
    }
    // The bodies are the definitions themselves: the module imports them, and they reach the rest.
    expect(module).toMatch(/^import type \{[^}]*\bPushEvent\b[^}]*\} from "\.\.\/definitions\.js";$/m);
    expect(module).toMatch(/^export type GithubPushEventBody = PushEvent;$/m);
    expect(definitions).toMatch(/^export interface PushEvent \{[^]*?^  repository: Repository;$/m);
  });

  it("tsc (strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess) accepts every sample as its payload type", () => {
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.code).toBe(0);
  });

  it("makes bodies that GitHub's own types (@octokit/webhooks-types) accept both ways, but where theirs turn maxItems into tuples", async () => {
    // bench/type-agreement.mjs measures the same; docs/benchmark.md classifies the exceptions.
    const titles = (require(SCHEMAS) as { definitions: Record<string, { title: string }> }).definitions;
    const definitions = [...accepted.keys()];
    const lines = [
      'import type { EventPayloads as P } from "./generated/index.js";',
      'import type * as H from "@octokit/webhooks-types";',
    ];
    for (const definition of definitions) {
      const ours = `P[${JSON.stringify(tagOf(definition))}]["body"]`;
      const theirs = `H.${pascal(titles[definition]!.title)}`;
      lines.push(
        `export const ours: ${theirs} = null! as ${ours};`,
        `export const theirs: ${ours} = null! as ${theirs};`,
      );
    }
    // One declaration per line: line 3 + 2i is ours -> theirs for the i-th definition, 4 + 2i the reverse.
    project.write(
      "agreement.ts",
      lines.map((line, i) => line.replace(/^export const (ours|theirs)/, `export const $1${i}`)).join("\n"),
    );
    project.write(
      "tsconfig.agreement.json",
      `${JSON.stringify({ ...USAGE_TSCONFIG, files: ["agreement.ts"] }, null, 2)}\n`,
    );
    const run = await runNode([TSC, "-p", "tsconfig.agreement.json", "--pretty", "false"], project.dir, 240_000);
    const failing = new Set<string>();
    for (const match of (run.stdout + run.stderr).matchAll(/^agreement\.ts\((\d+),/gm)) {
      const line = Number(match[1]);
      failing.add(`${definitions[Math.floor((line - 3) / 2)]} ${line % 2 === 1 ? "ours -> theirs" : "theirs -> ours"}`);
    }
    expect([...failing].sort()).toEqual([
      // Theirs: `maxItems: 0` as `[]`, `minItems: 1, maxItems: 1` as `["*"]`; ours arrays (maxItems is validation).
      "installation_repositories$added ours -> theirs",
      "installation_repositories$removed ours -> theirs",
      "meta$deleted ours -> theirs",
      "ping$event ours -> theirs",
    ]);
  }, 300_000);
});

/** The type name json-schema-to-typescript gives a definition's title in @octokit/webhooks-types ("push event" -> PushEvent). */
function pascal(title: string): string {
  return title
    .replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c === undefined ? "" : c.toUpperCase()))
    .replace(/^./, (c) => c.toUpperCase());
}

describe("GitHub's OpenAPI 3.1 document, through $ref into components.schemas", () => {
  const specifier = "@octokit/openapi-webhooks/generated/api.github.com.json";
  let openapi: Project;
  let built: RunResult;
  let checked: RunResult = { code: null, stdout: "", stderr: "" };
  const tags: string[] = [];

  beforeAll(async () => {
    const document = require(specifier) as {
      webhooks: Record<string, { post: { requestBody: { content: Record<string, { schema: { $ref: string } }> } } }>;
      components: { examples: Record<string, { value: unknown }> };
    };
    openapi = emptyProject("github-openapi");
    openapi.write("ductape.config.ts", 'export default { events: "events/*.event.ts", outDir: "generated" };\n');
    const usage = ['import type { EventPayloads } from "./generated/index.js";', ""];
    for (const [name, example] of Object.entries(document.components.examples)) {
      const { $ref } = document.webhooks[name]!.post.requestBody.content["application/json"]!.schema;
      const tag = `github:${name}`;
      tags.push(tag);
      const sample = { headers: {}, query: {}, body: example.value, params: {} };
      openapi.write(
        `events/${name}.event.ts`,
        [
          'import { defineEvent } from "ductape-events";',
          "",
          "export default defineEvent({",
          `  name: ${JSON.stringify(name)},`,
          `  tag: ${JSON.stringify(tag)},`,
          '  description: "",',
          `  schema: { body: { $ref: ${JSON.stringify(`${specifier}${$ref}`)} } },`,
          `  sample: ${JSON.stringify(sample, null, 2).replace(/\n/g, "\n  ")},`,
          "});",
          "",
        ].join("\n"),
      );
      usage.push(
        `export const ${name.replace(/-/g, "_")}: EventPayloads[${JSON.stringify(tag)}] = ${JSON.stringify(sample)};`,
      );
    }
    built = await openapi.run("build");
    if (built.code !== 0) return;
    openapi.write("usage.ts", `${usage.join("\n")}\n`);
    openapi.write("tsconfig.json", `${JSON.stringify(USAGE_TSCONFIG, null, 2)}\n`);
    checked = await runNode([TSC, "-p", "tsconfig.json", "--pretty", "false"], openapi.dir, 240_000);
  }, 300_000);

  it("builds every event whose example the document publishes, samples validated (2020-12)", () => {
    expect(tags).toHaveLength(6);
    expect(built.stderr).toBe("");
    expect(built.code).toBe(0);
  });

  it("tsc accepts every example as its payload type; the four check_run events share one CheckRun type", () => {
    expect(checked.stdout + checked.stderr).toBe("");
    expect(checked.code).toBe(0);
    const definitions = openapi.read("generated/definitions.ts");
    expect(definitions.match(/^export (interface|type) \w+/gm)!.length).toBeGreaterThan(10);
    expect(definitions.match(/^export interface CheckRun(WithSimpleCheckSuite)? \{/gm)).toHaveLength(1);
  });
});
