import { spawnSync } from "node:child_process";
import { cpSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertCliBuilt,
  diagnosticHeads,
  emptyProject,
  linkSelf,
  removeProjects,
  runCli,
  type Project,
} from "../helpers/project.js";

/**
 * `ductape-events diff` end to end: the real CLI in temporary git repositories (two commits,
 * `--base HEAD~1`), a shallow clone that lacks the base, a folder of an earlier build's outputs,
 * acknowledgements, and each output format.
 */

function git(dir: string, ...args: string[]): string {
  const result = spawnSync("git", args, {
    cwd: dir,
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "t",
      GIT_AUTHOR_EMAIL: "t@example.com",
      GIT_COMMITTER_NAME: "t",
      GIT_COMMITTER_EMAIL: "t@example.com",
      GIT_CONFIG_NOSYSTEM: "1",
      GIT_CONFIG_GLOBAL: "/dev/null",
    },
  });
  if (result.status !== 0) throw new Error(`git ${args.join(" ")} failed: ${result.stderr}`);
  return result.stdout;
}

const CONFIG = `import { defineConfig } from "ductape-events";

export default defineConfig({ events: "events/**/*.event.ts", outDir: "generated" });
`;

function orderEvent(body: string, extra = ""): string {
  return `import { defineEvent } from "ductape-events";

export default defineEvent({
  name: "Order created",
  tag: "shop:order-created",
  description: "An order was placed.",
  sample: {
    headers: {},
    query: {},
    body: ${body},
    params: {},
  },${extra}
});
`;
}

const BEFORE = `{ id: 1, legacy_id: "L1", status: "new" }`;
// id: integer -> string (breaks both), legacy_id removed (breaks receivers), code added (breaks senders).
const AFTER = `{ id: "1", status: "new", code: "c" }`;

/** A project in its own git repository: the first commit `BEFORE`, the second `AFTER` with `extra`. */
function repository(prefix: string, extra = ""): Project {
  const project = emptyProject(prefix);
  linkSelf(project);
  project.write("package.json", `{ "name": "${prefix}", "private": true, "type": "module" }\n`);
  project.write(".gitignore", "node_modules/\ngenerated/\n");
  project.write("ductape.config.ts", CONFIG);
  project.write("events/order.event.ts", orderEvent(BEFORE));
  git(project.dir, "init", "-q", "-b", "main");
  git(project.dir, "add", "-A");
  git(project.dir, "commit", "-q", "-m", "before");
  project.write("events/order.event.ts", orderEvent(AFTER, extra));
  git(project.dir, "commit", "-q", "-am", "after");
  return project;
}

interface JsonChange {
  tag: string;
  path: string;
  kind: string;
  severity: string;
  acknowledged: boolean;
  before: string | null;
  after: string | null;
  file: string | null;
  line: number | null;
}

function changesOf(stdout: string): JsonChange[] {
  return (JSON.parse(stdout) as { changes: JsonChange[] }).changes;
}

beforeAll(() => assertCliBuilt());
afterAll(() => removeProjects());

