import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertCliBuilt,
  CLI,
  copyFixture,
  diagnosticHeads,
  removeProjects,
  runNode,
  STACK_FRAME,
  type Project,
} from "../helpers/project.js";

/**
 * End-to-end: where the event docs site may go (`docs: { out }` and `docs --out`, one set of
 * rules), its title, what `build` says about it, and `build --check`'s diffs of long lines;
 * through the compiled CLI, in copies of test/fixtures/docs.
 */

beforeAll(() => assertCliBuilt());
const outside: string[] = [];
afterAll(() => {
  removeProjects();
  for (const dir of outside.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function run(project: Project, ...args: string[]) {
  const result = await project.run(...args);
  expect(result.stderr, "no stack trace, ever").not.toMatch(STACK_FRAME);
  expect(result.stderr + result.stdout).not.toContain("DT9001");
  return result;
}

/** The fixture with `docs: {}` replaced by `docs` as written. */
function withDocs(docs: string, events?: string): Project {
  const project = copyFixture("docs");
  let config = project.read("ductape.config.ts").replace("docs: {}", docs);
  if (events !== undefined) config = config.replace('events: "events/**/*.event.ts"', `events: ${events}`);
  project.write("ductape.config.ts", config);
  return project;
}

/** The heads without their location: `DT1005: message`. */
function codesAndMessages(stderr: string): string[] {
  return diagnosticHeads(stderr).map((head) => head.replace(/^.*? - error /, ""));
}

describe("where the site may go: the same rules for docs.out and --out", () => {
  it("an existing file is a config error at docs.out, or a usage error of --out; nothing is written", async () => {
    // README.md, not package.json: a package.json here would end the fixture's import of ductape-events.
    const project = withDocs('docs: { out: "README.md" }');
    project.write("README.md", "# mine\n");
    const config = await run(project, "build");
    expect(config.code).toBe(2);
    expect(diagnosticHeads(config.stderr)).toEqual([
      'ductape.config.ts:8:11 - error DT1005: Config option "docs.out" must be a folder, or a path where one can be made, got "README.md", a file.',
    ]);

    const other = copyFixture("docs");
    other.write("README.md", "# mine\n");
    const flag = await run(other, "docs", "--out", "README.md/site");
    expect(flag.code).toBe(2);
    expect(codesAndMessages(flag.stderr)).toEqual([
      'DT1005: Option --out (the config\'s "docs.out") must be a folder, or a path where one can be made, got "README.md/site", below a file.',
    ]);
    expect(flag.stderr).toContain("hint: Fix --out on the command line");
    for (const p of [project, other]) {
      expect(p.read("README.md")).toBe("# mine\n");
      expect(p.exists("generated")).toBe(false);
    }
  });

  it("`docs` with neither --out nor docs in the config checks its default folder as the config's", async () => {
    const project = copyFixture("docs");
    project.write("ductape.config.ts", project.read("ductape.config.ts").replace("  docs: {},\n", ""));
    project.write("event-docs", "mine\n");
    const result = await run(project, "docs");
    expect(result.code).toBe(2);
    expect(codesAndMessages(result.stderr)).toEqual([
      'DT1005: Config option "docs.out" must be a folder, or a path where one can be made, got "event-docs", a file.',
    ]);
    expect(project.read("event-docs")).toBe("mine\n");
    expect(project.exists("generated")).toBe(false);
  });

  it("--out '' and --out 'a\\b' are the errors that docs.out gives for them", async () => {
    for (const [value, expected] of [
      ["", 'must be a non-empty path, got "".'],
      ["a\\b", 'must be a path with forward slashes, which every system reads alike, got "a\\\\b".'],
    ] as const) {
      const project = withDocs(`docs: { out: ${JSON.stringify(value)} }`);
      const config = await run(project, "build");
      expect(config.code).toBe(2);
      expect(codesAndMessages(config.stderr)).toEqual([`DT1005: Config option "docs.out" ${expected}`]);

      const flag = await run(copyFixture("docs"), "docs", `--out=${value}`);
      expect(flag.code).toBe(2);
      expect(codesAndMessages(flag.stderr)).toEqual([`DT1005: Option --out (the config's "docs.out") ${expected}`]);
    }
  });

  it("refuses the events folder, a folder inside it, and any folder holding event files or the config (DT1018)", async () => {
    const events = withDocs('docs: { out: "events" }');
    const config = await run(events, "build");
    expect(config.code).toBe(2);
    expect(diagnosticHeads(config.stderr)).toEqual([
      'ductape.config.ts:8:11 - error DT1018: The event docs folder "events" is the folder where the events glob "events/**/*.event.ts" looks for event files: the site\'s index.html, assets/ and webhooks/ would be written among the sources the build reads.',
    ]);
    expect(config.stderr).toContain('such as docs: { out: "event-docs" }');

    const inside = await run(copyFixture("docs"), "docs", "--out", "events/site");
    expect(codesAndMessages(inside.stderr)).toEqual([
      expect.stringMatching(/^DT1018: The event docs folder "events\/site" \(--out\) lies inside "events", where/),
    ]);
    // The option as typed, from where the command runs.
    const elsewhere = copyFixture("docs");
    elsewhere.write("sub/.keep", "");
    const args = ["docs", "--config", "../ductape.config.ts", "--out", "../events/site"];
    const fromSub = await runNode([CLI, ...args], join(elsewhere.dir, "sub"));
    expect(codesAndMessages(fromSub.stderr)).toEqual([
      expect.stringMatching(
        /^DT1018: The event docs folder "\.\.\/events\/site" \(--out\) lies inside "\.\.\/events", where/,
      ),
    ]);
    expect(fromSub.stderr).toContain("such as `--out ../event-docs`");

    // With a glob from the project's folder, the folders that hold event files are known only once found.
    const found = withDocs('docs: { out: "events/shop" }', '"**/*.event.ts"');
    const holds = await run(found, "build");
    expect(holds.code).toBe(2);
    expect(diagnosticHeads(holds.stderr)).toEqual([
      expect.stringMatching(
        /^ductape\.config\.ts:8:11 - error DT1018: The event docs folder "events\/shop" holds 2 event files the build reads \(events\/shop\/order-created\.event\.ts and 1 more\)/,
      ),
    ]);
    const root = await run(copyFixture("docs"), "docs", "--out", ".");
    expect(codesAndMessages(root.stderr)).toEqual([
      expect.stringMatching(/^DT1018: The event docs folder "\." \(--out\) holds the config file ductape\.config\.ts/),
    ]);
    // "." is refused for holding the config; event-docs inside it holds neither the config nor
    // event files, so it is the suggestion (not ../event-docs).
    expect(root.stderr).toContain("such as `--out event-docs`");
    // Where the events glob searches inside event-docs, the hint passes it by.
    const nested = withDocs("docs: {}", '"event-docs/hooks/**/*.event.ts"');
    nested.write("event-docs/hooks/invoice-sent.event.ts", nested.read("events/billing/invoice-sent.event.ts"));
    const passed = await run(nested, "docs", "--out", "event-docs/hooks/site");
    expect(codesAndMessages(passed.stderr)).toEqual([
      expect.stringMatching(/^DT1018: The event docs folder "event-docs\/hooks\/site"/),
    ]);
    expect(passed.stderr).toContain("such as `--out webhook-docs`");
    for (const project of [events, found]) expect(project.files("events").every((f) => f.endsWith(".ts"))).toBe(true);
    expect(events.exists("generated")).toBe(false);
  });

  it("refuses node_modules, and accepts a folder outside the project", async () => {
    const modules = await run(withDocs('docs: { out: "node_modules/site" }'), "build");
    expect(codesAndMessages(modules.stderr)).toEqual([
      'DT1005: Config option "docs.out" must be a folder outside node_modules (npm replaces it on install, and it is never committed), got "node_modules/site".',
    ]);

    const elsewhere = mkdtempSync(join(tmpdir(), "ductape-docs-out-"));
    outside.push(elsewhere);
    const project = copyFixture("docs");
    const result = await run(project, "docs", "--out", join(elsewhere, "site"));
    expect(result.code, result.stderr).toBe(0);
    expect(project.exists("event-docs")).toBe(false);
    const { existsSync } = await import("node:fs");
    expect(existsSync(join(elsewhere, "site", "index.html"))).toBe(true);
  });

  it("DT8301's hint suggests another folder than the one it found a file of the user's in", async () => {
    const project = copyFixture("docs");
    project.write("event-docs/index.html", "<h1>mine</h1>\n");
    const result = await run(project, "build");
    expect(result.code).toBe(1);
    expect(codesAndMessages(result.stderr)).toEqual([expect.stringMatching(/^DT8301: event-docs\/index\.html exists/)]);
    const hint = result.stderr.split("\n").find((line) => line.includes("hint:"))!;
    expect(hint).toContain('docs: { out: "webhook-docs" }');
    expect(hint).not.toContain('"event-docs"');
  });
});

describe("what build says about the site", () => {
  it("names every folder it wrote to, and where the site is (pretty output only, on stderr)", async () => {
    const project = copyFixture("docs");
    const result = await run(project, "build");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^✔ 3 events in 2 webhooks -> generated\/, event-docs\/ \(12 of 12 files written\)/);
    expect(result.stderr).toBe("Event docs: open event-docs/index.html in a browser.\n");

    const json = await run(project, "build", "--reporter", "json");
    expect(json.stderr).toBe("");
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true });

    const check = await run(project, "build", "--check");
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/; generated\/ and event-docs\/ are up to date/);
    expect(check.stderr).toBe("");
  });

  it("docs --out says where the site is when the disk cache answers too", async () => {
    const project = copyFixture("docs");
    project.write("ductape.config.ts", project.read("ductape.config.ts").replace("  docs: {},\n", ""));
    for (const round of ["first", "cached"]) {
      const result = await run(project, "docs", "--out", "site");
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout, round).toMatch(/ -> generated\/, site\/ \(/);
      expect(result.stderr, round).toBe("Event docs: open site/index.html in a browser.\n");
    }
  });
});

