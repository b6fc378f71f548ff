import { expect } from "vitest";
import { type CaseChecks } from "../../helpers/cases.js";
import { diagnosticHeads, fixtureDir, listFiles } from "../../helpers/project.js";

/** Assertions on the case shared-error beyond its expected files; test/e2e/cases.test.ts runs each as a test. */
export default {
  "a bad value in a shared constant is reported in the shared file": (entry) => {
    const { result } = entry;
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(new Set(diagnosticHeads(result.stderr))).toEqual(
      new Set([
        'events/shared/headers.ts:4:20 - error DT3002: sample.headers["x-retry-count"] must be a string, got an integer.',
      ]),
    );
    expect(entry.project.files()).toEqual(listFiles(fixtureDir("shared-error")));
  },
  "the same problem is not printed twice as identical diagnostics": (entry) => {
    // Two events spread one broken constant. Either report it once, or say which event each
    // report is for; two identical blocks (and "2 errors") tell the user nothing more.
    const { result } = entry;
    const blocks = result.stderr.split("\n\n").filter((block) => / DT\d{4}: /.test(block));
    expect(blocks.length).toBeGreaterThan(0);
    expect(new Set(blocks).size, result.stderr).toBe(blocks.length);
  },
} satisfies CaseChecks;
