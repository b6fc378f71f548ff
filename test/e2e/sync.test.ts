import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertCliBuilt,
  CAN_RUN_ON_TERMINAL,
  CLI,
  copyFixture,
  diagnosticHeads,
  removeProjects,
  runCli,
  runCliOnTerminal,
  STACK_FRAME,
  type Project,
  type RunResult,
  waitFor,
} from "../helpers/project.js";
import { reverseKeys } from "../helpers/json.js";

/**
 * End-to-end tests of `plan` and `push`, through the compiled CLI run as a child process (so
 * never on a terminal) in copies of test/fixtures/sync. That fixture's config wires `remote` to
 * test/fixtures/sync/remote/fake.ts: an in-memory events API whose state persists in
 * remote/state.json between runs, which logs every call to remote/calls.jsonl and fails on
 * demand as remote/faults.json says. The unit tests of src/sync are in sync.test.ts.
 */

const FIXTURE = "sync";

/** The fixture's events, sorted by tag, as plan prints them. */
const EVENTS = [
  { tag: "orders:order-created", name: "Order Created", file: "events/orders/order-created.event.ts" },
  { tag: "orders:order-shipped", name: "Order Shipped", file: "events/orders/order-shipped.event.ts" },
  { tag: "payments:charge-failed", name: "Charge Failed", file: "events/payments/charge-failed.event.ts" },
  { tag: "payments:charge-succeeded", name: "Charge Succeeded", file: "events/payments/charge-succeeded.event.ts" },
  { tag: "payments:refund-issued", name: "Refund Issued", file: "events/payments/refund-issued.event.ts" },
] as const;
const TAGS = EVENTS.map((e) => e.tag);

/** Every CLI run of this file, for the "no stack trace, ever" check at the end. */
const allRuns: { label: string; result: RunResult }[] = [];

async function run(project: Project, ...args: string[]): Promise<RunResult> {
  const result = await runCli(project.dir, args, { timeoutMs: 30_000 });
  allRuns.push({ label: `${project.dir} ${args.join(" ")}`, result });
  return result;
}

/** A fresh copy of the fixture, with an empty workspace. */
function fresh(name: string): Project {
  return copyFixture(FIXTURE, { prefix: `sync-${name}` });
}

// ---- the fake workspace --------------------------------------------------------------------

interface Call {
  readonly method: "create" | "update" | "fetchAll" | "fetch";
  readonly args: readonly unknown[];
  readonly inFlight: number;
  readonly outcome: string;
  /** When the call started, by the fake's clock (ms). */
  readonly started: number;
}

interface StoredEvent {
  tag: string;
  name: string;
  description: string;
  sample: Record<string, unknown>;
}

type Fault =
  | { hang: true; permanent?: boolean }
  | { throw: "network"; permanent?: boolean; after?: boolean }
  | { status: number; message?: string; retryAfter?: string; permanent?: boolean; after?: boolean }
  | { return: unknown; permanent?: boolean };

/** Every call the fake received since the project was copied (or since `clearCalls`). */
function calls(project: Project): Call[] {
  if (!project.exists("remote/calls.jsonl")) return [];
  return project
    .read("remote/calls.jsonl")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Call);
}

function clearCalls(project: Project): void {
  project.write("remote/calls.jsonl", "");
}

/** The tag a call is about: the event's for create, else the first argument. */
function subject(call: Call): string {
  const first = call.args[0];
  return call.method === "create" ? (first as StoredEvent).tag : String(first);
}

/** Calls as `method subject`, e.g. `create payments:charge-failed`, in the order they settled. */
function callList(project: Project, methods: readonly Call["method"][] = ["create", "update", "fetchAll", "fetch"]) {
  return calls(project)
    .filter((c) => methods.includes(c.method))
    .map((c) => `${c.method} ${subject(c)}`);
}

/** Create and update calls only: what changed the workspace, or tried to. */
function writes(project: Project): Call[] {
  return calls(project).filter((c) => c.method === "create" || c.method === "update");
}

function workspace(project: Project): StoredEvent[] {
  if (!project.exists("remote/state.json")) return [];
  return (JSON.parse(project.read("remote/state.json")) as { events: StoredEvent[] }).events;
}

function seed(project: Project, events: readonly StoredEvent[]): void {
  project.write("remote/state.json", `${JSON.stringify({ events }, null, 2)}\n`);
}

function inject(project: Project, faults: Record<string, Fault[]>): void {
  project.write("remote/faults.json", `${JSON.stringify(faults, null, 2)}\n`);
}

function remainingFaults(project: Project): Record<string, Fault[]> {
  return JSON.parse(project.read("remote/faults.json")) as Record<string, Fault[]>;
}

/** Replaces the config, keeping the fake remote importable as `fakeEvents`. */
function writeConfig(project: Project, body: string): void {
  project.write(
    "ductape.config.ts",
    `import { defineConfig } from "ductape-events";\nimport { fakeEvents } from "./remote/fake.js";\n\nvoid fakeEvents;\n\nexport default defineConfig(${body});\n`,
  );
}

/** Writes an event file declaring exactly this definition (the sample as JSON, in its key order). */
function writeEvent(project: Project, rel: string, definition: StoredEvent): void {
  project.write(
    rel,
    `import { defineEvent } from "ductape-events";\n\nexport default defineEvent(${JSON.stringify(definition, null, 2)});\n`,
  );
}

/** Replaces `from` (which must occur exactly once) in a file of the project. */
function edit(project: Project, rel: string, from: string, to: string): void {
  const text = project.read(rel);
  expect(text.split(from), `${rel} should contain ${JSON.stringify(from)} once`).toHaveLength(2);
  project.write(rel, text.replace(from, to));
}

/** Pushes everything (an up-to-date workspace), then forgets the calls made so far. */
async function pushAll(project: Project): Promise<void> {
  const result = await run(project, "push", "--yes");
  expect(result.code, result.stderr).toBe(0);
  expect(
    workspace(project)
      .map((e) => e.tag)
      .sort(),
  ).toEqual(TAGS);
  clearCalls(project);
}

// ---- reading plan output ---------------------------------------------------------------------

interface PlanLine {
  readonly action: string;
  readonly tag: string;
  readonly rest: string;
  /** The indented lines under it (the sample diff of an update). */
  readonly detail: string[];
}

/** The event lines of a pretty plan, by tag. */
function planLines(stdout: string): Map<string, PlanLine> {
  const out = new Map<string, PlanLine>();
  let last: PlanLine | undefined;
  for (const line of stdout.split("\n")) {
    const match = /^(create|update|unchanged|remote only) +(\S+)(?: +(.*))?$/.exec(line);
    if (match !== null) {
      last = { action: match[1]!, tag: match[2]!, rest: match[3] ?? "", detail: [] };
      out.set(last.tag, last);
    } else if (line.startsWith("              ") && last !== undefined) last.detail.push(line.slice(14));
    else last = undefined;
  }
  return out;
}

