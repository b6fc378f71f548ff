import { expect } from "vitest";
import { Codes } from "../../../src/diagnostics/catalogue.js";
import { type CaseChecks } from "../../helpers/cases.js";
import { diagnosticHeads } from "../../helpers/project.js";

/** Assertions on the case empty beyond its expected files; test/e2e/cases.test.ts runs each as a test. */
export default {
  "no event files is a config error (exit 2), and nothing is written": (entry) => {
    // A glob that matches nothing is far more often a mistake than an empty project: as an
    // error, it can never replace the outputs with empty ones.
    const { project, result } = entry;
    expect(result.code, result.stderr).toBe(2);
    expect(Codes.NoEventFiles.severity).toBe("error");
    expect(diagnosticHeads(result.stderr)).toEqual([
      `ductape.config.ts:5:11 - error ${Codes.NoEventFiles.code}: No event files match "events/**/*.event.ts".`,
    ]);
    expect(project.exists("generated")).toBe(false);
  },
} satisfies CaseChecks;
