import { defineEvent } from "ductape-events";

export default defineEvent({
  name: "Order created",
  tag: "shop:order-created",
  description: "An order was placed.",
  sample: { headers: {}, query: {}, body: { id: 1 }, params: {} },
  examples: [
    { headers: {}, query: {}, body: { id: 2 }, params: {} },
    { headers: {}, query: {}, body: { id: 3 }, params: {} },
    { headers: {}, query: {}, body: { id: 4 }, params: {} },
  ],
});
