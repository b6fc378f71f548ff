import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertCliBuilt,
  diagnosticHeads,
  emptyProject,
  removeProjects,
  STACK_FRAME,
  type Project,
} from "../helpers/project.js";

/**
 * End-to-end: a property named `__proto__` is checked as any other, by `ductape-events build`
 * (samples and examples against a declared schema, refinements of it, inferred events) and by
 * `ductape-events check`, which give the same verdict on the same payload.
 */

beforeAll(() => assertCliBuilt());
afterAll(() => removeProjects());

const CONFIG = `import { defineConfig } from "ductape-events";\n\nexport default defineConfig({ events: "events/**/*.event.ts", outDir: "generated" });\n`;

/** A schema with one required string property `name`, closed; `name` is written as `key` spells it. */
function schemaFor(key: string): string {
  return `{ type: "object", properties: { ${key}: { type: "string" }, a: { type: "string" } }, required: [${JSON.stringify(key.replace(/^\[|\]$/g, "").replace(/^"|"$/g, ""))}], additionalProperties: false }`;
}

/** An event file: line 7 holds the sample's body, line 8 its example's body. */
function eventFile(tag: string, schema: string, body: string, example = body, refine = ""): string {
  return `import { defineEvent } from "ductape-events";
export default defineEvent({
  name: "${tag}",
  tag: "shop:${tag}",
  description: "",
  schema: { body: ${schema} },
  sample: { headers: {}, query: {}, body: ${body}, params: {} },
  examples: [{ headers: {}, query: {}, body: ${example}, params: {} }],${refine}
});
`;
}

function project(files: Record<string, string>): Project {
  const p = emptyProject("proto-keys");
  p.write("ductape.config.ts", CONFIG);
  for (const [name, text] of Object.entries(files)) p.write(name, text);
  return p;
}

/** The message of each diagnostic line, with the key's spelling made one. */
const asKey = (heads: readonly string[], name: string): string[] =>
  heads.map((h) =>
    h.replaceAll(`["${name}"]`, "<key>").replaceAll(`.${name}`, "<key>").replaceAll(`"${name}"`, "<key>"),
  );

describe("ductape-events build", () => {
  it("rejects a wrong __proto__ value (computed or quoted key) as it rejects any other property's, at the value", async () => {
    const p = project({
      "events/ordinary.event.ts": eventFile("ordinary", schemaFor("x"), "{ x: 5 }", '{ "x": 6 }'),
      "events/proto.event.ts": eventFile(
        "proto",
        schemaFor('["__proto__"]'),
        '{ ["__proto__"]: 5 }',
        '{ "__proto__": 6 }',
      ),
    });
    const result = await p.run("build");
    expect(result.stderr).not.toMatch(STACK_FRAME);
    const heads = diagnosticHeads(result.stderr);
    expect(heads).toEqual([
      "events/ordinary.event.ts:7:48 - error DT4201: sample.body.x does not match the declared schema: expected string, got 5.",
      "events/ordinary.event.ts:8:53 - error DT4201: examples[0].body.x does not match the declared schema: expected string, got 6.",
      "events/proto.event.ts:7:60 - error DT4201: sample.body.__proto__ does not match the declared schema: expected string, got 5.",
      "events/proto.event.ts:8:61 - error DT4201: examples[0].body.__proto__ does not match the declared schema: expected string, got 6.",
    ]);
    // The code frame points at the value.
    expect(result.stderr).toContain(
      '> 7 |   sample: { headers: {}, query: {}, body: { ["__proto__"]: 5 }, params: {} },\n    |                                                            ^',
    );
    expect(result.code).toBe(1);
    expect(p.exists("generated")).toBe(false);
  });

  it("counts __proto__ for required and additionalProperties: false as any other key", async () => {
    const p = project({
      "events/missing.event.ts": eventFile("missing", schemaFor('["__proto__"]'), "{}", '{ ["__proto__"]: "x" }'),
      "events/closed.event.ts": eventFile("closed", schemaFor("x"), '{ x: "x", ["__proto__"]: "y" }', '{ x: "x" }'),
      "events/fine.event.ts": eventFile("fine", schemaFor('"__proto__"'), '{ "__proto__": "x", a: "y" }'),
    });
    const result = await p.run("build");
    expect(diagnosticHeads(result.stderr)).toEqual([
      'events/closed.event.ts:7:68 - error DT4201: sample.body.__proto__ does not match the declared schema: unexpected field "__proto__".',
      'events/missing.event.ts:7:43 - error DT4201: sample.body does not match the declared schema: missing required field "__proto__".',
    ]);
    expect(result.code).toBe(1);
  });

  it("rejects through a refinement of the declared schema (DT4004) as for any other property", async () => {
    const refine = (key: string): string => `\n  refine: { "body.${key}": { enum: ["y"] } },`;
    const p = project({
      "events/ordinary.event.ts": eventFile("ordinary", schemaFor("k"), '{ k: "x" }', '{ k: "y" }', refine("k")),
      "events/proto.event.ts": eventFile(
        "proto",
        schemaFor('["__proto__"]'),
        '{ ["__proto__"]: "x" }',
        '{ ["__proto__"]: "y" }',
        refine("__proto__"),
      ),
    });
    const result = await p.run("build");
    const heads = diagnosticHeads(result.stderr);
    expect(heads).toHaveLength(2);
    expect(asKey([heads[1]!], "__proto__")).toEqual(asKey([heads[0]!.replace("ordinary", "proto")], "k"));
    expect(heads[1]).toContain(
      'DT4004: refine["body.__proto__"] makes the type reject the sample: sample.body.__proto__ = "x" is not one of "y".',
    );
    expect(result.code).toBe(1);
  });

  it("keeps __proto__ of an inferred event an ordinary property: manifest schema, types, and check", async () => {
    const p = project({
      "events/inferred.event.ts": `import { defineEvent } from "ductape-events";
export default defineEvent({
  name: "Inferred",
  tag: "shop:inferred",
  description: "",
  sample: { headers: {}, query: {}, body: { ["__proto__"]: "x", "a": 1 }, params: {} },
});
`,
    });
    const built = await p.run("build");
    expect(built.stderr).toBe("");
    expect(built.code).toBe(0);
    const webhook = JSON.parse(p.read("generated/webhooks/shop.json")) as {
      events: { schema: { properties: { body: Record<string, unknown> } } }[];
    };
    const body = webhook.events[0]!.schema.properties.body;
    expect(Object.getOwnPropertyDescriptor(body["properties"], "__proto__")?.value).toEqual({ type: "string" });
    expect(body["required"]).toEqual(["__proto__", "a"]);
    expect(p.read("generated/webhooks/shop.ts")).toContain('"__proto__": string;');
    expect(p.read("generated/webhooks/shop.ts")).toContain('["__proto__"]: "x"');

    p.write("delivery.json", '{ "headers": {}, "query": {}, "body": { "__proto__": 5, "a": 1 }, "params": {} }\n');
    const checked = await p.run("check", "shop:inferred", "delivery.json");
    expect(diagnosticHeads(checked.stderr)).toEqual([
      'delivery.json:1:54 - error DT8106: body.__proto__: expected string, got 5 (the schema of "shop:inferred").',
    ]);
    expect(checked.code).toBe(1);
  });
});

