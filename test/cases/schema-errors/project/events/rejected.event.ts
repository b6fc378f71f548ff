import { defineEvent } from "ductape-events";
import line from "./line-sample.json";

// Every value the schema rejects, in the sample and the examples, each where it is written.
export default defineEvent({
  name: "Rejected",
  tag: "shop:rejected",
  description: "",
  schema: {
    body: {
      type: "object",
      required: ["amount", "line"],
      properties: {
        amount: { type: "integer" },
        line: { $ref: "../schemas/order.json#/definitions/line" },
        status: { enum: ["paid", "pending"] },
      },
    },
  },
  sample: { headers: {}, query: {}, body: { amount: "12", line, status: "paid" }, params: {} },
  examples: [{ headers: {}, query: {}, body: { line: { sku: "TEA-02", quantity: 1 }, status: "shipped" }, params: {} }],
});