function actions(stdout: string): Record<string, string> {
  return Object.fromEntries([...planLines(stdout).values()].map((l) => [l.tag, l.action]));
}

function summaryLine(stdout: string): string {
  return stdout.split("\n").find((line) => / to create, \d+ to update, /.test(line)) ?? "";
}

interface PlanJson {
  version: number;
  inSync: boolean;
  counts: Record<"create" | "update" | "unchanged" | "remote-only", number>;
  events: {
    tag: string;
    action: string;
    event?: Record<string, unknown>;
    changed?: string[];
    patch?: Record<string, unknown>;
    sampleDiff?: string | null;
    name?: string | null;
  }[];
}

function codesIn(stderr: string): string[] {
  return diagnosticHeads(stderr).map((head) => / (DT\d{4}): /.exec(head)![1]!);
}

/** A bearer token that looks live (a signed JWT), made now so that no such literal is committed. */
function liveLookingToken(): string {
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");
  const header = part({ alg: "HS256", typ: "JWT" });
  const payload = part({ sub: `usr_${randomBytes(6).toString("hex")}`, iat: 1732000000, scope: "events:write" });
  return `${header}.${payload}.${randomBytes(32).toString("base64url")}`;
}

beforeAll(assertCliBuilt);
afterAll(removeProjects);

// ---- 1. plan against an empty workspace --------------------------------------------------------

describe("plan against an empty workspace", () => {
  it("builds cleanly: the fixture itself draws no diagnostic, and build and list never call the remote", async () => {
    const project = fresh("clean");
    const result = await run(project, "build");
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect((await run(project, "list")).code).toBe(0);
    expect(project.exists("remote/calls.jsonl")).toBe(false);
  });

  it("plans a create for every event, exits 1, reads only fetchAll and writes nothing", async () => {
    const project = fresh("plan-empty");
    const result = await run(project, "plan");
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("");
    const lines = planLines(result.stdout);
    expect([...lines.keys()]).toEqual(TAGS);
    for (const event of EVENTS) {
      expect(lines.get(event.tag)).toMatchObject({ action: "create", rest: JSON.stringify(event.name) });
    }
    expect(summaryLine(result.stdout)).toBe("5 to create, 0 to update, 0 unchanged, 0 only on the platform.");
    expect(callList(project)).toEqual(["fetchAll orders", "fetchAll payments"]);
    expect(project.exists("remote/state.json")).toBe(false);
    expect(project.exists("generated")).toBe(false);
  });

  it("--json prints the same plan as data: inSync false, the counts, and each event to create", async () => {
    const project = fresh("plan-json");
    const result = await run(project, "plan", "--json");
    expect(result.code).toBe(1);
    const plan = JSON.parse(result.stdout) as PlanJson & { ok: boolean };
    expect(plan.version).toBe(1);
    expect(plan.ok).toBe(true);
    expect(plan.inSync).toBe(false);
    expect(plan.counts).toEqual({ create: 5, update: 0, unchanged: 0, "remote-only": 0 });
    expect(plan.events.map((e) => [e.tag, e.action])).toEqual(TAGS.map((tag) => [tag, "create"]));
    for (const event of plan.events) {
      // Only what the platform stores: examples, refine and selector stay local.
      expect(Object.keys(event.event ?? {}).sort()).toEqual(["description", "name", "sample", "tag"]);
    }
    const failed = plan.events.find((e) => e.tag === "payments:charge-failed")?.event;
    expect(failed).toMatchObject({
      name: "Charge Failed",
      description: "A card charge was declined.",
      sample: { body: { event: "charge.failed", data: { failure: { code: "card_declined" } } } },
    });
  });

  it("--json with definitions in error still prints a document: ok false and the exit code, not a plan", async () => {
    const project = fresh("plan-json-broken");
    project.write(
      "events/broken.event.ts",
      'import { defineEvent } from "ductape-events";\nexport default defineEvent({});\n',
    );
    const result = await run(project, "plan", "--json");
    expect(result.code).toBe(1);
    const document = JSON.parse(result.stdout) as { diagnostics: { code: string; file: string }[] };
    expect(document).toMatchObject({ version: 1, ok: false, exitCode: 1 });
    // The same problems as on stderr, where they are drawn for people.
    expect(document.diagnostics.map((d) => d.file)).toContain("events/broken.event.ts");
    expect(result.stderr).toContain("✖ The definitions have errors; nothing was compared with the platform.");
    expect(project.exists("remote/calls.jsonl")).toBe(false);
  });
});

// ---- 2. push, confirmation, idempotence ------------------------------------------------------

