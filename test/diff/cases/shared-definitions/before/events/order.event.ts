import { defineEvent } from "ductape-events";

export default defineEvent({
  name: "Order created",
  tag: "shop:order-created",
  description: "An order was placed.",
  sample: { headers: {}, query: {}, body: { value: "a", children: [{ value: "b", children: [] }] }, params: {} },
  schema: { body: { $ref: "../schemas/tree.json#/definitions/node" } },
});
