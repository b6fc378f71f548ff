import { cpSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertCliBuilt, copyFixture, REPO, removeProjects, runNode } from "../helpers/project.js";
import { fileScratchDir } from "../helpers/tmp.js";

/**
 * Declared schemas' modules (src/schema/ and their part of extract and infer) are loaded when an
 * event first declares a schema: a copy of the compiled tool without them builds a project of
 * samples alone, byte for byte as the whole tool does, and fails on a project with schemas.
 */

/** The modules a build without declared schemas never loads. */
const SCHEMA_STAGE = ["dist/schema", "dist/extract/declared.js", "dist/infer/declared.js"];

const tool = fileScratchDir("without-schema-stage");

beforeAll(() => {
  assertCliBuilt();
  for (const entry of ["dist", "templates", "package.json"])
    cpSync(join(REPO, entry), join(tool, entry), { recursive: true });
  symlinkSync(join(REPO, "node_modules"), join(tool, "node_modules"), "dir");
  for (const path of SCHEMA_STAGE) rmSync(join(tool, path), { recursive: true });
});
afterAll(removeProjects);

describe("the schema stage, loaded on first use", () => {
  it("a build without declared schemas never loads it", async () => {
    const whole = copyFixture("valid");
    const stripped = copyFixture("valid");
    const expected = await whole.run("build");
    const result = await runNode([join(tool, "dist/cli/main.js"), "build"], stripped.dir);
    expect(expected.code).toBe(0);
    expect(result.code, result.stderr).toBe(0);
    const untimed = (text: string): string => text.replace(/\d+ ms/g, "<n> ms");
    expect(untimed(result.stdout)).toBe(untimed(expected.stdout));
    const outputs = whole.files("generated");
    expect(outputs.length).toBeGreaterThan(0);
    expect(stripped.files("generated")).toEqual(outputs);
    for (const file of outputs) expect(stripped.read(`generated/${file}`)).toBe(whole.read(`generated/${file}`));
  });

  it("a build with declared schemas loads it (the copy above lacks it, and fails)", async () => {
    const project = copyFixture("schemas");
    expect((await runNode([join(tool, "dist/cli/main.js"), "build"], project.dir)).code).not.toBe(0);
    expect((await project.run("build")).code).toBe(0);
  });
});
