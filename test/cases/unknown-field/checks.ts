import { expect } from "vitest";
import { type CaseChecks, expectFailedBuild } from "../../helpers/cases.js";
import { diagnosticHeads } from "../../helpers/project.js";

/** Assertions on the case unknown-field beyond its expected files; test/e2e/cases.test.ts runs each as a test. */
export default {
  "a typo gets a did-you-mean, at the key": (entry) => {
    expectFailedBuild(entry, 1, 3);
    expect(diagnosticHeads(entry.result.stderr)).toEqual([
      'events/crm/typo.event.ts:3:28 - error DT3001: the definition is missing the required field "description".',
      'events/crm/typo.event.ts:6:3 - error DT3003: the definition has an unknown field "desciption". Did you mean "description"?',
      'events/crm/typo.event.ts:12:5 - error DT3003: sample has an unknown field "bdy". Did you mean "body"?',
    ]);
    expect(entry.result.stderr).toContain(
      "  hint: Allowed fields: name, tag, description, sample, examples, schema, refine, selector, acknowledge.",
    );
  },
} satisfies CaseChecks;
