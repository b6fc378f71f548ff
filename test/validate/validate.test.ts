import { describe, expect, it, vi } from "vitest";
import { createValidateCache, tagProblem, validate } from "../../src/validate/index.js";
import { codes, definition, eventFile, extractMemory, patchedLast, watchedExtraction } from "../helpers/memory.js";

function validateSources(files: Record<string, string>) {
  const extracted = extractMemory(files);
  expect(extracted.diagnostics).toEqual([]);
  return validate(extracted.events);
}

describe("validate", () => {
  it("accepts the spec's example and splits its tag", () => {
    const result = validateSources({ "events/a.event.ts": eventFile(definition()) });
    expect(result.diagnostics).toEqual([]);
    expect(result.events).toHaveLength(1);
    expect(result.events[0]).toMatchObject({
      tag: "new-webhook:new-event",
      webhook: "new-webhook",
      event: "new-event",
      typeName: "NewWebhookNewEventPayload",
      sample: { headers: {}, query: {}, body: { event: "new-transaction" }, params: {} },
    });
  });

  it("reports every missing field at once, at the object that lacks it", () => {
    const result = validateSources({
      "events/a.event.ts": eventFile('{ name: "X", sample: { headers: {}, body: {} } }'),
    });
    expect(result.events).toEqual([]);
    const messages = result.diagnostics.map((d) => `${d.code} ${d.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        'DT3001 the definition is missing the required field "tag".',
        'DT3001 the definition is missing the required field "description".',
        'DT3001 sample is missing the required field "query".',
        'DT3001 sample is missing the required field "params".',
      ]),
    );
    expect(result.diagnostics).toHaveLength(4);
    const sampleMissing = result.diagnostics.find((d) => d.message.includes('"query"'));
    expect(sampleMissing?.span?.start).toEqual({ line: 2, column: 49 });
  });

  it("reports a wrong type at the value, in the user's words", () => {
    const result = validateSources({
      "events/a.event.ts": eventFile(
        definition({ name: "42", sample: '{ headers: { "x-n": 1 }, query: {}, body: [], params: {} }' }),
      ),
    });
    const messages = result.diagnostics.map(
      (d) => `${d.code} ${d.message} @${d.span?.start.line}:${d.span?.start.column}`,
    );
    expect(messages).toEqual([
      "DT3002 name must be a string, got an integer. @3:9",
      'DT3002 sample.headers["x-n"] must be a string, got an integer. @6:31',
      "DT3002 sample.body must be an object, got an array. @6:53",
    ]);
  });

  it("names an unknown field at its key, with a did-you-mean", () => {
    const source = eventFile(
      definition().replace(
        '  description: "Notify customer of great things",',
        '  desciption: "typo",\n  description: "x",',
      ),
    );
    const result = validateSources({ "events/a.event.ts": source });
    expect(codes(result.diagnostics)).toEqual(["DT3003"]);
    expect(result.diagnostics[0]?.message).toBe(
      'the definition has an unknown field "desciption". Did you mean "description"?',
    );
    expect(result.diagnostics[0]?.span?.start).toEqual({ line: 5, column: 3 });
  });

  it("rejects a blank name", () => {
    const result = validateSources({ "events/a.event.ts": eventFile(definition({ name: '"  "' })) });
    expect(codes(result.diagnostics)).toEqual(["DT3005"]);
  });

  it("explains bad tags and suggests a fixed one", () => {
    expect(tagProblem("new-webhook:new-event")).toBeUndefined();
    expect(tagProblem("v2:3ds-check")).toBeUndefined();
    expect(tagProblem("no-colon")).toEqual({
      problem: "has no colon between the webhook tag and the event tag",
      suggestion: undefined,
    });
    expect(tagProblem("New_Webhook:NewEvent")).toEqual({
      problem: 'has webhook tag "New_Webhook", which is not a lowercase slug',
      suggestion: "new-webhook:new-event",
    });
    expect(tagProblem("a:b:c")).toEqual({ problem: "has more than one colon", suggestion: "a:b-c" });
    expect(tagProblem(":event")?.problem).toBe("has an empty webhook tag");
    expect(tagProblem("hook:")?.problem).toBe("has an empty event tag");
    expect(tagProblem("hook:double--dash")?.problem).toBe(
      'has event tag "double--dash", which is not a lowercase slug',
    );
    expect(tagProblem(" hook:event")?.suggestion).toBe("hook:event");
    // A webhook tag names its files: 235 characters crashed the build with ENAMETOOLONG.
    expect(tagProblem(`${"a".repeat(100)}:${"b".repeat(100)}`)).toBeUndefined();
    expect(tagProblem(`${"a".repeat(235)}:e`)).toEqual({
      problem: "has a webhook tag of 235 characters, more than the 100 a tag may have",
      suggestion: undefined,
    });
    expect(tagProblem(`w:${"b".repeat(101)}`)?.problem).toBe(
      "has an event tag of 101 characters, more than the 100 a tag may have",
    );
  });

  it("reports a duplicate tag once, naming every definition", () => {
    const result = validateSources({
      "events/a.event.ts": eventFile(definition()),
      "events/b.event.ts": eventFile(definition({ name: '"Other"' })),
      "events/c.event.ts": eventFile(definition({ name: '"Third"' })),
    });
    expect(codes(result.diagnostics)).toEqual(["DT3006"]);
    const [d] = result.diagnostics;
    expect(d?.message).toBe('Tag "new-webhook:new-event" is defined 3 times; tags must be unique.');
    expect(d?.span?.file).toBe("/project/events/a.event.ts");
    expect(d?.related?.map((r) => `${r.span.file}:${r.span.start.line}:${r.span.start.column}`)).toEqual([
      "/project/events/b.event.ts:4:8",
      "/project/events/c.event.ts:4:8",
    ]);
  });

  it("rejects tags whose type names would collide", () => {
    const result = validateSources({
      "events/a.event.ts": eventFile(definition({ tag: '"a-b:c"' })),
      "events/b.event.ts": eventFile(definition({ tag: '"a:b-c"' })),
    });
    expect(codes(result.diagnostics)).toEqual(["DT3007"]);
    expect(result.diagnostics[0]?.message).toBe('Tags "a-b:c" and "a:b-c" would both generate the type ABCPayload.');
  });

  it("checks the selector beside a problem elsewhere in the definition, reporting both at once", () => {
    const extracted = extractMemory({
      "events/a.event.ts": eventFile(
        '{ name: "E", tag: "pay:a", description: "", sample: { headers: {}, query: {}, body: { event: "x" }, params: {} }, selector: "body.evnt", refine: { "body.event": { optinal: true } } }',
      ),
    });
    const result = validate(extracted.events);
    expect(result.events).toEqual([]);
    expect(codes(result.diagnostics)).toEqual(["DT3003", "DT3009"]);
  });

  it("warns once per webhook when some of its events declare a selector and others not, naming those without", () => {
    const withSelector = (tag: string, value: string) =>
      eventFile(
        `{ name: "E", tag: "${tag}", description: "", sample: { headers: {}, query: {}, body: { type: "${value}" }, params: {} }, selector: "body.type" }`,
      );
    const result = validateSources({
      "events/a.event.ts": eventFile(definition({ tag: '"pay:a"' })),
      "events/b.event.ts": withSelector("pay:b", "b"),
      "events/c.event.ts": withSelector("pay:c", "c"),
      "events/d.event.ts": eventFile(definition({ tag: '"pay:d"' })),
      // Every event of "all" has one, and none of "none": nothing to say.
      "events/e.event.ts": withSelector("all:e", "e"),
      "events/f.event.ts": eventFile(definition({ tag: '"none:f"' })),
    });
    expect(result.events).toHaveLength(6);
    expect(result.diagnostics.map((d) => `${d.severity} ${d.code} ${d.message}`)).toEqual([
      'warning DT3101 Events "pay:a", "pay:d" of webhook "pay" declare no selector while others select with body.type, so WebhookPayloads["pay"] is not a discriminated union and no selected field is typed as its event\'s value.',
    ]);
    const [d] = result.diagnostics;
    expect(`${d?.span?.file}:${d?.span?.start.line}`).toBe("/project/events/b.event.ts:2");
    expect(d?.related?.map((r) => `${r.message} @${r.span.file}:${r.span.start.line}:${r.span.start.column}`)).toEqual([
      '"pay:a" has no selector @/project/events/a.event.ts:4:8',
      '"pay:d" has no selector @/project/events/d.event.ts:4:8',
    ]);
  });

  it("sorts events by tag whatever the file order", () => {
    const result = validateSources({
      "events/a.event.ts": eventFile(definition({ tag: '"zeta:one"' })),
      "events/b.event.ts": eventFile(definition({ tag: '"alpha:one"' })),
    });
    expect(result.events.map((e) => e.tag)).toEqual(["alpha:one", "zeta:one"]);
  });

  it("keeps hostile keys as data", () => {
    const result = validateSources({
      "events/a.event.ts": eventFile(
        definition({
          sample: '{ headers: {}, query: {}, body: { "__proto__": { polluted: true }, constructor: 1 }, params: {} }',
        }),
      ),
    });
    expect(result.diagnostics).toEqual([]);
    const body = result.events[0]?.sample["body"] as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(["__proto__", "constructor"]);
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });
});

describe("validate with a cache (watch mode)", () => {
  it("gives what validating afresh gives, through edits that keep or change tags, conflicts and their fixes", () => {
    const files: Record<string, string> = {
      "events/a.event.ts": eventFile(definition({ tag: '"shop:order-paid"' })),
      "events/b.event.ts": eventFile(definition({ tag: '"shop:order-sent"' })),
      "events/c.event.ts": eventFile(definition({ tag: '"bank:charge-failed"' })),
    };
    const extracted = watchedExtraction(files);
    const cache = createValidateCache();
    const patch = vi.spyOn(cache, "patch");
    const patched = () => patchedLast(patch);
    const run = () => {
      const events = extracted();
      const cached = validate(events, cache);
      expect(cached).toEqual(validate(events));
      return cached;
    };
    const edit = (name: string, fields: Parameters<typeof definition>[0]) => {
      files[name] = eventFile(definition(fields));
    };
    expect(run().events.map((e) => e.tag)).toEqual(["bank:charge-failed", "shop:order-paid", "shop:order-sent"]);
    run();
    // Same tag, new description and sample: the last result with one event replaced.
    edit("events/b.event.ts", { tag: '"shop:order-sent"', description: '"Sent."' });
    expect(run().events[2]?.description).toBe("Sent.");
    expect(patched()).toBe(true);
    edit("events/b.event.ts", {
      tag: '"shop:order-sent"',
      sample: "{ headers: {}, query: {}, body: { n: 1 }, params: {} }",
    });
    expect(run().events[2]?.sample.body).toEqual({ n: 1 });
    // A new tag moves the event.
    edit("events/b.event.ts", { tag: '"alpha:order-sent"' });
    expect(run().events.map((e) => e.tag)).toEqual(["alpha:order-sent", "bank:charge-failed", "shop:order-paid"]);
    expect(patched()).toBe(false);
    // A conflict, an edit elsewhere while it stands, and its fix.
    edit("events/c.event.ts", { tag: '"shop:order-paid"' });
    expect(codes(run().diagnostics)).toEqual(["DT3006"]);
    // The conflict's report points at both tags: moving one (a line above it) must move the report.
    files["events/a.event.ts"] =
      `// Paid orders.\n${eventFile(definition({ tag: '"shop:order-paid"', description: '"Paid."' }))}`;
    expect(codes(run().diagnostics)).toEqual(["DT3006"]);
    edit("events/c.event.ts", { tag: '"bank:charge-failed"' });
    expect(run().diagnostics).toEqual([]);
    // A definition that fails its own checks, and is mended.
    // (Its problem is its name only: it stays, marked incomplete, for the checks that follow.)
    edit("events/a.event.ts", { tag: '"shop:order-paid"', name: "42" });
    expect(run().events.map((e) => e.incomplete)).toEqual([false, false, true]);
    edit("events/a.event.ts", { tag: '"shop:order-paid"', sample: "42" });
    expect(run().events).toHaveLength(2);
    edit("events/a.event.ts", { tag: '"shop:order-paid"' });
    expect(run().events).toHaveLength(3);
  });
});
