import { Ajv } from "ajv";
import standaloneModule from "ajv/dist/standalone/index.js";
import { describe, expect, it } from "vitest";
import { DEFINITION_AJV_OPTIONS, definitionSchema } from "../../src/validate/definition-schema.js";

// A CommonJS module whose function is its `default` export (ESM sees the whole exports object).
const standalone = standaloneModule.default;

/**
 * The definition schema's validator ships precompiled (src/validate/definition-validator.generated.ts),
 * so a build neither loads nor runs ajv's compiler. This test regenerates it from the schema and
 * fails when the committed file differs: after changing the schema or the options, run
 * `npx vitest run test/validate/definition-validator.test.ts -u` and commit the result.
 */
function generatedSource(): string {
  const ajv = new Ajv({ ...DEFINITION_AJV_OPTIONS, code: { source: true, esm: true, lines: true } });
  const code = standalone(ajv, ajv.compile(definitionSchema));
  return [
    "// Generated from src/validate/definition-schema.ts by test/validate/definition-validator.test.ts with ajv's",
    "// standalone code; do not edit. To regenerate: npx vitest run test/validate/definition-validator.test.ts -u",
    "// @ts-nocheck",
    "/* eslint-disable */",
    'import { createRequire } from "node:module";',
    "const require = createRequire(import.meta.url);",
    code.replace(/^"use strict";\n/, ""),
    "",
  ].join("\n");
}

describe("the precompiled definition validator", () => {
  it("is what ajv generates from the definition schema today", async () => {
    await expect(generatedSource()).toMatchFileSnapshot("../../src/validate/definition-validator.generated.ts");
  });
});
