import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { build, ChangeLog, createBuildCache } from "../../src/index.js";
import { copyFixture } from "../helpers/project.js";

/**
 * Watch mode's baseline (the config as last loaded, reused while none of its files changed)
 * holds for builds asked alike: `docs --out` loads the config without checking its own docs
 * folder, so a build without it must not take that config as checked.
 */
describe("the baseline a build with a change log reuses", () => {
  it("is not shared between builds with and without a docs folder given", async () => {
    const project = copyFixture("valid", { prefix: "baseline-docs-out" });
    // The config's docs folder is a file: refused, unless `--out` stands in for it.
    project.write("notes.txt", "not a folder\n");
    project.write(
      "ductape.config.ts",
      project
        .read("ductape.config.ts")
        .replace('outDir: "generated",', 'outDir: "generated",\n  docs: { out: "notes.txt" },'),
    );
    const cache = createBuildCache();
    const changes = new ChangeLog();
    const options = { cwd: project.dir, cache, changes, diskCache: false } as const;

    const withOut = await build({ ...options, docs: { out: "site" } });
    expect(withOut.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(existsSync(project.path("site/index.html"))).toBe(true);

    const without = await build(options);
    expect(without.diagnostics.map((d) => d.code)).toEqual(["DT1005"]);
  });
});
