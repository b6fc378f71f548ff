import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import {
  assertCliBuilt,
  CLI,
  diagnosticHeads,
  emptyProject,
  removeProjects,
  runNode,
  STACK_FRAME,
  type Project,
} from "../helpers/project.js";

/**
 * End-to-end: `ductape-events check` and `add` through the compiled CLI in scratch projects:
 * exit codes, diagnostics located in the delivery file, the event files `add` writes or edits,
 * and a build of the project afterwards.
 */

beforeAll(() => assertCliBuilt());
afterAll(() => removeProjects());

const CONFIG = `import { defineConfig } from "ductape-events";\n\nexport default defineConfig({ events: "events/**/*.event.ts" });\n`;

/** Written with comments and a layout Prettier would change: add must keep every byte of it. */
const CHARGE = `import { defineEvent } from "ductape-events";

// Charges. Hand-written; keep this comment.
export default defineEvent({
  name:   'Charge Succeeded',   // shown in the dashboard
  tag: "payments:charge-succeeded",
  description: "A charge went through.",
  sample: {
    headers: { "x-pay-signature": "t=1,v1=<signature>" },
    query: {}, body: { type: "charge.succeeded", data: { id: "ch_1", amount: 1200, currency: "NGN" } },
    params: {},
  } // the sample from the docs
});
`;

function project(): Project {
  const p = emptyProject("captures");
  p.write("ductape.config.ts", CONFIG);
  p.write("events/payments/charge-succeeded.event.ts", CHARGE);
  return p;
}

function delivery(body: unknown, headers: Record<string, unknown> = { "X-Pay-Signature": "t=2,v1=abc" }): string {
  return `${JSON.stringify({ headers, query: {}, body, params: {} }, null, 2)}\n`;
}

const VALID = { type: "charge.succeeded", data: { id: "ch_2", amount: 1500, currency: "NGN" } };

