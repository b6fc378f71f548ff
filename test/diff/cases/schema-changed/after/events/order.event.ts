import { defineEvent } from "ductape-events";

export default defineEvent({
  name: "Order created",
  tag: "shop:order-created",
  description: "An order was placed.",
  sample: { headers: {}, query: {}, body: { a: "x", b: "y" }, params: {} },
  schema: {
    body: {
      allOf: [
        { type: "object", properties: { a: { type: "string" } } },
        { type: "object", properties: { b: { type: "string", maxLength: 6 } } },
      ],
    },
  },
});
