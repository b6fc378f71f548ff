import { defineEvent } from "ductape-events";

export default defineEvent({
  name: "Order created",
  tag: "shop:order-created",
  description: "A shopper placed an order.",
  sample: { headers: {}, query: {}, body: { id: 1 }, params: {} },
});
