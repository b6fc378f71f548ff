import { defineEvent } from "ductape-events";

export default defineEvent({
  name: "Order created",
  tag: "shop:order-created",
  description: "An order was placed.",
  sample: { headers: {}, query: {}, body: { code: "abc" }, params: {} },
  schema: {
    body: {
      type: "object",
      properties: { code: { type: "string", maxLength: 4 } },
      required: ["code"],
    },
  },
});
