import { expect } from "vitest";
import { type CaseChecks, expectFailedBuild } from "../../helpers/cases.js";
import { diagnosticHeads } from "../../helpers/project.js";

/** Assertions on the case non-literal beyond its expected files; test/e2e/cases.test.ts runs each as a test. */
export default {
  "a call, a template with substitution and package imports are refused where they are": (entry) => {
    expectFailedBuild(entry, 1, 4);
    const heads = diagnosticHeads(entry.result.stderr);
    expect(heads.map((h) => h.split(": ")[0])).toEqual([
      "events/crm/call.event.ts:10:44 - error DT2004",
      "events/crm/package-import.event.ts:10:36 - error DT2006",
      "events/crm/package-import.event.ts:12:25 - error DT2006",
      "events/crm/template.event.ts:6:8 - error DT2004",
    ]);
    expect(heads[0]).toContain("sample.body.created_at: a function call `new Date().toISOString()`");
    expect(heads[1]).toContain('"version" comes from the package "typescript"');
    expect(heads[2]).toContain('"randomUUID" comes from the package "node:crypto"');
    expect(heads[3]).toContain("tag: a template literal with substitutions");
  },
} satisfies CaseChecks;
