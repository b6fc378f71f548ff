import { defineEvent } from "ductape-events";

export default defineEvent({
  name: "Transaction Failed",
  tag: "payments:transaction-failed",
  description: "",
  // The platform's notation: a path into the body.
  selector: "$Event{event}",
  sample: {
    headers: { "content-type": "application/json", "x-attempt": "2" },
    query: {},
    body: {
      event: "transaction.failed",
      data: { id: "txn_1", amount: 125000, failure: { code: "insufficient_funds", message: "Declined." } },
    },
    params: {},
  },
});