interface Verdict {
  readonly code: number | null;
  /** Each failure's key path in the payload and its reason. */
  readonly failures: readonly string[];
}

/** `events/proto.event.ts:7:40 - error DT4201: sample.body.x does not match the declared schema: why.` as `body.x: why`. */
function buildFailure(head: string): string {
  const [, path, why] = / DT4201: sample\.(\S+) does not match the declared schema: (.*)\.$/.exec(head) ?? [, head, ""];
  return `${path}: ${why}`;
}

/** `check`'s diagnostic as `buildFailure` words it: a field not in the schema is an unexpected one. */
function checkFailure(head: string): string {
  const unknown = / DT8107: (\S+) is not in the schema/.exec(head);
  if (unknown !== null) return `${unknown[1]}: unexpected field ${JSON.stringify(unknown[1]!.split(".").at(-1))}`;
  return / DT8106: (.*) \(the schema of/.exec(head)?.[1] ?? head;
}

describe("ductape-events check and build", () => {
  /** Bodies as JSON text; the event file writes `__proto__` as a computed key. */
  const BODIES = [
    '{ "__proto__": 5 }',
    '{ "__proto__": "x" }',
    "{}",
    '{ "__proto__": "x", "b": 1 }',
    '{ "__proto__": { "c": 1 } }',
    '{ "a": "y", "__proto__": "x" }',
  ];
  const literal = (json: string): string => json.replaceAll('"__proto__":', '["__proto__"]:');

  it("give the same verdict, for the same reason, on the same payload", async () => {
    const schema = schemaFor('["__proto__"]');
    const p = project({ "events/proto.event.ts": eventFile("proto", schema, '{ ["__proto__"]: "ok" }') });
    const builds = BODIES.map((body, i) =>
      project({ [`events/proto.event.ts`]: eventFile("proto", schema, literal(body), `{ ["__proto__"]: "e${i}" }`) }),
    );
    const results = await Promise.all(builds.map((b) => b.run("build")));
    BODIES.forEach((body, i) =>
      p.write(`delivery-${i}.json`, `{ "headers": {}, "query": {}, "body": ${body}, "params": {} }\n`),
    );
    const checked = await Promise.all(
      BODIES.map((_, i) => p.run("check", "shop:proto", `delivery-${i}.json`, "--reject-unknown")),
    );
    const checks: Verdict[] = checked.map((c) => ({
      code: c.code,
      failures: diagnosticHeads(c.stderr).map(checkFailure),
    }));
    const verdicts = results.map((r) => ({ code: r.code, failures: diagnosticHeads(r.stderr).map(buildFailure) }));
    expect(checks).toEqual(verdicts);
    expect(verdicts.map((v) => v.code)).toEqual([1, 0, 1, 1, 1, 0]);
  });
});
