import { readFileSync } from "node:fs";
import { join } from "node:path";
import { typeNameForTag } from "../../src/naming/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertCliBuilt,
  copyFixture,
  REPO,
  removeProjects,
  runNode,
  type Project,
  type RunResult,
} from "../helpers/project.js";
import { TSC, USAGE_TSCONFIG } from "../helpers/strict.js";

/**
 * The generated index.ts is used the way an application uses it: a `usage.ts` beside it imports
 * the types, assigns every declared sample to its payload type, and states what must NOT
 * type-check with `@ts-expect-error` (an unused one is itself an error, so each negative is
 * real). The real TypeScript compiler checks it with the strictest flags the README promises.
 */

interface ManifestEvent {
  readonly tag: string;
  readonly webhook: string;
  readonly sample: unknown;
}

/** The names of the types every webhook's module declares (exported: all of them). */
function declaredTypes(project: Project): string[] {
  const index = JSON.parse(project.read("generated/manifest.json")) as { webhooks: { types: string }[] };
  return index.webhooks.flatMap((w) =>
    [...project.read(`generated/${w.types}`).matchAll(/^export (?:interface|type) (\w+)/gm)].map((m) => m[1]!),
  );
}

/** The events of every webhook's manifest, by way of manifest.json. */
function eventsOf(project: Project): ManifestEvent[] {
  const index = JSON.parse(project.read("generated/manifest.json")) as { webhooks: { manifest: string }[] };
  return index.webhooks.flatMap(
    (w) => (JSON.parse(project.read(`generated/${w.manifest}`)) as { events: ManifestEvent[] }).events,
  );
}

interface Checked {
  readonly project: Project;
  readonly build: RunResult;
  readonly usage: string;
  readonly tsc: RunResult;
}

const checked = new Map<string, Checked>();

/**
 * The positive half of usage.ts, derived from the manifests: every sample (exactly as the tool
 * recorded it) as a literal of its payload type, reached by tag and by name; every type that a
 * webhook's module declares, reached through index.ts (which re-exports them all); and the tag
 * unions spelled out.
 */
function positives(events: readonly ManifestEvent[], declared: readonly string[]): string {
  const lines = [
    'import type { EventPayload, EventPayloads, EventTag, WebhookTag } from "./generated/index.js";',
    'import type * as G from "./generated/index.js";',
    "",
    "type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;",
    "",
  ];
  events.forEach((event, i) => {
    lines.push(
      `export const sample${i}: EventPayload<${JSON.stringify(event.tag)}> = ${JSON.stringify(event.sample, null, 2)};`,
    );
    lines.push(`export const viaMap${i}: EventPayloads[${JSON.stringify(event.tag)}] = sample${i};`);
    lines.push(`export const byName${i}: G.${typeNameForTag(event.tag)} = sample${i};`);
  });
  declared.forEach((name, i) => lines.push(`export type Reexported${i} = G.${name};`));
  const union = (items: readonly string[]): string =>
    items.length === 0 ? "never" : [...new Set(items)].map((item) => JSON.stringify(item)).join(" | ");
  lines.push(
    `export const tagsAreExact: Equal<EventTag, ${union(events.map((e) => e.tag))}> = true;`,
    `export const webhooksAreExact: Equal<WebhookTag, ${union(events.map((e) => e.webhook))}> = true;`,
    "",
  );
  return lines.join("\n");
}