describe("push", () => {
  it("refuses without a terminal and without --yes (exit 2, DT6003), having only read the workspace", async () => {
    const project = fresh("push-no-yes");
    const result = await run(project, "push");
    expect(result.code).toBe(2);
    expect(codesIn(result.stderr)).toEqual(["DT6003"]);
    expect(result.stderr).toContain("--yes");
    expect(callList(project)).toEqual(["fetchAll orders", "fetchAll payments"]);
    expect(workspace(project)).toEqual([]);
  });

  it("refuses --json without --dry-run (exit 2), before reading anything: its results are text", async () => {
    const project = fresh("push-json");
    const result = await run(project, "push", "--yes", "--json");
    expect(result.code).toBe(2);
    expect(codesIn(result.stderr)).toEqual(["DT1006"]);
    expect(result.stderr).toContain("--json goes with --dry-run");
    expect(callList(project)).toEqual([]);
  });

  it("--yes creates each event once; then plan is in sync and a second push calls nothing", async () => {
    const project = fresh("push-yes");
    const planned = JSON.parse((await run(project, "plan", "--json")).stdout) as PlanJson;
    clearCalls(project);

    const first = await run(project, "push", "--yes");
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toBe("");
    for (const tag of TAGS) expect(first.stdout).toContain(`✔ create  ${tag}\n`);
    expect(first.stdout).toContain("✔ 5 applied, 0 failed.");
    const created = writes(project);
    expect(created.map((c) => c.method)).toEqual(["create", "create", "create", "create", "create"]);
    expect(created.map(subject).sort()).toEqual(TAGS);
    // What was sent is exactly what plan --json said would be.
    for (const call of created) {
      expect(call.args).toEqual([planned.events.find((e) => e.tag === subject(call))?.event]);
    }
    expect(
      workspace(project)
        .map((e) => e.tag)
        .sort(),
    ).toEqual(TAGS);

    clearCalls(project);
    const plan = await run(project, "plan");
    expect(plan.code).toBe(0);
    expect(Object.values(actions(plan.stdout))).toEqual(TAGS.map(() => "unchanged"));
    expect(summaryLine(plan.stdout)).toBe("0 to create, 0 to update, 5 unchanged, 0 only on the platform.");
    const json = JSON.parse((await run(project, "plan", "--json")).stdout) as PlanJson;
    expect([json.inSync, json.counts]).toEqual([true, { create: 0, update: 0, unchanged: 5, "remote-only": 0 }]);

    const second = await run(project, "push", "--yes");
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("Nothing to push");
    expect(writes(project)).toEqual([]);
  });

  it("uses the configured concurrency (4 by default) for its calls", async () => {
    const project = fresh("push-concurrency");
    project.write("remote/options.json", JSON.stringify({ latencyMs: 20 }));
    expect((await run(project, "push", "--yes")).code).toBe(0);
    expect(Math.max(...writes(project).map((c) => c.inFlight))).toBe(4);

    const two = fresh("push-concurrency-2");
    two.write("remote/options.json", JSON.stringify({ latencyMs: 20 }));
    writeConfig(two, "{ remote: () => fakeEvents(), sync: { concurrency: 2, retryDelayMs: 1 } }");
    expect((await run(two, "push", "--yes")).code).toBe(0);
    expect(Math.max(...writes(two).map((c) => c.inFlight))).toBe(2);
    expect(writes(two)).toHaveLength(5);
  });

  it("reads a workspace that answers with a bare array and tags without their webhook", async () => {
    const project = fresh("push-shapes");
    project.write("remote/options.json", JSON.stringify({ response: "array", shortTags: true }));
    await pushAll(project);
    const plan = await run(project, "plan");
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    expect(Object.values(actions(plan.stdout))).toEqual(TAGS.map(() => "unchanged"));
  });
});

// ---- 3. and 4. updates ---------------------------------------------------------------------------

describe("updates", () => {
  it("a new description is one update of that field alone", async () => {
    const project = fresh("update-description");
    await pushAll(project);
    edit(
      project,
      "events/payments/refund-issued.event.ts",
      'description: "Money went back to the customer."',
      'description: "Money went back to the customer, in full or in part."',
    );

    const plan = await run(project, "plan");
    expect(plan.code).toBe(1);
    expect(planLines(plan.stdout).get("payments:refund-issued")).toEqual({
      action: "update",
      tag: "payments:refund-issued",
      rest: "changes description",
      detail: [
        'description: "Money went back to the customer." -> "Money went back to the customer, in full or in part."',
      ],
    });
    expect(Object.values(actions(plan.stdout)).filter((a) => a === "unchanged")).toHaveLength(4);
    expect(summaryLine(plan.stdout)).toBe("0 to create, 1 to update, 4 unchanged, 0 only on the platform.");

    clearCalls(project);
    const push = await run(project, "push", "--yes");
    expect(push.code, push.stderr).toBe(0);
    expect(push.stdout).toContain("✔ update  payments:refund-issued\n");
    expect(writes(project).map((c) => [c.method, ...c.args])).toEqual([
      ["update", "payments:refund-issued", { description: "Money went back to the customer, in full or in part." }],
    ]);
    expect((await run(project, "plan")).code).toBe(0);
  });

  it("a new name is one update of the name alone", async () => {
    const project = fresh("update-name");
    await pushAll(project);
    edit(project, "events/orders/order-shipped.event.ts", '"Order Shipped"', '"Order Dispatched"');
    const plan = await run(project, "plan");
    expect(planLines(plan.stdout).get("orders:order-shipped")).toMatchObject({
      rest: "changes name",
      detail: ['name: "Order Shipped" -> "Order Dispatched"'],
    });
    clearCalls(project);
    expect((await run(project, "push", "--yes")).code).toBe(0);
    expect(writes(project).map((c) => c.args)).toEqual([["orders:order-shipped", { name: "Order Dispatched" }]]);
  });

  it("a changed sample value is an update of the sample, with a diff of it", async () => {
    const project = fresh("update-sample");
    await pushAll(project);
    edit(project, "events/payments/charge-succeeded.event.ts", "amount: 1999,", "amount: 2500,");

    const plan = await run(project, "plan");
    expect(plan.code).toBe(1);
    const line = planLines(plan.stdout).get("payments:charge-succeeded");
    expect(line?.action).toBe("update");
    expect(line?.rest).toBe("changes sample");
    const diff = line?.detail.join("\n") ?? "";
    expect(diff).toMatch(/^-\s+"amount": 1999,$/m);
    expect(diff).toMatch(/^\+\s+"amount": 2500,$/m);
    expect(line?.detail.filter((l) => /^[-+]/.test(l))).toHaveLength(2);
    const json = JSON.parse((await run(project, "plan", "--json")).stdout) as PlanJson;
    expect(json.events.find((e) => e.tag === "payments:charge-succeeded")?.sampleDiff).toContain(
      '+       "amount": 2500',
    );

    clearCalls(project);
    expect((await run(project, "push", "--yes")).code).toBe(0);
    const [update, ...others] = writes(project);
    expect(others).toEqual([]);
    expect(update?.args[0]).toBe("payments:charge-succeeded");
    expect(Object.keys(update?.args[1] as object)).toEqual(["sample"]);
    const stored = workspace(project).find((e) => e.tag === "payments:charge-succeeded");
    expect(stored?.sample).toMatchObject({ body: { data: { amount: 2500 } } });
    expect((await run(project, "plan")).code).toBe(0);
  });

  it("the same sample with its keys in another order is not a change", async () => {
    const project = fresh("update-key-order");
    await pushAll(project);
    const current = workspace(project).find((e) => e.tag === "orders:order-created")!;
    const reversed = reverseKeys(current.sample) as Record<string, unknown>;
    expect(JSON.stringify(reversed)).not.toBe(JSON.stringify(current.sample));
    writeEvent(project, "events/orders/order-created.event.ts", { ...current, sample: reversed });

    const plan = await run(project, "plan");
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    expect(actions(plan.stdout)["orders:order-created"]).toBe("unchanged");
    expect((await run(project, "push", "--yes")).stdout).toContain("Nothing to push");
    expect(writes(project)).toEqual([]);
  });

  it("the same array elements in another order are a change", async () => {
    const project = fresh("update-array-order");
    await pushAll(project);
    const current = workspace(project).find((e) => e.tag === "orders:order-created")!;
    const body = current.sample["body"] as { items: unknown[] };
    const swapped = { ...current.sample, body: { ...body, items: [...body.items].reverse() } };
    writeEvent(project, "events/orders/order-created.event.ts", { ...current, sample: swapped });
    const plan = await run(project, "plan");
    expect(plan.code).toBe(1);
    expect(planLines(plan.stdout).get("orders:order-created")?.rest).toBe("changes sample");
  });
});

