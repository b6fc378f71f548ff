import { expect } from "vitest";
import { type CaseChecks } from "../../helpers/cases.js";
import { diagnosticHeads, fixtureDir, listFiles } from "../../helpers/project.js";

/** Assertions on the case schema-errors beyond its expected files; test/e2e/cases.test.ts runs each as a test. */
export default {
  "every problem of the declared schemas and the samples is reported at once, where it is written": ({
    project,
    result,
  }) => {
    expect(result.code).toBe(1);
    expect(diagnosticHeads(result.stderr).map((head) => head.replace(/ - .*?(DT\d{4}).*$/, " $1"))).toEqual([
      // A sample value read from a JSON file is reported in that file.
      "events/line-sample.json:3:15 DT4201",
      "events/missing.event.ts:7:28 DT3201",
      "events/missing.event.ts:7:70 DT3201",
      "events/network.event.ts:11:36 DT3204",
      "events/rejected.event.ts:20:53 DT4201",
      "events/rejected.event.ts:21:46 DT4201",
      "events/rejected.event.ts:21:94 DT4201",
      // A $ref in a schema file is reported in that file.
      "schemas/order.json:9:31 DT3203",
    ]);
    expect(result.stderr).toContain(
      'sample.body.amount does not match the declared schema: expected integer, got "12".',
    );
    expect(result.stderr).toContain("hint: Vendor the file");
    // A build with errors writes nothing.
    expect(project.files()).toEqual(listFiles(fixtureDir("schema-errors")));
  },
} satisfies CaseChecks;
