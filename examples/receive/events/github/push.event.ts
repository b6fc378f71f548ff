import { defineEvent } from "ductape-events";

export default defineEvent({
  name: "Push",
  tag: "github:push",
  description: "",
  // GitHub names the event in a header.
  selector: 'headers["x-github-event"]',
  sample: {
    headers: { "x-github-event": "push", "x-github-delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958" },
    query: {},
    body: { ref: "refs/heads/main", commits: [{ id: "0d1a26e6", message: "Fix" }] },
    params: {},
  },
});
