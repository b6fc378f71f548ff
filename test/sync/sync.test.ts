import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { SyncApi, SyncSettings } from "../../src/config/index.js";
import type { ManifestEvent } from "../../src/emit/index.js";
import type { JsonObject } from "../../src/util/json.js";
import {
  missingMethods,
  readRemoteEvents,
  type RemoteEvent,
  type WebhookEventInput,
  type WebhookEventPatch,
  type WebhookEventsApi,
} from "../../src/sync/api.js";
import { formatPlan } from "../../src/cli/plan.js";
import { applyPlan, connect, fetchRemote } from "../../src/sync/index.js";
import { selectorFieldsFor, selectorLocator } from "../../src/sync/generation.js";
import { samePlatformSelector } from "../../src/sync/platform-selector.js";
import { canonical, countActions, planSync, type PlanEntry, type SyncedField } from "../../src/sync/plan.js";
import {
  CallTimeout,
  errorMessage,
  isOutage,
  isTransient,
  mapLimited,
  MAX_RETRY_AFTER_MS,
  retryAfterMs,
  RetryAfterTooLong,
  retryWait,
  settle,
  statusOf,
  withRetry,
  type RetryPolicy,
} from "../../src/sync/retry.js";
import { reverseKeys } from "../helpers/json.js";

/**
 * Unit tests of src/sync: comparing declared and remote events (planSync, canonical), reading
 * what the platform returns (readRemoteEvents), retries (withRetry, isTransient, statusOf),
 * bounded concurrency (mapLimited), and connect / fetchRemote / applyPlan against an in-memory
 * implementation of the events API. The same behaviour through the real CLI and a persisted
 * fake is in sync.e2e.test.ts.
 */

// ---- helpers ---------------------------------------------------------------------------------

function sample(body: JsonObject = { id: "x_1" }, headers: JsonObject = {}): JsonObject {
  return { headers, query: {}, body, params: {} };
}

/** A manifest event as the build gives it; only tag, name, description, sample and selector matter here. */
function declared(
  tag: string,
  fields: Partial<Pick<ManifestEvent, "name" | "description" | "sample" | "selector">> = {},
) {
  const [webhook = "", event = ""] = tag.split(":");
  const out: ManifestEvent = {
    tag,
    webhook,
    event,
    name: fields.name ?? `Name of ${tag}`,
    description: fields.description ?? `Description of ${tag}`,
    sample: fields.sample ?? sample(),
    ...(fields.selector === undefined ? {} : { selector: fields.selector }),
    schema: { type: "object", properties: {}, required: [], additionalProperties: false },
    source: `events/${webhook}/${event}.event.ts`,
  };
  return out;
}

/** The remote copy of a declared event, with some fields replaced. */
function remoteOf(event: ManifestEvent, fields: Partial<Omit<RemoteEvent, "tag">> = {}): RemoteEvent {
  return { tag: event.tag, name: event.name, description: event.description, sample: event.sample, ...fields };
}

/** The remote map planSync takes: events grouped by webhook. */
function byWebhook(events: readonly RemoteEvent[]): Map<string, readonly RemoteEvent[]> {
  const map = new Map<string, RemoteEvent[]>();
  for (const event of events) {
    const webhook = event.tag.split(":")[0]!;
    map.set(webhook, [...(map.get(webhook) ?? []), event]);
  }
  return map;
}

/** An error like the SDK's HTTP errors. */
function httpError(status: number, message = `Request failed with status ${status}`): Error {
  return Object.assign(new Error(message), { status });
}

/** A network failure: an error without any status. */
function networkError(): Error {
  return new TypeError("fetch failed");
}

/** A JSON value as plain objects (fast-check's dictionaries may have no prototype). */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

