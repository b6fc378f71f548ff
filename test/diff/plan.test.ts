import { describe, expect, it } from "vitest";
import { formatPlan, planDocument } from "../../src/cli/plan.js";
import type { ManifestEvent } from "../../src/emit/index.js";
import type { RemoteEvent } from "../../src/sync/api.js";
import { planSync } from "../../src/sync/index.js";
import type { JsonObject } from "../../src/util/json.js";

function payload(body: JsonObject): JsonObject {
  return { headers: {}, query: {}, body, params: {} };
}

const order: ManifestEvent = {
  tag: "shop:order-created",
  webhook: "shop",
  event: "order-created",
  name: "Order created",
  description: "An order was placed.",
  sample: payload({ id: "1", status: "new", note: "n" }),
  schema: { type: "object", properties: {}, required: [], additionalProperties: false },
  source: "events/order.event.ts",
};

function remote(fields: Partial<RemoteEvent>): Map<string, RemoteEvent[]> {
  const event = { tag: order.tag, name: order.name, description: order.description, sample: order.sample, ...fields };
  return new Map([["shop", [event]]]);
}

describe("plan, beside each update", () => {
  it("classifies the sample's change as diff does, for receivers and senders", () => {
    const [entry] = planSync([order], remote({ sample: payload({ id: 1, status: "new", legacy_id: "L" }) }));
    expect(entry?.action === "update" && entry.contract).toEqual([
      {
        path: "body.id",
        kind: "type-changed",
        before: "integer",
        after: "string",
        receivers: "breaking",
        senders: "breaking",
      },
      {
        path: "body.legacy_id",
        kind: "field-removed",
        before: "string",
        after: null,
        receivers: "breaking",
        senders: "safe",
      },
      {
        path: "body.note",
        kind: "field-added-required",
        before: null,
        after: "string",
        receivers: "safe",
        senders: "breaking",
      },
    ]);
    const text = formatPlan([entry!]);
    expect(text).toContain("✖ body.id type-changed: integer -> string (breaks receivers and senders)");
    expect(text).toContain("✖ body.legacy_id field-removed: string -> none (breaks receivers)");
    expect(text).toContain("✖ body.note field-added-required: none -> string (breaks senders)");
    expect(planDocument([entry!])).toMatchObject({ events: [{ action: "update", contract: expect.any(Array) }] });
  });

  it("says nothing more when only the sample's values changed, or the sample did not", () => {
    const [values] = planSync([order], remote({ sample: payload({ id: "2", status: "old", note: "m" }) }));
    expect(values?.action === "update" && values.contract).toEqual([]);
    expect(formatPlan([values!])).not.toMatch(/[✖✔] body/);
    const [text] = planSync([order], remote({ description: "Old words." }));
    expect(text?.action === "update" && text.contract).toBeUndefined();
  });

  it("leaves a platform sample that is no payload object to the diff of the sample", () => {
    const [entry] = planSync([order], remote({ sample: "not an object" }));
    expect(entry?.action === "update" && entry.contract).toBeUndefined();
  });
});
