import { expect } from "vitest";
import { type CaseChecks, expectFailedBuild } from "../../helpers/cases.js";
import { diagnosticHeads } from "../../helpers/project.js";

/** Assertions on the case hostile-errors beyond its expected files; test/e2e/cases.test.ts runs each as a test. */
export default {
  "escape sequences in user text are shown escaped, never sent raw to the terminal": (entry) => {
    expectFailedBuild(entry, 1, 3);
    // Colours are off (NO_COLOR), so any control character here came from the event file.
    expect(entry.result.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(diagnosticHeads(entry.result.stderr).map((h) => h.split(": ")[0])).toEqual([
      "events/terminal/escape.event.ts:9:8 - error DT3004",
      "events/terminal/escape.event.ts:11:3 - error DT3003",
      "events/terminal/escape.event.ts:13:62 - error DT3002",
    ]);
  },
} satisfies CaseChecks;