/** A deterministic shuffle (mulberry32), so fast-check can shrink and replay. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The same JSON value with the keys of every object in another order (`__proto__` kept as a key). */
function permuteKeys(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((item, i) => permuteKeys(item, seed + i + 1));
  if (typeof value !== "object" || value === null) return value;
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [i, key] of shuffled(Object.keys(record), seed).entries()) {
    Object.defineProperty(out, key, {
      value: permuteKeys(record[key], seed * 31 + i),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

const SETTINGS: SyncSettings = { api: "classic", concurrency: 4, retries: 3, retryDelayMs: 1, timeoutMs: 5_000 };

interface Call {
  readonly method: "create" | "update" | "fetchAll" | "fetch";
  readonly args: readonly unknown[];
}

/**
 * The events API in memory: a store by tag, a log of calls, failures to inject per
 * `<method>:<first argument>` (a list used one per call; `permanent` entries stay), a latency
 * per call and the highest number of calls in flight at once.
 */
class MemoryEvents implements WebhookEventsApi {
  /** The API generation it speaks: "classic" takes the four documented fields only; "selectors" requires a selector on create. */
  constructor(readonly api: SyncApi = "classic") {}
  readonly store = new Map<string, WebhookEventInput>();
  readonly calls: Call[] = [];
  readonly faults = new Map<string, { error: Error | "hang"; permanent?: boolean }[]>();
  fetchAllResult: ((webhook: string) => unknown) | undefined;
  latencyMs = 1;
  inFlight = 0;
  maxInFlight = 0;

  /** Stores a declared event as the platform would have it, with some fields replaced. */
  put(
    event: ManifestEvent,
    fields: Partial<Pick<WebhookEventInput, "name" | "description" | "selector" | "selectorValue">> = {},
  ): void {
    const { name, tag, description } = event;
    const sample = structuredClone(event.sample) as unknown as WebhookEventInput["sample"];
    this.store.set(tag, { name, tag, description, sample, ...fields });
  }

  /** `"hang"`: the call never answers. */
  fail(key: string, error: Error | "hang", options: { permanent?: boolean } = {}): this {
    this.faults.set(key, [...(this.faults.get(key) ?? []), { error, ...options }]);
    return this;
  }

  create(event: WebhookEventInput): Promise<unknown> {
    return this.call("create", [event], event.tag, () => {
      const known = this.api === "selectors" ? [...DOCUMENTED_FIELDS, "selector", "selectorValue"] : DOCUMENTED_FIELDS;
      const unknown = Object.keys(event).filter((key) => !known.includes(key));
      if (unknown.length > 0) throw httpError(400, `unknown fields: ${unknown.join(", ")}`);
      if (this.api === "selectors" && typeof event.selector !== "string") throw httpError(400, "selector is required");
      if (this.store.has(event.tag)) throw httpError(409);
      this.store.set(event.tag, structuredClone(event));
      return { id: event.tag };
    });
  }

  update(tag: string, patch: WebhookEventPatch): Promise<unknown> {
    return this.call("update", [tag, patch], tag, () => {
      const current = this.store.get(tag);
      if (current === undefined) throw httpError(404);
      const known =
        this.api === "selectors"
          ? ["name", "description", "sample", "selector", "selectorValue"]
          : ["name", "description", "sample"];
      const unknown = Object.keys(patch).filter((key) => !known.includes(key));
      if (unknown.length > 0) throw httpError(400, `fields that cannot be updated: ${unknown.join(", ")}`);
      this.store.set(tag, { ...current, ...structuredClone(patch) });
      return { id: tag };
    });
  }

  fetchAll(webhookTag: string): Promise<unknown> {
    return this.call("fetchAll", [webhookTag], webhookTag, () =>
      this.fetchAllResult !== undefined
        ? this.fetchAllResult(webhookTag)
        : [...this.store.values()].filter((e) => e.tag.startsWith(`${webhookTag}:`)),
    );
  }

  fetch(tag: string): Promise<unknown> {
    return this.call("fetch", [tag], tag, () => this.store.get(tag));
  }

  private async call(method: Call["method"], args: unknown[], key: string, run: () => unknown): Promise<unknown> {
    this.calls.push({ method, args: structuredClone(args) });
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
      const list = this.faults.get(`${method}:${key}`);
      const fault = list?.[0];
      if (fault !== undefined) {
        if (fault.permanent !== true) list!.shift();
        if (fault.error === "hang") return await new Promise(() => undefined);
        throw fault.error;
      }
      return run();
    } finally {
      this.inFlight--;
    }
  }

  callsOf(method: Call["method"], key?: string): Call[] {
    return this.calls.filter((c) => c.method === method && (key === undefined || keyOf(c) === key));
  }
}

const DOCUMENTED_FIELDS = ["name", "tag", "description", "sample"];

/** The first argument of a call, or the tag of the event a create was given. */
function keyOf(call: Call): unknown {
  const first = call.args[0];
  return call.method === "create" ? (first as WebhookEventInput).tag : first;
}

afterEach(() => {
  vi.useRealTimers();
});

// ---- planSync --------------------------------------------------------------------------------

describe("planSync", () => {
  const charge = declared("payments:charge-succeeded", { sample: sample({ event: "charge", amount: 10 }) });
  const refund = declared("payments:refund-issued");
  const order = declared("orders:order-created", { sample: sample({ id: "o_1", items: [{ sku: "a" }] }) });

  it("creates what the platform lacks, with exactly the four synced fields", () => {
    const entries = planSync([charge], new Map());
    expect(entries).toEqual([
      {
        action: "create",
        tag: charge.tag,
        event: { name: charge.name, tag: charge.tag, description: charge.description, sample: charge.sample },
      },
    ]);
    const entry = entries[0]!;
    expect(entry.action === "create" && Object.keys(entry.event).sort()).toEqual(
      ["description", "name", "sample", "tag"].sort(),
    );
  });

  it("leaves an identical event unchanged, and reports remote-only events without touching them", () => {
    const archived: RemoteEvent = { tag: "orders:order-archived", name: "Archived", description: "x", sample: {} };
    const entries = planSync([order], byWebhook([remoteOf(order), archived]));
    expect(entries).toEqual([
      { action: "remote-only", tag: "orders:order-archived", name: "Archived" },
      { action: "unchanged", tag: order.tag },
    ]);
  });

  it("puts only the changed fields in an update's patch", () => {
    const entries = planSync(
      [charge, refund, order],
      byWebhook([
        remoteOf(charge, { description: "old words" }),
        remoteOf(refund, { name: "Old name", description: "old words" }),
        remoteOf(order, { sample: sample({ id: "o_1", items: [{ sku: "b" }] }) }),
      ]),
    );
    expect(entries.map((e) => (e.action === "update" ? [e.tag, e.changed, e.patch, e.before] : e.action))).toEqual([
      [order.tag, ["sample"], { sample: order.sample }, {}],
      [charge.tag, ["description"], { description: charge.description }, { description: "old words" }],
      [
        refund.tag,
        ["name", "description"],
        { name: refund.name, description: refund.description },
        { name: "Old name", description: "old words" },
      ],
    ]);
  });

  it("diffs the sample (remote -> declared) only when the sample changed", () => {
    const entries = planSync(
      [charge, refund],
      byWebhook([
        remoteOf(charge, { sample: sample({ event: "charge", amount: 99 }) }),
        remoteOf(refund, { description: "old" }),
      ]),
    );
    const [chargeEntry, refundEntry] = entries;
    expect(chargeEntry?.action === "update" && chargeEntry.sampleDiff).toMatch(/^-\s+"amount": 99,?$/m);
    expect(chargeEntry?.action === "update" && chargeEntry.sampleDiff).toMatch(/^\+\s+"amount": 10,?$/m);
    expect(refundEntry?.action === "update" && refundEntry.sampleDiff).toBeUndefined();
  });

  it("ignores key order at every depth, but not the order of array elements", () => {
    const reordered = remoteOf(order, { sample: reverseKeys(order.sample) });
    expect(JSON.stringify(reordered.sample)).not.toBe(JSON.stringify(order.sample));
    expect(planSync([order], byWebhook([reordered]))[0]?.action).toBe("unchanged");

    const items = sample({ id: "o_1", items: [{ sku: "a" }, { sku: "b" }] });
    const swapped = sample({ id: "o_1", items: [{ sku: "b" }, { sku: "a" }] });
    const withItems = declared(order.tag, { sample: items });
    expect(planSync([withItems], byWebhook([remoteOf(withItems, { sample: swapped })]))[0]).toMatchObject({
      action: "update",
      changed: ["sample"],
    });
  });

  it("treats a field the platform did not return as changed", () => {
    const entries = planSync([charge], byWebhook([remoteOf(charge, { name: undefined })]));
    expect(entries[0]).toMatchObject({ action: "update", changed: ["name"], patch: { name: charge.name } });
    // The plan shows what the platform holds now, here nothing, and the declared text.
    expect(formatPlan(entries).split("\n")[1]).toBe(`              name: (none) -> ${JSON.stringify(charge.name)}`);
  });

  it("sorts entries by tag, whatever order they come in", () => {
    const tags = ["b:z", "a:y", "b:a", "a:b-c", "a:b"];
    const entries = planSync(
      tags.slice(0, 3).map((t) => declared(t)),
      byWebhook(tags.slice(2).map((t) => remoteOf(declared(t)))),
    );
    expect(entries.map((e) => `${e.action} ${e.tag}`)).toEqual([
      "remote-only a:b",
      "remote-only a:b-c",
      "create a:y",
      "unchanged b:a",
      "create b:z",
    ]);
  });

  it("agrees with a deep-equality oracle on random declared and remote events", () => {
    const tag = fc.constantFrom("a:one", "a:two", "a:three", "b:one", "b:two", "c:one");
    const body = fc.dictionary(
      fc.constantFrom("id", "n", "ok", "tags"),
      fc.oneof(fc.integer(), fc.string(), fc.boolean()),
      {
        maxKeys: 4,
      },
    );
    const text = fc.constantFrom("x", "y");
    const declaredArb = fc.uniqueArray(fc.record({ tag, name: text, description: text, body }), {
      selector: (e) => e.tag,
      maxLength: 6,
    });
    const remoteArb = fc.uniqueArray(
      fc.record({ tag, name: fc.option(text, { nil: undefined }), description: text, body, seed: fc.nat() }),
      { selector: (e) => e.tag, maxLength: 6 },
    );
    fc.assert(
      fc.property(declaredArb, remoteArb, fc.boolean(), (mine, theirs, copyFirst) => {
        const events = mine.map((e) =>
          declared(e.tag, { name: e.name, description: e.description, sample: sample(e.body) }),
        );
        const remote: RemoteEvent[] = theirs.map((r) => ({
          tag: r.tag,
          name: r.name,
          description: r.description,
          sample: permuteKeys(sample(r.body), r.seed),
        }));
        // Make some remote events exact copies (in another key order), so "unchanged" is common.
        if (copyFirst && events[0] !== undefined) {
          const i = remote.findIndex((r) => r.tag === events[0]!.tag);
          const copy = { ...remoteOf(events[0]), sample: reverseKeys(events[0].sample) };
          if (i >= 0) remote[i] = copy;
          else remote.push(copy);
        }
        const entries = planSync(events, byWebhook(remote));

        const tags = entries.map((e) => e.tag);
        expect(tags).toEqual([...new Set([...events.map((e) => e.tag), ...remote.map((r) => r.tag)])].sort());
        for (const entry of entries) {
          const mineEvent = events.find((e) => e.tag === entry.tag);
          const theirEvent = remote.find((r) => r.tag === entry.tag);
          if (mineEvent === undefined) {
            expect(entry).toEqual({ action: "remote-only", tag: entry.tag, name: theirEvent!.name });
            continue;
          }
          if (theirEvent === undefined) {
            expect(entry.action).toBe("create");
            continue;
          }
          const changed = [
            mineEvent.name !== theirEvent.name ? "name" : undefined,
            mineEvent.description !== theirEvent.description ? "description" : undefined,
            isDeepStrictEqual(plain(mineEvent.sample), plain(theirEvent.sample)) ? undefined : "sample",
          ].filter((f): f is Exclude<SyncedField, "selector" | "selectorValue"> => f !== undefined);
          if (changed.length === 0) expect(entry).toEqual({ action: "unchanged", tag: entry.tag });
          else {
            expect(entry.action).toBe("update");
            if (entry.action !== "update") continue;
            expect(entry.changed).toEqual(changed);
            expect(Object.keys(entry.patch)).toEqual(changed);
            for (const field of changed) expect(entry.patch[field]).toEqual(mineEvent[field]);
          }
        }
        const counts = countActions(entries);
        expect(counts.create + counts.update + counts.unchanged + counts["remote-only"]).toBe(entries.length);
      }),
      { numRuns: 300 },
    );
  });
});

// ---- the two API generations ----------------------------------------------------------------

describe("platform selectors ($Event{...})", () => {
  it("reads a platform selector back, and compares selectors by the path they name", () => {
    // Text the notation cannot read is compared as it is.
    for (const text of ["$Event{}", "$Event{a..b}", "${event}", "$Event{a}{b}"]) {
      expect(samePlatformSelector(text, "$Event{event}"), text).toBe(false);
      expect(samePlatformSelector(text, text), text).toBe(true);
    }
    expect(samePlatformSelector("$Event{ data.object }", "$Event{data.object}")).toBe(true);
    expect(samePlatformSelector("$Event{data}", "$Event{data.object}")).toBe(false);
    expect(samePlatformSelector(undefined, "$Event{event}")).toBe(false);
    expect(samePlatformSelector(42, "$Event{event}")).toBe(false);
    expect(samePlatformSelector("event", "event")).toBe(true);
  });
});

describe("selectorFieldsFor", () => {
  const where = (event: ManifestEvent) => ({
    file: `/p/${event.source}`,
    start: { line: 1, column: 1 },
    end: { line: 1, column: 1 },
  });
  const typed = declared("stripe:charge", {
    sample: sample({ type: "charge.ok", data: { n: 3 } }),
    selector: "body.type",
  });
  const numbered = declared("stripe:n", { sample: sample({ data: { n: 3 } }), selector: "body.data.n" });
  const bare = declared("github:push");
  const byHeader = declared("github:issue", {
    sample: sample({}, { "x-github-event": "issues" }),
    selector: 'headers["x-github-event"]',
  });

  it('sends nothing about selectors on the documented API ("classic"), whatever the events declare', () => {
    expect(selectorFieldsFor([typed, bare, byHeader], "classic", where)).toEqual({
      fields: undefined,
      diagnostics: [],
    });
  });

  it('gives each event its $Event{...} selector and the sample\'s value there on the "selectors" API', () => {
    const { fields, diagnostics } = selectorFieldsFor([typed, numbered], "selectors", where);
    expect(diagnostics).toEqual([]);
    expect(fields).toEqual(
      new Map([
        ["stripe:charge", { selector: "$Event{type}", selectorValue: "charge.ok" }],
        ["stripe:n", { selector: "$Event{data.n}", selectorValue: 3 }],
      ]),
    );
  });

  it("reports every event without a selector (DT6005) or with one outside the body (DT6006), at its place", () => {
    const { diagnostics } = selectorFieldsFor([typed, bare, byHeader], "selectors", where);
    expect(diagnostics.map((d) => `${d.code} ${d.span?.file} ${d.message}`)).toEqual([
      `DT6005 /p/${bare.source} "github:push" declares no selector, and the workspace's API (sync.api "selectors") requires one for every event; nothing was sent.`,
      `DT6006 /p/${byHeader.source} The selector "headers[\\"x-github-event\\"]" of "github:issue" selects in headers, and the platform selects in the body only; the workspace's API (sync.api "selectors") takes a path into the body, written $Event{...}. Nothing was sent.`,
    ]);
    expect(diagnostics.every((d) => d.severity === "error" && d.hint !== undefined)).toBe(true);
  });

  it("selectorLocator points at the definition's selector, or at the definition without one, or at the file", () => {
    const text =
      'import { defineEvent } from "ductape-events";\nexport default defineEvent({\n  sample: { body: { selector: "css" } },\n    selector: "body.type",\n});\n';
    const sources = new Map([
      [`/p/${typed.source}`, text],
      [`/p/${bare.source}`, text.replace('    selector: "body.type",\n', "")],
    ]);
    const locate = selectorLocator("/p", sources);
    // The definition's own selector, not the sample's key of that name.
    expect(locate(typed)).toEqual({
      file: `/p/${typed.source}`,
      start: { line: 4, column: 15 },
      end: { line: 4, column: 26 },
    });
    expect([locate(bare).start, locate(bare).end]).toEqual([
      { line: 2, column: 28 },
      { line: 4, column: 2 },
    ]);
    expect(locate(numbered)).toEqual({
      file: `/p/${numbered.source}`,
      start: { line: 1, column: 1 },
      end: { line: 1, column: 1 },
    });
  });
});

describe("planSync and applyPlan on the newer API generation", () => {
  const event = declared("stripe:charge", { sample: sample({ type: "charge.ok" }), selector: "body.type" });
  const selectors = new Map([["stripe:charge", { selector: "$Event{type}", selectorValue: "charge.ok" }]]);

  it("creates with the selector and its value", () => {
    expect(planSync([event], new Map(), selectors)).toEqual([
      {
        action: "create",
        tag: event.tag,
        event: {
          name: event.name,
          tag: event.tag,
          description: event.description,
          sample: event.sample,
          selector: "$Event{type}",
          selectorValue: "charge.ok",
        },
      },
    ]);
  });

  it("compares the platform's selector and value with the declared ones, sending each that differs", () => {
    const plan = (fields: Partial<RemoteEvent>) =>
      planSync([event], byWebhook([remoteOf(event, fields)]), selectors)[0];
    expect(plan({ selector: "$Event{ type }", selectorValue: "charge.ok" })).toEqual({
      action: "unchanged",
      tag: event.tag,
    });
    expect(plan({})).toMatchObject({
      action: "update",
      changed: ["selector", "selectorValue"],
      patch: { selector: "$Event{type}", selectorValue: "charge.ok" },
      before: { selector: undefined, selectorValue: undefined },
    });
    expect(plan({ selector: "$Event{type}", selectorValue: "charge.failed" })).toMatchObject({
      changed: ["selectorValue"],
      patch: { selectorValue: "charge.ok" },
    });
    expect(plan({ selector: "$Event{kind}", selectorValue: "charge.ok" })).toMatchObject({
      changed: ["selector"],
      patch: { selector: "$Event{type}" },
      before: { selector: "$Event{kind}" },
    });
    // The documented generation neither sends nor compares them.
    expect(planSync([event], byWebhook([remoteOf(event, { selector: "$Event{kind}" })]))).toEqual([
      { action: "unchanged", tag: event.tag },
    ]);
  });

  it("shows a selector change as old -> new in the plan", () => {
    const entries = planSync([event], byWebhook([remoteOf(event, { selectorValue: "charge.ok" })]), selectors);
    expect(formatPlan(entries)).toContain(
      'update      stripe:charge  changes selector\n              selector: (none) -> "$Event{type}"\n',
    );
  });

  it("a workspace of the newer generation receives the selector on create and on update, then is in sync", async () => {
    const api = new MemoryEvents("selectors");
    const other = declared("stripe:refund", { sample: sample({ type: "refund" }), selector: "body.type" });
    api.put(other, { selector: "$Event{kind}", selectorValue: "refund" });
    const fields = new Map([...selectors, ["stripe:refund", { selector: "$Event{type}", selectorValue: "refund" }]]);
    const entries = planSync([event, other], byWebhook([...api.store.values()]), fields);
    expect((await applyPlan(api, entries, SETTINGS)).every((o) => o.ok)).toBe(true);
    expect(api.calls.map((c) => [c.method, ...c.args])).toEqual(
      expect.arrayContaining([
        [
          "create",
          {
            name: event.name,
            tag: event.tag,
            description: event.description,
            sample: event.sample,
            selector: "$Event{type}",
            selectorValue: "charge.ok",
          },
        ],
        ["update", "stripe:refund", { selector: "$Event{type}" }],
      ]),
    );
    const again = planSync([event, other], byWebhook([...api.store.values()]), fields);
    expect(again.map((e) => e.action)).toEqual(["unchanged", "unchanged"]);
  });

  it("a workspace of the newer generation refuses a create without selector; one of the documented generation refuses selector fields", async () => {
    const newer = new MemoryEvents("selectors");
    const refused = await applyPlan(newer, planSync([event], new Map()), SETTINGS);
    expect(refused.map((o) => o.error?.message)).toEqual([
      'create "stripe:charge" failed: HTTP 400: selector is required',
    ]);
    expect(newer.store.size).toBe(0);
    const documented = new MemoryEvents("classic");
    const rejected = await applyPlan(documented, planSync([event], new Map(), selectors), SETTINGS);
    expect(rejected.map((o) => o.error?.message)).toEqual([
      'create "stripe:charge" failed: HTTP 400: unknown fields: selector, selectorValue',
    ]);
  });
});

describe("canonical", () => {
  it("is the same for any key order of any JSON value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(), (value, seed) => {
        expect(canonical(permuteKeys(value, seed))).toBe(canonical(value));
      }),
      { numRuns: 500 },
    );
  });

  it("loses nothing: parsing it back gives the value (so different values never look the same)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(JSON.parse(canonical(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 300 },
    );
  });

  it("sorts keys, keeps array order, and treats __proto__ as an ordinary key", () => {
    expect(canonical({ b: 1, a: [{ d: 1, c: 2 }, 3] })).toBe('{"a":[{"c":2,"d":1},3],"b":1}');
    expect(canonical(JSON.parse('{"__proto__": {"x": 1}, "a": 1}'))).toBe('{"__proto__":{"x":1},"a":1}');
    expect(canonical([2, 1])).not.toBe(canonical([1, 2]));
    expect(canonical(undefined)).toBe("undefined");
  });
});