// ---- 5. events only on the platform ----------------------------------------------------------

describe("events only on the platform", () => {
  const archived: StoredEvent = {
    tag: "orders:order-archived",
    name: "Order Archived",
    description: "Declared by nobody any more.",
    sample: { headers: {}, query: {}, body: { id: "ord_0" }, params: {} },
  };
  const otherWebhook: StoredEvent = { ...archived, tag: "invoices:invoice-sent", name: "Invoice Sent" };

  it("are reported as remote only, and never updated or deleted", async () => {
    const project = fresh("remote-only");
    seed(project, [archived, otherWebhook]);
    const plan = await run(project, "plan");
    expect(plan.code).toBe(1);
    expect(planLines(plan.stdout).get(archived.tag)).toMatchObject({
      action: "remote only",
      rest: "declared nowhere; left alone (there is no delete)",
    });
    // A webhook the project does not declare is never read.
    expect(plan.stdout).not.toContain("invoices");
    expect(callList(project)).toEqual(["fetchAll orders", "fetchAll payments"]);
    expect(summaryLine(plan.stdout)).toBe("5 to create, 0 to update, 0 unchanged, 1 only on the platform.");

    const push = await run(project, "push", "--yes");
    expect(push.code, push.stderr).toBe(0);
    expect(writes(project).map(subject).sort()).toEqual(TAGS);
    expect(workspace(project).find((e) => e.tag === archived.tag)).toEqual(archived);
    expect(workspace(project).find((e) => e.tag === otherWebhook.tag)).toEqual(otherWebhook);

    clearCalls(project);
    const after = await run(project, "plan", "--json");
    expect(after.code).toBe(0);
    const json = JSON.parse(after.stdout) as PlanJson;
    expect(json.inSync).toBe(true);
    expect(json.counts["remote-only"]).toBe(1);
    expect(json.events.find((e) => e.tag === archived.tag)).toEqual({
      tag: archived.tag,
      action: "remote-only",
      name: "Order Archived",
    });
    const again = await run(project, "push", "--yes");
    expect(again.stdout).toContain("Nothing to push");
    expect(writes(project)).toEqual([]);
  });
});

// ---- 6. failures -------------------------------------------------------------------------------