describe("docs.title", () => {
  it("titles the index and every page, as text", async () => {
    const title = `<img src=x onerror=alert(1)> Acme & "Co"`;
    const project = withDocs(`docs: { title: ${JSON.stringify(title)} }`);
    const result = await run(project, "build");
    expect(result.code, result.stderr).toBe(0);
    const escaped = "&lt;img src=x onerror=alert(1)&gt; Acme &amp; &quot;Co&quot;";
    const index = project.read("event-docs/index.html");
    expect(index).toContain(`<title>${escaped}</title>`);
    expect(index).toContain(`<h1>${escaped}</h1>`);
    expect(project.read("event-docs/webhooks/shop.html")).toContain(`<title>shop: ${escaped}</title>`);
    for (const file of project.files("event-docs")) expect(project.read(`event-docs/${file}`)).not.toMatch(/<img/i);

    // A new title is a change: the disk cache must not answer for the old one.
    project.write("ductape.config.ts", project.read("ductape.config.ts").replace(JSON.stringify(title), '"Acme"'));
    expect((await run(project, "build")).code).toBe(0);
    expect(project.read("event-docs/index.html")).toContain("<title>Acme</title>");
  });

  it("is 'Webhook events' by default", async () => {
    const project = copyFixture("docs");
    expect((await run(project, "build")).code).toBe(0);
    expect(project.read("event-docs/index.html")).toContain("<title>Webhook events</title>");
    expect(project.read("event-docs/webhooks/shop.html")).toContain("<title>shop: Webhook events</title>");
  });

  it("must be a short line of text", async () => {
    for (const [value, expected] of [
      ['""', 'must be a non-empty string, got "".'],
      ["42", "must be a non-empty string, got a number."],
      ['"Line\\nbreak"', 'must be one line of text, without control characters, got "Line\\nbreak".'],
      [JSON.stringify("x".repeat(101)), "must be at most 100 characters, got a string of 101 characters."],
    ] as const) {
      const result = await run(withDocs(`docs: { title: ${value} }`), "build");
      expect(result.code).toBe(2);
      expect(codesAndMessages(result.stderr)).toEqual([`DT1005: Config option "docs.title" ${expected}`]);
    }
  });
});

