import { defineEvent } from "ductape-events";

export default defineEvent({
  name: "Missing",
  tag: "shop:missing",
  description: "",
  schema: { query: { $ref: "./schemas/query.json" }, params: { $ref: "no-such-package/schema.json#/x" } },
  sample: { headers: {}, query: {}, body: {}, params: {} },
});
