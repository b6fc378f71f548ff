import { readdirSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { CASES, fixtureDir, listFiles, STACK_FRAME, type Project, type RunResult } from "./project.js";

/** One end-to-end case as the runner (test/e2e/cases.test.ts) built it: a copy of its project and the CLI's result. */
export interface CaseRun {
  readonly name: string;
  readonly project: Project;
  readonly result: RunResult;
}

/**
 * What a case's optional `checks.ts` exports by default: assertions beyond its expected files,
 * each run by the runner as a test named by its key.
 */
export type CaseChecks = Readonly<Record<string, (run: CaseRun) => void>>;

/** The names of the case folders, sorted (readdir order differs between file systems). */
export function caseNames(): string[] {
  return readdirSync(CASES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** A case's folder of expected output. */
export function expectedDir(name: string): string {
  return join(CASES, name, "expected");
}

/** The whole run as one reviewable text, with the scratch path and timings normalized. */
export function transcript({ project, result }: CaseRun): string {
  return [
    `exit: ${String(result.code)}`,
    "--- stdout",
    project.normalize(result.stdout),
    "--- stderr",
    project.normalize(result.stderr),
  ].join("\n");
}

/** A failed build prints only to stderr, ends with the error summary and leaves the project as it was. */
export function expectFailedBuild({ name, project, result }: CaseRun, exitCode: number, errors: number): void {
  expect(result.code, result.stderr).toBe(exitCode);
  expect(result.stdout).toBe("");
  const summary = `✖ ${errors} error${errors === 1 ? "" : "s"}; no files were written (<time>).\n`;
  expect(project.normalize(result.stderr).endsWith(summary), result.stderr).toBe(true);
  expect(result.stderr).not.toMatch(STACK_FRAME);
  // Nothing written, and no temporary file (transpiled config, output temp file) left behind.
  expect(project.files()).toEqual(listFiles(fixtureDir(name)));
}
