import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { build as esbuild } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertCliBuilt, copyFixture, removeProjects, runNode, type Project } from "../helpers/project.js";
import { PROMISED_FLAGS, TSC } from "../helpers/strict.js";

/**
 * End-to-end: `receive: true` through the compiled CLI in a copy of test/fixtures/receive (a
 * body selector, a header selector, and a webhook without selectors whose declared schemas share
 * definitions, one recursive). The generated modules are type-checked by tsc with the promised
 * flags under NodeNext and Bundler resolution, with `@ts-expect-error` negatives; bundled by
 * esbuild and run; and bundled per webhook to show the other webhooks' validators are left out.
 */

/** Type tests: narrowing of the whole payload, the router's handlers, Standard Schema's output type. */
const USAGE = `
import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { EventPayload } from "./generated/index.js";
import { createRouter, eventSchema, formatIssue, identifyEvent, isEvent, parseEvent } from "./generated/receive.js";
import * as github from "./generated/receive/github.js";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

export function failureCode(input: unknown): string | undefined {
  const r = identifyEvent("payments", input);
  if (!r.ok) return r.issues.map(formatIssue).join("\\n");
  switch (r.tag) {
    case "payments:transaction-failed":
      return r.payload.body.data.failure.code;
    case "payments:transaction-succeeded":
      // @ts-expect-error a succeeded payment has no failure
      return r.payload.body.data.failure.code;
  }
}

export function commitCount(input: unknown): number {
  const r = github.identifyEvent("github", input);
  if (!r.ok) return -1;
  switch (r.tag) {
    case "github:push":
      return r.payload.body.commits.length;
    case "github:issues":
      // @ts-expect-error the header selector narrows the body too: an issues delivery has no commits
      return r.payload.body.commits.length;
  }
}

export const route = createRouter(
  {
    "payments:transaction-failed": (payload) => payload.body.data.failure.code,
    "github:push": (payload, delivery) => \`\${payload.body.ref} \${delivery.extra.length}\`,
  },
  (result) => (result.ok ? result.tag : result.issues.map(formatIssue).join("; ")),
);
export const routed: string = route("payments", {});
// @ts-expect-error not a webhook
route("stripe", {});

createRouter(
  {
    // @ts-expect-error a push has no data
    "github:push": (payload) => payload.body.data,
    // @ts-expect-error not an event tag
    "payments:refunded": () => undefined,
  },
  () => undefined,
);

const pushSchema = eventSchema("github:push");
export const standard: StandardSchemaV1<unknown, EventPayload<"github:push">> = pushSchema;
export const output: Equal<StandardSchemaV1.InferOutput<typeof pushSchema>, EventPayload<"github:push">> = true;
export const viaWebhook: StandardSchemaV1 = github.eventSchema("github:issues");

const parsed = parseEvent("shop:order-created", {});
if (parsed.ok) {
  const tag: "shop:order-created" = parsed.tag;
  const total: number = parsed.payload.body.total.amount;
  void [tag, total];
} else {
  const message: string = parsed.issues[0]?.message ?? "";
  void message;
}
// @ts-expect-error not an event tag
parseEvent("shop:order-deleted", {});
// @ts-expect-error the github module knows its own events only
github.parseEvent("payments:transaction-failed", {});

export function refOf(input: unknown): string {
  if (isEvent("github:push", input)) return input.body.ref;
  // @ts-expect-error not narrowed here
  return input.body.ref;
}

export function headerOf(input: unknown): unknown {
  if (!isEvent("github:push", input)) return undefined;
  // Any spelling may have been given: the narrowed headers promise no declared name.
  const given: unknown = input.headers["X-GitHub-Event"];
  // @ts-expect-error the declared spelling and type are parseEvent's payload's
  const declared: "push" = input.headers["x-github-event"];
  return [given, declared];
}
`;

