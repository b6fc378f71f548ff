import { expect } from "vitest";
import { type CaseChecks, expectFailedBuild } from "../../helpers/cases.js";
import { diagnosticHeads } from "../../helpers/project.js";

/** Assertions on the case partial-definition beyond its expected files; test/e2e/cases.test.ts runs each as a test. */
export default {
  "a value that cannot be read does not hide the file's other problems, nor starts new ones": (entry) => {
    expectFailedBuild(entry, 1, 11);
    expect(diagnosticHeads(entry.result.stderr).map((h) => h.split(": ")[0])).toEqual([
      // Beside DT2004 in the sample: the definition's own problems, none about the unread value.
      "events/crm/contact-created.event.ts:5:28 - error DT3001",
      "events/crm/contact-created.event.ts:6:9 - error DT3005",
      "events/crm/contact-created.event.ts:7:8 - error DT3004",
      "events/crm/contact-created.event.ts:8:3 - error DT3003",
      "events/crm/contact-created.event.ts:9:11 - error DT3001",
      "events/crm/contact-created.event.ts:10:27 - error DT3002",
      "events/crm/contact-created.event.ts:12:44 - error DT2004",
      // Only the description unread: checked against the other events too.
      "events/crm/contact-deleted.event.ts:6:8 - error DT3006",
      "events/crm/contact-deleted.event.ts:7:16 - error DT2004",
      // A refinement unread: the selector is still checked against the sample, read whole.
      "events/crm/contact-merged.event.ts:10:13 - error DT3009",
      "events/crm/contact-merged.event.ts:11:28 - error DT2004",
    ]);
  },
} satisfies CaseChecks;
