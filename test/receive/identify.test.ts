import { beforeAll, describe, expect, it } from "vitest";
import type { ReceiveEvent } from "../../src/receive/render.js";
import { fileScratchDir } from "../helpers/tmp.js";
import { loadReceive, type LoadedModule, payloadSchema } from "./load.js";

/**
 * identifyEvent on a webhook with a selector, when the delivery does not reach the selected
 * field: the issue is where the delivery stops being an object (or the part is missing), not
 * "got nothing" at a field the delivery never had room for.
 */

const byBody = (tag: string, value: string): ReceiveEvent => ({
  tag,
  webhook: "pay",
  schema: payloadSchema({
    body: { type: "object", properties: { event: { const: value } }, required: ["event"] },
  }),
  selector: { path: ["body", "event"], value },
});

const byHeader = (tag: string, value: string): ReceiveEvent => ({
  tag,
  webhook: "hub",
  schema: payloadSchema({
    headers: { type: "object", properties: { "X-Event": { const: value } }, required: ["X-Event"] },
  }),
  selector: { path: ["headers", "X-Event"], value },
});

let pay: LoadedModule;
let hub: LoadedModule;

beforeAll(async () => {
  const events = [byBody("pay:charged", "charged"), byBody("pay:refunded", "refunded"), byHeader("hub:push", "push")];
  const { modules } = await loadReceive(fileScratchDir("receive-identify"), events);
  pay = modules.get("pay")!;
  hub = modules.get("hub")!;
});

describe("identifyEvent, a delivery that does not reach the selector", () => {
  it.each([
    ["null", null, [], "expected object, got null"],
    ["an array", [], [], "expected object, got an array"],
    ["text", "raw", [], 'expected object, got "raw"'],
    ["nothing", undefined, [], "expected object, got nothing"],
    ["a null body", { body: null }, ["body"], "expected object, got null"],
    ["an array body", { body: [1] }, ["body"], "expected object, got an array"],
    ["a text body", { body: '{"event":"charged"}' }, ["body"], 'expected object, got "{\\"event\\":\\"charged\\"}"'],
    ["no body", { headers: {} }, ["body"], 'missing (the events of webhook "pay" are told apart by body.event)'],
  ])("%s: at the part that is not an object", (_, input, path, message) => {
    expect(pay.identifyEvent("pay", input)).toEqual({ ok: false, tag: undefined, issues: [{ path, message }] });
  });

  it("headers that are no object, or none, on a webhook told apart by a header", () => {
    expect(hub.identifyEvent("hub", { headers: "x-event: push" })).toEqual({
      ok: false,
      tag: undefined,
      issues: [{ path: ["headers"], message: 'expected object, got "x-event: push"' }],
    });
    expect(hub.identifyEvent("hub", { body: {} })).toEqual({
      ok: false,
      tag: undefined,
      issues: [
        { path: ["headers"], message: 'missing (the events of webhook "hub" are told apart by headers["X-Event"])' },
      ],
    });
  });

  it("a body's selected text is taken whole, never as a header's first value", () => {
    expect(pay.identifyEvent("pay", { body: { event: "charged, refunded" } })).toMatchObject({
      ok: false,
      tag: undefined,
      issues: [{ path: ["body", "event"] }],
    });
  });

  it("a body without the field still names the values the webhook has", () => {
    expect(pay.identifyEvent("pay", { body: {} })).toEqual({
      ok: false,
      tag: undefined,
      issues: [
        {
          path: ["body", "event"],
          message: 'expected one of "charged", "refunded" (the events of webhook "pay"), got nothing',
        },
      ],
    });
  });
});

describe("a header given under two spellings of its name", () => {
  it("is one value, joined as a header sent twice is: checked as such, never one spelling for the selection and the other for the check", () => {
    const delivery = { headers: { "x-event": "push", "X-EVENT": "pull" }, query: {}, body: {}, params: {} };
    expect(hub.parseEvent("hub:push", delivery)).toEqual({
      ok: false,
      tag: "hub:push",
      issues: [{ path: ["headers", "X-Event"], message: 'expected "push", got "push, pull"' }],
    });
    expect(hub.identifyEvent("hub", delivery)).toMatchObject({
      ok: false,
      tag: "hub:push",
      issues: [{ path: ["headers", "X-Event"], message: 'expected "push", got "push, pull"' }],
    });
  });
});

describe("a Fetch Headers (Hono, Next.js and other Fetch-based servers)", () => {
  const delivery = (headers: unknown) => ({ headers, query: {}, body: {}, params: {} });

  it("identifies the event by a header selector and hands the headers over as declared", () => {
    const result = hub.identifyEvent("hub", delivery(new Headers({ "x-event": "push", "x-other": "1" })));
    expect(result).toMatchObject({
      ok: true,
      tag: "hub:push",
      payload: { headers: { "X-Event": "push", "x-other": "1" } },
    });
    expect(hub.isEvent("hub:push", delivery(new Headers({ "X-EVENT": "push" })))).toBe(true);
  });

  it("a header sent twice is selected by its first value, as a Node array is, and checked as both", () => {
    const twice = new Headers();
    twice.append("x-event", "push");
    twice.append("x-event", "pull");
    expect(hub.identifyEvent("hub", delivery(twice))).toEqual({
      ok: false,
      tag: "hub:push",
      issues: [{ path: ["headers", "X-Event"], message: 'expected "push", got "push, pull"' }],
    });
  });

  it("is checked as its values, never as its methods", () => {
    expect(hub.parseEvent("hub:push", delivery(new Headers({ "x-event": "pull" })))).toEqual({
      ok: false,
      tag: "hub:push",
      issues: [{ path: ["headers", "X-Event"], message: 'expected "push", got "pull"' }],
    });
    expect(hub.identifyEvent("hub", delivery(new Headers()))).toMatchObject({
      ok: false,
      issues: [{ path: ["headers", "X-Event"], message: expect.stringContaining("got nothing") as unknown }],
    });
  });

  it("a function where a value belongs is named as one, not printed", () => {
    const result = pay.parseEvent("pay:charged", {
      headers: {},
      query: {},
      params: {},
      body: { event: () => "charged" },
    });
    expect(result).toMatchObject({
      ok: false,
      issues: [{ path: ["body", "event"], message: 'expected "charged", got a function' }],
    });
  });
});