describe("failures", () => {
  it("retries a network error and a 429, and then succeeds", async () => {
    const project = fresh("retry");
    inject(project, {
      "create:payments:charge-succeeded": [{ throw: "network" }],
      "create:orders:order-created": [{ status: 429 }],
      "create:payments:refund-issued": [{ status: 503 }, { throw: "network" }],
    });
    const result = await run(project, "push", "--yes");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("✔ 5 applied, 0 failed.");
    const attempts = (tag: string): string[] =>
      calls(project)
        .filter((c) => c.method === "create" && subject(c) === tag)
        .map((c) => c.outcome);
    expect(attempts("payments:charge-succeeded")).toEqual(["error: fetch failed", "ok"]);
    expect(attempts("orders:order-created")).toEqual(["error: Request failed with status 429", "ok"]);
    expect(attempts("payments:refund-issued")).toEqual([
      "error: Request failed with status 503",
      "error: fetch failed",
      "ok",
    ]);
    expect(attempts("orders:order-shipped")).toEqual(["ok"]);
    expect(remainingFaults(project)).toEqual({});
    expect(
      workspace(project)
        .map((e) => e.tag)
        .sort(),
    ).toEqual(TAGS);
  });

  it("waits as long as a 429's Retry-After asks before retrying (the backoff alone is 1 ms)", async () => {
    const project = fresh("retry-after");
    inject(project, { "create:payments:charge-failed": [{ status: 429, retryAfter: "1" }] });
    const result = await run(project, "push", "--yes");
    expect(result.code, result.stderr).toBe(0);
    const attempts = calls(project).filter((c) => c.method === "create" && subject(c) === "payments:charge-failed");
    expect(attempts.map((c) => c.outcome)).toEqual(["error: Request failed with status 429", "ok"]);
    expect(attempts[1]!.started - attempts[0]!.started).toBeGreaterThanOrEqual(1_000);
    // A wait of a second or more is said, so that a CI log does not go silent through it.
    expect(result.stderr).toContain(
      '↻ create("payments:charge-failed") failed (HTTP 429: Request failed with status 429); retrying in 1.0 s.\n',
    );
  });

  it("one event failing for good (HTTP 400) does not stop the others; exit 4 names it", async () => {
    const project = fresh("permanent-create");
    inject(project, {
      "create:orders:order-shipped": [{ status: 400, message: "sample too large", permanent: true }],
    });
    const result = await run(project, "push", "--yes");
    expect(result.code).toBe(4);
    expect(diagnosticHeads(result.stderr)).toEqual([
      'ductape-events - error DT6004: create "orders:order-shipped" failed: HTTP 400: sample too large',
    ]);
    expect(result.stdout).toContain("✖ create  orders:order-shipped\n");
    for (const tag of TAGS.filter((t) => t !== "orders:order-shipped")) {
      expect(result.stdout).toContain(`✔ create  ${tag}\n`);
    }
    expect(result.stderr).toContain("✖ 4 applied, 1 failed: orders:order-shipped not applied.");
    // A 400 is not retried.
    expect(writes(project).filter((c) => subject(c) === "orders:order-shipped")).toHaveLength(1);
    expect(
      workspace(project)
        .map((e) => e.tag)
        .sort(),
    ).toEqual(TAGS.filter((t) => t !== "orders:order-shipped"));

    const plan = await run(project, "plan");
    expect(plan.code).toBe(1);
    expect(Object.entries(actions(plan.stdout)).filter(([, a]) => a !== "unchanged")).toEqual([
      ["orders:order-shipped", "create"],
    ]);
  });

  it("a failing update among several is reported, the other updates applied", async () => {
    const project = fresh("permanent-update");
    await pushAll(project);
    edit(project, "events/orders/order-created.event.ts", '"A shopper placed an order."', '"An order was placed."');
    edit(project, "events/orders/order-shipped.event.ts", '"The parcel left the warehouse."', '"The parcel left."');
    edit(
      project,
      "events/payments/charge-failed.event.ts",
      '"A card charge was declined."',
      '"A charge was declined."',
    );
    inject(project, { "update:orders:order-shipped": [{ status: 404, message: "no such event", permanent: true }] });
    const result = await run(project, "push", "--yes");
    expect(result.code).toBe(4);
    expect(codesIn(result.stderr)).toEqual(["DT6004"]);
    expect(result.stderr).toContain('update "orders:order-shipped" failed: HTTP 404: no such event');
    expect(result.stderr).toContain("✖ 2 applied, 1 failed: orders:order-shipped not applied.");
    expect(
      writes(project)
        .map((c) => `${subject(c)} ${c.outcome}`)
        .sort(),
    ).toEqual(["orders:order-created ok", "orders:order-shipped error: no such event", "payments:charge-failed ok"]);
  });

  it("gives up on an event after 1 + retries attempts of a transient failure", async () => {
    const project = fresh("retries-exhausted");
    inject(project, { "create:payments:charge-failed": [{ status: 503, permanent: true }] });
    const result = await run(project, "push", "--yes");
    expect(result.code).toBe(4);
    expect(diagnosticHeads(result.stderr)).toEqual([
      'ductape-events - error DT6004: create "payments:charge-failed" failed after 4 attempts: HTTP 503: Request failed with status 503',
    ]);
    expect(writes(project).filter((c) => subject(c) === "payments:charge-failed")).toHaveLength(4);
    expect(workspace(project)).toHaveLength(4);
  });

  it("sync.retries in the config sets the number of retries", async () => {
    const project = fresh("retries-config");
    writeConfig(project, "{ remote: () => fakeEvents(), sync: { retries: 0, retryDelayMs: 1 } }");
    inject(project, { "create:payments:charge-failed": [{ status: 429 }] });
    const result = await run(project, "push", "--yes");
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('create "payments:charge-failed" failed: HTTP 429');
    expect(writes(project).filter((c) => subject(c) === "payments:charge-failed")).toHaveLength(1);
  });

  it("a fetchAll that keeps failing stops plan and push with DT6001 before anything is written", async () => {
    const project = fresh("fetch-fails");
    inject(project, { "fetchAll:payments": [{ status: 503, message: "maintenance", permanent: true }] });
    const plan = await run(project, "plan");
    expect(plan.code).toBe(4);
    expect(diagnosticHeads(plan.stderr)).toEqual([
      'ductape-events - error DT6001: fetchAll("payments") failed after 4 attempts: HTTP 503: maintenance',
    ]);
    expect(plan.stdout).toBe("");
    expect(callList(project).filter((c) => c === "fetchAll payments")).toHaveLength(4);

    clearCalls(project);
    const push = await run(project, "push", "--yes");
    expect(push.code).toBe(4);
    expect(codesIn(push.stderr)).toEqual(["DT6001"]);
    // Not even the webhook that could be read is pushed.
    expect(writes(project)).toEqual([]);
    expect(workspace(project)).toEqual([]);
  });

  it("a call that never answers fails after sync.timeoutMs (retried), and the CLI still exits", async () => {
    // The fake's hung call keeps a timer alive, as a stalled connection keeps a socket: the
    // command must report and exit rather than wait for it.
    const project = fresh("fetch-hangs");
    writeConfig(project, "{ remote: () => fakeEvents(), sync: { retries: 1, retryDelayMs: 1, timeoutMs: 300 } }");
    inject(project, { "fetchAll:orders": [{ hang: true, permanent: true }] });
    const started = performance.now();
    const plan = await run(project, "plan");
    expect(plan.code).toBe(4);
    expect(diagnosticHeads(plan.stderr)).toEqual([
      'ductape-events - error DT6001: fetchAll("orders") failed after 2 attempts: no answer within 300 ms',
    ]);
    // Two attempts of 300 ms, then at most the CLI's grace of 2 s for what was left running.
    expect(performance.now() - started).toBeLessThan(15_000);
    // The other webhook was read; a hung call never settles, so the fake logs none for orders.
    expect(callList(project)).toEqual(["fetchAll payments"]);
  });

  it("a remote() that never answers is DT1009 with exit 4 (the platform, not the config), and the CLI still exits", async () => {
    const project = fresh("remote-hangs");
    writeConfig(
      project,
      "{ remote: () => new Promise(() => { setInterval(() => undefined, 60_000); }), sync: { timeoutMs: 200 } }",
    );
    const plan = await run(project, "plan");
    expect(plan.code).toBe(4);
    expect(diagnosticHeads(plan.stderr)).toEqual([
      "ductape-events - error DT1009: The config's remote() gave no answer within 200 ms (sync.timeoutMs).",
    ]);
  });

  it("a fetchAll answer that is not a list of events is DT6002", async () => {
    const project = fresh("fetch-garbage");
    inject(project, { "fetchAll:orders": [{ return: { items: "nope" }, permanent: true }] });
    const plan = await run(project, "plan");
    expect(plan.code).toBe(4);
    expect(codesIn(plan.stderr)).toEqual(["DT6002"]);
    expect(plan.stderr).toContain('fetchAll("orders") returned {"items":"nope"}, not a list of events');
    expect((await run(project, "push", "--yes")).code).toBe(4);
    expect(writes(project)).toEqual([]);
  });

  it("a create that reached the platform but lost its answer converges on the next push", async () => {
    const project = fresh("lost-answer");
    inject(project, { "create:orders:order-created": [{ throw: "network", after: true }] });
    await run(project, "push", "--yes");
    expect(
      workspace(project)
        .map((e) => e.tag)
        .sort(),
    ).toEqual(TAGS);
    const plan = await run(project, "plan");
    expect(plan.code).toBe(0);
    clearCalls(project);
    const again = await run(project, "push", "--yes");
    expect(again.code).toBe(0);
    expect(writes(project)).toEqual([]);
  });
});

// ---- 7. secrets in samples ---------------------------------------------------------------------

