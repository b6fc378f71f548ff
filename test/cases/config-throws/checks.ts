import { expect } from "vitest";
import { type CaseChecks, expectFailedBuild } from "../../helpers/cases.js";
import { diagnosticHeads } from "../../helpers/project.js";

/** Assertions on the case config-throws beyond its expected files; test/e2e/cases.test.ts runs each as a test. */
export default {
  "a config that throws is a DT1002 with the error's message and no stack; exit 2": (entry) => {
    expectFailedBuild(entry, 2, 1);
    const heads = diagnosticHeads(entry.result.stderr);
    expect(heads).toHaveLength(1);
    // The error is thrown in a file the config imports; the diagnostic names that file and the place.
    expect(heads[0]).toMatch(/^config\/paths\.ts:4:34 - error DT1002: The config file could not be loaded: /);
    expect(heads[0]).toContain("DUCTAPE_FIXTURE_OUT_DIR_THAT_IS_NEVER_SET is not set");
  },
} satisfies CaseChecks;
