import { defineEvent } from "ductape-events";

export default defineEvent({
  name: "Order created",
  tag: "shop:order-placed",
  description: "An order was placed.",
  sample: { headers: {}, query: {}, body: { id: 1 }, params: {} },
});