describe("samples that look like live credentials", () => {
  const file = "events/payments/payout-sent.event.ts";

  function addSecretEvent(project: Project, token: string, headers: Record<string, string> = {}): void {
    writeEvent(project, file, {
      name: "Payout Sent",
      tag: "payments:payout-sent",
      description: "Money left for the merchant's bank.",
      sample: {
        headers: { "content-type": "application/json", authorization: `Bearer ${token}`, ...headers },
        query: {},
        body: { event: "payout.sent", data: { id: "po_0001", amount: 12000 } },
        params: {},
      },
    });
  }

  it("build warns with DT4104 at the sample", async () => {
    const project = fresh("secret-build");
    addSecretEvent(project, liveLookingToken());
    const result = await run(project, "build");
    expect(result.code).toBe(0);
    const heads = diagnosticHeads(result.stderr).filter((h) => h.includes("DT4104"));
    expect(heads, result.stderr).toHaveLength(1);
    expect(heads[0]).toMatch(/^events\/payments\/payout-sent\.event\.ts:\d+:\d+ - warning DT4104: .*authorization/);
  });

  it("push refuses (DT6003) and calls nothing but fetchAll", async () => {
    const project = fresh("secret-push");
    addSecretEvent(project, liveLookingToken());
    const result = await run(project, "push", "--yes");
    expect(codesIn(result.stderr)).toEqual(["DT6003"]);
    // Each value that would be sent is named, with its event and path.
    expect(result.stderr).toMatch(/^ {2}payments:payout-sent: sample\.headers\.authorization looks like /m);
    expect(result.stderr).toContain("--allow-secrets");
    expect(result.code).toBe(1);
    expect(callList(project)).toEqual(["fetchAll orders", "fetchAll payments"]);
    expect(workspace(project)).toEqual([]);
  });

  it("plan says which values push would refuse, where CI checks a pull request", async () => {
    const project = fresh("secret-plan");
    addSecretEvent(project, liveLookingToken());
    const result = await run(project, "plan");
    expect(result.stderr).toMatch(/^ {2}payments:payout-sent: sample\.headers\.authorization looks like /m);
    expect(result.stderr).toContain(
      "warning: 1 sample value looks like live credentials (listed above): push will refuse to send them unless --allow-secrets",
    );
    // Changes pending, as before: the warning changes no exit code.
    expect(result.code).toBe(1);
    expect(callList(project)).toEqual(["fetchAll orders", "fetchAll payments"]);
  });

  it("push says how many values it refused, in good English", async () => {
    const two = fresh("secret-count-2");
    addSecretEvent(two, liveLookingToken(), { "x-api-key": randomBytes(24).toString("base64url") });
    const result = await run(two, "push", "--yes");
    expect(codesIn(result.stderr)).toEqual(["DT6003"]);
    expect(result.stderr.match(/^ {2}payments:payout-sent: sample\.headers/gm)).toHaveLength(2);
    expect(result.stderr).toMatch(/Nothing was pushed: 2 sample values look like /);

    const one = fresh("secret-count-1");
    addSecretEvent(one, liveLookingToken());
    expect((await run(one, "push", "--yes")).stderr).toMatch(/Nothing was pushed: 1 sample value looks like /);
  });

  it("push --allow-secrets pushes the sample as declared", async () => {
    const project = fresh("secret-allowed");
    const token = liveLookingToken();
    addSecretEvent(project, token);
    const result = await run(project, "push", "--yes", "--allow-secrets");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("✔ 6 applied, 0 failed.");
    const payout = workspace(project).find((e) => e.tag === "payments:payout-sent");
    expect(payout?.sample["headers"]).toEqual({ "content-type": "application/json", authorization: `Bearer ${token}` });
  });
});

describe("credentials only in examples", () => {
  it("are warned about, but do not stop push: examples are never sent", async () => {
    const project = fresh("secret-examples");
    const token = liveLookingToken();
    const clean = {
      headers: { "content-type": "application/json", authorization: "Bearer <token>" },
      query: {},
      body: { event: "payout.sent", data: { id: "po_0001", amount: 12000 } },
      params: {},
    };
    project.write(
      "events/payments/payout-sent.event.ts",
      `import { defineEvent } from "ductape-events";\n\nexport default defineEvent(${JSON.stringify(
        {
          name: "Payout Sent",
          tag: "payments:payout-sent",
          description: "Money left for the merchant's bank.",
          sample: clean,
          examples: [{ ...clean, headers: { ...clean.headers, authorization: `Bearer ${token}` } }],
        },
        null,
        2,
      )});\n`,
    );
    const build = await run(project, "build");
    expect(build.code).toBe(0);
    expect(diagnosticHeads(build.stderr).filter((h) => h.includes("DT4104"))).toEqual([
      expect.stringContaining("examples[0].headers.authorization"),
    ]);

    const push = await run(project, "push", "--yes");
    expect(codesIn(push.stderr)).toEqual([]);
    expect(push.code, push.stderr).toBe(0);
    const created = writes(project).find((c) => subject(c) === "payments:payout-sent");
    expect(JSON.stringify(created?.args)).not.toContain(token);
  });
});

// ---- 8. config and definition problems ---------------------------------------------------------

