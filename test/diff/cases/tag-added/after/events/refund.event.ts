import { defineEvent } from "ductape-events";

export default defineEvent({
  name: "Refund issued",
  tag: "shop:refund-issued",
  description: "Money went back.",
  sample: { headers: {}, query: {}, body: { refund_id: "r_1", amount: 5 }, params: {} },
});