/** Hand-written checks per fixture: what the generated types must accept and must reject. */
const NEGATIVES: Record<string, string> = {
  valid: `
type Paid = EventPayload<"billing:invoice-paid">;
type Overdue = EventPayload<"billing:invoice-overdue">;
declare const paid: Paid;

// Accepted: optional fields of merged array elements may be left out, extra headers are fine.
export const lines: Paid["body"]["invoice"]["lines"] = [{ sku: "A", quantity: 1, amount: 1 }];
export const extraHeader: Paid["headers"] = { ...paid.headers, "x-forwarded-for": "203.0.113.7" };
export const anyHeader: string | undefined = paid.headers["x-anything"];
export const nullField: Overdue["body"]["reminders"][number]["delivery-status"] = null;

export const wrongFieldType: Paid = {
  ...paid,
  body: {
    ...paid.body,
    // @ts-expect-error paid is a boolean in the sample
    paid: "yes",
  },
};

export const wrongNestedType: Paid["body"]["invoice"]["lines"] = [
  // @ts-expect-error quantity is a number in the sample
  { sku: "A", quantity: "1", amount: 1 },
];

export const missingField: Paid = {
  ...paid,
  // @ts-expect-error invoice is required: every key of the sample is
  body: { "event-type": "invoice.paid", paid: true },
};

export const extraBodyField: Paid = {
  ...paid,
  body: {
    ...paid.body,
    // @ts-expect-error the sample's body has no refunded field
    refunded: false,
  },
};

// @ts-expect-error header values are strings
export const numericHeader: Paid["headers"] = { ...paid.headers, "x-api-version": 2 };

// @ts-expect-error the sample's headers are required
export const missingHeader: Paid["headers"] = {};

// @ts-expect-error the sample's query is empty, so no key is allowed
export const queryNotEmpty: Overdue["query"] = { page: "2" };

// @ts-expect-error not a declared tag
export type UnknownTag = EventPayload<"billing:invoice-refunded">;

// @ts-expect-error not a declared tag
export const unknownEventTag: EventTag = "shipping:parcel-lost";

// @ts-expect-error not a declared webhook
export const unknownWebhook: WebhookTag = "orders";
`,
  selectors: `
type Payment = G.WebhookPayloads["payments"];
type Delivery = G.WebhookPayloads["github"];

// $Event{event} and body.event name one field: each event's literal value, in one union.
export const events: Equal<Payment["body"]["event"], "transaction.failed" | "transaction.succeeded"> = true;
export const kinds: Equal<Delivery["headers"]["x-github-event"], "issues" | "push"> = true;

export function onPayment(p: Payment): void {
  switch (p.body.event) {
    case "transaction.failed": {
      const body: G.PaymentsTransactionFailedBody = p.body;
      // @ts-expect-error p itself is not narrowed by a field of its body
      const whole: G.PaymentsTransactionFailedPayload = p;
      // @ts-expect-error nor are its other parts
      const headers: G.PaymentsTransactionFailedHeaders = p.headers;
      break;
    }
    case "transaction.succeeded":
      // @ts-expect-error failure belongs to transaction.failed
      p.body.data.failure;
      break;
    default: {
      const none: never = p.body;
    }
  }
}

export function onPaymentBody(p: Payment): string | undefined {
  const { body } = p;
  switch (body.event) {
    case "transaction.failed":
      return body.data.failure.code;
    case "transaction.succeeded":
      return body.data.settled_at;
  }
}

export function onDelivery(p: Delivery): number {
  switch (p.headers["x-github-event"]) {
    case "push": {
      const headers: G.GithubPushHeaders = p.headers;
      // @ts-expect-error a header does not narrow the body
      const body: G.GithubPushBody = p.body;
      return "commits" in p.body ? p.body.commits.length : 0;
    }
    case "issues":
      return 0;
    default: {
      const none: never = p.headers;
      return none;
    }
  }
}

export function onDeliveryDestructured(p: Delivery): void {
  const { headers, body } = p;
  switch (headers["x-github-event"]) {
    case "push": {
      // @ts-expect-error destructuring does not carry a header's narrowing to the body
      const pushBody: G.GithubPushBody = body;
      break;
    }
  }
}

export function onDeliveryParameter({ headers, body }: Delivery): void {
  if (headers["x-github-event"] === "push") {
    // @ts-expect-error nor from a destructured parameter
    const pushBody: G.GithubPushBody = body;
  }
}
`,
  hostile: `
type Weird = EventPayload<"weird:everything">;
declare const weird: Weird;

// Accepted: keys that are special in JavaScript are plain data keys in the types.
export const proto: Weird["body"]["__proto__"] = { polluted: true };
export const ctor: Weird["body"]["constructor"]["prototype"] = { polluted: true };
export const has: number = weird.body.hasOwnProperty;
export const unicode: string = weird.body["ключ"];
export const newlineKey: string = weird.body["a\\nb"];
export const emptyKey: string = weird.body[""];
export const closeComment: string = weird.params["id*/"];
export const computedProto: string = weird.params["__proto__"];
export const quotedProto: string = weird.query["__proto__"];

export const wrongType: Weird = {
  ...weird,
  body: {
    ...weird.body,
    // @ts-expect-error hasOwnProperty is a number in the sample
    hasOwnProperty: "1",
  },
};

export const extraBodyField: Weird = {
  ...weird,
  body: {
    ...weird.body,
    // @ts-expect-error the sample's body has no prototype field
    prototype: {},
  },
};

// @ts-expect-error __proto__ holds an object in the sample
export const wrongProto: Weird["body"]["__proto__"] = "p";

// @ts-expect-error "ü" is required in the elements of "日本語"
export const missingUnicode: Weird["body"]["日本語"][number] = { "é": 1 };

export const extraField: Weird["body"]["constructor"] = {
  prototype: { polluted: true },
  // @ts-expect-error the sample's constructor object has no name
  name: "x",
};

// @ts-expect-error "*/ export const pwned = 1; /*" in a description must stay inside its comment
export type Pwned = typeof import("./generated/index.js").pwned;

// @ts-expect-error not a declared tag
export type UnknownTag = EventPayload<"weird:nothing">;

// @ts-expect-error the tag starting with a digit is declared as it is written, not renamed
export type Renamed = EventPayload<"event3d-secure:v2-challenge">;
export type DigitTag = EventPayload<"3d-secure:v2-challenge">["body"]["3ds"]["version"];
`,
};

