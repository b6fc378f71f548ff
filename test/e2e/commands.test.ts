import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  assertCliBuilt,
  copyFixture,
  diagnosticHeads,
  severityAndCode,
  emptyProject,
  fixtureDir,
  linkSelf,
  listFiles,
  REPO,
  removeProjects,
  runCli,
  STACK_FRAME,
  startCli,
  waitFor,
  type CliOptions,
  type CliProcess,
  type Project,
  type RunResult,
} from "../helpers/project.js";
import { outputState, SHOP_OUTPUTS, typesOf as allTypesOf } from "../helpers/outputs.js";

/**
 * End-to-end tests of the developer loop: `build --check`, `watch` / `build --watch`, `init`,
 * `list`, the reporters, `--strict` and each command's `--help`, all through the compiled CLI
 * (`node dist/cli/main.js`) run as a child process in copies of fixtures under .tmp/.
 */

/**
 * A shop with 4 events in 2 webhooks that builds without any diagnostic: the case valid with the
 * one sample value that may draw a warning changed, so these tests do not depend on warnings.
 */
const SHOP = "loop-shop";

/** Every CLI run of this file, for the "no stack trace, ever" check at the end. */
const allRuns: { label: string; result: RunResult }[] = [];

async function run(project: Project, args: readonly string[], options: CliOptions = {}): Promise<RunResult> {
  const result = await runCli(project.dir, args, { timeoutMs: 30_000, ...options });
  allRuns.push({ label: `${project.dir} ${args.join(" ")}`, result });
  return result;
}

/** Long-running processes of the current test; killed after it, whatever happened. */
const processes: CliProcess[] = [];

function start(project: Project, args: readonly string[]): CliProcess {
  const child = startCli(project.dir, args);
  processes.push(child);
  return child;
}

interface Manifest {
  version: number;
  events: { tag: string; name: string; description: string; source: string }[];
}

/**
 * manifest.json and the manifests of the webhooks it lists, their events put together; or
 * undefined while one is missing (files are renamed into place one after the other).
 */
function readManifest(project: Project, outDir = "generated"): Manifest | undefined {
  try {
    const index = JSON.parse(project.read(`${outDir}/manifest.json`)) as {
      version: number;
      webhooks: { manifest: string }[];
    };
    const events = index.webhooks.flatMap(
      (w) => (JSON.parse(project.read(`${outDir}/${w.manifest}`)) as Manifest).events,
    );
    return { version: index.version, events };
  } catch {
    return undefined;
  }
}

/** Every generated TypeScript file (each webhook's module, then index.ts) as one text; "" while one is missing. */
function typesOf(project: Project, outDir = "generated"): string {
  try {
    return allTypesOf(project, outDir);
  } catch {
    return "";
  }
}

function tagsOf(project: Project, outDir = "generated"): string[] | undefined {
  return readManifest(project, outDir)?.events.map((e) => e.tag);
}

/** A valid event file. */
function eventSource(tag: string, name: string, description: string): string {
  return `import { defineEvent } from "ductape-events";

export default defineEvent({
  name: ${JSON.stringify(name)},
  tag: ${JSON.stringify(tag)},
  description: ${JSON.stringify(description)},
  sample: {
    headers: {},
    query: {},
    body: { id: "x_1" },
    params: {},
  },
});
`;
}

/** The diagnostic blocks of pretty output (location line, frame, detail, hint), by their head line. */
function diagnosticBlocks(stderr: string): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const block of stderr.split("\n\n")) {
    const head = block.split("\n")[0] ?? "";
    if (diagnosticHeads(head).length === 1) blocks.set(head, block);
  }
  return blocks;
}

/** The block of the diagnostic located in `file`. */
function blockFor(blocks: Map<string, string>, file: string): string {
  return [...blocks.entries()].find(([head]) => head.startsWith(`${file}:`))?.[1] ?? "";
}

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/** How the process exited, or "still running" if it did not within `ms`. */
function exitWithin(child: CliProcess, ms: number): Promise<Awaited<CliProcess["exited"]> | "still running"> {
  return Promise.race([
    child.exited,
    new Promise<"still running">((resolve) => setTimeout(() => resolve("still running"), ms)),
  ]);
}

