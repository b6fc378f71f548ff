import { describe, expect, it } from "vitest";
import { build } from "../src/build.js";
import { definition, eventFile } from "./helpers/memory.js";
import { scratchDir, writeTree } from "./helpers/tmp.js";

describe("build counts", () => {
  it("counts webhooks whose tags begin with one another's, each once", async () => {
    // Sorted by tag, "a-b:*" and "a0:*" come before "a:*" and "ab:*" after it: each webhook's
    // events stay together, which counting relies on.
    const tags = ["a:x", "a:y", "a-b:x", "a0:x", "ab:x", "ab:y", "a-b:y", "b:x"];
    const files: Record<string, string> = {
      "ductape.config.ts": 'export default { events: "events/*.event.ts" };\n',
    };
    for (const [index, tag] of tags.entries()) {
      files[`events/e${index}.event.ts`] = eventFile(definition({ tag: JSON.stringify(tag) }));
    }
    const dir = scratchDir("build-counts");
    writeTree(dir, files);
    const result = await build({ cwd: dir, diskCache: false });
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(result.counts).toEqual({ events: tags.length, webhooks: new Set(tags.map((t) => t.split(":")[0])).size });
  });
});
