import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { discover } from "../src/discover/index.js";
import { scratchDir, writeTree } from "./helpers/tmp.js";

describe("discover", () => {
  it("finds event files in code-unit order, skipping node_modules, outDir and ignores", async () => {
    const dir = scratchDir("discover");
    writeTree(dir, {
      "events/b/z.event.ts": "",
      "events/B/a.event.ts": "",
      "events/a.event.ts": "",
      "events/skip/x.event.ts": "",
      "events/node_modules/pkg/x.event.ts": "",
      "events/generated/x.event.ts": "",
      "events/helper.ts": "",
    });
    const files = await discover({
      rootDir: dir,
      events: ["events/**/*.event.ts"],
      ignore: ["events/skip/**"],
      outDir: join(dir, "events/generated"),
    });
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual([
      "events/B/a.event.ts",
      "events/a.event.ts",
      "events/b/z.event.ts",
    ]);
  });
});