// ---- readRemoteEvents, missingMethods ---------------------------------------------------------

describe("readRemoteEvents", () => {
  const item = { tag: "payments:charge", name: "Charge", description: "d", sample: { body: {} }, id: "evt_1" };

  it("reads a plain array and a { data: [...] } envelope alike, keeping only the synced fields", () => {
    const expected = [{ tag: "payments:charge", name: "Charge", description: "d", sample: { body: {} } }];
    expect(readRemoteEvents("payments", [item])).toEqual(expected);
    expect(readRemoteEvents("payments", { data: [item], meta: { page: 1 } })).toEqual(expected);
    expect(readRemoteEvents("payments", [])).toEqual([]);
    expect(readRemoteEvents("payments", { data: [] })).toEqual([]);
  });

  it("completes a tag given without its webhook part", () => {
    expect(readRemoteEvents("payments", [{ ...item, tag: "charge" }])).toEqual([
      expect.objectContaining({ tag: "payments:charge" }),
    ]);
  });

  it("reads a missing or non-string name or description as undefined", () => {
    expect(readRemoteEvents("payments", [{ tag: "charge", name: 42 }])).toEqual([
      { tag: "payments:charge", name: undefined, description: undefined, sample: undefined },
    ]);
  });

  it.each([
    ["a number", 42, "returned 42, not a list of events"],
    ["null", null, "returned null, not a list of events"],
    ["undefined", undefined, "returned undefined, not a list of events"],
    ["an object without data", { events: [] }, 'returned {"events":[]}, not a list of events'],
    ["data that is not a list", { data: "x" }, 'returned {"data":"x"}, not a list of events'],
    ["an item that is not an object", ["charge"], 'returned an item without a tag: "charge"'],
    ["an item without a tag", [{ name: "x" }], 'returned an item without a tag: {"name":"x"}'],
    ["an item whose tag is not a string", [{ tag: 7 }], 'returned an item whose tag is not a string: {"tag":7}'],
  ])("reports %s as a problem naming the call", (_, value, problem) => {
    expect(readRemoteEvents("payments", value)).toEqual({ problem: `fetchAll("payments") ${problem}` });
  });

  it("shortens a long description of what came back", () => {
    const result = readRemoteEvents("payments", { text: "x".repeat(500) });
    expect("problem" in result && result.problem.length).toBeLessThan(150);
    expect("problem" in result && result.problem).toContain("...");
  });
});

