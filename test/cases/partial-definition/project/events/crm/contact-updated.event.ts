import { defineEvent } from "ductape-events";

export default defineEvent({
  name: "Contact Updated",
  tag: "crm:contact-updated",
  description: "A contact was updated.",
  sample: { headers: {}, query: {}, body: { contact_id: "c_1" }, params: {} },
});