const WATCHING = "Watching for changes";
const ANSI = /\u001b\[/;

beforeAll(assertCliBuilt);
afterEach(async () => {
  for (const child of processes.splice(0)) {
    child.kill();
    await child.exited.catch(() => undefined);
  }
});
afterAll(removeProjects);

describe("build --check", () => {
  it("fresh outputs: exit 0 with the 'is up to date' summary, and nothing is written", async () => {
    const project = copyFixture(SHOP, { prefix: "loop-check-fresh" });
    expect((await run(project, ["build"])).code).toBe(0);
    const before = outputState(project);
    const files = project.files();

    const result = await run(project, ["build", "--check"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    // The build recorded itself in the disk cache, and nothing changed since: nothing is compiled.
    expect(project.normalize(result.stdout)).toBe(
      "✔ 4 events in 2 webhooks; generated/ is up to date (<time>, nothing changed since the last build).\n",
    );
    const uncached = await run(project, ["build", "--check", "--no-cache"]);
    expect(uncached.code).toBe(0);
    expect(project.normalize(uncached.stdout)).toBe("✔ 4 events in 2 webhooks; generated/ is up to date (<time>).\n");
    expect(outputState(project)).toEqual(before);
    expect(project.files()).toEqual(files);
  });

  it("stale outputs: exit 1, DT5003 with a diff of the old and new line for each file, and nothing written", async () => {
    const project = copyFixture(SHOP, { prefix: "loop-check-stale" });
    expect((await run(project, ["build"])).code).toBe(0);
    const event = "events/shipping/parcel-delivered.event.ts";
    project.write(
      event,
      project
        .read(event)
        .replace('description: "The carrier confirmed delivery."', 'description: "Left at the front door."'),
    );
    const before = outputState(project);
    const files = project.files();

    const result = await run(project, ["build", "--check"]);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toBe("");
    const blocks = diagnosticBlocks(result.stderr);
    // Only the edited event's webhook's files: index.ts and manifest.json change only with the set of events.
    expect([...blocks.keys()].sort()).toEqual([
      "generated/webhooks/shipping.json:11:1 - error DT5003: generated/webhooks/shipping.json is out of date with the event definitions.",
      "generated/webhooks/shipping.ts:8:1 - error DT5003: generated/webhooks/shipping.ts is out of date with the event definitions.",
    ]);
    for (const [head, block] of blocks) {
      // The diff shows the line as it is on disk and as a build would write it.
      expect(block, head).toMatch(/^ {2}- .*The carrier confirmed delivery\./m);
      expect(block, head).toMatch(/^ {2}\+ .*Left at the front door\./m);
      expect(block, head).toContain("hint: Run `ductape-events build` and commit the result.");
    }
    // Each at the first changed line (as on disk), where an annotation on the pull request belongs.
    expect(project.read("generated/webhooks/shipping.json").split("\n")[10]).toContain(
      "The carrier confirmed delivery.",
    );
    expect(project.read("generated/webhooks/shipping.ts").split("\n")[7]).toContain("The carrier confirmed delivery.");
    const github = await run(project, ["build", "--check", "--reporter", "github"]);
    expect(github.stdout).toMatch(/^::error file=generated\/webhooks\/shipping\.json,line=11,col=1,/m);
    expect(github.stdout).toMatch(/^::error file=generated\/webhooks\/shipping\.ts,line=8,col=1,/m);
    expect(blockFor(blocks, "generated/webhooks/shipping.json")).toContain(
      '  -       "description": "The carrier confirmed delivery.",\n  +       "description": "Left at the front door.",',
    );
    expect(blockFor(blocks, "generated/webhooks/shipping.ts")).toContain(
      "  -  * Parcel Delivered: The carrier confirmed delivery.\n  +  * Parcel Delivered: Left at the front door.",
    );
    expect(project.normalize(result.stderr).endsWith("\n✖ 2 errors (<time>).\n"), result.stderr).toBe(true);
    // Nothing written: same bytes, same mtime, same inode, no temporary file left.
    expect(outputState(project)).toEqual(before);
    expect(project.files()).toEqual(files);

    // The json reporter carries the same diff in `detail`, with mode "check".
    const json = await run(project, ["build", "--check", "--reporter", "json"]);
    expect(json.code).toBe(1);
    expect(json.stderr).toBe("");
    const document = JSON.parse(json.stdout) as {
      ok: boolean;
      mode: string;
      diagnostics: { code: string; file: string; detail: string | null }[];
    };
    expect(document.ok).toBe(false);
    expect(document.mode).toBe("check");
    expect(document.diagnostics.map((d) => [d.code, d.file]).sort()).toEqual([
      ["DT5003", "generated/webhooks/shipping.json"],
      ["DT5003", "generated/webhooks/shipping.ts"],
    ]);
    for (const d of document.diagnostics) {
      expect(d.detail).toMatch(/^- .*The carrier confirmed delivery\./m);
      expect(d.detail).toMatch(/^\+ .*Left at the front door\./m);
    }
    expect(outputState(project)).toEqual(before);

    // After a build, the check passes again.
    expect((await run(project, ["build"])).code).toBe(0);
    const again = await run(project, ["build", "--check"]);
    expect(again.code, again.stderr).toBe(0);
    expect(project.normalize(again.stdout)).toBe(
      "✔ 4 events in 2 webhooks; generated/ is up to date (<time>, nothing changed since the last build).\n",
    );
  });

  it("outputs checked out with CRLF line endings and a BOM (core.autocrlf): check passes, build leaves them", async () => {
    const project = copyFixture(SHOP, { prefix: "loop-check-crlf" });
    expect((await run(project, ["build"])).code).toBe(0);
    for (const file of SHOP_OUTPUTS) {
      const text = project.read(`generated/${file}`).replace(/\n/g, "\r\n");
      project.write(`generated/${file}`, file.endsWith(".ts") ? `\uFEFF${text}` : text);
    }
    const before = outputState(project);

    const check = await run(project, ["build", "--check"]);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stderr).toBe("");
    expect(project.normalize(check.stdout)).toBe("✔ 4 events in 2 webhooks; generated/ is up to date (<time>).\n");
    // As git sees them: a build has nothing to write either, and the cache then answers.
    const built = await run(project, ["build"]);
    expect(project.normalize(built.stdout)).toContain("✔ 4 events in 2 webhooks -> generated/ (0 of 6 files written)");
    expect(outputState(project)).toEqual(before);
    const cached = await run(project, ["build", "--check"]);
    expect(project.normalize(cached.stdout)).toContain("nothing changed since the last build");

    // A real change in a CRLF file is still one, and its diff shows the line, not line endings.
    const event = "events/shipping/parcel-delivered.event.ts";
    project.write(event, project.read(event).replace("The carrier confirmed delivery.", "Left at the front door."));
    const stale = await run(project, ["build", "--check"]);
    expect(stale.code).toBe(1);
    expect(stale.stderr).not.toContain("\\u000d");
    expect(blockFor(diagnosticBlocks(stale.stderr), "generated/webhooks/shipping.json")).toContain(
      '  -       "description": "The carrier confirmed delivery.",\n  +       "description": "Left at the front door.",',
    );
  });

  it("missing outputs: exit 1 with 'is missing' for each, and nothing written", async () => {
    const project = copyFixture(SHOP, { prefix: "loop-check-missing" });
    const result = await run(project, ["build", "--check"]);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toBe("");
    expect(diagnosticHeads(result.stderr).sort()).toEqual(
      SHOP_OUTPUTS.map((file) => `generated/${file}:1:1 - error DT5003: generated/${file} is missing.`),
    );
    expect(project.normalize(result.stderr).endsWith("\n✖ 6 errors (<time>).\n"), result.stderr).toBe(true);
    expect(project.files()).toEqual(listFiles(fixtureDir(SHOP)));

    // One of two missing: only that one is reported.
    expect((await run(project, ["build"])).code).toBe(0);
    rmSync(project.path("generated/index.ts"));
    const one = await run(project, ["build", "--check"]);
    expect(one.code).toBe(1);
    expect(diagnosticHeads(one.stderr)).toEqual([
      "generated/index.ts:1:1 - error DT5003: generated/index.ts is missing.",
    ]);
    expect(project.exists("generated/index.ts")).toBe(false);
  });

  it("a webhook with no events left: check lists its files as to be deleted; build deletes them, and only ours", async () => {
    const project = copyFixture(SHOP, { prefix: "loop-check-vanished" });
    expect((await run(project, ["build"])).code).toBe(0);
    // Hand-written files, even ones that quote our banner (only a file that begins as ours is ours).
    const foreign =
      "// Next to what is Generated by ductape-events from your event definitions.\nexport const mine = 1;\n";
    const mapping = '{ "title": "Generated by ductape-events from your event definitions." }\n';
    project.write("generated/webhooks/notes.ts", foreign);
    project.write("generated/webhooks/mapping.json", mapping);
    project.write("generated/webhooks/README.md", "Hand-written.\n");
    rmSync(project.path("events/shipping"), { recursive: true });
    const before = outputState(project);

    const check = await run(project, ["build", "--check"]);
    expect(check.code, check.stderr).toBe(1);
    expect(diagnosticHeads(check.stderr).sort()).toEqual([
      "generated/index.ts:10:1 - error DT5003: generated/index.ts is out of date with the event definitions.",
      "generated/manifest.json:13:1 - error DT5003: generated/manifest.json is out of date with the event definitions.",
      "generated/webhooks/shipping.json:1:1 - error DT5003: generated/webhooks/shipping.json is no longer generated (its webhook declares no events) and would be deleted.",
      "generated/webhooks/shipping.ts:1:1 - error DT5003: generated/webhooks/shipping.ts is no longer generated (its webhook declares no events) and would be deleted.",
    ]);
    expect(outputState(project)).toEqual(before);
    const json = JSON.parse((await run(project, ["build", "--check", "--reporter", "json"])).stdout) as {
      summary: { files: { path: string; status: string }[] };
    };
    expect(json.summary.files.filter((f) => f.status !== "unchanged")).toEqual([
      { path: "generated/index.ts", status: "stale" },
      { path: "generated/manifest.json", status: "stale" },
      { path: "generated/webhooks/shipping.json", status: "obsolete" },
      { path: "generated/webhooks/shipping.ts", status: "obsolete" },
    ]);

    const built = await run(project, ["build"]);
    expect(built.code, built.stderr).toBe(0);
    expect(project.normalize(built.stdout)).toBe(
      "✔ 2 events in 1 webhook -> generated/ (2 of 4 files written, 2 removed) in <time>.\n",
    );
    expect(project.files("generated")).toEqual([
      "index.ts",
      "manifest.json",
      "webhooks/README.md",
      "webhooks/billing.json",
      "webhooks/billing.ts",
      "webhooks/mapping.json",
      "webhooks/notes.ts",
    ]);
    expect(project.read("generated/webhooks/notes.ts")).toBe(foreign);
    expect(project.read("generated/webhooks/mapping.json")).toBe(mapping);
    const again = await run(project, ["build", "--check"]);
    expect(again.code, again.stderr).toBe(0);
  });

  it("definition errors: exit 1 with the error, never 'up to date', outputs untouched", async () => {
    const project = copyFixture(SHOP, { prefix: "loop-check-error" });
    expect((await run(project, ["build"])).code).toBe(0);
    project.write("events/shipping/parcel-delivered.event.ts", 'export default defineEvent({ name: "x", ,, });\n');
    const before = outputState(project);

    const result = await run(project, ["build", "--check"]);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toBe("");
    const heads = diagnosticHeads(result.stderr);
    expect(heads.length).toBeGreaterThan(0);
    expect(heads.every((h) => h.startsWith("events/shipping/parcel-delivered.event.ts:1:"))).toBe(true);
    expect(heads.some((h) => h.includes(" - error DT2001: "))).toBe(true);
    expect(result.stderr).not.toContain("up to date");
    expect(outputState(project)).toEqual(before);

    // And in a project that was never built.
    const duplicates = copyFixture("duplicate-tags", { prefix: "loop-check-dup" });
    const dup = await run(duplicates, ["build", "--check"]);
    expect(dup.code, dup.stderr).toBe(1);
    expect(diagnosticHeads(dup.stderr).map(severityAndCode)).toEqual(["error DT3006"]);
    expect(duplicates.files()).toEqual(listFiles(fixtureDir("duplicate-tags")));
  });

  it("--check --watch is a usage error: exit 2 at once, nothing written", async () => {
    const project = copyFixture(SHOP, { prefix: "loop-check-watch" });
    for (const args of [
      ["build", "--check", "--watch"],
      ["build", "-w", "--check"],
    ]) {
      const result = await run(project, args, { timeoutMs: 15_000 });
      expect(result.code, result.stderr).toBe(2);
      expect(result.stdout).toBe("");
      expect(diagnosticHeads(result.stderr)).toEqual([
        "ductape-events - error DT1006: --check and --watch cannot be combined.",
      ]);
    }
    expect(project.files()).toEqual(listFiles(fixtureDir(SHOP)));
  });
});

describe("watch", () => {
  it("rebuilds on edit, add, delete, broken and fixed files and config changes; SIGINT exits 0", async () => {
    const project = copyFixture(SHOP, { prefix: "loop-watch" });
    const watcher = start(project, ["watch"]);
    const output = (): string =>
      `--- stdout\n${project.normalize(watcher.stdout())}\n--- stderr\n${project.normalize(watcher.stderr())}`;
    const until = <T>(what: string, check: () => T | undefined | false, timeoutMs = 10_000): Promise<T> =>
      waitFor(what, check, { timeoutMs, describe: output });
    /** Waits for another "Watching for changes" line after the ones seen so far: a build finished. */
    const nextBuild = async (seen: number): Promise<void> => {
      await until(`build #${seen + 1} to finish`, () => count(watcher.stderr(), WATCHING) > seen);
    };

    // Initial build.
    await until("the first build", () => watcher.stderr().includes(WATCHING), 20_000);
    expect(watcher.stdout()).toMatch(/✔ 4 events in 2 webhooks -> generated\/ \(6 of 6 files written\) in \d+ ms\./);
    expect(tagsOf(project)).toHaveLength(4);

    // 1. Edit an event: outputs follow, fast.
    const delivered = "events/shipping/parcel-delivered.event.ts";
    const original = project.read(delivered);
    const started = performance.now();
    project.write(delivered, original.replace("The carrier confirmed delivery.", "Signed for at reception."));
    await until("manifest.json to show the edited description", () =>
      readManifest(project)?.events.some((e) => e.description === "Signed for at reception."),
    );
    const latencyMs = performance.now() - started;
    await until("index.ts to show the edited description", () =>
      typesOf(project).includes("Parcel Delivered: Signed for at reception."),
    );
    console.log(`watch: edit -> outputs updated in ${Math.round(latencyMs)} ms`);
    expect(latencyMs).toBeLessThan(5_000);

    // 2. Add an event file, in an existing folder and in a new one; edit the one in the new folder.
    project.write("events/billing/invoice-refunded.event.ts", eventSource("billing:invoice-refunded", "Refund", "."));
    await until("the added event in manifest.json", () => tagsOf(project)?.includes("billing:invoice-refunded"));
    project.write("events/crm/contact-created.event.ts", eventSource("crm:contact-created", "Contact Created", "."));
    await until("the event of a new folder in manifest.json", () => tagsOf(project)?.includes("crm:contact-created"));
    project.write(
      "events/crm/contact-created.event.ts",
      eventSource("crm:contact-created", "Contact Created", "Edited in a new folder."),
    );
    await until("the edit in the new folder", () =>
      readManifest(project)?.events.some((e) => e.description === "Edited in a new folder."),
    );
    // The outputs are renamed into place one after the other: wait for the module too.
    await until("the new event in its webhook's module", () =>
      typesOf(project).includes("Contact Created: Edited in a new folder."),
    );

    // 3. Delete an event file.
    const beforeDelete = count(watcher.stderr(), WATCHING);
    rmSync(project.path("events/billing/invoice-refunded.event.ts"));
    await until("the deleted event to leave manifest.json", () => {
      const tags = tagsOf(project);
      return tags !== undefined && !tags.includes("billing:invoice-refunded");
    });
    expect(tagsOf(project)).toEqual([
      "billing:invoice-overdue",
      "billing:invoice-paid",
      "crm:contact-created",
      "shipping:parcel-delivered",
      "shipping:parcel-dispatched",
    ]);
    await until(
      "the deleted event to leave index.ts",
      () => !typesOf(project).includes("BillingInvoiceRefundedPayload"),
    );

    // 4. A syntax error: reported, last good outputs kept byte for byte, the watcher keeps going.
    // index.ts changed before manifest.json is renamed into place: the state is taken once that build is done.
    await nextBuild(beforeDelete);
    const good = outputState(project);
    const builds = count(watcher.stderr(), WATCHING);
    const errorsBefore = watcher.stderr().length;
    project.write(delivered, original.replace('signed_by: "A. Obi",', 'signed_by: "A. Obi",,, ]'));
    await until("DT2001 on stderr", () => / - error DT2001: /.test(watcher.stderr().slice(errorsBefore)));
    await until("the failed build's summary", () =>
      /✖ \d+ errors?; no files were written/.test(watcher.stderr().slice(errorsBefore)),
    );
    await nextBuild(builds);
    expect(diagnosticHeads(watcher.stderr().slice(errorsBefore))[0]).toMatch(
      /^events\/shipping\/parcel-delivered\.event\.ts:\d+:\d+ - error DT2001: /,
    );
    expect(outputState(project)).toEqual(good);
    expect(watcher.alive()).toBe(true);

    // 5. Fixed: rebuilt, with the fix in the outputs.
    const beforeFix = count(watcher.stderr(), WATCHING);
    project.write(delivered, original.replace("The carrier confirmed delivery.", "Fixed and rebuilt."));
    await until("the fix in manifest.json", () =>
      readManifest(project)?.events.some((e) => e.description === "Fixed and rebuilt."),
    );
    await until("the fix in index.ts", () => typesOf(project).includes("Parcel Delivered: Fixed and rebuilt."));
    // The state below is taken once that build is done (its last files may still be in flight).
    await nextBuild(beforeFix);

    // 6. A broken config: reported, outputs kept, still watching.
    const config = project.read("ductape.config.ts");
    const fixed = outputState(project);
    const configErrorsFrom = watcher.stderr().length;
    project.write("ductape.config.ts", `${config}\nexport const broken = ;\n`);
    await until("the config error", () => / - error DT1002: /.test(watcher.stderr().slice(configErrorsFrom)));
    expect(outputState(project)).toEqual(fixed);
    expect(watcher.alive()).toBe(true);

    // 7. The config is reloaded: a new outDir gets the outputs.
    project.write("ductape.config.ts", config.replace('outDir: "generated"', 'outDir: "out2"'));
    await until("outputs in out2/", () => tagsOf(project, "out2")?.length === 5 && project.exists("out2/index.ts"));
    expect(readManifest(project, "out2")).toEqual(readManifest(project));
    await until("the summary of the build into out2/", () =>
      /-> out2\/ \(8 of 8 files written\)/.test(watcher.stdout()),
    );
    // Later edits go to out2/ only.
    const old = outputState(project);
    project.write(delivered, original.replace("The carrier confirmed delivery.", "Built into out2."));
    await until("the edit in out2/", () =>
      readManifest(project, "out2")?.events.some((e) => e.description === "Built into out2."),
    );
    expect(outputState(project)).toEqual(old);

    // 8. Ctrl-C: exit 0, promptly.
    const stopAt = performance.now();
    watcher.child.kill("SIGINT");
    const exit = await exitWithin(watcher, 5_000);
    expect(exit, output()).toEqual({ code: 0, signal: null });
    console.log(`watch: SIGINT -> exit in ${Math.round(performance.now() - stopAt)} ms`);
    expect(watcher.stderr()).not.toMatch(STACK_FRAME);
    expect(watcher.stdout()).not.toMatch(STACK_FRAME);
    // No temporary file (transpiled config, half-written output) is left behind.
    const outputs = [...SHOP_OUTPUTS, "webhooks/crm.json", "webhooks/crm.ts"].sort();
    expect(project.files().filter((f) => !f.startsWith("events/"))).toEqual([
      "ductape.config.ts",
      ...outputs.map((file) => `generated/${file}`),
      ...outputs.map((file) => `out2/${file}`),
    ]);
  });

  it("follows editor-style saves: bursts of writes, atomic rename-over saves, a folder deleted and re-created", async () => {
    const project = copyFixture(SHOP, { prefix: "loop-watch-editor" });
    const watcher = start(project, ["watch"]);
    const output = (): string => `--- stdout\n${watcher.stdout()}\n--- stderr\n${watcher.stderr()}`;
    const until = <T>(what: string, check: () => T | undefined | false, timeoutMs = 10_000): Promise<T> =>
      waitFor(what, check, { timeoutMs, describe: output });
    const description = (tag: string, outDir = "generated"): string | undefined =>
      readManifest(project, outDir)?.events.find((e) => e.tag === tag)?.description;
    await until("the first build", () => watcher.stderr().includes(WATCHING), 20_000);

    // A burst of saves of the same size, faster than the debounce and the build: the outputs
    // end with the last one.
    const paid = "events/billing/invoice-paid.event.ts";
    const original = project.read(paid);
    for (let i = 1; i <= 9; i++) {
      project.write(paid, original.replace("An invoice was paid in full.", `Burst number ${i}.`));
    }
    await until("the last save of the burst", () => description("billing:invoice-paid") === "Burst number 9.");
    await until("the last save of the burst in index.ts", () =>
      typesOf(project).includes("Invoice Paid: Burst number 9."),
    );

    // Save by writing a temporary file and renaming it over the event file (vim, VS Code, ...).
    const temp = project.path("events/billing/.invoice-paid.event.ts.swp");
    writeFileSync(temp, original.replace("An invoice was paid in full.", "Saved atomically."));
    renameSync(temp, project.path(paid));
    await until("the renamed-over save", () => description("billing:invoice-paid") === "Saved atomically.");
    // The file that now stands there is watched too: a second such save, then one in place.
    writeFileSync(temp, original.replace("An invoice was paid in full.", "Saved atomically again."));
    renameSync(temp, project.path(paid));
    await until("a second renamed-over save", () => description("billing:invoice-paid") === "Saved atomically again.");
    project.write(paid, original.replace("An invoice was paid in full.", "Written in place after renames."));
    await until(
      "a save in place after them",
      () => description("billing:invoice-paid") === "Written in place after renames.",
    );

    // A whole folder deleted: its events leave the outputs.
    const shipping = ["events/shipping/parcel-delivered.event.ts", "events/shipping/parcel-dispatched.event.ts"];
    const saved = shipping.map((file) => [file, project.read(file)] as const);
    rmSync(project.path("events/shipping"), { recursive: true });
    await until("the deleted folder's events to leave manifest.json", () => {
      const tags = tagsOf(project);
      return tags !== undefined && tags.every((tag) => tag.startsWith("billing:"));
    });
    await until("the deleted folder's events to leave index.ts", () => !typesOf(project).includes("ShippingParcel"));

    // Re-created: its events come back, and later edits in it are seen.
    for (const [file, text] of saved) project.write(file, text);
    await until("the re-created folder's events", () => tagsOf(project)?.length === 4);
    project.write(shipping[0]!, saved[0]![1].replace("The carrier confirmed delivery.", "Seen in the new folder."));
    await until(
      "an edit in the re-created folder",
      () => description("shipping:parcel-delivered") === "Seen in the new folder.",
    );
    // A build may catch a file half-saved and report it; it must never crash.
    expect(watcher.stderr()).not.toMatch(STACK_FRAME);
    expect(watcher.stderr()).not.toMatch(/ DT9\d{3}: /);

    watcher.child.kill("SIGINT");
    expect(await exitWithin(watcher, 5_000), output()).toEqual({ code: 0, signal: null });
  });

  it("stops with exit 1 and says why when the project folder itself is deleted", async () => {
    const project = copyFixture(SHOP, { prefix: "loop-watch-root-gone" });
    const watcher = start(project, ["watch"]);
    await waitFor("the first build", () => watcher.stderr().includes(WATCHING), { timeoutMs: 20_000 });
    rmSync(project.dir, { recursive: true, force: true });
    expect(await exitWithin(watcher, 10_000), watcher.stderr()).toEqual({ code: 1, signal: null });
    expect(watcher.stderr()).toContain("was deleted or moved: nothing is left to watch.");
    expect(watcher.stderr()).not.toMatch(STACK_FRAME);
  });

  it("stops with exit 0 when stdout's reader has gone (`watch | head -1`), at the next rebuild's output", async () => {
    const project = copyFixture(SHOP, { prefix: "loop-watch-reader-gone" });
    const watcher = start(project, ["watch"]);
    await waitFor("the first build", () => watcher.stderr().includes(WATCHING), { timeoutMs: 20_000 });
    // The reader goes, as `head -1` does after its line; the next output meets the closed pipe.
    watcher.child.stdout!.destroy();
    const event = "events/billing/invoice-paid.event.ts";
    project.write(event, project.read(event).replace('name: "Invoice Paid"', 'name: "Invoice Settled"'));
    expect(await exitWithin(watcher, 10_000), watcher.stderr()).toEqual({ code: 0, signal: null });
    expect(watcher.stderr()).not.toMatch(STACK_FRAME);
    expect(watcher.stderr()).not.toContain("EPIPE");
  });

  it("build --watch is the same loop: builds, rebuilds on edit, and exits 0 on SIGTERM", async () => {
    const project = copyFixture(SHOP, { prefix: "loop-build-watch" });
    const watcher = start(project, ["build", "--watch"]);
    const output = (): string => `--- stdout\n${watcher.stdout()}\n--- stderr\n${watcher.stderr()}`;
    await waitFor("the first build", () => watcher.stderr().includes(WATCHING), {
      timeoutMs: 20_000,
      describe: output,
    });
    expect(tagsOf(project)).toHaveLength(4);

    const event = "events/billing/invoice-paid.event.ts";
    const started = performance.now();
    project.write(event, project.read(event).replace('name: "Invoice Paid"', 'name: "Invoice Settled"'));
    await waitFor(
      "the edit in manifest.json",
      () => readManifest(project)?.events.some((e) => e.name === "Invoice Settled"),
      {
        describe: output,
      },
    );
    const latencyMs = performance.now() - started;
    console.log(`build --watch: edit -> outputs updated in ${Math.round(latencyMs)} ms`);
    expect(latencyMs).toBeLessThan(5_000);

    watcher.child.kill("SIGTERM");
    const exit = await exitWithin(watcher, 5_000);
    expect(exit, output()).toEqual({ code: 0, signal: null });
    expect(watcher.stderr()).toMatch(/^(Watching for changes \(Ctrl-C to stop\)…\n)+$/);
  });

  it("exits 0 on SIGINT and SIGTERM with a config whose remote() imports lazily (temporary modules kept till exit)", async () => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      const project = copyFixture(SHOP, { prefix: "loop-watch-lazy" });
      project.write("remote/fake.ts", "export function fakeEvents(): object {\n  return {};\n}\n");
      project.write(
        "ductape.config.ts",
        'import { defineConfig } from "ductape-events";\n\nexport default defineConfig({\n  events: "events/**/*.event.ts",\n  remote: async () => (await import("./remote/fake.js")).fakeEvents(),\n});\n',
      );
      const watcher = start(project, ["watch"]);
      const output = (): string => `--- stdout\n${watcher.stdout()}\n--- stderr\n${watcher.stderr()}`;
      await waitFor("the first build", () => watcher.stderr().includes(WATCHING), {
        timeoutMs: 20_000,
        describe: output,
      });
      watcher.child.kill(signal);
      expect(await exitWithin(watcher, 5_000), `${signal}\n${output()}`).toEqual({ code: 0, signal: null });
      // The temporary modules went with it.
      expect(
        project.files().filter((f) => f.endsWith(".mjs")),
        signal,
      ).toEqual([]);
    }
  });

  it("watch --reporter json: stdout holds only JSON documents, one per build", async () => {
    const project = copyFixture(SHOP, { prefix: "loop-watch-json" });
    const watcher = start(project, ["watch", "--reporter", "json"]);
    const output = (): string => `--- stdout\n${watcher.stdout()}\n--- stderr\n${watcher.stderr()}`;
    const documents = (): number => count(watcher.stdout(), '\n  "version": 1,');
    await waitFor("the first document", () => documents() >= 1 && tagsOf(project)?.length === 4, {
      timeoutMs: 20_000,
      describe: output,
    });
    const seen = documents();
    const event = "events/billing/invoice-paid.event.ts";
    project.write(event, project.read(event).replace('name: "Invoice Paid"', 'name: "Invoice Settled"'));
    await waitFor("the rebuild's document", () => documents() > seen && watcher.stdout().endsWith("\n"), {
      describe: output,
    });
    watcher.child.kill("SIGINT");
    expect(await exitWithin(watcher, 5_000), output()).toEqual({ code: 0, signal: null });

    expect(watcher.stderr()).toMatch(/^(Watching for changes \(Ctrl-C to stop\)…\n)+$/);
    // Each build prints one document; a script reading the stream must find nothing else in it.
    const stray = watcher
      .stdout()
      .split("\n")
      .filter((line) => line !== "" && !/^[ {}]/.test(line));
    expect(stray, "lines of stdout outside any JSON document").toEqual([]);
    const parts = watcher.stdout().split(/^(?=\{$)/m);
    expect(parts.length).toBeGreaterThanOrEqual(2);
    for (const part of parts) {
      expect(() => JSON.parse(part) as unknown, `not JSON:\n${part}`).not.toThrow();
    }
    const last = JSON.parse(parts[parts.length - 1]!) as { ok: boolean; mode: string };
    expect(last).toMatchObject({ ok: true, mode: "build" });
  });

  it("starts on a broken project, keeps watching, and builds once the file is fixed", async () => {
    const project = copyFixture("syntax-error", { prefix: "loop-watch-broken" });
    const watcher = start(project, ["watch"]);
    const output = (): string => `--- stdout\n${watcher.stdout()}\n--- stderr\n${watcher.stderr()}`;
    await waitFor("the first build", () => watcher.stderr().includes(WATCHING), {
      timeoutMs: 20_000,
      describe: output,
    });
    expect(watcher.stderr()).toContain(" - error DT2001: ");
    expect(project.exists("generated")).toBe(false);
    expect(watcher.alive()).toBe(true);

    project.write("events/crm/broken.event.ts", eventSource("crm:contact-created", "Contact Created", "Now valid."));
    project.write("events/crm/good.event.ts", eventSource("crm:contact-updated", "Contact Updated", "Now valid."));
    await waitFor("outputs after the fix", () => tagsOf(project)?.length === 2, { describe: output });
    expect(tagsOf(project)).toEqual(["crm:contact-created", "crm:contact-updated"]);

    watcher.child.kill("SIGINT");
    expect(await exitWithin(watcher, 5_000), output()).toEqual({ code: 0, signal: null });
  });
});

describe("init", () => {
  const PACKAGE_JSON = `{
    "name": "shop",
    "version": "1.0.0",
    "private": true,
    "scripts": {
        "test": "vitest run",
        "lint": "eslint ."
    },
    "devDependencies": {
        "ductape-events": "^0.1.0"
    }
}
`;
  const template = (name: string): string => readFileSync(join(REPO, "templates", "init", name), "utf8");

  it("sets up a project: config, example event, build:events script (others kept, 4-space indent); then build works", async () => {
    const project = emptyProject("loop-init");
    project.write("package.json", PACKAGE_JSON);
    // Stands in for `npm install -D ductape-events`, done before init.
    linkSelf(project);

    const result = await run(project, ["init"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        "created  ductape.config.ts",
        "created  events/new-webhook/new-event.event.ts",
        'updated  package.json (added script "build:events": "ductape-events build")',
        "",
        "Next: npm run build:events",
        "",
      ].join("\n"),
    );
    expect(project.read("ductape.config.ts")).toBe(template("ductape.config.ts"));
    expect(project.read("events/new-webhook/new-event.event.ts")).toBe(template("new-event.event.ts"));
    expect(project.read("package.json")).toBe(`{
    "name": "shop",
    "version": "1.0.0",
    "private": true,
    "scripts": {
        "test": "vitest run",
        "lint": "eslint .",
        "build:events": "ductape-events build"
    },
    "devDependencies": {
        "ductape-events": "^0.1.0"
    }
}
`);
    expect(project.files().filter((f) => !f.startsWith("node_modules/"))).toEqual([
      "ductape.config.ts",
      "events/new-webhook/new-event.event.ts",
      "package.json",
    ]);

    const built = await run(project, ["build"]);
    expect(built.stderr).toBe("");
    expect(built.code).toBe(0);
    expect(project.normalize(built.stdout)).toBe(
      "✔ 1 event in 1 webhook -> generated/ (4 of 4 files written) in <time>.\n",
    );
    expect(project.read("generated/webhooks/new-webhook.ts")).toContain("export interface NewWebhookNewEventPayload {");
    expect(tagsOf(project)).toEqual(["new-webhook:new-event"]);
  });

  it("run again: everything is skipped and no file is touched", async () => {
    const project = emptyProject("loop-init-again");
    project.write("package.json", PACKAGE_JSON);
    expect((await run(project, ["init"])).code).toBe(0);
    const files = ["ductape.config.ts", "events/new-webhook/new-event.event.ts", "package.json"];
    const state = (): [string, string, number][] =>
      files.map((f) => [f, project.read(f), statSync(project.path(f)).mtimeMs]);
    const before = state();

    const again = await run(project, ["init"]);
    expect(again.stderr).toBe("");
    expect(again.code).toBe(0);
    const lines = again.stdout
      .split("\n")
      .filter((line) => line !== "" && !line.startsWith("Next:") && !line.startsWith("Install the package first"));
    expect(lines).toEqual([
      "skipped  ductape.config.ts (exists; left as it is)",
      "skipped  events/new-webhook/new-event.event.ts (exists; left as it is)",
      'skipped  package.json script "build:events" (exists: "ductape-events build")',
    ]);
    expect(state()).toEqual(before);
    expect(project.files()).toEqual(files);
  });

  it("never overwrites an existing config or build:events script, and says it skipped them", async () => {
    const project = emptyProject("loop-init-existing");
    const config = 'export default { events: "src/**/*.event.ts", outDir: "types" };\n';
    const pkg = '{\n  "name": "mine",\n  "scripts": {\n    "build:events": "echo custom"\n  }\n}\n';
    project.write("ductape.config.ts", config);
    project.write("package.json", pkg);

    const result = await run(project, ["init"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("skipped  ductape.config.ts (exists; left as it is)\n");
    expect(result.stdout).toContain("created  events/new-webhook/new-event.event.ts\n");
    expect(result.stdout).toContain('skipped  package.json script "build:events" (exists: "echo custom")\n');
    // That script does something else, so the next step is the command itself.
    expect(result.stdout).toContain("Next: npx ductape-events build\n");
    expect(project.read("ductape.config.ts")).toBe(config);
    expect(project.read("package.json")).toBe(pkg);
  });

  it("a project with event files already gets no example event (it would be pushed with them), and says why", async () => {
    const project = emptyProject("loop-init-has-events");
    project.write("package.json", PACKAGE_JSON);
    const event = 'import { defineEvent } from "ductape-events";\nexport default defineEvent({});\n';
    project.write("src/webhooks/orders/created.event.ts", event);
    const result = await run(project, ["init"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      "skipped  events/new-webhook/new-event.event.ts (the project has event files already: src/webhooks/orders/created.event.ts; an example would be pushed with them, and the platform cannot delete an event)\n",
    );
    expect(project.exists("events")).toBe(false);
    // The config it writes finds them: the first build builds what init found.
    expect(result.stdout).toContain("created  ductape.config.ts (events: src/**/*.event.ts)\n");
    expect(project.read("ductape.config.ts")).toContain('events: "src/**/*.event.ts",');
    expect(project.read("ductape.config.ts")).toBe(
      template("ductape.config.ts").replace('"events/**/*.event.ts"', '"src/**/*.event.ts"'),
    );

    // A folder whose name is glob syntax is escaped, so that the glob still finds it.
    const special = emptyProject("loop-init-special-folder");
    special.write("package.json", PACKAGE_JSON);
    special.write("(app)/stripe/a.event.ts", event);
    linkSelf(special);
    expect((await run(special, ["init"])).code).toBe(0);
    expect(special.read("ductape.config.ts")).toContain('events: "\\\\(app\\\\)/**/*.event.ts",');
    const built = await run(special, ["build"]);
    expect(built.stderr).not.toContain("DT1010");
    expect(built.stderr).toContain("(app)/stripe/a.event.ts");

    // Found through the config's own globs too, whatever the files are called.
    const other = emptyProject("loop-init-config-globs");
    other.write("package.json", PACKAGE_JSON);
    other.write("ductape.config.mjs", 'export default { events: "hooks/**/*.ts" };\n');
    other.write("hooks/a.ts", event);
    other.write("hooks/b.ts", event);
    const again = await run(other, ["init"]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain("(the project has event files already: hooks/a.ts and 1 more;");
    expect(other.exists("events")).toBe(false);
  });

  it("a config under another name (ductape.config.mjs) is the project's: no ductape.config.ts to take its place", async () => {
    const project = emptyProject("loop-init-mjs");
    const config = 'export default { outDir: "out" };\n';
    project.write("ductape.config.mjs", config);
    project.write("package.json", PACKAGE_JSON);
    const result = await run(project, ["init"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("skipped  ductape.config.ts (ductape.config.mjs exists; left as it is)\n");
    expect(project.exists("ductape.config.ts")).toBe(false);
    expect(project.read("ductape.config.mjs")).toBe(config);
  });

  it("a file where the example event's folder goes: exit 1, and nothing is written (no config either)", async () => {
    const project = emptyProject("loop-init-blocked");
    project.write("package.json", PACKAGE_JSON);
    project.write("events", "not a folder\n");
    const result = await run(project, ["init"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      "ductape-events init: events is a file, and events/new-webhook/new-event.event.ts would go in a folder of that name; nothing was written.\n",
    );
    expect(project.files()).toEqual(["events", "package.json"]);
    expect(project.read("package.json")).toBe(PACKAGE_JSON);
  });

  it("without package.json: exit 1 and a message that says so", async () => {
    const project = emptyProject("loop-init-nopkg");
    const result = await run(project, ["init"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      "ductape-events init: no package.json here (run `npm init` first, then init again); nothing was written.\n",
    );
    // Nothing is half set up: the project is exactly as it was.
    expect(project.files()).toEqual([]);
    expect(result.stderr).not.toMatch(STACK_FRAME);
  });
});

describe("list", () => {
  it("prints a table of tag, name and source, and the webhooks", async () => {
    const project = copyFixture("valid", { prefix: "loop-list" });
    const result = await run(project, ["list"]);
    // The case valid may draw warnings (printed on stderr); never an error.
    expect(result.code, result.stderr).toBe(0);
    expect(project.normalize(result.stdout)).toMatchSnapshot();
    // list never writes.
    expect(project.files()).toEqual(listFiles(fixtureDir("valid")));
  });

  it("a very long name widens only its own row", async () => {
    const project = copyFixture("valid", { prefix: "loop-list-long" });
    const file = "events/billing/invoice-paid.event.ts";
    project.write(file, project.read(file).replace('name: "Invoice Paid"', `name: "${"Long ".repeat(100)}"`));
    const result = await run(project, ["list"]);
    expect(result.code, result.stderr).toBe(0);
    const rows = result.stdout.split("\n").filter((line) => line.includes(".event.ts"));
    expect(rows.filter((line) => line.length > 500)).toHaveLength(1);
    expect(rows.filter((line) => line.length < 200)).toHaveLength(rows.length - 1);
  });

  it("--json prints the events, with tag, name and source, sorted by tag", async () => {
    const project = copyFixture("valid", { prefix: "loop-list-json" });
    const result = await run(project, ["list", "--json"]);
    expect(result.code, result.stderr).toBe(0);
    const rows = JSON.parse(result.stdout) as { tag: string; name: string; source: string }[];
    expect(rows.map((r) => [r.tag, r.name, r.source])).toEqual([
      ["billing:invoice-overdue", "Invoice Overdue", "events/billing/invoice-overdue.event.ts"],
      ["billing:invoice-paid", "Invoice Paid", "events/billing/invoice-paid.event.ts"],
      ["shipping:parcel-delivered", "Parcel Delivered", "events/shipping/parcel-delivered.event.ts"],
      ["shipping:parcel-dispatched", "Parcel Dispatched", "events/shipping/parcel-dispatched.event.ts"],
    ]);
    const tags = rows.map((r) => r.tag);
    expect(tags).toEqual([...tags].sort());
  });

  it("names the webhooks in webhook tag order, as manifest.json lists them", async () => {
    const project = copyFixture("valid", { prefix: "loop-list-order" });
    // "billing-eu:*" sorts before "billing:*" by tag, and after "billing" by webhook tag.
    project.write(
      "events/billing-eu/refund-issued.event.ts",
      'import { defineEvent } from "ductape-events";\nexport default defineEvent({ name: "Refund Issued", tag: "billing-eu:refund-issued", description: "", sample: { headers: {}, query: {}, body: { id: "r1" }, params: {} } });\n',
    );
    const result = await run(project, ["list"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trimEnd().split("\n").at(-1)).toBe("5 events in 3 webhooks: billing, billing-eu, shipping");
  });

  it("a definition error: diagnostics on stderr, exit 1", async () => {
    const project = copyFixture("duplicate-tags", { prefix: "loop-list-error" });
    for (const args of [["list"], ["list", "--json"]]) {
      const result = await run(project, args);
      expect(result.code, args.join(" ")).toBe(1);
      expect(diagnosticHeads(result.stderr).map(severityAndCode)).toEqual(["error DT3006"]);
      expect(result.stdout).not.toContain("DT3006");
    }
    expect(project.files()).toEqual(listFiles(fixtureDir("duplicate-tags")));
  });

  it("a config that cannot load: its errors on stderr, nothing on stdout (no empty list), exit 2", async () => {
    const project = copyFixture("config-errors", { prefix: "loop-list-config" });
    for (const args of [["list"], ["list", "--json"]]) {
      const result = await run(project, args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stdout, args.join(" ")).toBe("");
      expect(diagnosticHeads(result.stderr).length, args.join(" ")).toBeGreaterThan(0);
    }
  });

  it("a reader that stops early (`list | head -1`): no stack trace; the command ends as it would", async () => {
    const project = copyFixture("valid", { prefix: "loop-list-pipe" });
    for (const args of [["list"], ["build"]]) {
      const cli = start(project, args);
      // Closed before the first line is written: every write meets a closed pipe (EPIPE).
      cli.child.stdout!.destroy();
      const { code } = await cli.exited;
      expect(cli.stderr(), args.join(" ")).not.toMatch(STACK_FRAME);
      expect(cli.stderr(), args.join(" ")).not.toContain("EPIPE");
      expect(code, args.join(" ")).toBe(0);
    }
    // The build ran to its end all the same.
    expect(project.files()).toContain("generated/manifest.json");
  });
});

describe("reporters", () => {
  /** The json document with its timing replaced, after checking the timing is a whole number of ms. */
  function normalizedJson(stdout: string): unknown {
    const document = JSON.parse(stdout) as { summary: { durationMs: unknown } };
    expect(Number.isInteger(document.summary.durationMs)).toBe(true);
    document.summary.durationMs = "<time>";
    return document;
  }

  it.each(["duplicate-tags", "wrong-types"])(
    "--reporter json on %s: exactly one JSON document on stdout, nothing on stderr",
    async (name) => {
      const project = copyFixture(name, { prefix: `loop-json-${name}` });
      const result = await run(project, ["build", "--reporter", "json"]);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe("");
      const document = normalizedJson(result.stdout) as {
        version: number;
        ok: boolean;
        mode: string;
        summary: Record<string, unknown>;
        diagnostics: Record<string, unknown>[];
      };
      expect(document).toMatchObject({ version: 1, ok: false, mode: "build" });
      expect(Object.keys(document.summary).sort()).toEqual(
        ["cached", "durationMs", "errors", "events", "files", "warnings", "webhooks"].sort(),
      );
      expect(document.diagnostics.length).toBeGreaterThan(0);
      for (const d of document.diagnostics) {
        expect(d).toMatchObject({
          code: expect.stringMatching(/^DT\d{4}$/),
          severity: expect.stringMatching(/^(error|warning)$/),
          message: expect.any(String),
          file: expect.any(String),
          line: expect.any(Number),
          column: expect.any(Number),
          endLine: expect.any(Number),
          endColumn: expect.any(Number),
        });
      }
      expect(document.summary["errors"]).toBe(document.diagnostics.filter((d) => d.severity === "error").length);
      // The document exactly as printed, key order included.
      expect(result.stdout.replace(/"durationMs": \d+/, '"durationMs": "<time>"')).toMatchSnapshot();
    },
  );

  it("--reporter json on success and on a config error: still one document, nothing on stderr", async () => {
    const valid = copyFixture(SHOP, { prefix: "loop-json-valid" });
    const ok = await run(valid, ["build", "--reporter", "json"]);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toBe("");
    expect(normalizedJson(ok.stdout)).toMatchObject({
      ok: true,
      summary: {
        events: 4,
        webhooks: 2,
        errors: 0,
        warnings: 0,
      },
      diagnostics: [],
    });
    const files = (JSON.parse(ok.stdout) as { summary: { files: { path: string; status: string }[] } }).summary.files;
    expect([...files].sort((a, b) => (a.path < b.path ? -1 : 1))).toEqual(
      SHOP_OUTPUTS.map((file) => ({ path: `generated/${file}`, status: "written" })),
    );

    const config = copyFixture("config-errors", { prefix: "loop-json-config" });
    const bad = await run(config, ["build", "--reporter", "json"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("");
    const document = normalizedJson(bad.stdout) as { diagnostics: { code: string }[] };
    expect(document.diagnostics.map((d) => d.code).sort()).toEqual(["DT1004", "DT1005"]);
  });

  it("--reporter github prints workflow commands; GITHUB_ACTIONS=true picks it by default", async () => {
    const project = copyFixture("duplicate-tags", { prefix: "loop-github" });
    const result = await run(project, ["build", "--reporter", "github"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("");
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines.slice(0, -1).length).toBeGreaterThan(0);
    for (const line of lines.slice(0, -1)) {
      expect(line).toMatch(
        /^::error file=[^,:]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=DT\d{4} [^:]+::\S.*$/,
      );
    }
    expect(project.normalize(result.stdout)).toMatchSnapshot();

    const wrong = copyFixture("wrong-types", { prefix: "loop-github-wrong" });
    const wrongResult = await run(wrong, ["build", "--reporter", "github"]);
    expect(wrongResult.code).toBe(1);
    expect(wrongResult.stderr).toBe("");
    expect(wrong.normalize(wrongResult.stdout)).toMatchSnapshot();

    // In GitHub Actions the default is github; an explicit flag still wins.
    const inActions = await run(project, ["build"], { env: { GITHUB_ACTIONS: "true" } });
    expect(inActions.code).toBe(1);
    expect(inActions.stderr).toBe("");
    expect(project.normalize(inActions.stdout)).toBe(project.normalize(result.stdout));
    const pretty = await run(project, ["build", "--reporter", "pretty"], { env: { GITHUB_ACTIONS: "true" } });
    expect(pretty.stdout).toBe("");
    expect(diagnosticHeads(pretty.stderr)).toHaveLength(1);

    // A warning is a ::warning, and the build still succeeds.
    const warning = copyFixture("loop-warning", { prefix: "loop-github-warning" });
    const warned = await run(warning, ["build", "--reporter", "github"]);
    expect(warned.code).toBe(0);
    expect(warned.stderr).toBe("");
    expect(warning.normalize(warned.stdout)).toBe(
      "::warning file=events/orders/order-created.event.ts,line=10,col=39,endLine=10,endColumn=41," +
        "title=DT4101 Empty array in sample::sample.body.items is an empty array, so its elements are typed unknown." +
        "%0Ahint: Put one representative element in the sample to type its elements.\n" +
        "✔ 1 event in 1 webhook -> generated/ (4 of 4 files written; 1 warning) in <time>.\n",
    );
  });

  it("--reporter xml: exit 2, nothing built", async () => {
    const project = copyFixture(SHOP, { prefix: "loop-xml" });
    const result = await run(project, ["build", "--reporter", "xml"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(diagnosticHeads(result.stderr)).toEqual([
      'ductape-events - error DT1006: Unknown reporter "xml"; use pretty, json or github.',
    ]);
    expect(project.exists("generated")).toBe(false);
  });

  it("pretty: colour with FORCE_COLOR=1, none with NO_COLOR=1, none when piped by default", async () => {
    const project = copyFixture("duplicate-tags", { prefix: "loop-color" });
    const forced = await run(project, ["build"], { env: { NO_COLOR: undefined, FORCE_COLOR: "1" } });
    expect(forced.code).toBe(1);
    expect(forced.stderr).toMatch(ANSI);

    const noColor = await run(project, ["build"], { env: { NO_COLOR: "1", FORCE_COLOR: undefined } });
    expect(noColor.code).toBe(1);
    expect(`${noColor.stdout}${noColor.stderr}`).not.toMatch(ANSI);

    const piped = await run(project, ["build"], { env: { NO_COLOR: undefined, FORCE_COLOR: undefined } });
    expect(piped.code).toBe(1);
    expect(`${piped.stdout}${piped.stderr}`).not.toMatch(ANSI);
    // The same text, once the escapes are taken out.
    const plain = (text: string): string => project.normalize(text.replace(/\u001b\[[0-9;]*m/g, ""));
    expect(plain(forced.stderr)).toBe(plain(piped.stderr));
  });

  it("--color colours a piped stderr, --no-color wins over FORCE_COLOR; before or after the command, the last one wins", async () => {
    const project = copyFixture("duplicate-tags", { prefix: "loop-color-flags" });
    const coloured = await run(project, ["build", "--color"]);
    expect(coloured.code).toBe(1);
    expect(coloured.stderr).toMatch(ANSI);
    expect(coloured.stdout).not.toMatch(ANSI);
    const before = await run(project, ["--color", "build"]);
    expect(project.normalize(before.stderr)).toBe(project.normalize(coloured.stderr));

    const forced = { env: { NO_COLOR: undefined, FORCE_COLOR: "1" } };
    const refused = await run(project, ["build", "--no-color"], forced);
    expect(refused.code).toBe(1);
    expect(`${refused.stdout}${refused.stderr}`).not.toMatch(ANSI);
    expect((await run(project, ["--no-color", "build", "--color"], { env: { NO_COLOR: "1" } })).stderr).toMatch(ANSI);
    expect((await run(project, ["--color", "build", "--no-color"], forced)).stderr).not.toMatch(ANSI);

    const help = await run(project, ["build", "--help"]);
    expect(help.stdout).toMatch(/^ {2}--color, --no-color +Colour the diagnostics/m);
    expect((await run(project, ["--help"])).stdout).toMatch(/^ {2}--no-color +Never colour/m);
  });
});

describe("config", () => {
  it("a config importing `.` and `..` (a folder's index.ts) runs, as event files may import them", async () => {
    const project = copyFixture("loop-warning", { prefix: "loop-dot-imports" });
    project.write(
      "ductape.config.ts",
      // A call, so the config is run by Node rather than read statically.
      'import { EVENTS } from "./settings/globs.js";\nexport default { events: EVENTS.map((glob: string) => glob) };\n',
    );
    project.write(
      "settings/globs.ts",
      'import { ROOT } from ".";\nimport { EXT } from "..";\nexport const EVENTS = [`${ROOT}/**/*${EXT}`];\n',
    );
    project.write("settings/index.ts", 'export const ROOT = "events";\n');
    // A file named like the folder: `.` still means the folder's index.ts, as TypeScript reads it.
    project.write("settings.ts", 'export const ROOT = "nowhere";\n');
    project.write("index.ts", 'export const EXT = ".event.ts";\n');
    const result = await run(project, ["build"]);
    expect(result.code, result.stderr).toBe(0);
    expect(project.normalize(result.stdout)).toBe(
      "✔ 1 event in 1 webhook -> generated/ (4 of 4 files written; 1 warning) in <time>.\n",
    );
  });
});

describe("--strict", () => {
  it("a warning (DT4101) passes normally, fails with --strict and with strict: true in the config", async () => {
    const project = copyFixture("loop-warning", { prefix: "loop-strict" });
    const normal = await run(project, ["build"]);
    expect(normal.code, normal.stderr).toBe(0);
    expect(diagnosticHeads(normal.stderr).map(severityAndCode)).toEqual(["warning DT4101"]);
    expect(project.normalize(normal.stdout)).toBe(
      "✔ 1 event in 1 webhook -> generated/ (4 of 4 files written; 1 warning) in <time>.\n",
    );
    rmSync(project.path("generated"), { recursive: true });

    const strict = await run(project, ["build", "--strict"]);
    expect(strict.code, strict.stderr).toBe(1);
    expect(diagnosticHeads(strict.stderr).map(severityAndCode)).toEqual(["error DT4101"]);
    expect(project.normalize(strict.stderr).endsWith("✖ 1 error; no files were written (<time>).\n")).toBe(true);
    expect(project.exists("generated")).toBe(false);

    const json = await run(project, ["build", "--strict", "--reporter", "json"]);
    expect(json.code).toBe(1);
    expect((JSON.parse(json.stdout) as { diagnostics: { code: string; severity: string }[] }).diagnostics).toEqual([
      expect.objectContaining({ code: "DT4101", severity: "error" }),
    ]);

    project.write(
      "ductape.config.ts",
      project.read("ductape.config.ts").replace('outDir: "generated",', 'outDir: "generated",\n  strict: true,'),
    );
    const configured = await run(project, ["build"]);
    expect(configured.code, configured.stderr).toBe(1);
    expect(diagnosticHeads(configured.stderr).map(severityAndCode)).toEqual(["error DT4101"]);
    expect(project.exists("generated")).toBe(false);
  });
});

describe("help and flags", () => {
  const FLAGS: Record<string, string[]> = {
    build: ["--config", "--check", "--watch", "--strict", "--reporter", "--help"],
    watch: ["--config", "--strict", "--reporter", "--help"],
    list: ["--config", "--json", "--help"],
    init: ["--help"],
  };

  it.each(Object.keys(FLAGS))("%s --help: usage and flags on stdout, exit 0, nothing run", async (command) => {
    const project = copyFixture(SHOP, { prefix: `loop-help-${command}` });
    const result = await run(project, [command, "--help"], { timeoutMs: 15_000 });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain(`Usage: ductape-events ${command}`);
    for (const flag of FLAGS[command] ?? []) expect(result.stdout).toMatch(new RegExp(`^ {2}(-\\w, )?${flag}\\b`, "m"));
    // No blank line inside the options list, even when --help is the only flag.
    expect(result.stdout).toMatch(/\nOptions:\n {2}\S/);
    expect(project.files()).toEqual(listFiles(fixtureDir(SHOP)));
  });

  it("an unknown flag on list: exit 2 with a suggestion", async () => {
    const project = copyFixture(SHOP, { prefix: "loop-list-flag" });
    const result = await run(project, ["list", "--jsn"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(diagnosticHeads(result.stderr)).toEqual([
      `ductape-events - error DT1006: Unknown option '--jsn'. Did you mean "--json"?`,
    ]);
  });

  // Last: it reads every run made above.
  it("never prints a stack trace or exits 3", () => {
    expect(allRuns.length).toBeGreaterThan(20);
    for (const { label, result } of allRuns) {
      expect(result.stderr, label).not.toMatch(STACK_FRAME);
      expect(result.stdout, label).not.toMatch(STACK_FRAME);
      expect(result.code, `${label}\n${result.stderr}`).not.toBe(3);
    }
  });
});
