import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO } from "./helpers/tmp.js";

/**
 * The package as users get it: `npm pack`, installed into an empty project outside this
 * repository, used through its bin and its types. Slow (an npm install), so it runs once.
 */
describe("the packed package in a fresh project", () => {
  const project = mkdtempSync(join(tmpdir(), "ductape-events-pack-"));
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  const run = (command: string, args: string[]) =>
    spawnSync(command, args, { cwd: project, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });

  beforeAll(() => {
    const packed = execFileSync("npm", ["pack", "--ignore-scripts", "--pack-destination", project], {
      cwd: REPO,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    const tarball = packed.trim().split("\n").pop()!;
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
    const install = run("npm", [
      "install",
      "--no-audit",
      "--no-fund",
      "--prefer-offline",
      join(project, tarball),
      "typescript@6.0.3",
    ]);
    expect(install.status, install.stderr).toBe(0);
    mkdirSync(join(project, "events"));
    writeFileSync(
      join(project, "events", "new-event.event.ts"),
      `import { defineEvent } from "ductape-events";

export default defineEvent({
  name: "New Event",
  tag: "new-webhook:new-event",
  description: "Notify customer of great things",
  sample: {
    headers: {},
    query: {},
    body: {
      event: "new-transaction",
      transaction_id: "1229100110101-192920101",
      event_id: "119100101020201-1919010101",
    },
    params: {},
  },
});
`,
    );
  }, 240_000);

  it("ships only dist, templates, README and package.json", () => {
    const listing = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
      cwd: REPO,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    const files = (JSON.parse(listing) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
    expect(
      files.every((f) => /^(dist\/|templates\/|README\.md$|package\.json$|LICENSE$)/.test(f)),
      files.join(", "),
    ).toBe(true);
  });

  it("builds the spec's example without a config, and the app type-checks against its payload", () => {
    const build = run(join(project, "node_modules", ".bin", "ductape-events"), ["build"]);
    expect(build.stderr).toBe("");
    expect(build.status).toBe(0);
    expect(build.stdout).toMatch(/1 event in 1 webhook -> generated\/ \(2 of 2 files written\)/);
    expect(readdirSync(join(project, "generated")).sort()).toEqual(["index.ts", "manifest.json"]);

    writeFileSync(
      join(project, "app.ts"),
      `import type { EventPayloads } from "./generated/index.js";
import { defineEvent, type EventDefinition } from "ductape-events";

type NewEvent = EventPayloads["new-webhook:new-event"];
export const ok: NewEvent = {
  headers: {},
  query: {},
  body: { event: "x", transaction_id: "t", event_id: "e" },
  params: {},
};
export const wrong: NewEvent = {
  headers: {},
  query: {},
  // @ts-expect-error transaction_id is a string
  body: { event: "x", transaction_id: 42, event_id: "e" },
  params: {},
};
export const def: EventDefinition = defineEvent({
  name: "n",
  // @ts-expect-error a tag needs a colon
  tag: "no-colon",
  description: "",
  sample: { headers: {}, query: {}, body: {}, params: {} },
});
`,
    );
    writeFileSync(
      join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          exactOptionalPropertyTypes: true,
          noUncheckedIndexedAccess: true,
          module: "nodenext",
          moduleResolution: "nodenext",
          target: "es2022",
          noEmit: true,
        },
        include: ["app.ts", "generated", "events"],
      }),
    );
    const tsc = run(process.execPath, [join(project, "node_modules", "typescript", "bin", "tsc"), "-p", "."]);
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.status).toBe(0);
    expect(existsSync(join(project, "node_modules", ".cache"))).toBe(false);
  });
});
