import { defineEvent } from "ductape-events";

// The file's own $ref names a definition it does not have: located in the JSON file.
export default defineEvent({
  name: "Bad Ref",
  tag: "shop:bad-ref",
  description: "",
  schema: { body: { $ref: "../schemas/order.json#/definitions/order" } },
  sample: { headers: {}, query: {}, body: { id: "ord_1", amount: 12 }, params: {} },
});
