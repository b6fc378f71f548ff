import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatPayloadPath, parsePayloadPath, type PathStep } from "../src/payload-path.js";

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
