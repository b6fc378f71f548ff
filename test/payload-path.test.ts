import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formatPayloadPath,
  parsePayloadPath,
  parseSelector,
  toPlatformSelector,
  type PathStep,
} from "../src/payload-path.js";

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
      ['$Event{data["x-kind"]}', 'body.data["x-kind"]'],
      ['$Event{["event-type"]}', 'body["event-type"]'],
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
      { ok: false, problem: 'expects a field name at ".x" inside $Event{...}' },
      { ok: false, problem: "has text after the } of $Event{...}" },
      { ok: false, problem: 'starts with "$event{"; the platform\'s notation is $Event{...}' },
      { ok: false, problem: "starts with [] inside $Event{...}" },
    ]);
    // Refine keys are paths: the platform's notation is named, with the path to write instead.
    expect(parsePayloadPath("$Event{data.id}")).toEqual({
      ok: false,
      problem: "is in the platform's $Event{...} notation, which only selector takes: write body.data.id",
    });
    // A bare path into the body is still a path: the part comes first.
    expect(parseSelector("event")).toEqual({ ok: false, problem: "must start with headers, query, body or params" });
  });

  it("writes a selector into the body as the platform does, and nothing else", () => {
    expect(toPlatformSelector("body.event")).toBe("$Event{event}");
    expect(toPlatformSelector("body.data.object")).toBe("$Event{data.object}");
    expect(toPlatformSelector("$Event{data.object}")).toBe("$Event{data.object}");
    expect(toPlatformSelector('body["event-type"].id')).toBe('$Event{["event-type"].id}');
    for (const other of ['headers["x-github-event"]', "query.type", "params.kind", "body", "body.items[].type", "x"]) {
      expect(toPlatformSelector(other), other).toBeUndefined();
    }
  });

  it("reads back what it writes for the platform, for any key", () => {
    const key = fc.string().map((k): PathStep => ({ key: k }));
    fc.assert(
      fc.property(fc.array(key, { minLength: 1 }), (inside) => {
        const steps: PathStep[] = [{ key: "body" }, ...inside];
        const platform = toPlatformSelector(formatPayloadPath(steps));
        expect(platform).toBeDefined();
        expect(parseSelector(platform!)).toEqual({ ok: true, steps });
      }),
    );
  });
});
