import { createRequire } from "node:module";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { assertCliBuilt, emptyProject, REPO, removeProjects } from "../helpers/project.js";

/**
 * The example of docs/schemas.md, exactly as written: its event file (the block that starts with
 * `// events/github/push.event.ts`) beside one of GitHub's push examples as `push.json`, built by
 * the real CLI in a project that resolves @octokit/webhooks-schemas through the repository's
 * node_modules.
 */
const require = createRequire(import.meta.url);

afterAll(removeProjects);

describe("docs/schemas.md", () => {
  it("its GitHub example builds as written, the body typed as GitHub's PushEvent", async () => {
    assertCliBuilt();
    const page = readFileSync(join(REPO, "docs", "schemas.md"), "utf8");
    const block = /```ts\n(\/\/ (events\/github\/push\.event\.ts)\n[\s\S]*?)```/.exec(page);
    expect(block, "the page shows events/github/push.event.ts").not.toBeNull();
    const corpus = require("@octokit/webhooks-examples/api.github.com/index.json") as {
      name: string;
      examples: unknown[];
    }[];
    // The first example GitHub's schema accepts (some examples are older than the schema).
    const ajv = new Ajv({ strict: false });
    addFormats.default(ajv);
    ajv.addSchema(require("@octokit/webhooks-schemas/schema.json") as object, "github");
    const accepts = ajv.getSchema("github#/definitions/push$event")!;
    const push = corpus.find((e) => e.name === "push")!.examples.find((example) => accepts(example));
    const project = emptyProject("schemas-docs");
    project.write("ductape.config.ts", 'export default { events: "events/**/*.event.ts" };\n');
    project.write(block![2]!, block![1]!);
    project.write("events/github/push.json", `${JSON.stringify(push, null, 2)}\n`);
    const result = await project.run("build");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(project.read("generated/webhooks/github.ts")).toContain("export type GithubPushBody = PushEvent;");
    expect(project.read("generated/definitions.ts")).toMatch(/^export interface Repository \{/m);
  });
});
