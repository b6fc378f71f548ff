import { expect } from "vitest";
import { type CaseChecks, expectFailedBuild } from "../../helpers/cases.js";
import { diagnosticHeads } from "../../helpers/project.js";

/** Assertions on the case syntax-error beyond its expected files; test/e2e/cases.test.ts runs each as a test. */
export default {
  "the broken file is reported and the good file is still checked": (entry) => {
    expectFailedBuild(entry, 1, 2);
    expect(diagnosticHeads(entry.result.stderr)).toEqual([
      "events/crm/broken.event.ts:10:58 - error DT2001: Syntax error: Property assignment expected.",
      'events/crm/good.event.ts:5:8 - error DT3004: Tag "crm:Contact-Updated" has event tag "Contact-Updated", which is not a lowercase slug.',
    ]);
  },
} satisfies CaseChecks;
