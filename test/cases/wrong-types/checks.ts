import { expect } from "vitest";
import { type CaseChecks, expectFailedBuild } from "../../helpers/cases.js";
import { diagnosticHeads } from "../../helpers/project.js";

/** Assertions on the case wrong-types beyond its expected files; test/e2e/cases.test.ts runs each as a test. */
export default {
  "a number name, a number header, an array body and more are located at the value": (entry) => {
    expectFailedBuild(entry, 1, 5);
    expect(diagnosticHeads(entry.result.stderr)).toEqual([
      "events/crm/wrong-sample.event.ts:6:16 - error DT3002: description must be a string, got null.",
      "events/crm/wrong-sample.event.ts:7:11 - error DT3002: sample must be an object, got a string.",
      "events/crm/wrong.event.ts:4:9 - error DT3002: name must be a string, got an integer.",
      'events/crm/wrong.event.ts:8:27 - error DT3002: sample.headers["x-retry"] must be a string, got an integer.',
      "events/crm/wrong.event.ts:10:11 - error DT3002: sample.body must be an object, got an array.",
    ]);
  },
} satisfies CaseChecks;
