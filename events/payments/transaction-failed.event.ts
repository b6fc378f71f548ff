import { defineEvent } from "ductape-events";
import { Currency, signedHeaders } from "../shared/headers.js";

export default defineEvent({
  name: "Transaction Failed",
  tag: "payments:transaction-failed",
  description: "A payment attempt was declined; the order should stay unpaid.",
  selector: "body.event",
  sample: {
    headers: { ...signedHeaders },
    query: {},
    body: {
      event: "transaction.failed",
      data: {
        id: "txn_01HZX5B7M1",
        reference: "ORD-2024-000124",
        amount: 125000,
        currency: Currency.Dollar,
        failure: { code: "insufficient_funds", message: "The card has insufficient funds." },
        attempts: [
          { at: "2024-11-27T09:31:00Z", gateway_response: "Declined" },
          { at: "2024-11-27T09:33:10Z", gateway_response: "Declined", retryable: false },
        ],
      },
    },
    params: {},
  },
});
