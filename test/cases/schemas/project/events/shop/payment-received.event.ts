import { defineEvent } from "ductape-events";
import orders from "../../schemas/order.json";

// The body's schema is a part of a JSON file imported by default import: the same definitions
// (Money, Customer) as order-created's, so one type each.
export default defineEvent({
  name: "Payment Received",
  tag: "shop:payment-received",
  description: "",
  schema: { body: orders.definitions.payment },
  sample: {
    headers: {},
    query: {},
    body: {
      order_id: "ord_1001",
      amount: { amount: 4200, currency: "EUR" },
      paid_by: { id: "cus_1", email: "ada@example.com" },
      method: "card",
    },
    params: {},
  },
  refine: { "body.method": { description: "How the customer paid." } },
});
