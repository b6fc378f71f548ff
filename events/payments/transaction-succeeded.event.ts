import { defineEvent } from "ductape-events";
import { Currency, signedHeaders } from "../shared/headers.js";

export default defineEvent({
  name: "Transaction Succeeded",
  tag: "payments:transaction-succeeded",
  description: "A customer's payment was captured and settled to the merchant's balance.",
  selector: "body.event",
  sample: {
    headers: { ...signedHeaders },
    query: {},
    body: {
      event: "transaction.succeeded",
      data: {
        id: "txn_01HZX4K9Q2",
        reference: "ORD-2024-000123",
        amount: 250000,
        currency: Currency.Naira,
        fees: 3750,
        paid_at: "2024-11-27T09:30:00Z",
        customer: { id: "cus_8f2k", email: "ada@example.com", name: "Ada Obi" },
        channel: "card",
        card: { brand: "visa", last4: "4081", exp_month: 12, exp_year: 2027 },
      },
    },
    params: {},
  },
});
