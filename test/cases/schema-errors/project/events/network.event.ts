import { defineEvent } from "ductape-events";

// Schemas are never fetched: vendor the file.
export default defineEvent({
  name: "Network",
  tag: "shop:network",
  description: "",
  schema: {
    body: {
      type: "object",
      properties: { order: { $ref: "https://example.com/schemas/order.json#/definitions/order" } },
    },
  },
  sample: { headers: {}, query: {}, body: { order: {} }, params: {} },
});
