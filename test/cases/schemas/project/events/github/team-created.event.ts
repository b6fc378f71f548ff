import { defineEvent } from "ductape-events";
import payload from "./team-created.json";

// The body's schema is GitHub's, from an installed package; the sample is one of GitHub's examples.
export default defineEvent({
  name: "Team Created",
  tag: "github:team-created",
  description: "",
  schema: { body: { $ref: "@octokit/webhooks-schemas/schema.json#/definitions/team$created" } },
  sample: { headers: { "x-github-event": "team" }, query: {}, body: payload, params: {} },
  selector: "body.action",
});
