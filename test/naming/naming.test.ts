import { describe, expect, it } from "vitest";
import { slugify, typeNameForTag } from "../../src/naming/index.js";

describe("typeNameForTag", () => {
  it.each([
    ["new-webhook:new-event", "NewWebhookNewEventPayload"],
    ["payments:transaction-succeeded", "PaymentsTransactionSucceededPayload"],
    ["v2-orders:order-3ds", "V2OrdersOrder3DsPayload"],
    ["3ds:check", "Event3DsCheckPayload"],
  ])("%s -> %s", (tag, name) => {
    expect(typeNameForTag(tag)).toBe(name);
  });
});

describe("slugify", () => {
  it("turns names into tag slugs", () => {
    expect(slugify("NewEvent")).toBe("new-event");
    expect(slugify("  Order_Created!! ")).toBe("order-created");
  });

  it("keeps accented letters as their base letters", () => {
    expect(slugify("Ünïcode Pay — API (v2)")).toBe("unicode-pay-api-v2");
    expect(slugify("Café Crème")).toBe("cafe-creme");
  });
});
