import { expect } from "vitest";
import { type CaseChecks, expectFailedBuild } from "../../helpers/cases.js";
import { diagnosticHeads } from "../../helpers/project.js";

/** Assertions on the case config-errors beyond its expected files; test/e2e/cases.test.ts runs each as a test. */
export default {
  "an unknown key gets a did-you-mean and a wrong type is named; exit 2": (entry) => {
    expectFailedBuild(entry, 2, 2);
    expect(diagnosticHeads(entry.result.stderr)).toEqual([
      'ductape.config.ts:4:3 - error DT1005: Config option "events" must be a glob string or an array of non-empty glob strings, got a number.',
      'ductape.config.ts:5:3 - error DT1004: Unknown config option "outdir". Did you mean "outDir"?',
    ]);
    expect(entry.result.stderr).toMatch(/^ {2}hint: Known options: .*\boutDir\b.*\.$/m);
  },
  "config diagnostics get a code frame like every other diagnostic": (entry) => {
    // The documented format is `file:line:col  CODE  message`, a code frame, then the hint.
    const { result } = entry;
    expect(result.stderr).toContain("> 4 |   events: 42,\n");
    expect(result.stderr).toContain('> 5 |   outdir: "generated",\n');
  },
} satisfies CaseChecks;
