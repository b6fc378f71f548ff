import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyseInChunks, analyseWhole, createStageCaches, heavyStages, type Analysis } from "../src/analyse.js";
import { loadConfig } from "../src/config/index.js";
import { discover } from "../src/discover/index.js";
import { fixtureDir, fixtureProjects } from "./helpers/project.js";
import { scratchDir, writeTree } from "./helpers/tmp.js";

const stages = await heavyStages();

/** An analysis with its maps in a fixed order (a build only looks files up in them). */
function asBuilt(analysis: Analysis) {
  return {
    events: analysis.events,
    diagnostics: analysis.diagnostics,
    sources: new Map([...analysis.sources].sort()),
    reads: new Map([...(analysis.reads ?? [])].sort()),
  };
}

async function filesOf(dir: string): Promise<readonly string[]> {
  const loaded = await loadConfig({ cwd: dir });
  if (!loaded.ok) throw new Error(`${dir}: the config does not load`);
  return discover(loaded.config);
}

async function expectSameBothWays(dir: string): Promise<Analysis> {
  const files = await filesOf(dir);
  const whole = analyseWhole(stages, { files, caches: createStageCaches(stages), wantReads: true });
  for (const chunk of [1, 2, 3, 512]) {
    const progress: number[] = [];
    const chunked = analyseInChunks(stages, files, {
      wantReads: true,
      chunk,
      onProgress: (done) => progress.push(done),
    });
    expect(asBuilt(chunked), `${dir}, ${chunk} files a chunk`).toEqual(asBuilt(whole));
    expect(progress).toEqual(files.map((_, i) => i + 1));
  }
  return whole;
}

describe("a cold build's analysis, a chunk of files at a time", () => {
  const projects = fixtureProjects()
    .filter(({ dir }) => existsSync(join(dir, "ductape.config.ts")))
    .map(({ name }) => name);

  it.each(projects)("gives what one call of each stage gives: %s", async (name) => {
    const dir = fixtureDir(name);
    const loaded = await loadConfig({ cwd: dir });
    if (!loaded.ok) return; // config-errors and the like: no analysis runs
    await expectSameBothWays(dir);
  });

  it("across chunks: conflicts, selectors decided per webhook, a helper shared by many files, errors in it", async () => {
    const dir = scratchDir("analyse");
    const files: Record<string, string> = {
      "ductape.config.ts": 'export default { events: "events/*.event.ts" };\n',
      "events/shared.ts":
        'export const customer = { id: "c1", phone: null };\nexport const broken = { when: new Date() };\n',
    };
    const event = (tag: string, body: string, extra = "") =>
      `import { defineEvent } from "ductape-events";\nimport { customer, broken } from "./shared";\nexport default defineEvent({ name: "E", tag: "${tag}", description: "", sample: { headers: {}, query: {}, body: ${body}, params: {} }${extra} });\n`;
    const selected = ', selector: "body.type"';
    files["events/a.event.ts"] = event("pay:refund", '{ type: "refund", customer }', selected);
    files["events/b.event.ts"] = event("solo:two", "{ type: null }");
    files["events/c.event.ts"] = event("pay-x:one", '{ type: "one", list: [] }', selected);
    files["events/d.event.ts"] = event("solo:one", '{ type: "x" }', selected);
    files["events/e.event.ts"] = event("pay:charge", '{ type: "charge", customer }', selected);
    files["events/f.event.ts"] = event("zed:one", "{ b: broken }");
    files["events/g.event.ts"] = event("zed:one", "{ customer }");
    files["events/h.event.ts"] = event("pay:again", '{ type: "refund" }', selected);
    files["events/i.event.ts"] = "export default {";
    files["events/j.event.ts"] = event("zed:one", "{ list: [1] }");
    files["events/k.event.ts"] = event("extra:one", "{ b: broken }");
    // "mix" is found not discriminated only after an event with a selector: that one is read again.
    files["events/0.event.ts"] = event("mix:one", '{ type: "m", customer }', selected);
    files["events/z.event.ts"] = event("mix:two", '{ type: "n" }');
    writeTree(dir, files);
    const whole = await expectSameBothWays(dir);
    // The project holds what the test is about.
    const codes = new Set(whole.diagnostics.map((d) => d.code));
    // Syntax error, non-literal value, duplicate tag, duplicate selector value, two warnings.
    for (const code of ["DT2001", "DT2004", "DT3006", "DT3010", "DT4101", "DT4102"]) expect(codes).toContain(code);
  });

  it("reads an event again from what the build read, even if its files change meanwhile", async () => {
    // mix:one has a selector, but mix:two (a later file) has none: mix:one is read again at the
    // end. Meanwhile `./shared` starts to name a new shared.ts instead of shared/index.ts.
    const dir = scratchDir("analyse-reread");
    const event = (tag: string, extra = "") =>
      `import { defineEvent } from "ductape-events";\nimport { BODY } from "./shared";\nexport default defineEvent({ name: "E", tag: "${tag}", description: "", sample: { headers: {}, query: {}, body: BODY, params: {} }${extra} });\n`;
    writeTree(dir, {
      "ductape.config.ts": 'export default { events: "events/*.event.ts" };\n',
      "events/shared/index.ts": 'export const BODY = { type: "one", v: "before" };\n',
      "events/a.event.ts": event("mix:one", ', selector: "body.type"'),
      "events/b.event.ts": event("mix:two"),
    });
    const files = await filesOf(dir);
    const before = analyseWhole(stages, { files, caches: createStageCaches(stages), wantReads: true });
    for (const body of ['{ type: "one", v: "changed" }', "new Date()"]) {
      const created = join(dir, "events/shared.ts");
      const during = analyseInChunks(stages, files, {
        wantReads: true,
        chunk: 1,
        onProgress: (done) => {
          if (done === files.length) writeFileSync(created, `export const BODY = ${body};\n`);
        },
      });
      rmSync(created);
      expect(asBuilt(during)).toEqual(asBuilt(before));
    }
  });
});
