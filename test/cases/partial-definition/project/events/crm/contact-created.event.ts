import { defineEvent } from "ductape-events";

// A value that cannot be read statically (DT2004), and other problems of this file that do not
// depend on it: all are reported in one build.
export default defineEvent({
  name: "",
  tag: "CRM:contact-created",
  descriptoin: "A contact was created.",
  sample: {
    headers: { "x-retry": 1 },
    query: {},
    body: { contact_id: "c_1", created_at: new Date().toISOString() },
  },
});
