import { defineEvent } from "ductape-events";

// The first example edited in place, a new one, id 3 moved (examples compare by content), id 4 gone.
export default defineEvent({
  name: "Order created",
  tag: "shop:order-created",
  description: "An order was placed.",
  sample: { headers: {}, query: {}, body: { id: 1 }, params: {} },
  examples: [
    { headers: {}, query: {}, body: { id: 20 }, params: {} },
    { headers: {}, query: {}, body: { id: 5 }, params: {} },
    { headers: {}, query: {}, body: { id: 3 }, params: {} },
  ],
});
