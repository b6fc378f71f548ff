import { defineEvent } from "ductape-events";
import { Currency, signedHeaders } from "../shared/headers.js";

const REFUND_EVENT = "refund.processed";

export default defineEvent({
  name: "Refund Processed",
  tag: "payments:refund-processed",
  description: "A full or partial refund reached the customer.",
  selector: "body.event",
  sample: {
    headers: signedHeaders,
    query: {},
    body: {
      event: REFUND_EVENT,
      data: {
        id: "rfd_77Q0",
        transaction_id: "txn_01HZX4K9Q2",
        amount: -50000,
        currency: Currency.Naira,
        partial: true,
        reason: null,
        processed_at: "2024-11-28T14:05:12Z",
      },
    },
    params: {},
  },
  refine: {
    // The sample has no reason; partners send a short text when the merchant gave one.
    "body.data.reason": { schema: { type: "string" }, nullable: true },
  },
});