describe("ductape-events check", () => {
  it("exits 0 for a delivery that matches, header names in any case", async () => {
    const p = project();
    p.write("delivery.json", delivery(VALID));
    const result = await p.run("check", "payments:charge-succeeded", "delivery.json");
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe("✔ delivery.json matches payments:charge-succeeded.\n");
    expect(result.code).toBe(0);
    expect(p.exists("generated")).toBe(false);
  });

  it("exits 1 with every issue located in the delivery: a wrong type, a missing field", async () => {
    const p = project();
    p.write("delivery.json", delivery({ type: "charge.succeeded", data: { id: "ch_2", amount: "12" } }, {}));
    const result = await p.run("check", "payments:charge-succeeded", "delivery.json");
    expect(diagnosticHeads(result.stderr)).toEqual([
      'delivery.json:2:14 - error DT8106: headers: missing required field "x-pay-signature" (the schema of "payments:charge-succeeded").',
      'delivery.json:6:13 - error DT8106: body.data: missing required field "currency" (the schema of "payments:charge-succeeded").',
      'delivery.json:8:17 - error DT8106: body.data.amount: expected integer, got "12" (the schema of "payments:charge-succeeded").',
    ]);
    expect(result.stderr).toContain('> 8 |       "amount": "12"');
    expect(result.stderr).toContain("✖ delivery.json does not match payments:charge-succeeded: 3 problems.");
    expect(result.code).toBe(1);
  });

  it("accepts unknown fields as warnings, and rejects them with --reject-unknown", async () => {
    const p = project();
    p.write("delivery.json", delivery({ ...VALID, livemode: false }));
    const accepted = await p.run("check", "payments:charge-succeeded", "delivery.json");
    expect(diagnosticHeads(accepted.stderr)).toEqual([
      'delivery.json:13:17 - warning DT8107: body.livemode is not in the schema of "payments:charge-succeeded"; accepted, since partners add fields.',
    ]);
    expect(accepted.code).toBe(0);
    const rejected = await p.run("check", "payments:charge-succeeded", "delivery.json", "--reject-unknown");
    expect(diagnosticHeads(rejected.stderr)).toEqual([
      'delivery.json:13:17 - error DT8107: body.livemode is not in the schema of "payments:charge-succeeded"; rejected, as --reject-unknown asks.',
    ]);
    // The hint no longer tells to pass the flag that was passed.
    expect(rejected.stderr).toContain("to accept fields that partners add, leave out --reject-unknown.");
    expect(rejected.stderr).not.toContain("Pass --reject-unknown");
    expect(rejected.code).toBe(1);
    // As the generated validators do when the config rejects unknown keys.
    p.write(
      "ductape.config.ts",
      CONFIG.replace("defineConfig({", 'defineConfig({ receive: { unknownKeys: "reject" },'),
    );
    const byConfig = await p.run("check", "payments:charge-succeeded", "delivery.json");
    expect(diagnosticHeads(byConfig.stderr)[0]).toMatch(
      /^delivery.json:13:17 - error DT8107: .*; rejected, as the config's receive.unknownKeys: "reject" asks\.$/,
    );
    expect(byConfig.code).toBe(1);
  });

  it("checks a raw body with --body", async () => {
    const p = project();
    p.write("body.json", JSON.stringify({ type: "charge.succeeded", data: { id: "x", amount: 1.5, currency: "NGN" } }));
    const result = await p.run("check", "payments:charge-succeeded", "body.json", "--body");
    expect(diagnosticHeads(result.stderr)).toEqual([
      'body.json:1:54 - error DT8106: body.data.amount: expected integer, got 1.5 (the schema of "payments:charge-succeeded").',
    ]);
    expect(result.code).toBe(1);
  });

  it("exits 2 for an unknown tag, with a suggestion", async () => {
    const p = project();
    p.write("delivery.json", delivery(VALID));
    const result = await p.run("check", "payments:charge-succeded", "delivery.json");
    expect(diagnosticHeads(result.stderr)).toEqual([
      'ductape-events - error DT8101: The project has no event "payments:charge-succeded". Did you mean "payments:charge-succeeded"?',
    ]);
    expect(result.code).toBe(2);
    // The usual hint: the tag as list shows it, or a new event.
    expect(result.stderr).toContain("`add --from` creates a new event");
  });

  it("for a tag whose file has errors, says to fix them rather than to add the event again", async () => {
    const p = project();
    p.write("delivery.json", delivery(VALID));
    p.write("events/payments/charge-succeeded.event.ts", CHARGE.replace("params: {},", "params: {},,"));
    const result = await p.run("check", "payments:charge-succeeded", "delivery.json");
    expect(diagnosticHeads(result.stderr).map((head) => head.split(": ")[0]!.split(" - ")[1])).toEqual([
      "error DT8101",
      "error DT2001",
    ]);
    expect(result.stderr).toContain(
      "The project has another error, shown here: fix it first, since the event may be declared in a file that has it.",
    );
    expect(result.stderr).not.toContain("add --from");
    expect(result.code).toBe(2);
  });

  it("a raw body without --body: one problem, at its first key, that says to pass --body", async () => {
    const p = project();
    p.write(
      "body.json",
      '{\n  "type": "charge.succeeded",\n  "id": "ch_1",\n  "amount": 1,\n  "currency": "NGN",\n  "body": {}\n}\n',
    );
    const result = await p.run("check", "payments:charge-succeeded", "body.json");
    expect(diagnosticHeads(result.stderr)).toEqual([
      'body.json:2:3 - error DT8104: This is not a captured delivery: its top-level keys "type", "id", "amount" and 1 more are none of headers, query, body and params.',
    ]);
    // The caret under the key, the whole of it.
    expect(result.stderr).toContain('> 2 |   "type": "charge.succeeded",\n    |   ^^^^^^');
    expect(result.stderr).toContain("if the file is the raw body, pass --body.");
    expect(result.code).toBe(2);
  });

  it("exits 2 for a file that is not JSON, located at the error, and for a missing file", async () => {
    const p = project();
    p.write("broken.json", '{\n  "body": { "type": "x",, }\n}\n');
    const broken = await p.run("check", "payments:charge-succeeded", "broken.json");
    expect(diagnosticHeads(broken.stderr)[0]).toMatch(/^broken.json:2:25 - error DT8103: /);
    expect(broken.code).toBe(2);
    const missing = await p.run("check", "payments:charge-succeeded", "captures/missing.json");
    // No place in a file that is not there: the path as given, instead.
    expect(diagnosticHeads(missing.stderr)).toEqual([
      "ductape-events - error DT8102: Cannot read the delivery captures/missing.json: no such file.",
    ]);
    expect(missing.code).toBe(2);
    expect(broken.stderr + missing.stderr).not.toMatch(STACK_FRAME);
  });

  it("reports as json for scripts", async () => {
    const p = project();
    p.write("delivery.json", delivery({ ...VALID, data: { ...VALID.data, amount: "1" } }));
    const result = await p.run("check", "payments:charge-succeeded", "delivery.json", "--reporter", "json");
    const report = JSON.parse(result.stdout) as {
      ok: boolean;
      diagnostics: { code: string; file: string; line: number }[];
    };
    expect(report.ok).toBe(false);
    expect(report.diagnostics.map((d) => [d.code, d.file, d.line])).toEqual([["DT8106", "delivery.json", 10]]);
    expect(result.code).toBe(1);
  });

  it("annotates for GitHub Actions", async () => {
    const p = project();
    p.write("delivery.json", delivery({ ...VALID, data: { ...VALID.data, amount: "1" } }));
    const result = await p.run("check", "payments:charge-succeeded", "delivery.json", "--reporter", "github");
    expect(result.stdout).toMatch(
      /^::error file=delivery.json,line=10,col=17,.*body.data.amount: expected integer, got "1"/m,
    );
    // The check's own summary, not a build's (no outDir, no "up to date").
    expect(result.stdout.trimEnd().split("\n").at(-1)).toBe(
      "✖ delivery.json does not match payments:charge-succeeded: 1 problem.",
    );
    expect(result.code).toBe(1);
    p.write("delivery.json", delivery({ ...VALID, livemode: false }));
    const matched = await p.run("check", "payments:charge-succeeded", "delivery.json", "--reporter", "github");
    expect(matched.stdout).toMatch(/^::warning file=delivery.json,line=13,col=17,.*title=DT8107 /m);
    expect(matched.stdout.trimEnd().split("\n").at(-1)).toBe(
      "✔ delivery.json matches payments:charge-succeeded (1 field not in the schema, accepted).",
    );
    expect(matched.code).toBe(0);
  });

  it("checks a key named __proto__ as data", async () => {
    const p = project();
    p.write(
      "delivery.json",
      '{\n  "headers": { "x-pay-signature": "s" },\n  "body": {\n    "__proto__": { "polluted": true },\n' +
        '    "type": "charge.succeeded",\n    "data": { "id": "ch_2", "amount": 1, "currency": "NGN" }\n  }\n}\n',
    );
    const result = await p.run("check", "payments:charge-succeeded", "delivery.json");
    expect(diagnosticHeads(result.stderr)).toEqual([
      'delivery.json:4:18 - warning DT8107: body.__proto__ is not in the schema of "payments:charge-succeeded"; accepted, since partners add fields.',
    ]);
    expect(result.code).toBe(0);
  });
});

