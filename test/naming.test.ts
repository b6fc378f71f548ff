import { compile } from "json-schema-to-typescript";
import { describe, expect, it } from "vitest";
import { slugify, typeNameForTag } from "../src/naming/index.js";

describe("typeNameForTag", () => {
  it.each([
    ["new-webhook:new-event", "NewWebhookNewEventPayload"],
    ["payments:transaction-succeeded", "PaymentsTransactionSucceededPayload"],
    ["v2-orders:order-3ds", "V2OrdersOrder3DsPayload"],
    ["3ds:check", "Event3DsCheckPayload"],
  ])("%s -> %s", (tag, name) => {
    expect(typeNameForTag(tag)).toBe(name);
  });

  it("announces exactly the name json-schema-to-typescript emits", async () => {
    for (const tag of ["v2-orders:order-3ds", "3ds:check", "a1b2:c3d4-e5"]) {
      const name = typeNameForTag(tag);
      const code = await compile({ type: "object", title: name }, name, { bannerComment: "", format: false });
      expect(code).toContain(`export interface ${name} `);
    }
  });
});

describe("slugify", () => {
  it("turns names into tag slugs", () => {
    expect(slugify("NewEvent")).toBe("new-event");
    expect(slugify("  Order_Created!! ")).toBe("order-created");
  });
});
