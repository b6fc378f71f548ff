import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertCliBuilt, emptyProject, removeProjects, runNode } from "../helpers/project.js";
import { TSC, USAGE_TSCONFIG } from "../helpers/strict.js";

/**
 * A second real provider, from npm: Figma publishes its REST API as an OpenAPI 3.1 document
 * (`@figma/rest-api-spec`, YAML) whose webhook payloads are the callbacks of `POST /v2/webhooks`,
 * and, in the same package, TypeScript types for those payloads. What a user does with it, with
 * the real CLI: `import openapi` the document, `build`, then the generated payload types must be
 * the provider's own types (assignable both ways, for every event), and every sample the import
 * wrote must be accepted by both.
 */

const require = createRequire(import.meta.url);
const PACKAGE = dirname(require.resolve("@figma/rest-api-spec/package.json"));
const DOCUMENT = join(PACKAGE, "openapi", "openapi.yaml");

beforeAll(() => assertCliBuilt());
afterAll(() => removeProjects());

interface ManifestEvent {
  readonly tag: string;
  readonly sample: { readonly body: unknown };
}

describe("Figma's published OpenAPI document", () => {
  it("imports into events that build to Figma's own payload types, each sample accepted by both", async () => {
    const project = emptyProject("figma");
    const imported = await project.run("import", "openapi", DOCUMENT, "--webhook", "figma");
    expect(imported.stderr).toBe("");
    expect(imported.code).toBe(0);

    // Every event file declares its body by `$ref` to a named schema: the name of Figma's type.
    const typeOf = new Map<string, string>();
    for (const file of project.files("events/figma")) {
      const text = project.read(`events/figma/${file}`);
      const tag = /tag: "([^"]+)"/.exec(text)?.[1];
      const schema = /#\/components\/schemas\/(\w+)"/.exec(text)?.[1];
      expect(tag && schema, file).toBeTruthy();
      typeOf.set(tag!, schema!);
    }
    expect(typeOf.size).toBeGreaterThanOrEqual(7);

    const built = await project.run("build");
    expect(built.code, built.stderr).toBe(0);
    expect(built.stderr).toBe("");

    const events = (JSON.parse(project.read("generated/webhooks/figma.json")) as { events: ManifestEvent[] }).events;
    expect(events.map((event) => event.tag).sort()).toEqual([...typeOf.keys()].sort());
    const lines = [
      'import type * as Figma from "@figma/rest-api-spec";',
      'import type { EventPayloads } from "./generated/index.js";',
      "type Both<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;",
    ];
    events.forEach((event, i) => {
      const theirs = `Figma.${typeOf.get(event.tag)!}`;
      const ours = `EventPayloads[${JSON.stringify(event.tag)}]["body"]`;
      lines.push(
        `export const same${i}: Both<${ours}, ${theirs}> = true;`,
        `export const theirs${i}: ${theirs} = ${JSON.stringify(event.sample.body)};`,
        `export const ours${i}: ${ours} = ${JSON.stringify(event.sample.body)};`,
      );
    });
    // The check can fail: two different payloads are not the same type.
    lines.push(
      `// @ts-expect-error\nexport const different: Both<Figma.WebhookPingPayload, Figma.WebhookFileUpdatePayload> = true;`,
    );
    project.write("same.ts", lines.join("\n") + "\n");
    project.write("tsconfig.json", JSON.stringify({ ...USAGE_TSCONFIG, files: ["same.ts"] }));
    const tsc = await runNode([TSC, "-p", "tsconfig.json"], project.dir);
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.code).toBe(0);
  });
});
