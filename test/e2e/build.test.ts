import { readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectedDir } from "../helpers/cases.js";
import { manifestOf, outputState, SHOP_OUTPUTS as VALID_OUTPUTS } from "../helpers/outputs.js";
import {
  assertCliBuilt,
  copyFixture,
  diagnosticHeads,
  fixtureDir,
  listFiles,
  REPO,
  removeProjects,
  runCli,
  STACK_FRAME,
  type Project,
  type RunResult,
} from "../helpers/project.js";

/**
 * End-to-end: the compiled CLI (`node dist/cli/main.js`) run as a child process on copies of
 * projects, edited or run with options: what a case folder (test/e2e/cases.test.ts) cannot say.
 */

/** Every CLI run of this file, for the "no stack trace, ever" check at the end. */
const allRuns: { label: string; result: RunResult }[] = [];

async function run(project: Project, ...args: string[]): Promise<RunResult> {
  const result = await project.run(...args);
  allRuns.push({ label: `${project.dir} ${args.join(" ")}`, result });
  return result;
}

/** A file of a case's expected output, e.g. `expectedFile("valid", "generated/index.ts")`. */
function expectedFile(name: string, file: string): Buffer {
  return readFileSync(join(expectedDir(name), file));
}

beforeAll(assertCliBuilt);
afterAll(removeProjects);

describe("selectors", () => {
  it("$Event{...} and paths are recorded as written; a webhook with and without selectors warns, naming each file", async () => {
    const project = copyFixture("selectors");
    const good = await run(project, "build");
    expect(good.stderr).toBe("");
    expect(good.code).toBe(0);
    expect(manifestOf(project).events.map((e) => `${String(e["tag"])} ${String(e["selector"])}`)).toEqual([
      'github:issues headers["x-github-event"]',
      'github:push headers["x-github-event"]',
      "payments:transaction-failed $Event{event}",
      "payments:transaction-succeeded body.event",
    ]);

    const issues = "events/github/issues.event.ts";
    project.write(issues, project.read(issues).replace(/\n  selector: .*\n/, "\n"));
    const mixed = await run(project, "build");
    expect(mixed.code).toBe(0);
    // Whatever words the reporter puts between the location and the code.
    const heads = diagnosticHeads(mixed.stderr).map((head) => head.replace(/ {2}.*DT/, "  DT"));
    expect(heads).toEqual([
      'events/github/push.event.ts:8:13 - warning DT3101: Event "github:issues" of webhook "github" declares no selector while others select with headers["x-github-event"], so WebhookPayloads["github"] is not a discriminated union and no selected field is typed as its event\'s value.',
    ]);
    expect(mixed.stderr).toContain('  events/github/issues.event.ts:5:8  "github:issues" has no selector');
  });
});