describe("build --check on long lines", () => {
  it("prints a bounded diff of a big one-line change in every kind of output", async () => {
    const project = copyFixture("docs");
    const file = "events/billing/invoice-sent.event.ts";
    // One long description: a line of it in the manifest, the types, a page, and the index's search data.
    const words = Array.from({ length: 6000 }, (_, i) => `word${i}`).join(" ");
    project.write(file, project.read(file).replace("An invoice was emailed to the customer.", words));
    expect((await run(project, "build")).code).toBe(0);
    project.write(file, project.read(file).replace("word3000 ", "EDITED "));

    for (const reporter of ["pretty", "github", "json"]) {
      const check = await run(project, "build", "--check", "--reporter", reporter);
      expect(check.code).toBe(1);
      const output = check.stdout + check.stderr;
      const stale = [
        "generated/webhooks/billing.json",
        "generated/webhooks/billing.ts",
        "event-docs/webhooks/billing.html",
        "event-docs/index.html",
      ];
      for (const path of stale) expect(output, reporter).toContain(`${path} is out of date`);
      if (reporter === "pretty") {
        for (const line of output.split("\n")) expect(line.length, line.slice(0, 300)).toBeLessThanOrEqual(260);
        // Each changed line shows its change, and how much of it was left out.
        expect(output).toMatch(/^ {2}- \[[\d,]+ characters before\] ….*word3000 .*… \[[\d,]+ characters more\]$/m);
        expect(output).toMatch(/^ {2}\+ \[[\d,]+ characters before\] ….*EDITED .*… \[[\d,]+ characters more\]$/m);
      }
      // The long description is ~50 KB, written in four files: the report is a few KB whatever the reporter.
      expect(output.length, reporter).toBeLessThan(12_000);
    }
  });
});
