import { defineEvent } from "ductape-events";

// Only the description cannot be read: the event is still checked against the others.
export default defineEvent({
  name: "Contact Deleted",
  tag: "crm:contact-updated",
  description: `Deleted on ${new Date().getFullYear()}`,
  sample: { headers: {}, query: {}, body: { contact_id: "c_1" }, params: {} },
});