describe("outputs on disk", () => {
  it("a failing build after a good one leaves generated/* byte-identical and untouched", async () => {
    const project = copyFixture("valid", { prefix: "fail-after-good" });
    expect((await run(project, "build")).code).toBe(0);
    const before = outputState(project);
    expect(Object.keys(before)).toEqual(VALID_OUTPUTS);

    // A definition error: a second event with an existing tag, and a changed sample elsewhere.
    project.write(
      "events/billing/invoice-paid-copy.event.ts",
      project
        .read("events/billing/invoice-paid.event.ts")
        .replace('name: "Invoice Paid"', 'name: "Invoice Paid Again"'),
    );
    project.write(
      "events/shipping/parcel-delivered.event.ts",
      project.read("events/shipping/parcel-delivered.event.ts").replace('signed_by: "A. Obi"', "signed_by: 7"),
    );
    const failed = await run(project, "build");
    expect(failed.code).toBe(1);
    expect(diagnosticHeads(failed.stderr)).toEqual([
      'events/billing/invoice-paid-copy.event.ts:6:8 - error DT3006: Tag "billing:invoice-paid" is defined 2 times; tags must be unique.',
    ]);
    expect(outputState(project)).toEqual(before);

    // A config error stops early; still nothing is touched.
    project.write("ductape.config.ts", 'export default { events: "events/**/*.event.ts", outdir: "elsewhere" };\n');
    const configFailed = await run(project, "build");
    expect(configFailed.code).toBe(2);
    expect(outputState(project)).toEqual(before);
    expect(project.exists("elsewhere")).toBe(false);

    // Globs that match nothing (Windows-style backslashes) are an error too: the outputs are not
    // replaced by those of an empty project, and the hint gives the glob with forward slashes.
    project.write("ductape.config.ts", 'export default { events: "events\\\\**\\\\*.event.ts" };\n');
    const noFiles = await run(project, "build");
    expect(noFiles.code).toBe(2);
    expect(diagnosticHeads(noFiles.stderr)).toEqual([
      'ductape.config.ts:1:26 - error DT1010: No event files match "events\\\\**\\\\*.event.ts".',
    ]);
    expect(noFiles.stderr).toContain('write "events/**/*.event.ts"');
    expect(outputState(project)).toEqual(before);

    // outDir set to the events' folder: the events are there, but outDir is never searched. Say so,
    // at outDir in the config, naming every file left out.
    project.write("ductape.config.ts", 'export default { outDir: "events" };\n');
    const inOutDir = await run(project, "build");
    expect(inOutDir.code).toBe(2);
    expect(diagnosticHeads(inOutDir.stderr)).toEqual([
      'ductape.config.ts:1:18 - error DT1011: 5 event files are inside outDir ("events"), which is never searched since the build writes there: events/billing/invoice-overdue.event.ts, events/billing/invoice-paid-copy.event.ts, events/billing/invoice-paid.event.ts, events/shipping/parcel-delivered.event.ts, events/shipping/parcel-dispatched.event.ts.',
    ]);
    expect(outputState(project)).toEqual(before);
    expect(project.exists("events/manifest.json")).toBe(false);
  });

  it("an id beyond 2^53 - 1 in a sample fails the build (DT2014, an error with or without --strict) with its digits, and writes nothing", async () => {
    const project = copyFixture("valid", { prefix: "big-id" });
    const file = "events/billing/invoice-paid.event.ts";
    project.write(file, project.read(file).replace('id: "inv_0001"', "id: 820982911946154508"));
    const before = project.files();
    const result = await run(project, "build");
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain(`${file}:14:13`);
    expect(result.stderr).toContain(
      "error DT2014: sample.body.invoice.id: `820982911946154508` cannot be held by a JavaScript number: it would become 820982911946154500 in the outputs.",
    );
    expect(result.stderr).toContain('hint: Write ids and other large integers as strings ("820982911946154508")');
    expect(project.files()).toEqual(before);
    expect(project.exists("generated")).toBe(false);
  });

  it("outDir inside the events tree: every event file left out is named (DT1011, exit 2) and nothing is written", async () => {
    const project = copyFixture("valid", { prefix: "outdir-inside" });
    project.write(
      "ductape.config.ts",
      'export default {\n  events: "events/**/*.event.ts",\n  outDir: "events/billing",\n};\n',
    );
    const result = await run(project, "build");
    expect(result.code).toBe(2);
    expect(diagnosticHeads(result.stderr)).toEqual([
      'ductape.config.ts:3:3 - error DT1011: 2 event files are inside outDir ("events/billing"), which is never searched since the build writes there: events/billing/invoice-overdue.event.ts, events/billing/invoice-paid.event.ts.',
    ]);
    expect(result.stderr).toContain("  events/billing/invoice-overdue.event.ts:1:1  not built: inside outDir\n");
    expect(result.stderr).toContain("  events/billing/invoice-paid.event.ts:1:1  not built: inside outDir\n");
    expect(result.stderr).toContain('such as outDir: "generated"');
    expect(project.files("events/billing")).toEqual(["invoice-overdue.event.ts", "invoice-paid.event.ts"]);
    expect(project.exists("generated")).toBe(false);
  });

  it("an events glob that matches nothing, and an ignore glob with backslashes, are warnings at the glob", async () => {
    const project = copyFixture("valid", { prefix: "glob-nothing" });
    project.write(
      "ductape.config.ts",
      [
        "export default {",
        '  events: ["events/**/*.event.ts", "evnts/**/*.event.ts"],',
        '  ignore: ["events\\\\shipping\\\\**"],',
        "};",
        "",
      ].join("\n"),
    );
    const result = await run(project, "build");
    expect(result.code).toBe(0);
    expect(diagnosticHeads(result.stderr)).toEqual([
      'ductape.config.ts:2:36 - warning DT1102: "evnts/**/*.event.ts" matched nothing.',
      'ductape.config.ts:3:12 - warning DT1102: The ignore glob "events\\\\shipping\\\\**" leaves nothing out.',
    ]);
    expect(result.stderr).toContain('write "events/shipping/**"');
    expect(result.stdout).toContain("4 events in 2 webhooks");
  });

  it("DT1102 is each build's own, when the disk cache says nothing else changed too: made anew, framed at the glob as written now", async () => {
    const project = copyFixture("valid", { prefix: "glob-cache" });
    const config = [
      "export default {",
      '  events: ["events/shipping/**/*.event.ts", "events/billing/*-overdue.event.ts"],',
      '  ignore: ["events/billing/invoice-overdue.event.ts"],',
      "};",
      "",
    ].join("\n");
    project.write("ductape.config.ts", config);
    const overdue = project.read("events/billing/invoice-overdue.event.ts");
    const first = await run(project, "build");
    expect(first.code, first.stderr).toBe(0);
    // The overdue glob matches a file, which is ignored: no typo.
    expect(diagnosticHeads(first.stderr)).toEqual([]);

    // Without the ignored file, the same files are found and read, but the glob matches nothing.
    rmSync(project.path("events/billing/invoice-overdue.event.ts"));
    const gone = await run(project, "build");
    expect(gone.stdout).toContain("nothing changed since the last build");
    const head = 'warning DT1102: "events/billing/*-overdue.event.ts" matched nothing.';
    expect(diagnosticHeads(gone.stderr)).toEqual([`ductape.config.ts:2:45 - ${head}`]);
    expect(gone.stderr).toContain(
      '> 2 |   events: ["events/shipping/**/*.event.ts", "events/billing/*-overdue.event.ts"],',
    );

    // Two lines added above: the config's values are the same, the glob is two lines down.
    project.write("ductape.config.ts", `// The shop's events.\n// Overdue invoices come back later.\n${config}`);
    const moved = await run(project, "build");
    expect(moved.stdout).toContain("nothing changed since the last build");
    expect(diagnosticHeads(moved.stderr)).toEqual([`ductape.config.ts:4:45 - ${head}`]);
    expect(moved.stderr).toContain(
      '> 4 |   events: ["events/shipping/**/*.event.ts", "events/billing/*-overdue.event.ts"],',
    );

    // The file back: the warning goes, though nothing the cache keys on changed.
    project.write("events/billing/invoice-overdue.event.ts", overdue);
    const back = await run(project, "build");
    expect(back.stdout).toContain("nothing changed since the last build");
    expect(diagnosticHeads(back.stderr)).toEqual([]);
  });

  it("an events glob around outDir finds the build's own outputs, which are no event files; a hand-written one there is DT1011", async () => {
    const project = copyFixture("valid", { prefix: "outdir-outputs" });
    project.write(
      "ductape.config.ts",
      'export default { events: "events/**/*.ts", ignore: ["events/shared/**"], outDir: "events/generated" };\n',
    );
    const first = await run(project, "build");
    expect(first.code, first.stderr).toBe(0);
    expect(project.exists("events/generated/webhooks/billing.ts")).toBe(true);
    // The second build finds index.ts and the webhooks' modules in outDir: its own, not event files.
    for (const args of [["build"], ["build", "--no-cache"]]) {
      const again = await run(project, ...args);
      expect(again.code, again.stderr).toBe(0);
      expect(diagnosticHeads(again.stderr)).toEqual([]);
      expect(again.stdout).toContain("4 events in 2 webhooks");
    }
    // Event files of the user's in outDir, beside the outputs and among them, are what DT1011 names.
    const paid = project.read("events/billing/invoice-paid.event.ts");
    project.write("events/generated/refund.event.ts", paid);
    project.write("events/generated/webhooks/refund.event.ts", paid);
    const left = await run(project, "build");
    expect(left.code).toBe(2);
    expect(diagnosticHeads(left.stderr)).toEqual([
      'ductape.config.ts:1:74 - error DT1011: 2 event files are inside outDir ("events/generated"), which is never searched since the build writes there: events/generated/refund.event.ts, events/generated/webhooks/refund.event.ts.',
    ]);
  });

  it("DT1011 without outDir in the config points at the events glob that reaches into it, not at the config's first character", async () => {
    const project = copyFixture("valid", { prefix: "outdir-default" });
    project.write("ductape.config.ts", 'export default {\n  events: "{events,generated}/**/*.event.ts",\n};\n');
    project.write("generated/stray.event.ts", project.read("events/billing/invoice-paid.event.ts"));
    const result = await run(project, "build");
    expect(result.code).toBe(2);
    expect(diagnosticHeads(result.stderr)).toEqual([
      'ductape.config.ts:2:3 - error DT1011: 1 event file is inside outDir ("generated"), which is never searched since the build writes there: generated/stray.event.ts.',
    ]);
  });

  it("a static events glob through a file named like a folder matches nothing, without an internal error", async () => {
    const project = copyFixture("valid", { prefix: "static-enotdir" });
    project.write(
      "ductape.config.ts",
      'export default {\n  events: ["events/**/*.event.ts", "shop/x.event.ts"],\n};\n',
    );
    project.write("shop", "a file, not a folder\n");
    const result = await run(project, "build");
    expect(result.code, result.stderr).toBe(0);
    expect(diagnosticHeads(result.stderr)).toEqual([
      'ductape.config.ts:2:36 - warning DT1102: "shop/x.event.ts" matched nothing.',
    ]);
  });

  it("an escaped ignore glob that leaves nothing out gets no forward-slash hint, which would break its escapes", async () => {
    const project = copyFixture("valid", { prefix: "glob-escaped" });
    project.write("ductape.config.ts", 'export default {\n  ignore: ["events/\\\\(drafts\\\\)/**"],\n};\n');
    const result = await run(project, "build");
    expect(result.code, result.stderr).toBe(0);
    expect(diagnosticHeads(result.stderr)).toEqual([
      'ductape.config.ts:2:12 - warning DT1102: The ignore glob "events/\\\\(drafts\\\\)/**" leaves nothing out.',
    ]);
    expect(result.stderr).toContain('hint: Check "ignore" in the config for a typo in the folder or file name');
    expect(result.stderr).not.toContain("forward slashes");
  });

  it("run in a subfolder without a config: DT1010 points at the config above, and nothing is written", async () => {
    const project = copyFixture("valid", { prefix: "subfolder" });
    const result = await runCli(project.path("events"), ["build"]);
    allRuns.push({ label: `${project.dir}/events build`, result });
    expect(result.code).toBe(2);
    expect(diagnosticHeads(result.stderr)).toEqual([
      'ductape-events - error DT1010: No event files match "events/**/*.event.ts".',
    ]);
    expect(result.stderr).toContain(
      "hint: There is no config file here, but there is ../ductape.config.ts: run the build in its folder, or pass --config ../ductape.config.ts.",
    );
    expect(project.exists("events/generated")).toBe(false);
  });

  it("run deep in a project without a config: DT1010 points at the config at the project's root", async () => {
    const project = copyFixture("valid", { prefix: "deep-config" });
    project.write("package.json", '{ "name": "shop", "private": true }\n');
    project.write("src/deep/app.ts", "export {};\n");
    const result = await runCli(project.path("src/deep"), ["build"]);
    allRuns.push({ label: `${project.dir}/src/deep build`, result });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "hint: There is no config file here, but there is ../../ductape.config.ts: run the build in its folder, or pass --config ../../ductape.config.ts.",
    );
    expect(project.exists("src/deep/generated")).toBe(false);
  });

  it("run in a folder with its own package.json: DT1010 names no config above it, which is another project's", async () => {
    const project = copyFixture("valid", { prefix: "own-package" });
    project.write("tools/package.json", "{}\n");
    const result = await runCli(project.path("tools"), ["build"]);
    allRuns.push({ label: `${project.dir}/tools build`, result });
    expect(result.code).toBe(2);
    expect(diagnosticHeads(result.stderr)).toEqual([
      'ductape-events - error DT1010: No event files match "events/**/*.event.ts".',
    ]);
    expect(result.stderr).not.toContain("../ductape.config.ts");
    expect(result.stderr).toContain("hint: Add a file such as events/my-webhook/my-event.event.ts");
  });

  it("run deep in a project that has no config at all: DT1010 points at the project's root, not at events/ here", async () => {
    const project = copyFixture("valid", { prefix: "deep-no-config" });
    rmSync(project.path("ductape.config.ts"));
    project.write("package.json", '{ "name": "shop", "private": true }\n');
    project.write("src/deep/app.ts", "export {};\n");
    const result = await runCli(project.path("src/deep"), ["build"]);
    allRuns.push({ label: `${project.dir}/src/deep build`, result });
    expect(result.code).toBe(2);
    expect(diagnosticHeads(result.stderr)).toEqual([
      'ductape-events - error DT1010: No event files match "events/**/*.event.ts".',
    ]);
    expect(result.stderr).toContain(
      "this one is inside the project at ../.. (the nearest folder above with a package.json)",
    );
    expect(result.stderr).not.toContain("Add a file such as events/");
    expect(project.exists("src/deep/generated")).toBe(false);
  });

  it("a second identical build writes 0 files and leaves mtimes alone; a moved event file rewrites only its webhook's manifest", async () => {
    const project = copyFixture("valid", { prefix: "rebuild" });
    expect((await run(project, "build")).code).toBe(0);
    const first = outputState(project);

    const again = await run(project, "build");
    expect(again.code).toBe(0);
    expect(project.normalize(again.stdout)).toBe(
      "✔ 4 events in 2 webhooks -> generated/ (0 of 6 files written) in <time>, nothing changed since the last build.\n",
    );
    const uncached = await run(project, "build", "--no-cache");
    expect(project.normalize(uncached.stdout)).toBe(
      "✔ 4 events in 2 webhooks -> generated/ (0 of 6 files written) in <time>.\n",
    );
    expect(outputState(project)).toEqual(first);

    // Same definition in another file: only its webhook's manifest (which records the source) changes.
    renameSync(
      project.path("events/shipping/parcel-delivered.event.ts"),
      project.path("events/shipping/delivered.event.ts"),
    );
    const changed = await run(project, "build");
    expect(changed.code).toBe(0);
    expect(project.normalize(changed.stdout)).toBe(
      "✔ 4 events in 2 webhooks -> generated/ (1 of 6 files written) in <time>.\n",
    );
    const after = outputState(project);
    expect(after["webhooks/shipping.json"]?.bytes).not.toBe(first["webhooks/shipping.json"]?.bytes);
    expect({ ...after, "webhooks/shipping.json": undefined }).toEqual({
      ...first,
      "webhooks/shipping.json": undefined,
    });
    expect(project.files("generated")).toEqual(VALID_OUTPUTS);
  });

  it("refuses to overwrite a foreign generated/index.ts (DT5001) and writes nothing", async () => {
    const project = copyFixture("valid", { prefix: "foreign" });
    const mine = "// Hand-written types; do not lose me.\nexport interface Mine {\n  id: string;\n}\n";
    project.write("generated/index.ts", mine);
    const before = outputState(project);

    const result = await run(project, "build");
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(diagnosticHeads(result.stderr)).toEqual([
      "ductape-events - error DT5001: generated/index.ts exists and was not generated by ductape-events; it was left untouched.",
    ]);
    expect(project.normalize(result.stderr)).toMatch(/✖ 1 error; no files were written \(<time>\)\.\n$/);
    expect(project.read("generated/index.ts")).toBe(mine);
    expect(outputState(project)).toEqual(before);
    expect(project.exists("generated/manifest.json")).toBe(false);
  });

  it("is deterministic: two copies created in different orders, in differently named folders, give the same bytes", async () => {
    const a = copyFixture("valid", { prefix: "determinism-a" });
    const b = copyFixture("valid", { prefix: "det-b-other-name-and-longer", reverse: true });
    const [ra, rb] = await Promise.all([run(a, "build"), run(b, "build")]);
    expect(ra.code).toBe(0);
    expect(rb.code).toBe(0);
    expect(a.normalize(ra.stdout)).toBe(b.normalize(rb.stdout));
    expect(a.files("generated")).toEqual(VALID_OUTPUTS);
    expect(b.files("generated")).toEqual(VALID_OUTPUTS);
    for (const file of VALID_OUTPUTS.map((name) => `generated/${name}`)) {
      expect(a.readBytes(file).equals(b.readBytes(file)), file).toBe(true);
      expect(a.readBytes(file).equals(expectedFile("valid", file)), file).toBe(true);
    }

    // Unicode and special keys, too.
    const h = copyFixture("hostile", { prefix: "det-hostile-reversed", reverse: true });
    expect((await run(h, "build")).code).toBe(0);
    expect(h.files("generated")).toEqual(listFiles(join(expectedDir("hostile"), "generated")));
    for (const file of h.files("generated").map((name) => `generated/${name}`)) {
      expect(h.readBytes(file).equals(expectedFile("hostile", file)), file).toBe(true);
    }

    // Diagnostics too: the same broken inputs give the same report, whatever the order.
    const c = copyFixture("missing-fields", { prefix: "determinism-c" });
    const d = copyFixture("missing-fields", { prefix: "det-d", reverse: true });
    const [rc, rd] = await Promise.all([run(c, "build"), run(d, "build")]);
    expect(c.normalize(rc.stderr)).toBe(d.normalize(rd.stderr));
  });
});

