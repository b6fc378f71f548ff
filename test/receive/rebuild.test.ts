import { afterAll, describe, expect, it } from "vitest";
import { build, createBuildCache } from "../../src/build.js";
import { copyFixture, removeProjects } from "../helpers/project.js";

afterAll(() => removeProjects());

/**
 * Rebuilding in one process (watch mode's path): an edit of one event rewrites its webhook's
 * receive module only, with the text a fresh build writes.
 */
describe("receive in a rebuild", () => {
  it("rewrites the edited webhook's module only, as a fresh build writes it", async () => {
    const project = copyFixture("receive", { prefix: "receive-rebuild" });
    const cache = createBuildCache();
    const options = { cwd: project.dir, cache, diskCache: false } as const;
    const first = await build(options);
    expect(first.diagnostics).toEqual([]);
    const file = "events/payments/transaction-failed.event.ts";
    project.write(
      file,
      project.read(file).replace('code: "insufficient_funds"', 'code: "insufficient_funds", retry: false'),
    );
    const second = await build(options);
    const statusOf = (suffix: string) => second.files.find((f) => f.path.endsWith(suffix))?.status;
    expect(statusOf("receive/payments.ts")).toBe("written");
    expect(statusOf("receive/github.ts")).toBe("unchanged");
    expect(statusOf("receive/shop.ts")).toBe("unchanged");
    expect(project.read("generated/receive/payments.ts")).toContain('"retry"');
    const fresh = copyFixture("receive", { prefix: "receive-rebuild-fresh" });
    fresh.write(file, project.read(file));
    expect((await build({ cwd: fresh.dir, diskCache: false })).diagnostics).toEqual([]);
    for (const module of ["receive.ts", "receive/payments.ts", "receive/github.ts", "receive/_definitions.ts"]) {
      expect(project.read(`generated/${module}`), module).toBe(fresh.read(`generated/${module}`));
    }
  }, 120_000);
});
