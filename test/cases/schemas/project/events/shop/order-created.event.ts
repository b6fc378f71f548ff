import { defineEvent } from "ductape-events";

// The body's schema is a definition of a JSON file of the project, by a relative $ref.
export default defineEvent({
  name: "Order Created",
  tag: "shop:order-created",
  description: "A customer placed an order.",
  schema: {
    body: { $ref: "../../schemas/order.json#/definitions/order" },
    headers: {
      type: "object",
      required: ["x-shop-signature"],
      properties: { "x-shop-signature": { type: "string", pattern: "^sha256=" } },
    },
  },
  sample: {
    headers: { "x-shop-signature": "sha256=placeholder" },
    query: {},
    body: {
      id: "ord_1001",
      status: "pending",
      total: { amount: 4200, currency: "EUR" },
      customer: { id: "cus_1", email: "ada@example.com" },
      note: null,
      lines: [{ sku: "TEA-01", quantity: 2 }],
    },
    params: {},
  },
});
