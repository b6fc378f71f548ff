import { it } from "vitest";
import { createRequire } from "node:module";
import { SchemaResolver } from "../../src/schema/references.js";
import { SampleChecker } from "../../src/schema/check-samples.js";
const require = createRequire(import.meta.url);
it("smoke", () => {
  const schema = require("@octokit/webhooks-schemas/schema.json");
  const examples = require("@octokit/webhooks-examples/api.github.com/index.json");
  const r = new SchemaResolver({ root: process.cwd() });
  const c = new SampleChecker();
  let t0 = performance.now();
  const names = Object.keys(schema.definitions);
  const bundles = new Map();
  for (const n of names) {
    const b = r.resolve({
      kind: "inline",
      file: process.cwd() + "/events/x.event.ts",
      label: n,
      schema: { $ref: `@octokit/webhooks-schemas/schema.json#/definitions/${n}` },
    });
    if (b.problems.length)
      console.log(
        n,
        b.problems.map((p) => p.diagnostic.message),
      );
    bundles.set(n, b);
  }
  console.log("resolve all", performance.now() - t0);
  t0 = performance.now();
  let fails = 0,
    count = 0,
    missing = new Set();
  for (const ev of examples) {
    for (const ex of ev.examples) {
      const key = `${ev.name}$${ex.action ?? "event"}`;
      const b = bundles.get(key);
      if (!b) {
        missing.add(key);
        continue;
      }
      count++;
      const res = c.check(b, ex);
      if ("problem" in res) {
        console.log(res.problem.message);
        continue;
      }
      if (res.failures.length) {
        fails++;
        if (fails < 8) console.log(key, JSON.stringify(res.failures.slice(0, 3)));
      }
    }
  }
  console.log("check", performance.now() - t0, count, fails, [...missing], c.compiledCount);
});