/** A run of the real output, bundled by esbuild: results as JSON on stdout. */
const RUN = `
import { createRouter, eventSchema, formatIssue, identifyEvent, isEvent, parseEvent } from "./generated/receive.js";

const push = {
  headers: { "x-github-event": "push", "x-github-delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958", "user-agent": "GitHub-Hookshot" },
  query: new URLSearchParams(""),
  body: { ref: "refs/heads/main", commits: [{ id: "1", message: "a", author: "x" }] },
  params: {},
};
const failed = {
  headers: { "content-type": "application/json", "x-attempt": "2" },
  query: {},
  body: { event: "transaction.failed", data: { id: "txn_1", amount: "12", failure: { code: "x", message: "y" } } },
  params: {},
};
const order = {
  headers: { "x-shop-signature": "sha256=abc" },
  query: {},
  body: {
    id: "ord_1", status: "paid", total: { amount: 1, currency: "EUR" }, customer: { id: "c", email: "a@b.co" },
    category: { name: "tea", parent: { name: "drinks", parent: { name: "food", parent: { name: 3 } } } },
  },
  params: {},
};
const results = {
  push: identifyEvent("github", push),
  pushUpper: identifyEvent("github", { ...push, headers: { "X-GitHub-Event": "push", "X-GitHub-Delivery": push.headers["x-github-delivery"] } }),
  repeated: parseEvent("github:push", { ...push, headers: { ...push.headers, "x-github-event": ["push", "push"] } }),
  unknownSelector: identifyEvent("github", { ...push, headers: { "x-github-event": "star" } }),
  failed: parseEvent("payments:transaction-failed", failed).ok ? "ok" : parseEvent("payments:transaction-failed", failed).issues.map(formatIssue),
  order: identifyEvent("shop", order),
  isEvent: [isEvent("github:push", push), isEvent("github:push", failed)],
  standard: eventSchema("payments:transaction-failed")["~standard"].validate(failed),
  routed: createRouter({ "github:push": (p) => p.body.ref }, (r) => (r.ok ? "no handler " + r.tag : "fallback"))("github", push),
  noTag: parseEvent("nope:nope", {}),
};
console.log(JSON.stringify(results));
`;

let project: Project;