describe("samples as big as real ones", () => {
  const config =
    'import { defineConfig } from "ductape-events";\nexport default defineConfig({ events: "events/**/*.event.ts", outDir: "generated" });\n';
  /** An event whose body is `events/captured/page.json`, as users import a captured delivery. */
  const capturedEvent =
    'import { defineEvent } from "ductape-events";\nimport page from "./captured/page.json" with { type: "json" };\n' +
    'export default defineEvent({ name: "Page Listed", tag: "orders:page-listed", description: "", sample: { headers: {}, query: {}, body: page, params: {} } });\n';

  it("a captured API document of 25,000 values builds", async () => {
    const project = copyFixture("loop-warning", { prefix: "big-sample" });
    const record = (i: number) => ({
      id: `ord_${i}`,
      total: { amount: i, currency: "eur" },
      tags: ["a", "b"],
      paid: true,
    });
    const data = Array.from({ length: 2_800 }, (_, i) => record(i));
    project.write("ductape.config.ts", config);
    project.write("events/orders/order-created.event.ts", capturedEvent);
    project.write("events/orders/captured/page.json", JSON.stringify({ object: "list", data }, null, 2));
    const result = await run(project, "build");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe("");
    expect(manifestOf(project).events).toHaveLength(1);
  });

  it("warnings: one per event and code, the paths listed under it; json carries every path; list prints a count", async () => {
    const project = copyFixture("loop-warning", { prefix: "grouped-warnings" });
    const nulls = Object.fromEntries(Array.from({ length: 13 }, (_, i) => [`field_${i}`, null]));
    project.write("ductape.config.ts", config);
    project.write("events/orders/order-created.event.ts", capturedEvent);
    project.write("events/orders/captured/page.json", JSON.stringify({ id: "p1", ...nulls, refunds: [] }, null, 2));

    const pretty = await run(project, "build");
    expect(pretty.code, pretty.stderr).toBe(0);
    const heads = diagnosticHeads(pretty.stderr);
    expect(heads, pretty.stderr).toHaveLength(2);
    expect(heads[0]).toMatch(/^events\/orders\/captured\/page\.json:3:14 - warning DT4102: /);
    expect(heads[0]).toContain(
      "sample.body.field_0 and 12 other fields are null in every sample, so they are typed null.",
    );
    expect(heads[1]).toMatch(
      /^events\/orders\/captured\/page\.json:16:14 - warning DT4101: sample\.body\.refunds is an empty array/,
    );
    expect(pretty.stderr).toContain("  sample.body.field_9 (12:14)\n  and 3 more (--reporter json lists them all)\n");
    expect(pretty.stderr.match(/ \| /g)?.length, "a code frame for each warning only").toBe(2 * 4);

    const json = await run(project, "build", "--reporter", "json");
    const document = JSON.parse(json.stdout) as {
      diagnostics: { code: string; paths?: { path: string; file: string; line: number; column: number }[] }[];
    };
    const paths = document.diagnostics.find((d) => d.code === "DT4102")?.paths ?? [];
    expect(paths.map((p) => p.path)).toEqual(Object.keys(nulls).map((key) => `sample.body.${key}`));
    expect(paths.map((p) => `${p.file}:${p.line}:${p.column}`)).toEqual(
      Object.keys(nulls).map((_, i) => `events/orders/captured/page.json:${i + 3}:${i < 10 ? 14 : 15}`),
    );

    const list = await run(project, "list");
    expect(list.code).toBe(0);
    expect(list.stderr).toBe("2 warnings: run `ductape-events build` to see them.\n");
    expect(list.stdout).toContain("orders:page-listed");
  });
});