describe("missingMethods", () => {
  it("names the methods the object lacks", () => {
    const api = new MemoryEvents();
    expect(missingMethods(api)).toEqual([]);
    expect(missingMethods({ create: () => undefined, fetch: "no" })).toEqual(["update", "fetchAll", "fetch"]);
    expect(missingMethods(null)).toEqual(["create", "update", "fetchAll", "fetch"]);
    expect(missingMethods([])).toEqual(["create", "update", "fetchAll", "fetch"]);
  });
});

// ---- retries ---------------------------------------------------------------------------------

describe("isTransient and statusOf", () => {
  it.each([
    ["a network error (no status)", networkError(), undefined, true],
    ["HTTP 429", httpError(429), 429, true],
    ["HTTP 500", httpError(500), 500, true],
    ["HTTP 503", httpError(503), 503, true],
    ["HTTP 400", httpError(400), 400, false],
    ["HTTP 401", httpError(401), 401, false],
    ["HTTP 404", httpError(404), 404, false],
    ["HTTP 409", httpError(409), 409, false],
    ["statusCode", Object.assign(new Error("x"), { statusCode: 502 }), 502, true],
    ["axios-style response.status", Object.assign(new Error("x"), { response: { status: 422 } }), 422, false],
    ["a thrown string", "boom", undefined, true],
  ])("%s", (_, error, status, transient) => {
    expect(statusOf(error)).toBe(status);
    expect(isTransient(error)).toBe(transient);
  });

  /** What Node's fetch throws when it cannot connect: the reason is in `cause`. */
  const refused = (): Error =>
    new TypeError("fetch failed", {
      cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:443"), { code: "ECONNREFUSED" }),
    });

  it.each([
    ["no answer in time", new CallTimeout(10), true],
    ["HTTP 429", httpError(429), true],
    ["HTTP 502", httpError(502), true],
    ["HTTP 401", httpError(401), false],
    ["a refused connection, behind fetch's cause", refused(), true],
    ["undici's connect timeout", Object.assign(new Error("x"), { code: "UND_ERR_CONNECT_TIMEOUT" }), true],
    ["a DNS failure", Object.assign(new Error("getaddrinfo ENOTFOUND api"), { code: "ENOTFOUND" }), true],
    ["a plain error (no token)", new Error("DUCTAPE_TOKEN is not set"), false],
    ["a bare fetch failure without a cause", networkError(), false],
    ["a thrown string", "boom", false],
  ])("isOutage: %s", (_, error, outage) => {
    expect(isOutage(error)).toBe(outage);
  });

  it("errorMessage adds the causes' messages that say more", () => {
    expect(errorMessage(refused())).toBe("fetch failed: connect ECONNREFUSED 127.0.0.1:443");
    expect(errorMessage(new Error("x", { cause: new Error("x") }))).toBe("x");
    expect(errorMessage("boom")).toBe("boom");
    const loop: Error & { cause?: unknown } = new Error("a");
    loop.cause = loop;
    expect(errorMessage(loop)).toBe("a");
  });
});

