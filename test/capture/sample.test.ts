import { describe, expect, it } from "vitest";
import { nameOfEvent, sampleOf } from "../../src/capture/sample.js";
import type { JsonObject } from "../../src/util/json.js";

describe("sampleOf", () => {
  it("replaces the credentials the secret checks find, and says which", () => {
    const payload: JsonObject = {
      headers: {
        authorization: "Bearer sk_live_51HqLyjWDarjtT1zdp7dcXNvUQPmi3pZL0x",
        "x-signature": "t=1,v1=abcdef0123456789abcdef",
      },
      query: {},
      body: { id: "ch_1", keys: ["AKIAIOSFODNN7EXAMPLF"] },
      params: {},
    };
    const copy = structuredClone(payload);
    const { sample, replaced } = sampleOf(payload);
    expect(sample).toEqual({
      headers: { authorization: "Bearer sk_live_<redacted>", "x-signature": "t=1,v1=abcdef0123456789abcdef" },
      query: {},
      body: { id: "ch_1", keys: ["AKIA<redacted>"] },
      params: {},
    });
    expect(replaced.map((r) => r.field)).toEqual(["headers.authorization", "body.keys[0]"]);
    expect(payload).toEqual(copy);
  });

  it("keeps a key named __proto__ as data in the copy", () => {
    const payload = JSON.parse(
      '{"headers":{},"query":{},"body":{"__proto__":{"password":"hunter2hunter2xyzzy"}},"params":{}}',
    ) as JsonObject;
    const { sample } = sampleOf(payload);
    const body = sample["body"] as JsonObject;
    expect(Object.keys(body)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
  });

  it("names an event from its tag", () => {
    expect(nameOfEvent("charge-succeeded")).toBe("Charge Succeeded");
  });
});
