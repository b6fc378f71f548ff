import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { ReceiveEvent } from "../../src/receive/render.js";
import { fileScratchDir } from "../helpers/tmp.js";
import { loadReceive, type LoadedModule, payloadSchema } from "./load.js";

/**
 * `isEvent(tag, input)` gives the same answer as `parseEvent(tag, input).ok` on any input: header
 * names in any case (HTTP's are case-insensitive, and frameworks hand them over in all spellings),
 * a header sent twice, a Fetch `Headers`, a `URLSearchParams` query, parts missing or of the wrong kind, both
 * `unknownKeys` modes, in a webhook's module and in receive.ts.
 */

const EVENTS: ReceiveEvent[] = [
  {
    tag: "pay:charged",
    webhook: "pay",
    schema: payloadSchema({
      headers: {
        type: "object",
        properties: { "X-Signature": { type: "string", pattern: "^sha256=" }, "x-attempt": { type: "string" } },
        required: ["X-Signature"],
        additionalProperties: { type: "string" },
      },
      query: {
        type: "object",
        properties: { page: { type: "string" }, tag: { type: "array", items: { type: "string" } } },
        additionalProperties: false,
      },
      body: { type: "object", properties: { amount: { type: "number" } }, required: ["amount"] },
    }),
    selector: undefined,
  },
  {
    tag: "pay:refunded",
    webhook: "pay",
    schema: payloadSchema({
      headers: {
        type: "object",
        properties: { "X-Event": { const: "refund" }, "Content-Type": { type: "string" } },
        required: ["X-Event", "Content-Type"],
        additionalProperties: false,
      },
      params: { type: "object", properties: { id: { type: "string" } }, additionalProperties: false },
    }),
    selector: undefined,
  },
  { tag: "pay:ping", webhook: "pay", schema: payloadSchema({}), selector: undefined },
];

const HEADER_NAMES = ["X-Signature", "x-attempt", "X-Event", "Content-Type", "host", "X-Other"];

/** A name as a framework may hand it over: as declared, lower or upper case, or mixed. */
const spelled = (name: string): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constant(name),
    fc.constant(name.toLowerCase()),
    fc.constant(name.toUpperCase()),
    fc
      .array(fc.boolean(), { minLength: name.length, maxLength: name.length })
      .map((flips) => [...name].map((ch, i) => (flips[i] ? ch.toUpperCase() : ch.toLowerCase())).join("")),
  );

const headerValue = fc.constantFrom<unknown>(
  "sha256=abc",
  "md5=1",
  "refund",
  "application/json",
  "",
  ["sha256=abc", "sha256=def"],
  3,
  null,
);

/** Declared and other names, each maybe twice in different spellings, as a framework builds the object. */
const headers = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .array(fc.tuple(fc.constantFrom(...HEADER_NAMES).chain(spelled), headerValue))
      .map((pairs) => Object.fromEntries(pairs) as unknown),
  },
  // A Fetch Headers, as Fetch-based servers give: text values only, a name given twice appended.
  {
    weight: 2,
    arbitrary: fc.array(fc.tuple(fc.constantFrom(...HEADER_NAMES).chain(spelled), headerValue)).map((pairs) => {
      const list = new Headers();
      for (const [name, value] of pairs) if (typeof value === "string") list.append(name, value);
      return list as unknown;
    }),
  },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, null, "x-signature: sha256=abc", []) },
);

const entries = fc.array(fc.tuple(fc.constantFrom("page", "tag", "sort"), fc.constantFrom("1", "a")), {
  maxLength: 3,
});
const query = fc.oneof(
  entries.map((e) => new URLSearchParams(e) as unknown),
  entries.map((e) => Object.fromEntries(e) as unknown),
  fc.constantFrom<unknown>(undefined, { tag: ["a", "b"] }, "page=1"),
);

const body = fc.constantFrom<unknown>({ amount: 1 }, { amount: "1" }, {}, null, [], "text");
const params = fc.constantFrom<unknown>({}, { id: "1" }, { id: 1 }, undefined);

/** A valid delivery of each event, before its header names are respelled. */
const VALID = [
  {
    headers: { "X-Signature": "sha256=abc", "x-attempt": "2" },
    query: [["page", "1"]],
    body: { amount: 1 },
    params: {},
  },
  { headers: { "X-Event": "refund", "Content-Type": "text/plain" }, query: [], body: {}, params: { id: "1" } },
  { headers: { host: "example.com" }, query: [], body: null, params: {} },
];

/** One of them, its header names spelled any way, maybe a header more, the query maybe a URLSearchParams. */
const nearlyValid = fc
  .tuple(
    fc.constantFrom(...VALID),
    fc.array(fc.constantFrom(...HEADER_NAMES).chain(spelled), { maxLength: 6 }),
    fc.option(fc.tuple(fc.constantFrom(...HEADER_NAMES).chain(spelled), headerValue), { freq: 3 }),
    fc.boolean(),
  )
  .map(([valid, spellings, more, searchParams]) => {
    const headers: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(valid.headers)) {
      headers[spellings.find((s) => s.toLowerCase() === name.toLowerCase()) ?? name.toUpperCase()] = value;
    }
    if (more !== null) headers[more[0]] = more[1];
    const query = searchParams ? new URLSearchParams(valid.query) : Object.fromEntries(valid.query);
    return { ...valid, headers, query } as unknown;
  });

const delivery = fc.oneof(
  { weight: 6, arbitrary: fc.record({ headers, query, body, params }) },
  { weight: 6, arbitrary: nearlyValid },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, "delivery", [], {}) },
);

const dir = fileScratchDir("receive-is-event");
const modules: { name: string; module: LoadedModule }[] = [];

beforeAll(async () => {
  for (const reject of [false, true]) {
    const loaded = await loadReceive(`${dir}/${reject ? "reject" : "accept"}`, EVENTS, reject);
    const mode = reject ? "reject" : "accept";
    modules.push({ name: `receive/pay.ts, ${mode}`, module: loaded.modules.get("pay")! });
    modules.push({ name: `receive.ts, ${mode}`, module: loaded.joined });
  }
}, 60_000);

describe("isEvent", () => {
  it("agrees with parseEvent on every delivery, header names in any case", () => {
    for (const { name, module } of modules) {
      let valid = 0;
      fc.assert(
        fc.property(fc.constantFrom(...EVENTS.map((e) => e.tag)), delivery, (tag, input) => {
          const parsed = module.parseEvent(tag, input);
          if (parsed.ok) valid++;
          if (module.isEvent(tag, input) !== parsed.ok) {
            throw new Error(`${name}: isEvent says ${!parsed.ok}, parseEvent ${JSON.stringify(parsed)}`);
          }
        }),
        { numRuns: 1500, seed: 19 },
      );
      // Not only refusals: enough valid deliveries, most with a header spelled otherwise than declared.
      expect(valid, name).toBeGreaterThan(50);
    }
  });

  it("says yes to a valid delivery whose header names a framework changed the case of, and leaves it as it was", () => {
    const input = {
      headers: { "x-signature": "sha256=abc", "X-ATTEMPT": "2", Host: "example.com" },
      query: new URLSearchParams("page=2"),
      body: { amount: 1 },
      params: {},
    };
    for (const { module } of modules) {
      expect(module.isEvent("pay:charged", input)).toBe(true);
      expect(module.isEvent("pay:refunded", input)).toBe(false);
    }
    expect(input.headers).toEqual({ "x-signature": "sha256=abc", "X-ATTEMPT": "2", Host: "example.com" });
  });
});