describe("withRetry", () => {
  /** A call failing with `errors` in turn, then resolving "done"; counts its attempts. */
  function flaky(errors: readonly unknown[]): { call: () => Promise<string>; attempts: () => number } {
    let attempts = 0;
    return {
      call: async () => {
        const error = errors[attempts++];
        if (error !== undefined) throw error;
        return "done";
      },
      attempts: () => attempts,
    };
  }

  it("returns the first success without retrying", async () => {
    const f = flaky([]);
    await expect(withRetry(f.call, { retries: 3, delayMs: 1 })).resolves.toBe("done");
    expect(f.attempts()).toBe(1);
  });

  it("retries network errors, 429 and 5xx until a call succeeds", async () => {
    const f = flaky([networkError(), httpError(429), httpError(503)]);
    await expect(withRetry(f.call, { retries: 3, delayMs: 1 })).resolves.toBe("done");
    expect(f.attempts()).toBe(4);
  });

  it("never retries a permanent failure, and rethrows that very error", async () => {
    for (const status of [400, 401, 403, 404, 409, 422]) {
      const error = httpError(status);
      const f = flaky([error]);
      await expect(withRetry(f.call, { retries: 3, delayMs: 1 })).rejects.toBe(error);
      expect(f.attempts()).toBe(1);
    }
  });

  it("makes 1 + retries attempts, then throws the last error", async () => {
    for (const retries of [0, 1, 2, 5]) {
      const errors = Array.from({ length: 10 }, (_, i) => httpError(503, `attempt ${i + 1}`));
      const f = flaky(errors);
      await expect(withRetry(f.call, { retries, delayMs: 1 })).rejects.toBe(errors[retries]);
      expect(f.attempts()).toBe(retries + 1);
    }
  });

  it("stops at the first permanent failure among transient ones", async () => {
    const f = flaky([httpError(503), httpError(400), httpError(503)]);
    await expect(withRetry(f.call, { retries: 5, delayMs: 1 })).rejects.toMatchObject({ status: 400 });
    expect(f.attempts()).toBe(2);
  });

  it("waits delayMs before the first retry and doubles the wait each time", async () => {
    vi.useFakeTimers();
    const f = flaky([networkError(), networkError(), networkError()]);
    // random 1: the top of the jitter's range, the whole doubled delay.
    const result = withRetry(f.call, { retries: 3, delayMs: 10, random: () => 1 });
    const settled = result.then(
      (value) => value,
      (error: unknown) => error,
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(f.attempts()).toBe(1);
    for (const [wait, attemptsAfter] of [
      [10, 2],
      [20, 3],
      [40, 4],
    ] as const) {
      await vi.advanceTimersByTimeAsync(wait - 1);
      expect(f.attempts()).toBe(attemptsAfter - 1);
      await vi.advanceTimersByTimeAsync(1);
      expect(f.attempts()).toBe(attemptsAfter);
    }
    expect(await settled).toBe("done");
  });

  /** The attempts made by `advance` ms of fake time after each step; the call fails with `errors` first. */
  async function attemptsOver(errors: readonly unknown[], policy: RetryPolicy, steps: readonly number[]) {
    vi.useFakeTimers();
    const f = flaky(errors);
    const settled = withRetry(f.call, policy).catch((error: unknown) => error);
    const seen: number[] = [];
    await vi.advanceTimersByTimeAsync(0);
    for (const step of steps) {
      await vi.advanceTimersByTimeAsync(step);
      seen.push(f.attempts());
    }
    await vi.runAllTimersAsync();
    await settled;
    return seen;
  }

  it("jitters each wait between half of the doubled delay and all of it, as the random source says", async () => {
    const errors = [networkError(), networkError(), networkError()];
    // random 0: half the delay (5, 10, 20 ms after each failure).
    expect(await attemptsOver(errors, { retries: 3, delayMs: 10, random: () => 0 }, [4, 1, 9, 1, 19, 1])).toEqual([
      1, 2, 2, 3, 3, 4,
    ]);
    // random 0.5: three quarters (8, 15, 30 ms, rounded).
    expect(await attemptsOver(errors, { retries: 3, delayMs: 10, random: () => 0.5 }, [7, 1, 14, 1, 29, 1])).toEqual([
      1, 2, 2, 3, 3, 4,
    ]);
  });

  it("retryWait: backoff with equal jitter, out-of-range random values clamped", () => {
    const error = httpError(500);
    expect(
      [0, 1, 2].map((attempt) => retryWait(error, attempt, { retries: 3, delayMs: 100, random: () => 0 })),
    ).toEqual([50, 100, 200]);
    expect(retryWait(error, 0, { retries: 3, delayMs: 100, random: () => 7 })).toBe(100);
    expect(retryWait(error, 0, { retries: 3, delayMs: 100, random: () => -1 })).toBe(50);
  });

  it("waits as long as a 429's Retry-After asks (seconds) when that is longer than the backoff", async () => {
    const limited = Object.assign(httpError(429), { response: { status: 429, headers: { "Retry-After": "3" } } });
    const policy = { retries: 1, delayMs: 10, random: () => 1 };
    expect(await attemptsOver([limited], policy, [2_999, 1])).toEqual([1, 2]);
  });

  it("reads Retry-After as seconds or an HTTP date, from a Headers, a plain object in any case, or retryAfter", () => {
    const now = Date.parse("Sun, 06 Dec 2026 06:00:00 GMT");
    const with503 = (fields: Record<string, unknown>): Error => Object.assign(httpError(503), fields);
    const headers = new Headers({ "retry-after": "Sun, 06 Dec 2026 06:00:12 GMT" });
    expect(retryAfterMs(with503({ response: { status: 503, headers } }), now)).toBe(12_000);
    expect(retryAfterMs(with503({ response: { headers: { "retry-after": ["7"] } } }), now)).toBe(7_000);
    expect(retryAfterMs(with503({ headers: { "RETRY-AFTER": "2" } }), now)).toBe(2_000);
    expect(retryAfterMs(with503({ retryAfter: 4 }), now)).toBe(4_000);
    expect(retryAfterMs(with503({ retryAfter: "5" }), now)).toBe(5_000);
    // A date already past asks for no wait; text that is neither form is no Retry-After.
    expect(retryAfterMs(with503({ headers: { "retry-after": "Sun, 06 Dec 2026 05:00:00 GMT" } }), now)).toBe(0);
    expect(retryAfterMs(with503({ headers: { "retry-after": "soon" } }), now)).toBeUndefined();
    expect(retryAfterMs(with503({ headers: { "retry-after": "1.5" } }), now)).toBeUndefined();
    expect(retryAfterMs(with503({}), now)).toBeUndefined();
    // Only 429 and 503 carry a Retry-After worth waiting for.
    expect(retryAfterMs(Object.assign(httpError(500), { retryAfter: 9 }), now)).toBeUndefined();
  });

  it("waits at most a minute whatever Retry-After asks, and never less than the backoff", () => {
    const policy = { retries: 3, delayMs: 100, random: () => 0, now: () => 0 };
    const asking = (seconds: string): Error => Object.assign(httpError(429), { headers: { "retry-after": seconds } });
    expect(retryWait(asking("3600"), 0, policy)).toBe(MAX_RETRY_AFTER_MS);
    expect(MAX_RETRY_AFTER_MS).toBe(60_000);
    expect(retryWait(asking("0"), 2, policy)).toBe(200);
  });

  it("does not retry a failure whose Retry-After asks for more than a minute, and says why", async () => {
    let attempts = 0;
    const tooLong = Object.assign(httpError(429), { headers: { "retry-after": "3600" } });
    const call = (): Promise<string> => {
      attempts++;
      return Promise.reject(tooLong);
    };
    const settled = await settle(call, { retries: 3, delayMs: 1, now: () => 0 });
    expect(attempts).toBe(1);
    expect(settled.ok).toBe(false);
    const error = settled.ok ? undefined : settled.error;
    expect(error).toBeInstanceOf(RetryAfterTooLong);
    expect(errorMessage(error)).toContain("asked to be called again in 3600 s (Retry-After), longer than the 60 s");
    // Still the platform's failure: an outage (exit 4), as the 429 it wraps.
    expect(isOutage(error)).toBe(true);
  });

  it("fails an attempt with no answer within timeoutMs as transient, and retries it", async () => {
    let attempts = 0;
    const call = () => (++attempts === 1 ? new Promise<string>(() => undefined) : Promise.resolve("done"));
    await expect(withRetry(call, { retries: 1, delayMs: 1, timeoutMs: 10 })).resolves.toBe("done");
    expect(attempts).toBe(2);
    expect(isTransient(new CallTimeout(10))).toBe(true);
  });

  it("throws a CallTimeout once every attempt ran out of time", async () => {
    let attempts = 0;
    const call = () => {
      attempts++;
      return new Promise<string>(() => undefined);
    };
    const failure = withRetry(call, { retries: 2, delayMs: 1, timeoutMs: 5 });
    await expect(failure).rejects.toBeInstanceOf(CallTimeout);
    await expect(failure).rejects.toThrow("no answer within 5 ms");
    expect(attempts).toBe(3);
  });

  it("leaves no timer behind once an attempt answers or fails", async () => {
    vi.useFakeTimers();
    await expect(withRetry(() => Promise.resolve(1), { retries: 0, delayMs: 1, timeoutMs: 60_000 })).resolves.toBe(1);
    const failed = withRetry(() => Promise.reject(httpError(400)), { retries: 0, delayMs: 1, timeoutMs: 60_000 });
    await expect(failed).rejects.toMatchObject({ status: 400 });
    expect(vi.getTimerCount()).toBe(0);
  });

  it("never waits longer than a timer can hold (about 24.8 days), however far the delay doubles", async () => {
    vi.useFakeTimers();
    const f = flaky([networkError(), networkError()]);
    const result = withRetry(f.call, { retries: 2, delayMs: 2 ** 31, random: () => 1 });
    await vi.advanceTimersByTimeAsync(0);
    expect(f.attempts()).toBe(1);
    // Node would fire a longer timer at once; capped, the retry comes after 2^31 - 1 ms.
    await vi.advanceTimersByTimeAsync(2 ** 31 - 2);
    expect(f.attempts()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(f.attempts()).toBe(2);
    await vi.advanceTimersByTimeAsync(2 ** 31 - 1);
    await expect(result).resolves.toBe("done");
  });

  it("settle: gives the value, or the last error with the attempts made, and never throws", async () => {
    await expect(settle(flaky([httpError(503)]).call, { retries: 2, delayMs: 1 })).resolves.toEqual({
      ok: true,
      value: "done",
    });
    const errors = [httpError(503), networkError(), httpError(502), httpError(500)];
    const failed = await settle(flaky(errors).call, { retries: 2, delayMs: 1 });
    expect(failed).toEqual({ ok: false, error: errors[2], attempts: 3 });
    const permanent = httpError(404);
    expect(await settle(flaky([permanent]).call, { retries: 5, delayMs: 1 })).toEqual({
      ok: false,
      error: permanent,
      attempts: 1,
    });
  });

  it("really waits with real timers (a tiny delay)", async () => {
    const f = flaky([httpError(500), httpError(500)]);
    const started = performance.now();
    await expect(withRetry(f.call, { retries: 2, delayMs: 5, random: () => 1 })).resolves.toBe("done");
    // 5 + 10 ms of backoff; timers may fire a millisecond early by the clock's rounding.
    expect(performance.now() - started).toBeGreaterThanOrEqual(13);
  });
});

describe("mapLimited", () => {
  it("keeps the input order and never has more than the limit in flight", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 12 }),
        fc.integer({ min: 1, max: 6 }),
        async (delays, limit) => {
          let inFlight = 0;
          let max = 0;
          const results = await mapLimited(delays, limit, async (delay) => {
            inFlight++;
            max = Math.max(max, inFlight);
            await new Promise((resolve) => setTimeout(resolve, delay));
            inFlight--;
            return delay * 10;
          });
          expect(results).toEqual(delays.map((d) => d * 10));
          expect(max).toBeLessThanOrEqual(limit);
          // It does use the concurrency it is given.
          expect(max).toBe(Math.min(limit, delays.length));
        },
      ),
      { numRuns: 60 },
    );
  });

  it("calls fn once per item and returns [] for no items", async () => {
    const seen: number[] = [];
    expect(await mapLimited([3, 1, 2], 2, async (n) => (seen.push(n), n))).toEqual([3, 1, 2]);
    expect(seen.sort()).toEqual([1, 2, 3]);
    expect(await mapLimited([], 4, async () => 1)).toEqual([]);
  });

  it("runs one at a time with a limit of 1, in order", async () => {
    const log: string[] = [];
    await mapLimited(["a", "b", "c"], 1, async (x) => {
      log.push(`start ${x}`);
      await new Promise((resolve) => setTimeout(resolve, 1));
      log.push(`end ${x}`);
    });
    expect(log).toEqual(["start a", "end a", "start b", "end b", "start c", "end c"]);
  });
});

