import { defineEvent } from "ductape-events";

export default defineEvent({
  name: "Issues",
  tag: "github:issues",
  description: "",
  selector: 'headers["x-github-event"]',
  sample: {
    headers: { "x-github-event": "issues", "x-github-delivery": "9a6b2b0e-cc78-11e3-81ab-4c9367dc0958" },
    query: {},
    body: { action: "opened", issue: { number: 7, title: "Crash on start" } },
    params: {},
  },
});