/**
 * The docs' example about selectors (docs/event-files.md), exactly as written: the TypeScript
 * block after the marker comment, checked against the output of test/fixtures/selectors.
 */
const SELECTORS_PAGE = "docs/event-files.md";
const README_MARKER =
  "<!-- type-checked as written against test/fixtures/selectors by test/e2e/generated-types.test.ts -->";

/** The example's code; `undefined` when the marker, or a block right after it, is missing. */
function readmeExample(): string | undefined {
  const readme = readFileSync(join(REPO, SELECTORS_PAGE), "utf8");
  const at = readme.indexOf(README_MARKER);
  if (at === -1) return undefined;
  const block = /^\s*```ts\n([\s\S]*?)^```$/m.exec(readme.slice(at + README_MARKER.length));
  return block === null || block.index !== 0 ? undefined : block[1];
}

/** Builds a copy of fixture `name`, then type-checks `usage(project)` beside its output. */
async function check(key: string, name: string, usage: (project: Project) => string): Promise<void> {
  const project = copyFixture(name, { prefix: `types-${key}` });
  const build = await project.run("build");
  if (build.code !== 0) {
    checked.set(key, { project, build, usage: "", tsc: { code: null, stdout: "", stderr: "" } });
    return;
  }
  const text = usage(project);
  project.write("usage.ts", text);
  project.write("tsconfig.json", `${JSON.stringify(USAGE_TSCONFIG, null, 2)}\n`);
  const tsc = await runNode([TSC, "-p", "tsconfig.json", "--pretty", "false"], project.dir, 120_000);
  checked.set(key, { project, build, usage: text, tsc });
}

beforeAll(async () => {
  assertCliBuilt();
  await Promise.all([
    ...Object.keys(NEGATIVES).map((name) =>
      check(name, name, (project) => `${positives(eventsOf(project), declaredTypes(project))}${NEGATIVES[name] ?? ""}`),
    ),
    check("readme", "selectors", () => readmeExample() ?? ""),
  ]);
}, 180_000);
afterAll(removeProjects);

function expectCompiles(name: string): void {
  const entry = checked.get(name);
  if (entry === undefined) throw new Error(`${name} was not checked in beforeAll`);
  expect(entry.build.code, entry.build.stderr).toBe(0);
  const output = entry.project.normalize(entry.tsc.stdout + entry.tsc.stderr);
  expect(output, `tsc on usage.ts:\n${output}\n--- usage.ts\n${entry.usage}`).toBe("");
  expect(entry.tsc.code).toBe(0);
}

describe("generated index.ts under tsc --strict --exactOptionalPropertyTypes --noUncheckedIndexedAccess", () => {
  it("valid: every sample is its payload type; wrong types, missing and extra fields and unknown tags are rejected", () => {
    expectCompiles("valid");
  });

  it("hostile: __proto__, constructor, unicode and comment-ending keys and text give types that compile and mean what they say", () => {
    expectCompiles("hostile");
  });

  it("selectors: a switch on the selected field (body in either notation, or a header) narrows the part that holds it, and only that", () => {
    expectCompiles("selectors");
  });

  it("the docs' example about selectors compiles exactly as written", () => {
    expect(readmeExample(), `${SELECTORS_PAGE}: a \`\`\`ts block right after ${README_MARKER}`).toBeDefined();
    expectCompiles("readme");
    expect(checked.get("readme")?.usage).toContain('switch (delivery.headers["x-github-event"])');
  });
});
