import { expect } from "vitest";
import { type CaseChecks, expectFailedBuild } from "../../helpers/cases.js";
import { diagnosticHeads } from "../../helpers/project.js";

/** Assertions on the case missing-fields beyond its expected files; test/e2e/cases.test.ts runs each as a test. */
export default {
  "each missing field is reported at the object that lacks it, all at once": (entry) => {
    expectFailedBuild(entry, 1, 6);
    expect(diagnosticHeads(entry.result.stderr)).toEqual([
      'events/crm/blank-name.event.ts:3:28 - error DT3001: the definition is missing the required field "description".',
      "events/crm/blank-name.event.ts:4:9 - error DT3005: name is empty.",
      'events/crm/no-name.event.ts:3:28 - error DT3001: the definition is missing the required field "name".',
      'events/crm/no-name.event.ts:6:11 - error DT3001: sample is missing the required field "params".',
      'events/crm/no-name.event.ts:6:11 - error DT3001: sample is missing the required field "query".',
      'events/crm/no-sample.event.ts:3:28 - error DT3001: the definition is missing the required field "sample".',
    ]);
    expect(entry.result.stderr).toContain("  hint: Add sample: { headers: {}, query: {}, body: {}, params: {} }.");
  },
} satisfies CaseChecks;