describe("command line", () => {
  it("--config other.config.ts builds with that config, relative to its folder", async () => {
    const project = copyFixture("valid", { prefix: "other-config" });
    const result = await run(project, "build", "--config", "other.config.ts");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(project.normalize(result.stdout)).toBe(
      "✔ 2 events in 1 webhook -> out/billing/ (4 of 4 files written) in <time>.\n",
    );
    expect(project.exists("generated")).toBe(false);
    expect(project.files("out/billing")).toEqual(VALID_OUTPUTS.slice(0, 4));
    expect(manifestOf(project, "out/billing").events.map((e) => e["source"])).toEqual([
      "events/billing/invoice-overdue.event.ts",
      "events/billing/invoice-paid.event.ts",
    ]);
    // The short flag is the same option.
    const short = await run(project, "build", "-c", "other.config.ts");
    expect(short.code).toBe(0);
    expect(project.normalize(short.stdout)).toContain("(0 of 4 files written)");
  });

  it("--config missing.ts: DT1001, exit 2, nothing written", async () => {
    const project = copyFixture("valid", { prefix: "missing-config" });
    const result = await run(project, "build", "--config", "missing.ts");
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(diagnosticHeads(result.stderr)).toEqual([
      'ductape-events - error DT1001: The config file "missing.ts" does not exist.',
    ]);
    expect(project.files()).toEqual(listFiles(fixtureDir("valid")));
  });

  it("--config naming a folder is a config error that names the path, without the tool's internals", async () => {
    const project = copyFixture("valid", { prefix: "folder-config" });
    for (const path of [".", "events", ""]) {
      const result = await run(project, "build", "--config", path);
      expect(result.code).toBe(2);
      const heads = diagnosticHeads(result.stderr);
      expect(heads).toHaveLength(1);
      // The location must name something: not an empty file name (":1:1").
      expect(heads[0], result.stderr).not.toMatch(/^:/);
      // The message is about the user's path, not about ductape-events' own module-loader.js.
      expect(result.stderr).not.toContain("module-loader");
      expect(result.stderr).not.toContain(join(REPO, "dist"));
    }
  });

  it("an unknown command gets a did-you-mean; exit 2", async () => {
    const project = copyFixture("empty", { prefix: "cli-biuld" });
    const result = await run(project, "biuld");
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(diagnosticHeads(result.stderr)).toEqual([
      'ductape-events - error DT1006: Unknown command "biuld". Did you mean "build"?',
    ]);
    expect(result.stderr).toContain("  hint: Run `ductape-events --help` for usage.");
    expect(project.exists("generated")).toBe(false);
  });

  it("a definition whose name or description is wrong still gets every later check in the same build", async () => {
    const project = copyFixture("valid", { prefix: "cli-all-layers" });
    const file = "events/billing/invoice-paid.event.ts";
    const text = project.read(file);
    // A wrong name and a misspelt description, a refinement of a field the sample lacks, and the tag of another event.
    project.write(
      file,
      text
        .replace('name: "Invoice Paid"', "name: 42")
        .replace("description:", "descripton:")
        .replace('tag: "billing:invoice-paid"', 'tag: "billing:invoice-overdue"')
        .replace("sample: {", 'refine: { "body.nope": { optional: true } },\n  sample: {'),
    );
    const result = await run(project, "build");
    expect(result.code).toBe(1);
    const codes = diagnosticHeads(result.stderr).map((line) => /DT\d{4}/.exec(line)![0]);
    expect(codes.sort()).toEqual(["DT3001", "DT3002", "DT3003", "DT3006", "DT4003"]);
    expect(project.exists("generated")).toBe(false);
  });

  it("a config whose modules import each other in a cycle loads (run by Node, as the CLI runs it)", async () => {
    const project = copyFixture("valid", { prefix: "cli-config-cycle" });
    project.write(
      "ductape.config.ts",
      'import { OUT, label } from "./cfg/a.js";\nexport default { outDir: OUT + label() };\n',
    );
    project.write(
      "cfg/a.ts",
      'import { suffix, b } from "./b.js";\nexport function a(): string {\n  return "a";\n}\nexport const OUT: string = "out-" + suffix;\nexport const label = (): string => b();\n',
    );
    project.write(
      "cfg/b.ts",
      'import { a } from "./a.js";\nexport const suffix: string = "b";\nexport function b(): string {\n  return "-" + a();\n}\n',
    );
    const result = await run(project, "build");
    expect(result.code, result.stderr).toBe(0);
    expect(project.exists("out-b-a/manifest.json")).toBe(true);
  });

  it("names of Object.prototype are no commands and no reporters: exit 2 with a message, nothing written", async () => {
    const project = copyFixture("valid", { prefix: "cli-proto" });
    for (const name of ["toString", "__proto__", "constructor", "hasOwnProperty"]) {
      for (const args of [[name], [name, "--help"], ["build", "--reporter", name]]) {
        const result = await run(project, ...args);
        expect(result.code, `${args.join(" ")}: ${result.stderr}`).toBe(2);
        expect(result.stderr).toMatch(/DT1006/);
        expect(result.stderr).not.toMatch(/TypeError|\n\s+at /);
      }
    }
    expect(project.exists("generated")).toBe(false);
  });

  it("an unknown flag gets a did-you-mean; exit 2", async () => {
    const project = copyFixture("empty", { prefix: "cli-confg" });
    const result = await run(project, "build", "--confg", "other.config.ts");
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(diagnosticHeads(result.stderr)).toEqual([
      `ductape-events - error DT1006: Unknown option '--confg'. Did you mean "--config"?`,
    ]);
    expect(project.exists("generated")).toBe(false);
    // A longer spelling of a flag, another command's flag, a flag without its value.
    const cases: [string[], string][] = [
      [["docs", "--output", "site"], `Unknown option '--output'. Did you mean "--out"?`],
      [["build", "--out", "site"], "Unknown option '--out'. It is an option of docs, add and import."],
      [["build", "--config"], "--config needs a value: --config <value>."],
      [
        ["docs", "--out", "--strict"],
        "--out needs a value: --out <value> (one that starts with a dash is written --out=-x).",
      ],
    ];
    for (const [args, message] of cases) {
      const mistaken = await run(project, ...args);
      expect(mistaken.code, args.join(" ")).toBe(2);
      expect(diagnosticHeads(mistaken.stderr)).toEqual([`ductape-events - error DT1006: ${message}`]);
    }
  });

  it("a command-line error is reported as --reporter asks: one JSON document, or a GitHub annotation", async () => {
    const project = copyFixture("empty", { prefix: "cli-usage-reporter" });
    const json = await run(project, "build", "--reporter", "json", "--chek");
    expect(json.code).toBe(2);
    expect(json.stderr).toBe("");
    const document = JSON.parse(json.stdout) as { ok: boolean; diagnostics: { code: string; message: string }[] };
    expect(document.ok).toBe(false);
    expect(document.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["DT1006", `Unknown option '--chek'. Did you mean "--check"?`],
    ]);
    const github = await run(project, "build", "--chek", "--reporter=github");
    expect(github.code).toBe(2);
    expect(github.stdout).toMatch(/^::error title=DT1006 Invalid command line::Unknown option '--chek'/);
    const both = await run(project, "build", "--check", "--watch", "--reporter", "json");
    expect(both.code).toBe(2);
    expect(JSON.parse(both.stdout)).toMatchObject({ diagnostics: [{ code: "DT1006" }] });
  });

  it("--help and build --help print usage on stdout; exit 0", async () => {
    const project = copyFixture("empty", { prefix: "cli-help" });
    const help = await run(project, "--help");
    expect(help.code).toBe(0);
    expect(help.stderr).toBe("");
    expect(help.stdout).toContain("Usage: ductape-events <command> [options]");
    expect(help.stdout).toMatch(/^ {2}build +Check every event definition/m);
    expect(help.stdout).toContain(
      "Exit codes: 0 success, 1 problems in event definitions or outputs (plan: changes pending),",
    );

    const buildHelp = await run(project, "build", "--help");
    expect(buildHelp.code).toBe(0);
    expect(buildHelp.stderr).toBe("");
    expect(buildHelp.stdout).toContain("Usage: ductape-events build [--config <path>]");
    expect(buildHelp.stdout).toContain("-c, --config <value>");
    // Help never builds.
    expect(project.exists("generated")).toBe(false);
  });

  it("--version prints the package version; exit 0", async () => {
    const project = copyFixture("empty", { prefix: "cli-version" });
    const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string };
    for (const flag of ["--version", "-v"]) {
      const result = await run(project, flag);
      expect(result.code).toBe(0);
      expect(result.stderr).toBe("");
      expect(result.stdout).toBe(`${pkg.version}\n`);
    }
  });

  // Last: it reads every run made above.
  it("never prints a stack trace for user-input errors", () => {
    // The cases' own runs are checked by test/e2e/cases.test.ts.
    expect(allRuns.length).toBeGreaterThan(0);
    for (const { label, result } of allRuns) {
      expect(result.stderr, label).not.toMatch(STACK_FRAME);
      expect(result.stdout, label).not.toMatch(STACK_FRAME);
      // Exit 3 (internal error) would mean a crash on user input.
      expect(result.code, `${label}\n${result.stderr}`).not.toBe(3);
    }
  });
});
