import { expect } from "vitest";
import { type CaseChecks, expectFailedBuild } from "../../helpers/cases.js";
import { diagnosticHeads } from "../../helpers/project.js";

/** Assertions on the case duplicate-tags beyond its expected files; test/e2e/cases.test.ts runs each as a test. */
export default {
  "exit 1, the diagnostic names both files with line:col, nothing written": (entry) => {
    expectFailedBuild(entry, 1, 1);
    const stderr = entry.project.normalize(entry.result.stderr);
    expect(diagnosticHeads(stderr)).toEqual([
      'events/legacy/order-created-v1.event.ts:7:8 - error DT3006: Tag "orders:order-created" is defined 2 times; tags must be unique.',
    ]);
    expect(stderr).toContain(
      '  events/orders/order-created.event.ts:5:8  "orders:order-created" is also defined here\n',
    );
    // Both code frames are drawn.
    expect(stderr).toContain('> 7 |   tag: "orders:order-created",');
    expect(stderr).toContain('> 5 |   tag: "orders:order-created",');
  },
} satisfies CaseChecks;