// ---- connect, fetchRemote, applyPlan ----------------------------------------------------------

describe("connect", () => {
  it("accepts the API returned directly or through a promise", async () => {
    const api = new MemoryEvents();
    expect(await connect(() => api)).toEqual({ api });
    expect(await connect(async () => api)).toEqual({ api });
  });

  it("reports DT1009 naming the missing methods, or what remote() threw", async () => {
    const missing = await connect(() => ({ create: () => undefined }));
    expect("diagnostic" in missing && [missing.diagnostic.code, missing.diagnostic.message]).toEqual([
      "DT1009",
      "The config's remote() returned an object without update, fetchAll, fetch.",
    ]);
    const threw = await connect(() => {
      throw new Error("DUCTAPE_TOKEN is not set");
    });
    expect("diagnostic" in threw && threw.diagnostic.message).toBe(
      "The config's remote() threw: DUCTAPE_TOKEN is not set.",
    );
    const rejected = await connect(() => Promise.reject(new Error("offline")));
    expect("diagnostic" in rejected && rejected.diagnostic.code).toBe("DT1009");
  });

  it("reports DT1009 when remote() gives no answer in time", async () => {
    const silent = await connect(() => new Promise(() => undefined), 20);
    expect("diagnostic" in silent && [silent.diagnostic.code, silent.diagnostic.message]).toEqual([
      "DT1009",
      "The config's remote() gave no answer within 20 ms (sync.timeoutMs).",
    ]);
  });
});

