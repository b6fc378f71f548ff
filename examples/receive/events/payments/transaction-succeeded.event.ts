import { defineEvent } from "ductape-events";

export default defineEvent({
  name: "Transaction Succeeded",
  tag: "payments:transaction-succeeded",
  description: "",
  // The same field as a payload path.
  selector: "body.event",
  sample: {
    headers: { "content-type": "application/json" },
    query: {},
    body: {
      event: "transaction.succeeded",
      data: { id: "txn_2", amount: 5000, settled_at: "2024-11-28T14:05:12Z" },
    },
    params: {},
  },
});