describe("problems before any call", () => {
  it("no remote in the config: DT1008, exit 2", async () => {
    const project = fresh("no-remote");
    writeConfig(project, "{ sync: { retryDelayMs: 1 } }");
    for (const args of [["plan"], ["push", "--yes"]]) {
      const result = await run(project, ...args);
      expect(result.code).toBe(2);
      expect(codesIn(result.stderr)).toEqual(["DT1008"]);
    }
    expect(calls(project)).toEqual([]);
  });

  it("a remote without the four methods: DT1009 naming the missing ones, exit 2", async () => {
    const project = fresh("remote-incomplete");
    writeConfig(project, "{ remote: () => ({ create: async () => undefined, fetch: 1 }) }");
    const result = await run(project, "plan");
    expect(result.code).toBe(2);
    expect(diagnosticHeads(result.stderr)).toEqual([
      "ductape-events - error DT1009: The config's remote() returned an object without update, fetchAll, fetch.",
    ]);
  });

  it("a remote that throws (no credentials): DT1009 with its message, exit 2", async () => {
    const project = fresh("remote-throws");
    writeConfig(
      project,
      '{ remote: async () => { throw new Error("DUCTAPE_TOKEN is not set"); }, sync: { retryDelayMs: 1 } }',
    );
    const result = await run(project, "push", "--yes");
    expect(result.code).toBe(2);
    expect(diagnosticHeads(result.stderr)).toEqual([
      "ductape-events - error DT1009: The config's remote() threw: DUCTAPE_TOKEN is not set.",
    ]);
  });

  it("a remote that cannot reach the platform: DT1009 with the reason fetch keeps in its cause, exit 4", async () => {
    const project = fresh("remote-refused");
    const refused =
      'new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:443"), { code: "ECONNREFUSED" }) })';
    writeConfig(project, `{ remote: async () => { throw ${refused}; } }`);
    const result = await run(project, "plan");
    expect(result.code).toBe(4);
    expect(diagnosticHeads(result.stderr)).toEqual([
      "ductape-events - error DT1009: The config's remote() threw: fetch failed: connect ECONNREFUSED 127.0.0.1:443.",
    ]);
    expect((await run(project, "push", "--yes")).code).toBe(4);
  });

  it("a remote that imports the SDK lazily (import() in the config) works, and leaves no temporary module behind", async () => {
    const project = fresh("remote-lazy");
    project.write(
      "ductape.config.ts",
      'import { defineConfig } from "ductape-events";\n\nexport default defineConfig({\n  remote: async () => (await import("./remote/fake.js")).fakeEvents(),\n  sync: { retryDelayMs: 1 },\n});\n',
    );
    const result = await run(project, "plan");
    expect(result.code, result.stderr).toBe(1);
    expect(Object.values(actions(result.stdout))).toEqual(TAGS.map(() => "create"));
    const left = readdirSync(project.dir, { recursive: true, encoding: "utf8" }).filter((p) => p.endsWith(".mjs"));
    expect(left).toEqual([]);
  });

  it("Ctrl-C during a plan whose remote was imported lazily leaves no temporary module behind", async () => {
    const project = fresh("remote-lazy-interrupted");
    project.write(
      "ductape.config.ts",
      'import { defineConfig } from "ductape-events";\n\nexport default defineConfig({\n  remote: async () => (await import("./remote/fake.js")).fakeEvents(),\n});\n',
    );
    inject(project, { "fetchAll:orders": [{ hang: true, permanent: true }] });
    const child = spawn(process.execPath, [CLI, "plan"], { cwd: project.dir, stdio: "ignore" });
    const temporary = () =>
      readdirSync(project.dir, { recursive: true, encoding: "utf8" }).filter((p) => p.endsWith(".mjs"));
    // Interrupted once it waits on the platform: the config (and the fake) are loaded by then.
    await waitFor("plan to wait on the platform", () => callList(project).length > 0 && temporary().length > 0, {
      timeoutMs: 20_000,
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once("exit", (_code, signal) => resolve(signal)),
    );
    child.kill("SIGINT");
    expect(await exited).toBe("SIGINT");
    expect(temporary()).toEqual([]);
  });

  it("an async remote works like a plain one", async () => {
    const project = fresh("remote-async");
    writeConfig(project, "{ remote: async () => fakeEvents(), sync: { retryDelayMs: 1 } }");
    const result = await run(project, "plan");
    expect(result.code, result.stderr).toBe(1);
    expect(Object.values(actions(result.stdout))).toEqual(TAGS.map(() => "create"));
  });

  it.each([
    ["remote is not a function", '{ remote: "https://api.ductape.app" }', "DT1005"],
    ["sync.concurrency is 0", "{ remote: () => fakeEvents(), sync: { concurrency: 0 } }", "DT1005"],
    ["sync has an unknown key", "{ remote: () => fakeEvents(), sync: { retry: 2 } }", "DT1004"],
  ])("%s: %s, exit 2, no call", async (_, body, code) => {
    const project = fresh("config-invalid");
    writeConfig(project, body);
    const result = await run(project, "plan");
    expect(result.code).toBe(2);
    expect(codesIn(result.stderr)).toEqual([code]);
    expect(calls(project)).toEqual([]);
  });

  it("definition errors: plan and push refuse (exit 1) and call nothing", async () => {
    const project = fresh("definition-errors");
    edit(project, "events/orders/order-shipped.event.ts", 'tag: "orders:order-shipped"', 'tag: "orders:order-created"');
    for (const args of [["plan"], ["push", "--yes"], ["push", "--dry-run"]]) {
      const result = await run(project, ...args);
      expect(result.code).toBe(1);
      expect(codesIn(result.stderr).length).toBeGreaterThan(0);
      expect(result.stderr).toContain("nothing was compared with the platform");
      expect(result.stdout).toBe("");
    }
    expect(calls(project)).toEqual([]);
    expect(project.exists("remote/calls.jsonl")).toBe(false);
  });

  it("--strict makes warnings refuse like errors", async () => {
    const project = fresh("strict");
    edit(project, "events/orders/order-shipped.event.ts", 'carrier: "dhl"', "carrier: null");
    const loose = await run(project, "plan");
    expect(loose.code).toBe(1);
    expect(Object.values(actions(loose.stdout))).toHaveLength(5);
    clearCalls(project);
    const strict = await run(project, "plan", "--strict");
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain("nothing was compared with the platform");
    expect(calls(project)).toEqual([]);
  });
});

// ---- the two generations of the platform's API ---------------------------------------------------

describe('the newer API generation (sync.api: "selectors")', () => {
  const PAYMENTS = TAGS.filter((tag) => tag.startsWith("payments:"));

  /** A project whose config and fake workspace speak the given generations. */
  function generations(
    name: string,
    config: "classic" | "selectors",
    workspaceApi: "classic" | "selectors",
    events?: string,
  ) {
    const project = fresh(name);
    const sync = config === "selectors" ? '{ api: "selectors", retryDelayMs: 1 }' : "{ retryDelayMs: 1 }";
    writeConfig(
      project,
      `{ ${events === undefined ? "" : `events: ${JSON.stringify(events)}, `}remote: () => fakeEvents(), sync: ${sync} }`,
    );
    project.write("remote/options.json", `${JSON.stringify({ api: workspaceApi })}\n`);
    return project;
  }

  it("plan stops before any call on events without a body selector (DT6005, DT6006), exit 1", async () => {
    const project = generations("selectors-missing", "selectors", "selectors");
    project.write(
      "events/github/push.event.ts",
      [
        'import { defineEvent } from "ductape-events";',
        "",
        "export default defineEvent({",
        '  name: "Push",',
        '  tag: "github:push",',
        '  description: "Commits were pushed.",',
        '  sample: { headers: { "x-github-event": "push" }, query: {}, body: { ref: "refs/heads/main" }, params: {} },',
        "  selector: 'headers[\"x-github-event\"]',",
        "});",
        "",
      ].join("\n"),
    );
    for (const args of [["plan"], ["push", "--yes"]]) {
      const result = await run(project, ...args);
      expect(result.code, result.stderr).toBe(1);
      expect(codesIn(result.stderr)).toEqual(["DT6006", "DT6005", "DT6005"]);
      expect(result.stderr).toContain('"orders:order-created" declares no selector');
      expect(result.stderr).toContain("events/orders/order-created.event.ts");
      expect(result.stderr).toContain("events/github/push.event.ts:8:13 - error DT6006");
      expect(result.stderr).toContain("selects in headers, and the platform selects in the body only");
      expect(result.stdout).toBe("");
    }
    expect(project.exists("remote/calls.jsonl")).toBe(false);
  });

  it("push creates each event with its $Event{...} selector and value; then plan is in sync", async () => {
    const project = generations("selectors-create", "selectors", "selectors", "events/payments/**/*.event.ts");
    const result = await run(project, "push", "--yes");
    expect(result.code, result.stderr).toBe(0);
    const created = writes(project).map(
      (c) => c.args[0] as StoredEvent & { selector?: string; selectorValue?: unknown },
    );
    expect(created.map((e) => [e.tag, e.selector, e.selectorValue]).sort()).toEqual([
      ["payments:charge-failed", "$Event{event}", "charge.failed"],
      ["payments:charge-succeeded", "$Event{event}", "charge.succeeded"],
      ["payments:refund-issued", "$Event{event}", "refund.issued"],
    ]);
    expect(
      workspace(project)
        .map((e) => e.tag)
        .sort(),
    ).toEqual(PAYMENTS);
    clearCalls(project);
    const plan = await run(project, "plan");
    expect(plan.code, plan.stdout).toBe(0);
    expect(summaryLine(plan.stdout)).toBe("0 to create, 0 to update, 3 unchanged, 0 only on the platform.");
  });

  it("plan shows, and push sends, a selector that differs from the workspace's", async () => {
    const project = generations("selectors-update", "selectors", "selectors", "events/payments/**/*.event.ts");
    expect((await run(project, "push", "--yes")).code).toBe(0);
    const state = workspace(project).map((e) =>
      e.tag === "payments:charge-failed" ? { ...e, selector: "$Event{type}" } : e,
    );
    seed(project, state);
    clearCalls(project);
    const plan = await run(project, "plan");
    expect(plan.code).toBe(1);
    const line = planLines(plan.stdout).get("payments:charge-failed");
    expect([line?.action, line?.rest, line?.detail]).toEqual([
      "update",
      "changes selector",
      ['selector: "$Event{type}" -> "$Event{event}"'],
    ]);
    const push = await run(project, "push", "--yes");
    expect(push.code, push.stderr).toBe(0);
    expect(writes(project).map((c) => [c.method, ...c.args])).toEqual([
      ["update", "payments:charge-failed", { selector: "$Event{event}" }],
    ]);
    expect(workspace(project).find((e) => e.tag === "payments:charge-failed")).toMatchObject({
      selector: "$Event{event}",
      selectorValue: "charge.failed",
    });
  });

  it("by default (classic) no selector is sent: a newer-generation workspace refuses every create, and DT6004 says none was pushed", async () => {
    const project = generations("selectors-refused", "classic", "selectors");
    const result = await run(project, "push", "--yes");
    expect(result.code).toBe(4);
    expect(codesIn(result.stderr)).toEqual(TAGS.map(() => "DT6004"));
    const created = writes(project);
    expect(created).toHaveLength(5);
    for (const call of created) {
      expect(Object.keys(call.args[0] as object).sort()).toEqual(["description", "name", "sample", "tag"]);
      expect(call.outcome).toBe("error: selector is required, written $Event{path.in.body}");
    }
    expect(result.stderr).toContain("No event was pushed: all 5 calls failed.");
    // Once, not after each of the five failures.
    expect(result.stderr.match(/No event was pushed/g)).toHaveLength(1);
    expect(result.stderr).not.toContain("The other events were still pushed");
    expect(workspace(project)).toEqual([]);
  });
});

// ---- 9. push --dry-run is plan -------------------------------------------------------------------

describe("push --dry-run", () => {
  const scenarios: [string, number, (project: Project) => Promise<void>][] = [
    ["an empty workspace", 1, async () => undefined],
    ["a workspace in sync", 0, pushAll],
    [
      "a pending update",
      1,
      async (project) => {
        await pushAll(project);
        edit(project, "events/payments/charge-succeeded.event.ts", "amount: 1999,", "amount: 1,");
      },
    ],
  ];

  it.each(scenarios)("prints what plan prints and exits as plan does, pushing nothing: %s", async (_, code, setUp) => {
    const project = fresh("dry-run");
    await setUp(project);
    clearCalls(project);
    const state = project.exists("remote/state.json") ? project.read("remote/state.json") : undefined;
    for (const json of [[], ["--json"]]) {
      const plan = await run(project, "plan", ...json);
      const dry = await run(project, "push", "--dry-run", ...json);
      expect(plan.code).toBe(code);
      expect({ code: dry.code, stdout: dry.stdout, stderr: dry.stderr }).toEqual({
        code: plan.code,
        stdout: plan.stdout,
        stderr: plan.stderr,
      });
    }
    expect(writes(project)).toEqual([]);
    expect(project.exists("remote/state.json") ? project.read("remote/state.json") : undefined).toBe(state);
  });
});

// ---- on a terminal ---------------------------------------------------------------------------

describe.skipIf(!CAN_RUN_ON_TERMINAL)("push on a terminal", () => {
  const onTerminal = (project: Project, args: string[], input: string): Promise<RunResult> =>
    runCliOnTerminal(project.dir, args, input, { timeoutMs: 30_000 }).then((result) => {
      allRuns.push({ label: `${project.dir} (terminal) ${args.join(" ")}`, result });
      return result;
    });

  it("shows the plan and asks; any answer but yes pushes nothing", async () => {
    const project = fresh("tty-no");
    for (const answer of ["n\n", "\n", "maybe\n"]) {
      const result = await onTerminal(project, ["push"], answer);
      expect(result.code, result.stdout).toBe(0);
      expect(result.stdout).toContain("5 to create, 0 to update, 0 unchanged, 0 only on the platform.");
      expect(result.stdout).toContain("Push 5 changes to the workspace? [y/N]");
      expect(result.stdout).toContain("Nothing was pushed.");
      expect(writes(project)).toEqual([]);
    }
  });

  it("pushes when the answer is yes", async () => {
    const project = fresh("tty-yes");
    const result = await onTerminal(project, ["push"], "y\n");
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toContain("Push 5 changes to the workspace? [y/N]");
    expect(result.stdout).toContain("✔ 5 applied, 0 failed.");
    expect(
      workspace(project)
        .map((e) => e.tag)
        .sort(),
    ).toEqual(TAGS);
  });

  it("does not ask with --yes", async () => {
    const project = fresh("tty-yes-flag");
    const result = await onTerminal(project, ["push", "--yes"], "");
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).not.toContain("[y/N]");
    expect(writes(project)).toHaveLength(5);
  });
});

// ---- always ------------------------------------------------------------------------------------

describe("every run of this file", () => {
  it("printed no stack trace", () => {
    expect(allRuns.length).toBeGreaterThan(20);
    for (const { label, result } of allRuns) {
      expect(`${label}\n${result.stderr}`).not.toMatch(STACK_FRAME);
      expect(`${label}\n${result.stdout}`).not.toMatch(STACK_FRAME);
    }
  });
});
