import { defineEvent } from "ductape-events";

export default defineEvent({
  name: "Order created",
  tag: "shop:order-created",
  description: "An order was placed.",
  sample: { headers: {}, query: {}, body: { id: 1, legacy_id: "L1" }, params: {} },
});