describe("diff --base <git ref>", () => {
  let project: Project;
  beforeAll(() => {
    project = repository("diff-git");
  });

  it("compares with the previous commit, reading git's objects without touching the work tree or the index", async () => {
    const status = git(project.dir, "status", "--porcelain");
    const index = git(project.dir, "ls-files", "--stage");
    const indexTime = statSync(project.path(".git/index")).mtimeMs;
    const temporary = () => readdirSync(tmpdir()).filter((name) => name.startsWith("ductape-events-diff-")).length;
    const copiesBefore = temporary();
    const result = await project.run("diff", "--base", "HEAD~1");
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toContain("Compared with HEAD~1 (");
    expect(result.stdout).toMatch(/^shop\n {2}shop:order-created\n/m);
    expect(result.stdout).toMatch(
      /✖ body\.id +type-changed: integer -> string {2}\(breaking\) {2}events\/order\.event\.ts:\d+:\d+/,
    );
    expect(result.stdout).toMatch(/✖ body\.legacy_id +field-removed: string -> none {2}\(breaking\)/);
    expect(result.stdout).toMatch(/✔ body\.code +field-added-required: none -> string {2}events/);
    expect(result.stdout).toContain("✖ 2 breaking changes, 1 safe.");
    // Before any git command of this test: `git status` itself may refresh the index.
    expect(statSync(project.path(".git/index")).mtimeMs).toBe(indexTime);
    expect(git(project.dir, "status", "--porcelain")).toBe(status);
    expect(git(project.dir, "ls-files", "--stage")).toBe(index);
    expect(temporary()).toBe(copiesBefore);
  });

  it("classifies for senders or both with --for", async () => {
    const senders = changesOf(
      (await project.run("diff", "--base", "HEAD~1", "--for", "senders", "--format", "json")).stdout,
    );
    expect(senders.map((c) => [c.path, c.severity])).toEqual([
      ["body.code", "breaking"],
      ["body.id", "breaking"],
      ["body.legacy_id", "safe"],
    ]);
    const both = await project.run("diff", "--base", "HEAD~1", "--for", "both", "--format", "json");
    expect(both.code).toBe(1);
    expect(changesOf(both.stdout).every((c) => c.severity === "breaking")).toBe(true);
  });

  it("compares what is in the work tree now, committed or not", async () => {
    const clean = await project.run("diff", "--base", "HEAD");
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stdout).toContain("✔ No changes.");
    project.write(
      "events/order.event.ts",
      orderEvent(
        `{ id: "1", status: "new", code: "c", note: "n" }`,
        `\n  refine: { "body.note": { optional: true } },`,
      ),
    );
    try {
      const result = await project.run("diff", "--base", "HEAD", "--format", "json");
      expect(result.code, result.stderr).toBe(0);
      expect(changesOf(result.stdout)).toEqual([
        expect.objectContaining({
          tag: "shop:order-created",
          path: "body.note",
          kind: "field-added-optional",
          severity: "safe",
          before: null,
          after: "string",
          file: "events/order.event.ts",
        }),
      ]);
    } finally {
      git(project.dir, "checkout", "--", "events/order.event.ts");
    }
  });

  it("writes github annotations at the event file's line", async () => {
    const result = await project.run("diff", "--base", "HEAD~1", "--format", "github");
    expect(result.code).toBe(1);
    const errors = result.stdout.split("\n").filter((line) => line.startsWith("::error "));
    expect(errors).toHaveLength(2);
    for (const line of errors)
      expect(line).toMatch(
        /^::error file=events\/order\.event\.ts,line=\d+,col=\d+,.*title=DT8208 Breaking change::shop%3Aorder-created|^::error file=events\/order\.event\.ts,line=\d+,.*::shop:order-created body\./,
      );
    expect(result.stdout).toContain("shop:order-created body.code: field-added-required (none -> string), safe.");
  });

  it("fails with a usage error on a bad flag, and with DT8201 on a ref that does not exist", async () => {
    expect((await project.run("diff")).code).toBe(2);
    const audience = await project.run("diff", "--base", "HEAD~1", "--for", "nobody");
    expect(audience.code).toBe(2);
    expect(audience.stderr).toContain('Unknown --for "nobody"');
    const missing = await project.run("diff", "--base", "no-such-branch");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("DT8201");
    expect(missing.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("acknowledging a break in the event file", () => {
  it("passes (exit 0) while listing the change as acknowledged, and warns once the acknowledgement is stale", async () => {
    const project = repository("diff-ack", `\n  acknowledge: ["body.id", "body.legacy_id"],`);
    const result = await project.run("diff", "--base", "HEAD~1");
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/! body\.id +type-changed: integer -> string {2}\(breaking, acknowledged\)/);
    expect(result.stdout).toMatch(/! body\.legacy_id +field-removed: string -> none {2}\(breaking, acknowledged\)/);
    expect(result.stdout).toContain("✔ 0 breaking changes, 2 acknowledged, 1 safe.");
    // For senders, the added required field is not acknowledged.
    expect((await project.run("diff", "--base", "HEAD~1", "--for", "senders")).code).toBe(1);
    const json = await project.run("diff", "--base", "HEAD~1", "--format", "json");
    expect(JSON.parse(json.stdout)).toMatchObject({
      version: 1,
      ok: true,
      summary: { breaking: 0, acknowledged: 2, safe: 1 },
    });
    // Against the commit that holds the change, nothing changes: both entries are stale.
    const stale = await project.run("diff", "--base", "HEAD");
    expect(stale.code).toBe(0);
    expect(stale.stderr.match(/warning DT8242/g)).toHaveLength(2);
    expect(stale.stderr).toContain(
      'The acknowledgement "body.id" of shop:order-created matches no change against "HEAD".',
    );
  });

  it("an entry that names nothing fails the build, and the change that fixes it still diffs against it", async () => {
    const project = repository("diff-ack-bad", `\n  acknowledge: ["body.id."],`);
    const built = await project.run("build");
    expect(built.code).toBe(1);
    expect(diagnosticHeads(built.stderr)).toEqual([
      expect.stringMatching(/^events\/order\.event\.ts:\d+:\d+ - error DT8207: The acknowledgement "body\.id\." /),
    ]);
    // The fix, against the commit that has the bad entry: a base's acknowledgements are never read.
    project.write("events/order.event.ts", project.read("events/order.event.ts").replace('"body.id."', '"body.id"'));
    const fixed = await project.run("diff", "--base", "HEAD", "--format", "json");
    expect(fixed.stderr).not.toContain("DT8205");
    expect(JSON.parse(fixed.stdout)).toMatchObject({ ok: true, summary: { breaking: 0, acknowledged: 0 } });
  });
});

describe("diff in a shallow clone", () => {
  it("says to fetch the missing base, and exits 2", async () => {
    const origin = repository("diff-origin");
    const clone = emptyProject("diff-shallow");
    git(clone.dir, "clone", "-q", "--depth", "1", `file://${origin.dir}`, ".");
    linkSelf(clone);
    const result = await clone.run("diff", "--base", "HEAD~1");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("error DT8201");
    expect(result.stderr).toContain("shallow");
    expect(result.stderr).toContain("fetch-depth: 0");
    const branch = await clone.run("diff", "--base", "origin/release");
    expect(branch.stderr).toContain("git fetch --depth=1 origin release");
  });
});

describe("diff --base <folder of outputs>", () => {
  it("compares with an earlier build's manifest as with the ref it was built from", async () => {
    const project = repository("diff-folder");
    const earlier = emptyProject("diff-earlier");
    linkSelf(earlier);
    earlier.write("ductape.config.ts", CONFIG);
    earlier.write("events/order.event.ts", orderEvent(BEFORE));
    expect((await earlier.run("build")).code).toBe(0);
    const fromFolder = await project.run("diff", "--base", earlier.path("generated"), "--format", "json");
    const fromRef = await project.run("diff", "--base", "HEAD~1", "--format", "json");
    expect(fromFolder.code).toBe(1);
    expect(changesOf(fromFolder.stdout)).toEqual(changesOf(fromRef.stdout));
    expect(JSON.parse(fromFolder.stdout).base).toEqual({
      kind: "folder",
      name: earlier.path("generated"),
      commit: null,
    });
    const fromManifest = await project.run(
      "diff",
      "--base",
      earlier.path("generated/manifest.json"),
      "--format",
      "json",
    );
    expect(changesOf(fromManifest.stdout)).toEqual(changesOf(fromRef.stdout));

    // A folder that is also a branch's name: the folder wins, and a warning says how to name the ref.
    cpSync(earlier.path("generated"), project.path("base-out"), { recursive: true });
    git(project.dir, "branch", "base-out", "HEAD~1");
    const ambiguous = await project.run("diff", "--base", "base-out");
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toContain("warning DT8243");
    expect(ambiguous.stderr).toContain("refs/heads/base-out");
    expect((await project.run("diff", "--base", "refs/heads/base-out")).stderr).not.toContain("DT8243");

    const notOutputs = await project.run("diff", "--base", "events");
    expect(notOutputs.code).toBe(2);
    expect(notOutputs.stderr).toContain("error DT8204");
  });
});

describe("diff of a project in a subfolder, with imports above it and a package's schema", () => {
  it("builds the ref's copy with the config's relative paths and the work tree's installed packages", async () => {
    const repo = emptyProject("diff-monorepo");
    repo.write(".gitignore", "node_modules/\ngenerated/\n");
    repo.write("shared/constants.ts", 'export const CURRENCY = "NGN";\n');
    repo.write("app/package.json", '{ "name": "app", "private": true, "type": "module" }\n');
    repo.write("app/ductape.config.ts", CONFIG);
    // Installed, never committed: it resolves in the ref's copy through the linked node_modules.
    repo.write(
      "app/node_modules/provider-schemas/package.json",
      '{ "name": "provider-schemas", "version": "1.0.0" }\n',
    );
    repo.write(
      "app/node_modules/provider-schemas/schema.json",
      JSON.stringify({
        definitions: {
          charge: {
            type: "object",
            properties: { amount: { type: "integer" }, currency: { type: "string" } },
            required: ["amount", "currency"],
          },
        },
      }),
    );
    const charge = (extra: string) => `import { defineEvent } from "ductape-events";
import { CURRENCY } from "../../shared/constants.js";

export default defineEvent({
  name: "Charge",
  tag: "pay:charge",
  description: "A charge.",
  schema: { body: { $ref: "provider-schemas/schema.json#/definitions/charge" } },
  sample: { headers: {}, query: {}, body: { amount: 1, currency: CURRENCY${extra} }, params: {} },
});
`;
    repo.write("app/events/charge.event.ts", charge(""));
    const app = { ...repo, dir: repo.path("app"), run: (...args: string[]) => runCli(repo.path("app"), args) };
    linkSelf({ ...repo, path: (rel: string) => repo.path(`app/${rel}`) });
    git(repo.dir, "init", "-q", "-b", "main");
    git(repo.dir, "add", "-A");
    git(repo.dir, "commit", "-q", "-m", "before");
    repo.write(
      "app/events/charge.event.ts",
      charge(', note: "n"').replace(
        'schema: { body: { $ref: "provider-schemas/schema.json#/definitions/charge" } },\n',
        "",
      ),
    );
    const result = await app.run("diff", "--base", "HEAD", "--format", "json");
    // An added required field breaks senders only.
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const changes = changesOf(result.stdout).map((c) => `${c.path} ${c.kind} ${c.before} -> ${c.after}`);
    expect(changes).toEqual(["body.note field-added-required null -> string"]);
    expect(JSON.parse(result.stdout).base).toMatchObject({ kind: "ref", name: "HEAD" });
  });
});
