import { afterAll, expect } from "vitest";
import { parsing } from "../../src/extract/loader.js";

// Every extraction test again, with every file parsed by TypeScript (and converted to our syntax
// tree) instead of our parser: both must give the same events, diagnostics and spans. Test files
// run in their own module graph, so the switch does not reach other files.
parsing.mode = "typescript";
await import("./extract.test.js");
await import("./cache.test.js");

afterAll(() => {
  expect(parsing.counts.fast).toBe(0);
  expect(parsing.counts.declined).toBeGreaterThan(100);
});
