import { defineEvent, type EventDefinition } from "ductape-events";

// One webhook event. The sample's shape becomes the payload type in generated/index.ts:
// import type { EventPayload } from "./generated/index.js";
// (`as EventDefinition` lets this compile under isolatedDeclarations; it changes nothing else.)
export default defineEvent({
  name: "New Event",
  tag: "new-webhook:new-event",
  description: "Notify customer of great things",
  sample: {
    headers: {},
    query: {},
    body: {
      event: "new-transaction",
      transaction_id: "1229100110101-192920101",
      event_id: "119100101020201-1919010101",
    },
    params: {},
  },
}) as EventDefinition;
