import { defineEvent } from "ductape-events";

let optional = true;

// A refinement that cannot be read; the selector is still checked against the sample.
export default defineEvent({
  name: "Contact Merged",
  tag: "crm:contact-merged",
  description: "Two contacts were merged.",
  selector: "body.kind",
  refine: { "body.into": { optional } },
  sample: { headers: {}, query: {}, body: { into: "c_1", from: "c_2" }, params: {} },
});