/** Bundles `entry` (a file of the project) with esbuild into text; `minify` as an application would ship it. */
async function bundle(entry: string, minify = false): Promise<string> {
  const result = await esbuild({
    entryPoints: [project.path(entry)],
    bundle: true,
    write: false,
    format: "esm",
    platform: "node",
    minify,
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}

async function tsc(resolution: "nodenext" | "bundler"): Promise<{ code: number | null; stdout: string }> {
  const flags =
    resolution === "nodenext" ? PROMISED_FLAGS : { ...PROMISED_FLAGS, module: "esnext", moduleResolution: "bundler" };
  const config = {
    compilerOptions: {
      ...flags,
      noEmit: true,
      skipLibCheck: true,
      types: [],
      noUnusedLocals: true,
      noUnusedParameters: true,
    },
    files: ["usage.ts"],
  };
  project.write(`tsconfig.${resolution}.json`, JSON.stringify(config));
  return runNode([TSC, "-p", `tsconfig.${resolution}.json`], project.dir, 120_000);
}

beforeAll(async () => {
  assertCliBuilt();
  project = copyFixture("receive");
  const built = await project.run("build");
  expect(built.stderr).toBe("");
  expect(built.code).toBe(0);
  project.write("usage.ts", USAGE);
  project.write("run.ts", RUN);
}, 120_000);

afterAll(() => removeProjects());

describe("receive: true", () => {
  it("writes receive.ts and a module per webhook, generated, importing nothing outside outDir", () => {
    const files = project.files("generated").filter((f) => f === "receive.ts" || f.startsWith("receive/"));
    expect(files).toEqual([
      "receive.ts",
      "receive/_definitions.ts",
      "receive/_runtime.ts",
      "receive/github.ts",
      "receive/payments.ts",
      "receive/shop.ts",
    ]);
    for (const file of files) {
      const text = project.read(`generated/${file}`);
      expect(text.startsWith("// Generated by ductape-events")).toBe(true);
      const specifiers = [...text.matchAll(/^(?:import|export)\b[^;]*? from "([^"]+)"/gms)].map((m) => m[1]!);
      for (const specifier of specifiers) expect(specifier).toMatch(/^\.\.?\//);
      expect(text).not.toMatch(/\bimport\(|\brequire\(/);
    }
  });

  it("compiles under the promised flags with NodeNext and with Bundler resolution; the negatives are errors", async () => {
    for (const resolution of ["nodenext", "bundler"] as const) {
      const result = await tsc(resolution);
      expect(result.stdout, resolution).toBe("");
      expect(result.code, resolution).toBe(0);
    }
    // The negatives are real: without their comments, each is an error.
    const count = USAGE.split("@ts-expect-error").length - 1;
    project.write("usage.ts", USAGE.replaceAll("// @ts-expect-error", "//"));
    const bare = await tsc("nodenext");
    project.write("usage.ts", USAGE);
    expect(bare.stdout.match(/error TS/g)?.length).toBe(count);
  }, 240_000);

  it("identifies and validates deliveries as HTTP gives them", async () => {
    project.write("run.mjs", await bundle("run.ts"));
    const run = await runNode(["run.mjs"], project.dir);
    expect(run.stderr).toBe("");
    const results = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(results["push"]).toMatchObject({ ok: true, tag: "github:push", extra: [["body", "commits", 0, "author"]] });
    // Header names in another case identify the event and are given as declared.
    expect(results["pushUpper"]).toMatchObject({
      ok: true,
      tag: "github:push",
      payload: { headers: { "x-github-event": "push", "x-github-delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958" } },
    });
    // A header sent twice (Node gives an array) is one value, joined by ", " as HTTP combines
    // repeated fields and `check` does: here not the one the event's selector names.
    expect(results["repeated"]).toMatchObject({
      ok: false,
      issues: [{ path: ["headers", "x-github-event"], message: 'expected one of "push", got "push, push"' }],
    });
    expect(results["unknownSelector"]).toEqual({
      ok: false,
      tag: undefined,
      issues: [
        {
          path: ["headers", "x-github-event"],
          message: 'expected one of "issues", "push" (the events of webhook "github"), got "star"',
        },
      ],
    });
    expect(results["failed"]).toEqual(['body.data.amount: expected integer, got "12"']);
    // Without a selector each event is tried; the issues are those of the event the delivery came closest to.
    expect(results["order"]).toEqual({
      ok: false,
      issues: [
        {
          path: [],
          message: 'matches none of the events of webhook "shop" (shop:order-created, shop:payment-received)',
        },
        {
          path: ["body", "category", "parent", "parent", "parent", "name"],
          message: "(as shop:order-created) expected string, got 3",
        },
      ],
    });
    expect(results["isEvent"]).toEqual([true, false]);
    expect(results["standard"]).toEqual({
      issues: [{ path: ["body", "data", "amount"], message: 'expected integer, got "12"' }],
    });
    expect(results["routed"]).toBe("refs/heads/main");
    expect(results["noTag"]).toEqual({
      ok: false,
      tag: "nope:nope",
      issues: [{ path: [], message: '"nope:nope" is not a declared event' }],
    });
  });

  it("bundles one webhook's validators without the other webhooks'", async () => {
    project.write(
      "one.ts",
      'import { parseEvent } from "./generated/receive/github.js";\nconsole.log(parseEvent("github:push", {}).ok);\n',
    );
    const one = await bundle("one.ts");
    expect(one).toContain("github:push");
    expect(one).not.toContain("payments:");
    expect(one).not.toContain("transaction.failed");
    expect(one).not.toContain("shop:");
    expect(one).not.toContain("^ord_");
    // The control: through receive.ts, every webhook is in.
    project.write(
      "all.ts",
      'import { parseEvent } from "./generated/receive.js";\nconsole.log(parseEvent("github:push", {}).ok);\n',
    );
    const all = await bundle("all.ts");
    for (const text of ["github:push", "payments:", "transaction.failed", "shop:", "^ord_"])
      expect(all).toContain(text);
  });
});

describe("receive in the build", () => {
  it('unknownKeys "reject": build --check sees the change, the build makes unknown keys issues', async () => {
    const local = copyFixture("receive", { prefix: "receive-reject" });
    expect((await local.run("build")).code).toBe(0);
    expect((await local.run("build", "--check")).code).toBe(0);
    local.write(
      "ductape.config.ts",
      local.read("ductape.config.ts").replace("receive: true", 'receive: { unknownKeys: "reject" }'),
    );
    const check = await local.run("build", "--check");
    expect(check.code).toBe(1);
    expect(local.normalize(check.stdout + check.stderr)).toContain("generated/receive/payments.ts");
    expect((await local.run("build")).code).toBe(0);
    local.write(
      "one.ts",
      [
        'import { parseEvent } from "./generated/receive/github.js";',
        'const push = { headers: { "x-github-event": "push", "x-github-delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958" }, query: {}, params: {},',
        '  body: { ref: "r", commits: [{ id: "1", message: "m", author: "x" }] } };',
        'console.log(JSON.stringify(parseEvent("github:push", push)));',
        "",
      ].join("\n"),
    );
    const saved = project;
    project = local;
    try {
      local.write("one.mjs", await bundle("one.ts"));
    } finally {
      project = saved;
    }
    const run = await runNode(["one.mjs"], local.dir);
    expect(JSON.parse(run.stdout)).toEqual({
      ok: false,
      tag: "github:push",
      issues: [{ path: ["body", "commits", 0, "author"], message: "unknown key (not declared for this event)" }],
    });
  }, 120_000);

  it("turning receive off deletes its files, and only its", async () => {
    const local = copyFixture("receive", { prefix: "receive-off" });
    expect((await local.run("build")).code).toBe(0);
    local.write("generated/receive/notes.txt", "mine\n");
    local.write("ductape.config.ts", local.read("ductape.config.ts").replace("receive: true", "receive: false"));
    const built = await local.run("build");
    expect(built.code).toBe(0);
    expect(local.exists("generated/receive.ts")).toBe(false);
    expect(local.files("generated/receive")).toEqual(["notes.txt"]);
    // Without a file of the user's, the folder goes too.
    local.write("ductape.config.ts", local.read("ductape.config.ts").replace("receive: false", "receive: true"));
    expect((await local.run("build")).code).toBe(0);
    local.write("ductape.config.ts", local.read("ductape.config.ts").replace("receive: true", "receive: false"));
    rmSync(local.path("generated/receive/notes.txt"));
    const check = await local.run("build", "--check");
    expect(check.code).toBe(1);
    expect(local.normalize(check.stdout + check.stderr)).toContain('"receive" is off in the config');
    expect((await local.run("build")).code).toBe(0);
    expect(local.exists("generated/receive")).toBe(false);
  }, 120_000);

  it("a schema keyword the validators cannot check is DT8001, and nothing is written", async () => {
    const local = copyFixture("receive", { prefix: "receive-dt8001" });
    local.write(
      "events/shop/refund.event.ts",
      [
        'import { defineEvent } from "ductape-events";',
        "// Closed: unevaluatedProperties: false, as the provider's schema says.",
        "export default defineEvent({",
        '  name: "Refund",',
        '  tag: "shop:refund",',
        '  description: "",',
        '  schema: { body: { type: "object", properties: { id: { type: "string" } }, unevaluatedProperties: false } },',
        '  sample: { headers: {}, query: {}, body: { id: "r_1" }, params: {} },',
        "});",
        "",
      ].join("\n"),
    );
    const built = await local.run("build");
    expect(built.code).toBe(1);
    expect(local.normalize(built.stderr)).toContain(
      'events/shop/refund.event.ts:7:77 - error DT8001: The validators of receive.ts cannot check event "shop:refund"\'s schema exactly: #/properties/body/unevaluatedProperties needs the keys every other keyword evaluated, which the generated validators do not track.',
    );
    // At the keyword as the event file writes it, with its line.
    expect(built.stderr).toContain("> 7 |   schema: { body: {");
    expect(local.exists("generated")).toBe(false);
  }, 120_000);

  it("writes the same bytes whatever order the event files are created in", async () => {
    const reversed = copyFixture("receive", { prefix: "receive-reversed", reverse: true });
    expect((await reversed.run("build")).code).toBe(0);
    for (const file of [
      "receive.ts",
      "receive/_runtime.ts",
      "receive/_definitions.ts",
      "receive/github.ts",
      "receive/shop.ts",
    ]) {
      expect(readFileSync(join(reversed.dir, "generated", file), "utf8")).toBe(project.read(`generated/${file}`));
    }
  }, 120_000);
});