describe("ductape-events add", () => {
  it("appends the delivery to the examples, keeping every other byte, and the project builds with it", async () => {
    const p = project();
    const body = { ...VALID, data: { ...VALID.data, fee: 30 } };
    p.write("delivery.json", delivery(body));
    const result = await p.run("add", "--from", "delivery.json", "--tag", "payments:charge-succeeded");
    expect(result.stdout).toBe(
      "updated  events/payments/charge-succeeded.event.ts (one more example of payments:charge-succeeded)\nNext: npx ductape-events build\n",
    );
    expect(result.code).toBe(0);
    const edited = p.read("events/payments/charge-succeeded.event.ts");
    expect(edited).toBe(
      CHARGE.replace(
        "  } // the sample from the docs\n",
        "  }, // the sample from the docs\n" +
          "  examples: [\n" +
          "    {\n" +
          '      headers: { "x-pay-signature": "t=2,v1=abc" },\n' +
          "      query: {},\n" +
          '      body: { type: "charge.succeeded", data: { id: "ch_2", amount: 1500, currency: "NGN", fee: 30 } },\n' +
          "      params: {},\n" +
          "    },\n" +
          "  ]\n",
      ),
    );
    const build = await p.run("build");
    expect(build.code).toBe(0);
    // Merged as examples are: the field the sample lacks is optional.
    expect(p.read("generated/webhooks/payments.ts")).toMatch(/fee\?: number/);
    // The same delivery again: nothing to add.
    const again = await p.run("add", "--from", "delivery.json", "--tag", "payments:charge-succeeded");
    expect(again.stdout).toMatch(/^unchanged events\/payments\/charge-succeeded.event.ts/);
    expect(p.read("events/payments/charge-succeeded.event.ts")).toBe(edited);
  });

  it("scaffolds a new event with header names lower-cased and credentials replaced, never over a file", async () => {
    const p = project();
    p.write(
      "delivery.json",
      delivery(
        { type: "refund.processed", refund: { id: "re_1", amount: 500 }, __proto__: { a: 1 } },
        { "X-Pay-Signature": "t=3,v1=def", Authorization: "Bearer sk_live_51HqLyjWDarjtT1zdp7dcXNvUQPmi3pZL0x" },
      ).replace('"type"', '"__proto__": { "a": 1 },\n    "type"'),
    );
    const result = await p.run("add", "--from", "delivery.json", "--tag", "payments:refund-processed");
    expect(result.stdout).toBe(
      "created  events/payments/refund-processed.event.ts (new event payments:refund-processed, the delivery as its sample)\n" +
        'replaced credentials with placeholders: headers.authorization (a live Stripe secret key) -> "Bearer sk_live_<redacted>"\n' +
        "Next: npx ductape-events build\n",
    );
    expect(result.code).toBe(0);
    const text = p.read("events/payments/refund-processed.event.ts");
    expect(text).toContain(
      "// Credentials replaced by placeholders: headers.authorization (a live Stripe secret key).\n",
    );
    expect(text).toContain('headers: { "x-pay-signature": "t=3,v1=def", authorization: "Bearer sk_live_<redacted>" },');
    expect(text).toContain('["__proto__"]: { a: 1 },');
    expect(text).toContain('  name: "Refund Processed",\n  tag: "payments:refund-processed",\n');
    expect(text).not.toContain("51HqLyj");
    const build = await p.run("build");
    expect(build.code).toBe(0);
    // The new event checks its own delivery (the credential aside, which is only a string).
    const check = await p.run("check", "payments:refund-processed", "delivery.json");
    expect(check.code).toBe(0);
  });

  it("puts a new event where the config's events glob looks, from the project's folder, wherever it runs", async () => {
    const p = project();
    p.write("ductape.config.ts", CONFIG.replace('"events/**/*.event.ts"', '"src/hooks/**/*.event.ts"'));
    p.write("src/hooks/payments/charge-succeeded.event.ts", CHARGE);
    p.write("sub/delivery.json", delivery({ type: "refund.processed", refund: { id: "re_1" } }));
    const args = [
      "add",
      "--from",
      "delivery.json",
      "--tag",
      "payments:refund-processed",
      "--config",
      "../ductape.config.ts",
    ];
    const result = await runNode([CLI, ...args], join(p.dir, "sub"));
    expect(result.stdout.split("\n")[0]).toBe(
      "created  ../src/hooks/payments/refund-processed.event.ts (new event payments:refund-processed, the delivery as its sample)",
    );
    // No note that the globs miss it: they do not.
    expect(result.stdout + result.stderr).not.toContain("do not match");
    expect(result.code).toBe(0);
    expect((await p.run("build")).code).toBe(0);
  });

  it("gives a new event the selector its webhook's events share", async () => {
    const p = project();
    p.write(
      "events/payments/charge-succeeded.event.ts",
      CHARGE.replace(
        '  description: "A charge went through.",',
        '  description: "A charge went through.",\n  selector: "body.type",',
      ),
    );
    p.write(
      "delivery.json",
      delivery({ type: "charge.refunded", data: { id: "ch_2", amount: 1500, currency: "NGN" } }),
    );
    expect((await p.run("add", "--from", "delivery.json", "--tag", "payments:charge-refunded")).code).toBe(0);
    expect(p.read("events/payments/charge-refunded.event.ts")).toContain(
      '  description: "",\n  selector: "body.type",\n',
    );
    const build = await p.run("build");
    expect(build.stderr).toBe("");
    expect(build.code).toBe(0);
  });

  it("adds examples to an event that had none, and --name only names new events", async () => {
    const p = project();
    p.write(
      "events/payments/other.event.ts",
      "// placeholder so that the webhook has two files\n" +
        CHARGE.replaceAll("charge-succeeded", "charge-failed").replace("Charge Succeeded", "Charge Failed"),
    );
    p.write("delivery.json", delivery({ ...VALID, type: "charge.failed" }));
    const result = await p.run(
      "add",
      "--from",
      "delivery.json",
      "--tag",
      "payments:charge-failed",
      "--name",
      "Ignored",
    );
    expect(result.stderr).toBe('--name is for a new event; "payments:charge-failed" keeps its name.\n');
    expect(result.stdout).toMatch(/^updated  events\/payments\/other.event.ts/);
    expect(p.read("events/payments/other.event.ts")).toContain('      body: { type: "charge.failed",');
    expect((await p.run("build")).code).toBe(0);
  });

  it("never overwrites a file in the way of a new event", async () => {
    const p = project();
    // Outside the events globs: the project builds, and the file is still in the way.
    p.write("drafts/payments/refund.event.ts", "// not an event file yet\n");
    p.write("delivery.json", delivery(VALID));
    const result = await p.run("add", "--from", "delivery.json", "--tag", "payments:refund", "--out", "drafts");
    expect(diagnosticHeads(result.stderr)[0]).toMatch(/error DT8108: drafts\/payments\/refund.event.ts exists/);
    expect(p.read("drafts/payments/refund.event.ts")).toBe("// not an event file yet\n");
    expect(result.code).toBe(1);
  });

  it("writes nothing for a missing event while the project has errors, which may be where it is declared", async () => {
    const p = project();
    p.write("events/payments/refund.event.ts", CHARGE.replace("charge-succeeded", "refund").replace("name:", "nmae:"));
    p.write("delivery.json", delivery(VALID));
    const result = await p.run("add", "--from", "delivery.json", "--tag", "payments:refund");
    expect(diagnosticHeads(result.stderr)[0]).toMatch(/^events\/payments\/refund.event.ts:\d+:\d+ - error DT3/);
    expect(result.stderr).toMatch(/"payments:refund" is not among the events that build, and the project has errors/);
    expect(result.code).toBe(1);
    expect(p.files("events")).toEqual(["payments/charge-succeeded.event.ts", "payments/refund.event.ts"]);
  });

  it("says when the config's globs would not read the new file", async () => {
    const p = project();
    p.write("delivery.json", delivery(VALID));
    const result = await p.run("add", "--from", "delivery.json", "--tag", "payments:refund", "--out", "drafts");
    expect(result.stdout).toMatch(/^created  drafts\/payments\/refund.event.ts/);
    expect(result.stderr).toBe(
      "note: the config's events globs (events/**/*.event.ts) do not match drafts/payments/refund.event.ts: a build will not read it.\n",
    );
    expect(result.code).toBe(0);
  });

  it("exits 2 for a bad tag or a delivery that is not one", async () => {
    const p = project();
    p.write("delivery.json", JSON.stringify({ amount: 1 }));
    const badTag = await p.run("add", "--from", "delivery.json", "--tag", "Payments:Refund");
    expect(badTag.stderr).toMatch(/error DT1006: --tag "Payments:Refund" has webhook tag "Payments"/);
    expect(badTag.code).toBe(2);
    const notADelivery = await p.run("add", "--from", "delivery.json", "--tag", "payments:refund");
    expect(diagnosticHeads(notADelivery.stderr)[0]).toMatch(
      /error DT8104: This is not a captured delivery: its top-level key "amount"/,
    );
    expect(notADelivery.code).toBe(2);
    expect(p.exists("events/payments/refund.event.ts")).toBe(false);
  });
});
