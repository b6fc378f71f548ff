import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formatPayloadPath,
  parsePayloadPath,
  parseSelector,
  toPlatformSelector,
  type PathStep,
} from "../../src/naming/payload-path.js";

describe("payload paths", () => {
  it("parses the forms users write", () => {
    expect(parsePayloadPath("body.customer.email")).toEqual({
      ok: true,
      steps: [{ key: "body" }, { key: "customer" }, { key: "email" }],
    });
    expect(parsePayloadPath("body.items[].sku")).toEqual({
      ok: true,
      steps: [{ key: "body" }, { key: "items" }, { each: true }, { key: "sku" }],
    });
    expect(parsePayloadPath('headers["x-sig"]')).toEqual({ ok: true, steps: [{ key: "headers" }, { key: "x-sig" }] });
    expect(parsePayloadPath("body['a b'][][]")).toEqual({
      ok: true,
      steps: [{ key: "body" }, { key: "a b" }, { each: true }, { each: true }],
    });
  });

  it("explains what is wrong", () => {
    expect(parsePayloadPath("data.x")).toEqual({
      ok: false,
      problem: "must start with headers, query, body or params",
    });
    expect(parsePayloadPath("body..x")).toMatchObject({ ok: false, problem: 'expects a field name at ".x"' });
    expect(parsePayloadPath('body["x')).toMatchObject({ ok: false });
    expect(parsePayloadPath("")).toMatchObject({ ok: false });
  });

  it("formats what it parses, for any key", () => {
    const step = fc.oneof(
      fc.string().map((key): PathStep => ({ key })),
      fc.constant<PathStep>({ each: true }),
    );
    fc.assert(
      fc.property(fc.constantFrom("headers", "query", "body", "params"), fc.array(step), (part, rest) => {
        const steps: PathStep[] = [{ key: part }, ...rest];
        expect(parsePayloadPath(formatPayloadPath(steps))).toEqual({ ok: true, steps });
      }),
    );
  });
});

describe("selectors", () => {
  it("reads the platform's $Event{...} as the same steps as the payload path into the body", () => {
    const pairs: [string, string][] = [
      ["$Event{event}", "body.event"],
      ["$Event{data.object}", "body.data.object"],
      ["$Event{data.x-kind}", 'body.data["x-kind"]'],
      ["$Event{event-type}", 'body["event-type"]'],
      ["$Event{ data . object }", "body.data.object"],
      ["$Event{$type}", "body.$type"],
    ];
    for (const [platform, path] of pairs) {
      expect(parseSelector(platform), platform).toEqual(parsePayloadPath(path));
      expect(parseSelector(platform)).toMatchObject({ ok: true });
      expect(parseSelector(path)).toEqual(parsePayloadPath(path));
    }
  });

  it("explains what is wrong with a $Event{...}, as with a path", () => {
    const problems = ["$Event{", "$Event{}", "$Event{data..x}", "$Event{event}.x", "$event{event}", "$Event{[]}"].map(
      (text) => parseSelector(text),
    );
    expect(problems).toEqual([
      { ok: false, problem: "has no closing } after $Event{" },
      { ok: false, problem: "names no field: $Event{} is empty" },
      { ok: false, problem: "has an empty key between dots inside $Event{...}" },
      { ok: false, problem: "has text after the } of $Event{...}" },
      { ok: false, problem: 'starts with "$event{"; the platform\'s notation is $Event{...}' },
      {
        ok: false,
        problem:
          'has the key "[]" inside $Event{...}, which takes keys joined by dots: write the path form, body.<path>',
      },
    ]);
    // Refine keys are paths: the platform's notation is named, with the path to write instead.
    expect(parsePayloadPath("$Event{data.id}")).toEqual({
      ok: false,
      problem: "is in the platform's $Event{...} notation, which only selector takes: write body.data.id",
    });
    // A bare path into the body is still a path: the part comes first.
    expect(parseSelector("event")).toEqual({ ok: false, problem: "must start with headers, query, body or params" });
  });

  it("writes a selector into the body as the platform does, and says why it cannot", () => {
    const cases: [string, string][] = [
      ["body.event", "$Event{event}"],
      ["body.data.object", "$Event{data.object}"],
      ['body["type"]', "$Event{type}"],
      ['body["event-name"]', "$Event{event-name}"],
      ["$Event{data.object}", "$Event{data.object}"],
      ["$Event{ data . object }", "$Event{data.object}"],
      ["$Event{event-name}", "$Event{event-name}"],
      ['headers["x-github-event"]', "selects in headers, and the platform selects in the body only"],
      ["query.type", "selects in query, and the platform selects in the body only"],
      ["body.items[].kind", "goes through the elements of an array ([])"],
      ['body["a.b"]', 'has the key "a.b", which $Event{...} cannot write'],
      ["body", "selects the whole body rather than a field of it"],
      ["event", "is not a path into the payload (it must start with headers, query, body or params)"],
    ];
    for (const [path, expected] of cases) {
      const result = toPlatformSelector(path);
      expect(result.ok ? result.selector : result.problem, path).toBe(expected);
    }
  });

  it("reads back what it writes for the platform, for any key it can write", () => {
    const writable = fc.string({ minLength: 1 }).filter((k) => !/[.{}[\]]/.test(k) && k.trim() === k);
    fc.assert(
      fc.property(fc.array(writable, { minLength: 1 }), (keys) => {
        const steps: PathStep[] = [{ key: "body" }, ...keys.map((key) => ({ key }))];
        const platform = toPlatformSelector(formatPayloadPath(steps));
        expect(platform.ok).toBe(true);
        if (platform.ok) expect(parseSelector(platform.selector)).toEqual({ ok: true, steps });
      }),
    );
  });
});
