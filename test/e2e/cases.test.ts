import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caseNames, expectedDir, transcript, type CaseChecks, type CaseRun } from "../helpers/cases.js";
import {
  assertCliBuilt,
  CASES,
  copyFixture,
  fixtureDir,
  listFiles,
  removeProjects,
  STACK_FRAME,
} from "../helpers/project.js";

/**
 * The end-to-end cases: each folder of test/cases/ is one. The runner copies its `project/` to
 * .tmp/, runs `ductape-events build` there (the compiled CLI, as a child process) and compares
 * with `expected/`: `transcript.txt` (exit code, stdout, stderr; scratch path and timings
 * normalised) and every file the build wrote, at its path in the project (`generated/...`); the
 * build may write no other file. An optional `checks.ts` adds named assertions (`CaseChecks`).
 *
 * Add a case: add `test/cases/<name>/project/`, run `npx vitest run test/e2e/cases.test.ts`
 * (outside CI it writes the new case's expected/), review `expected/` and commit it.
 * Update expected files after a deliberate change: the same command with `-u` (which also
 * removes expected files the build no longer writes).
 */

const TRANSCRIPT = "transcript.txt";
const names = caseNames();

const checksOf = new Map<string, CaseChecks>();
for (const name of names) {
  const file = join(CASES, name, "checks.ts");
  if (existsSync(file)) checksOf.set(name, ((await import(file)) as { default: CaseChecks }).default);
}

const runs = new Map<string, CaseRun>();

function caseRun(name: string): CaseRun {
  const run = runs.get(name);
  if (run === undefined) throw new Error(`case ${name} was not built in beforeAll`);
  return run;
}

beforeAll(async () => {
  assertCliBuilt();
  await Promise.all(
    names.map(async (name) => {
      const project = copyFixture(name);
      runs.set(name, { name, project, result: await project.run("build") });
    }),
  );
});
afterAll(removeProjects);

describe.each(names)("%s", (name) => {
  it("prints and writes what expected/ holds", async () => {
    const run = caseRun(name);
    const dir = expectedDir(name);
    const expected = (): string[] => (existsSync(dir) ? listFiles(dir) : []).filter((file) => file !== TRANSCRIPT);
    // A case without expected/ is new: its files are written (outside CI) rather than compared.
    const known = existsSync(join(dir, TRANSCRIPT)) ? expected() : undefined;
    await expect(transcript(run)).toMatchFileSnapshot(join(dir, TRANSCRIPT));
    const input = new Set(listFiles(fixtureDir(name)));
    const written = run.project.files().filter((file) => !input.has(file));
    for (const file of written) await expect(run.project.read(file)).toMatchFileSnapshot(join(dir, file));
    if (expect.getState().snapshotState.snapshotUpdateState === "all") {
      for (const stale of expected().filter((file) => !written.includes(file))) rmSync(join(dir, stale));
    } else if (known !== undefined) {
      expect(written, "the files the build wrote, against expected/").toEqual(known);
    }
  });

  it("never prints a stack trace or fails as an internal error (exit 3)", () => {
    const { result } = caseRun(name);
    expect(result.stderr).not.toMatch(STACK_FRAME);
    expect(result.stdout).not.toMatch(STACK_FRAME);
    expect(result.code, result.stderr).not.toBe(3);
  });

  for (const [title, check] of Object.entries(checksOf.get(name) ?? {})) {
    it(title, () => check(caseRun(name)));
  }
});