describe("fetchRemote", () => {
  const events = [declared("payments:a"), declared("orders:b"), declared("payments:c")];

  it("fetches each declared webhook once, and reads what came back", async () => {
    const api = new MemoryEvents();
    api.put(declared("payments:a"));
    api.put(declared("invoices:z"));
    const { remote, diagnostics } = await fetchRemote(api, events, SETTINGS);
    expect(diagnostics).toEqual([]);
    expect(api.callsOf("fetchAll").map((c) => c.args[0])).toEqual(["orders", "payments"]);
    expect([...remote.keys()].sort()).toEqual(["orders", "payments"]);
    expect(remote.get("payments")?.map((e) => e.tag)).toEqual(["payments:a"]);
    expect(remote.get("orders")).toEqual([]);
  });

  it("retries a transient failure", async () => {
    const api = new MemoryEvents().fail("fetchAll:orders", httpError(503)).fail("fetchAll:orders", networkError());
    const { diagnostics } = await fetchRemote(api, events, SETTINGS);
    expect(diagnostics).toEqual([]);
    expect(api.callsOf("fetchAll", "orders")).toHaveLength(3);
  });

  it("reports DT6001 when a webhook cannot be fetched, after the retries", async () => {
    const api = new MemoryEvents().fail("fetchAll:payments", httpError(503, "unavailable"), { permanent: true });
    const { diagnostics } = await fetchRemote(api, events, { ...SETTINGS, retries: 2 });
    expect(diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      'DT6001 fetchAll("payments") failed after 3 attempts: HTTP 503: unavailable',
    ]);
    expect(api.callsOf("fetchAll", "payments")).toHaveLength(3);
  });

  it("gives DT6001 the hint of how the call failed for good: every retry, a refusal, or too long a wait", async () => {
    const hintFor = async (error: Error): Promise<string | undefined> => {
      const api = new MemoryEvents().fail("fetchAll:payments", error, { permanent: true });
      return (await fetchRemote(api, events, { ...SETTINGS, retries: 1 })).diagnostics[0]?.hint;
    };
    expect(await hintFor(httpError(503))).toContain("It failed on every retry");
    expect(await hintFor(httpError(401))).toContain("The platform refused it");
    const tooLong = Object.assign(httpError(429), { headers: { "retry-after": "3600" } });
    expect(await hintFor(tooLong)).toContain("asked for a longer wait than a retry takes");
  });

  it("reports DT6001 for a webhook whose fetch never answers, after retrying it", async () => {
    const api = new MemoryEvents().fail("fetchAll:orders", "hang", { permanent: true });
    const { remote, diagnostics } = await fetchRemote(api, events, { ...SETTINGS, retries: 1, timeoutMs: 20 });
    expect(diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      'DT6001 fetchAll("orders") failed after 2 attempts: no answer within 20 ms',
    ]);
    expect(api.callsOf("fetchAll", "orders")).toHaveLength(2);
    expect([...remote.keys()]).toEqual(["payments"]);
  });

  it("reports DT6002 for a response that is not a list of events", async () => {
    const api = new MemoryEvents();
    api.fetchAllResult = (webhook) => (webhook === "orders" ? { items: [] } : []);
    const { diagnostics } = await fetchRemote(api, events, SETTINGS);
    expect(diagnostics.map((d) => d.code)).toEqual(["DT6002"]);
    expect(diagnostics[0]?.message).toContain('fetchAll("orders")');
  });
});

