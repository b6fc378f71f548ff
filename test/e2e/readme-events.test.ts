import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertCliBuilt,
  emptyProject,
  linkSelf,
  REPO,
  removeProjects,
  runNode,
  type Project,
} from "../helpers/project.js";
import { PROMISED_FLAGS, TSC } from "../helpers/strict.js";

/**
 * The event files the README and docs/event-files.md show, and the one `init` writes, are checked
 * as a user's project would check them: by tsc under `isolatedDeclarations` (which must not refuse
 * the default export, TS9037), then built by the real CLI, which must read them as written. Each
 * block of those pages that starts with a `// events/....event.ts` comment is written to that path.
 */
const PAGES = ["README.md", "docs/event-files.md"];

function readmeEventFiles(): { path: string; text: string }[] {
  const readme = PAGES.map((page) => readFileSync(join(REPO, page), "utf8")).join("\n");
  return [...readme.matchAll(/```ts\n(\/\/ (events\/\S+\.event\.ts)\n[\s\S]*?)```/g)].map((m) => ({
    path: m[2]!,
    text: m[1]!,
  }));
}

let project: Project;

beforeAll(() => {
  assertCliBuilt();
  project = emptyProject("readme-events");
  project.write("package.json", '{ "name": "readme-events", "private": true, "type": "module" }\n');
  linkSelf(project);
  for (const { path, text } of readmeEventFiles()) project.write(path, text);
  project.write("init/new-event.event.ts", readFileSync(join(REPO, "templates/init/new-event.event.ts"), "utf8"));
});

afterAll(removeProjects);

describe("event files as the README and init write them", () => {
  it("the docs show them nested in folders that are not their webhooks", () => {
    const paths = readmeEventFiles().map((file) => file.path);
    expect(paths).toContain("events/stripe/charges/charge-succeeded.event.ts");
    expect(paths.length).toBeGreaterThanOrEqual(2);
  });

  it("compile under isolatedDeclarations with declarations emitted", async () => {
    const compilerOptions = {
      ...PROMISED_FLAGS,
      declaration: true,
      emitDeclarationOnly: true,
      isolatedDeclarations: true,
      rootDir: ".",
      outDir: "types",
      skipLibCheck: true,
      types: [],
    };
    project.write("tsconfig.json", `${JSON.stringify({ compilerOptions, include: ["events", "init"] }, null, 2)}\n`);
    const tsc = await runNode([TSC, "-p", "tsconfig.json", "--pretty", "false"], project.dir, 120_000);
    expect(project.normalize(tsc.stdout + tsc.stderr)).toBe("");
    expect(tsc.code).toBe(0);
  });

  it("are read by the build as written, each in the webhook its tag names, whatever its folder", async () => {
    const listed = await runNode([join(REPO, "dist/cli/main.js"), "list", "--json"], project.dir);
    expect(listed.stderr).toBe("");
    expect(listed.code).toBe(0);
    const rows = JSON.parse(listed.stdout) as { tag: string; source: string }[];
    expect(rows).toContainEqual(
      expect.objectContaining({
        tag: "payments:charge-succeeded",
        source: "events/stripe/charges/charge-succeeded.event.ts",
      }),
    );
    expect(rows).toHaveLength(readmeEventFiles().length);
    const built = await runNode([join(REPO, "dist/cli/main.js"), "build"], project.dir);
    expect(built.code, built.stderr).toBe(0);
    expect(project.exists("generated/webhooks/payments.ts")).toBe(true);
    expect(project.exists("generated/webhooks/stripe.ts")).toBe(false);
  });
});
