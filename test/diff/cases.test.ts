import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildNow } from "../../src/diff/base.js";
import { compareEvents } from "../../src/diff/events.js";
import { RULES } from "../../src/diff/rules.js";
import { REPO } from "../helpers/tmp.js";

/**
 * A pair of projects per rule: `cases/<case>/before` and `after` (event files, no config: the
 * defaults), built in memory as diff builds them; `expected.json` is every change found, with
 * its impact on receivers and senders. A case named after a rule must find that rule's kind.
 * After an intended change of output: `npx vitest run test/diff/cases.test.ts -u`, and review.
 */
const CASES = join(REPO, "test", "diff", "cases");
const names = readdirSync(CASES).sort();

describe("diff's fixture pairs", () => {
  it("have a pair for every rule", () => {
    for (const kind of Object.keys(RULES)) expect(names, kind).toContain(kind);
  });

  for (const name of names) {
    it(name, async () => {
      const [before, after] = await Promise.all([
        buildNow({ cwd: join(CASES, name, "before") }),
        buildNow({ cwd: join(CASES, name, "after") }),
      ]);
      expect(before.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(after.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      const changes = compareEvents(before.events, after.events).map((c) => ({
        ...c,
        receivers: RULES[c.kind].receivers,
        senders: RULES[c.kind].senders,
      }));
      if (Object.hasOwn(RULES, name)) expect(changes.map((c) => c.kind)).toContain(name);
      await expect(`${JSON.stringify(changes, null, 2)}\n`).toMatchFileSnapshot(join(CASES, name, "expected.json"));
    });
  }
});