describe("applyPlan", () => {
  const a = declared("payments:a");
  const b = declared("payments:b");
  const c = declared("orders:c");
  const d = declared("orders:d");

  /** A plan for a workspace holding `remote`. */
  function planFor(events: readonly ManifestEvent[], api: MemoryEvents): PlanEntry[] {
    const remote = [...api.store.values()].map((e) => ({ ...e }));
    return planSync(events, byWebhook(remote));
  }

  it("creates, updates with only the patch, and skips unchanged and remote-only events", async () => {
    const api = new MemoryEvents();
    api.put(b, { description: "old" });
    api.put(c);
    api.put(declared("orders:z"));
    const entries = planFor([a, b, c], api);

    const outcomes = await applyPlan(api, entries, SETTINGS);
    expect(outcomes).toEqual([
      { tag: a.tag, action: "create", ok: true },
      { tag: b.tag, action: "update", ok: true },
    ]);
    expect(api.calls.map((call) => [call.method, ...call.args])).toEqual(
      expect.arrayContaining([
        ["create", { name: a.name, tag: a.tag, description: a.description, sample: a.sample }],
        ["update", b.tag, { description: b.description }],
      ]),
    );
    expect(api.calls).toHaveLength(2);
    expect(planFor([a, b, c], api).map((e) => e.action)).toEqual([
      "unchanged",
      "remote-only",
      "unchanged",
      "unchanged",
    ]);
  });

  it("keeps going when one event fails for good, and says which and why (DT6004)", async () => {
    const api = new MemoryEvents().fail(`create:${b.tag}`, httpError(400, "sample too large"), { permanent: true });
    const outcomes = await applyPlan(api, planFor([a, b, c, d], api), SETTINGS);
    expect(outcomes.map((o) => `${o.ok ? "ok" : "failed"} ${o.action} ${o.tag}`)).toEqual([
      "ok create orders:c",
      "ok create orders:d",
      "ok create payments:a",
      "failed create payments:b",
    ]);
    const failed = outcomes.find((o) => !o.ok);
    expect(failed?.error?.code).toBe("DT6004");
    expect(failed?.error?.message).toBe('create "payments:b" failed: HTTP 400: sample too large');
    expect(api.callsOf("create", b.tag)).toHaveLength(1);
    expect([...api.store.keys()].sort()).toEqual([c.tag, d.tag, a.tag].sort());
  });

  it("says in DT6004's hint what became of the other events: all, some or none pushed", async () => {
    const hints = async (failing: readonly ManifestEvent[], events: readonly ManifestEvent[]) => {
      const api = new MemoryEvents();
      for (const e of failing) api.fail(`create:${e.tag}`, httpError(401, "bad token"), { permanent: true });
      const outcomes = await applyPlan(api, planFor(events, api), SETTINGS);
      return outcomes.filter((o) => !o.ok).map((o) => o.error?.hint);
    };
    expect(await hints([a], [a, b])).toEqual([
      "The other events were still pushed; fix the cause and push again (pushing is idempotent).",
    ]);
    expect(await hints([a, b], [a, b, c])).toEqual(
      Array(2).fill("1 of the 2 other events was still pushed; fix the causes and push again (pushing is idempotent)."),
    );
    const none = await hints([a, b, c], [a, b, c]);
    expect(none).toHaveLength(3);
    for (const hint of none) {
      expect(hint).toMatch(/^No event was pushed: all 3 calls failed\. /);
      expect(hint).not.toContain("other events were still pushed");
    }
    expect(await hints([a], [a])).toEqual([
      "Nothing was pushed; fix the cause and push again (pushing is idempotent).",
    ]);
  });

  it("retries transient failures of creates and updates", async () => {
    const api = new MemoryEvents();
    api.put(c, { description: "old" });
    api.fail(`create:${a.tag}`, networkError()).fail(`create:${a.tag}`, httpError(429));
    api.fail(`update:${c.tag}`, httpError(502));
    const outcomes = await applyPlan(api, planFor([a, c], api), SETTINGS);
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(api.callsOf("create", a.tag)).toHaveLength(3);
    expect(api.callsOf("update", c.tag)).toHaveLength(2);
  });

  it("reports an event whose transient failures outlast the retries", async () => {
    const api = new MemoryEvents().fail(`create:${a.tag}`, networkError(), { permanent: true });
    const outcomes = await applyPlan(api, planFor([a, b], api), { ...SETTINGS, retries: 2 });
    expect(outcomes.map((o) => [o.tag, o.ok, o.error?.message])).toEqual([
      [a.tag, false, 'create "payments:a" failed after 3 attempts: fetch failed'],
      [b.tag, true, undefined],
    ]);
    expect(api.callsOf("create", a.tag)).toHaveLength(3);
  });

  it("fails an event whose create never answers without sending it again, and still pushes the others", async () => {
    // The first create may still reach the platform: a second would meet its event.
    const api = new MemoryEvents().fail("create:payments:a", "hang", { permanent: true });
    const outcomes = await applyPlan(api, planFor([a, b], api), { ...SETTINGS, retries: 1, timeoutMs: 20 });
    expect(outcomes.map((o) => [o.tag, o.ok, o.error?.message])).toEqual([
      ["payments:a", false, 'create "payments:a" failed: no answer within 20 ms'],
      ["payments:b", true, undefined],
    ]);
    expect(api.callsOf("create", "payments:a")).toHaveLength(1);
  });

  it("retries an update that never answers, since sending the same patch again is harmless", async () => {
    const api = new MemoryEvents();
    api.put(a, { description: "old words" });
    api.fail("update:payments:a", "hang");
    const outcomes = await applyPlan(api, planFor([a], api), { ...SETTINGS, retries: 1, timeoutMs: 20 });
    expect(outcomes.map((o) => [o.tag, o.action, o.ok])).toEqual([["payments:a", "update", true]]);
    expect(api.callsOf("update", "payments:a")).toHaveLength(2);
  });

  it("never has more calls in flight than the concurrency setting", async () => {
    const events = Array.from({ length: 9 }, (_, i) => declared(`w:e${i}`));
    for (const concurrency of [1, 2, 4]) {
      const api = new MemoryEvents();
      api.latencyMs = 3;
      const outcomes = await applyPlan(api, planFor(events, api), { ...SETTINGS, concurrency });
      expect(outcomes.every((o) => o.ok)).toBe(true);
      expect(api.maxInFlight).toBe(concurrency);
    }
  });

  it("does nothing for a plan without creates or updates", async () => {
    const api = new MemoryEvents();
    const entries: PlanEntry[] = [
      { action: "unchanged", tag: "a:b" },
      { action: "remote-only", tag: "a:c", name: undefined },
    ];
    expect(await applyPlan(api, entries, SETTINGS)).toEqual([]);
    expect(api.calls).toEqual([]);
  });
});
