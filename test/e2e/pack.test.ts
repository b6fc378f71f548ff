import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROMISED_FLAGS } from "../helpers/strict.js";
import { REPO } from "../helpers/tmp.js";

/**
 * The package as users get it: `npm pack`, installed into an empty project outside this
 * repository, set up with `init`, and used through its bin, its npm script and its types.
 * Slow (an npm install), so it installs once and the steps follow one another.
 */
describe("the packed package in a fresh project", () => {
  const project = mkdtempSync(join(tmpdir(), "ductape-events-pack-"));
  afterAll(() => rmSync(project, { recursive: true, force: true }));
  const env = { ...process.env, NO_COLOR: "1", GITHUB_ACTIONS: "" };
  const run = (command: string, args: string[]) => spawnSync(command, args, { cwd: project, encoding: "utf8", env });
  const cli = (...args: string[]) => run(join(project, "node_modules", ".bin", "ductape-events"), args);
  const event = join(project, "events", "new-webhook", "new-event.event.ts");

  beforeAll(() => {
    const packed = execFileSync("npm", ["pack", "--ignore-scripts", "--pack-destination", project], {
      cwd: REPO,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    const tarball = packed.trim().split("\n").pop()!;
    writeFileSync(
      join(project, "package.json"),
      JSON.stringify({ name: "app", private: true, type: "module" }, null, 2),
    );
    const install = run("npm", [
      "install",
      "--no-audit",
      "--no-fund",
      "--prefer-offline",
      join(project, tarball),
      "typescript@6.0.3",
    ]);
    expect(install.status, install.stderr).toBe(0);
    // Nothing runs at install: npm 11 would warn of an install script (prepare) in every project.
    expect(install.stderr).not.toMatch(/install-scripts/);
  }, 240_000);

  it("has no install-time scripts", () => {
    const manifest = JSON.parse(
      readFileSync(join(project, "node_modules", "ductape-events", "package.json"), "utf8"),
    ) as {
      scripts?: Record<string, string>;
    };
    const lifecycle = ["preinstall", "install", "postinstall", "prepare"];
    expect(Object.keys(manifest.scripts ?? {}).filter((name) => lifecycle.includes(name))).toEqual([]);
  });

  it("ships only dist, templates, docs and ARCHITECTURE.md (which the README and the hints link to), README, LICENSE and package.json", () => {
    const listing = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
      cwd: REPO,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    const files = (JSON.parse(listing) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
    expect(
      files.every((f) =>
        /^(dist\/|templates\/|docs\/[\w-]+\.md$|README\.md$|ARCHITECTURE\.md$|package\.json$|LICENSE$)/.test(f),
      ),
      files.join(", "),
    ).toBe(true);
    expect(files).toContain("docs/config.md");
    expect(files).toContain("LICENSE");
    expect(files).toContain("ARCHITECTURE.md");
  });

  it("init sets the project up with the spec's example event, and npm run build:events builds it", () => {
    const init = cli("init");
    expect(init.stderr).toBe("");
    expect(init.status).toBe(0);
    expect(readFileSync(event, "utf8")).toContain('tag: "new-webhook:new-event"');
    const built = run("npm", ["run", "--silent", "build:events"]);
    expect(built.stderr).toBe("");
    expect(built.status).toBe(0);
    expect(built.stdout).toMatch(/1 event in 1 webhook -> generated\/ \(4 of 4 files written\)/);
    expect(readdirSync(join(project, "generated")).sort()).toEqual(["index.ts", "manifest.json", "webhooks"]);
    expect(readdirSync(join(project, "generated", "webhooks")).sort()).toEqual(["new-webhook.json", "new-webhook.ts"]);
  });

  it("application code type-checks against the payload, and a wrong field type does not", () => {
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
        compilerOptions: { ...PROMISED_FLAGS, noEmit: true },
        include: ["app.ts", "generated", "events", "ductape.config.ts"],
      }),
    );
    const tsc = run(process.execPath, [join(project, "node_modules", "typescript", "bin", "tsc"), "-p", "."]);
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.status).toBe(0);
  });

  it("a rebuild with nothing changed is served from node_modules/.cache, until the tool itself changes", () => {
    const summary = () => {
      const built = cli("build", "--reporter", "json");
      expect(built.status, built.stderr).toBe(0);
      return (JSON.parse(built.stdout) as { summary: { cached: boolean } }).summary;
    };
    expect(summary().cached).toBe(true);
    // Another version of ductape-events installed: nothing it recorded may be reused.
    const manifest = join(project, "node_modules", "ductape-events", "package.json");
    const original = readFileSync(manifest, "utf8");
    const pkg = JSON.parse(original) as { version: string };
    writeFileSync(manifest, JSON.stringify({ ...pkg, version: `${pkg.version}-next` }, null, 2));
    try {
      expect(summary().cached).toBe(false);
      expect(summary().cached).toBe(true);
    } finally {
      writeFileSync(manifest, original);
    }
    expect(summary().cached).toBe(false);
  });

  it("build --check is 0 right after a build and 1 after an edit; --reporter json parses", () => {
    expect(cli("build", "--check").status).toBe(0);
    writeFileSync(event, readFileSync(event, "utf8").replace("Notify customer of great things", "Tell the customer"));
    const stale = cli("build", "--check");
    expect(stale.status).toBe(1);
    expect(stale.stderr).toContain("DT5003");
    const json = cli("build", "--check", "--reporter", "json");
    expect(json.status).toBe(1);
    const report = JSON.parse(json.stdout) as { ok: boolean; diagnostics: { code: string }[] };
    expect(report.ok).toBe(false);
    expect(report.diagnostics.map((d) => d.code)).toEqual(["DT5003", "DT5003"]);
  });

  it("the watcher rebuilds after a saved edit", async () => {
    const watcher = spawn(join(project, "node_modules", ".bin", "ductape-events"), ["watch"], { cwd: project, env });
    let stderr = "";
    watcher.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      await until(() => stderr.includes("Watching for changes"), 20_000);
      const manifest = join(project, "generated", "webhooks", "new-webhook.json");
      const started = Date.now();
      writeFileSync(event, readFileSync(event, "utf8").replace("Tell the customer", "Tell the customer now"));
      await until(() => readFileSync(manifest, "utf8").includes("Tell the customer now"), 10_000);
      console.log(`packed watch: saved edit -> webhooks/new-webhook.json in ${Date.now() - started} ms`);
    } finally {
      watcher.kill("SIGINT");
    }
    const code = await new Promise<number | null>((resolve) => watcher.on("exit", resolve));
    expect(code).toBe(0);
    // The only thing written outside the project's files is the build's own disk cache.
    expect(readdirSync(join(project, "node_modules", ".cache"))).toEqual(["ductape-events"]);
  });
});

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
