import { defineEvent } from "ductape-events";
import payload from "./team-deleted.json";

// The body's schema is GitHub's, from an installed package; the sample is one of GitHub's examples.
export default defineEvent({
  name: "Team Deleted",
  tag: "github:team-deleted",
  description: "",
  schema: { body: { $ref: "@octokit/webhooks-schemas/schema.json#/definitions/team$deleted" } },
  sample: { headers: { "x-github-event": "team" }, query: {}, body: payload, params: {} },
  selector: "body.action",
});
