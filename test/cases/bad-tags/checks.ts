import { expect } from "vitest";
import { type CaseChecks, expectFailedBuild } from "../../helpers/cases.js";
import { diagnosticHeads } from "../../helpers/project.js";

/** Assertions on the case bad-tags beyond its expected files; test/e2e/cases.test.ts runs each as a test. */
export default {
  "every malformed tag is reported at the tag, with a slug suggestion where one exists": (entry) => {
    expectFailedBuild(entry, 1, 5);
    const stderr = entry.result.stderr;
    expect(diagnosticHeads(stderr)).toEqual([
      'events/crm/empty-side.event.ts:5:8 - error DT3004: Tag "crm:" has an empty event tag.',
      'events/crm/no-colon.event.ts:5:8 - error DT3004: Tag "crm-contact-updated" has no colon between the webhook tag and the event tag.',
      'events/crm/two-colons.event.ts:5:8 - error DT3004: Tag "crm:contact:deleted" has more than one colon.',
      'events/crm/underscores.event.ts:5:8 - error DT3004: Tag "crm_app:contact_merged" has webhook tag "crm_app", which is not a lowercase slug.',
      'events/crm/uppercase.event.ts:5:8 - error DT3004: Tag "CRM:ContactCreated" has webhook tag "CRM", which is not a lowercase slug.',
    ]);
    expect(stderr).toContain('for example "crm:contact-deleted".');
    expect(stderr).toContain('for example "crm-app:contact-merged".');
    expect(stderr).toContain('for example "crm:contact-created".');
  },
} satisfies CaseChecks;
