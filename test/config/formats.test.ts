import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { scratchDir, writeTree } from "../helpers/tmp.js";

/** The `formats` option as the config loader reads and checks it (the CLI's view: test/e2e/formats.e2e.test.ts). */
describe("formats", () => {
  it("is none by default, and in one order whatever order it is written in", async () => {
    const dir = scratchDir("config-formats");
    writeTree(dir, { "ductape.config.mjs": 'export default { formats: ["json-schema", "openapi"] };\n' });
    const loaded = await loadConfig({ cwd: dir });
    expect(loaded.config?.formats).toEqual(["openapi", "json-schema"]);
    writeTree(dir, { "ductape.config.mjs": "export default { formats: undefined };\n" });
    expect((await loadConfig({ cwd: dir })).config?.formats).toEqual([]);
    writeTree(dir, { "ductape.config.mjs": "export default { formats: [] };\n" });
    expect((await loadConfig({ cwd: dir })).config?.formats).toEqual([]);
  });

  it("an unknown entry (DT1012, with a did-you-mean), a repeated one (DT1013) or another type (DT1005), all at once", async () => {
    const dir = scratchDir("config-formats-bad");
    const text = [
      "export default {",
      '  formats: ["OpenAPI", "openapi", "asyncapi", "openapi", "xml"],',
      "  strict: 1,",
      "};",
      "",
    ].join("\n");
    writeTree(dir, { "ductape.config.mjs": text });
    const result = await loadConfig({ cwd: dir });
    expect(result.ok).toBe(false);
    const shown = result.diagnostics.map((d) => [d.code, d.message, `${d.span?.start.line}:${d.span?.start.column}`]);
    expect(shown).toEqual([
      ["DT1012", '"formats" lists "OpenAPI", which is not a format the build writes. Did you mean "openapi"?', "2:13"],
      ["DT1013", '"formats" lists "openapi" more than once.', "2:47"],
      ["DT1012", '"formats" lists "xml", which is not a format the build writes.', "2:58"],
      ["DT1005", 'Config option "strict" must be true or false, got a number.', "3:3"],
    ]);
    expect(result.diagnostics[0]?.hint).toBe(
      'Known formats: "openapi", "asyncapi", "json-schema" (docs/config.md); leave "formats" out to write none.',
    );
    for (const [value, got] of [
      ['"openapi"', '"openapi"'],
      ["[1]", "an array holding a number"],
      ["{ openapi: true }", "an object"],
    ]) {
      writeTree(dir, { "ductape.config.mjs": `export default { formats: ${value} };\n` });
      const [d] = (await loadConfig({ cwd: dir })).diagnostics;
      expect([d?.code, d?.message], value).toEqual([
        "DT1005",
        `Config option "formats" must be an array of "openapi", "asyncapi", "json-schema", got ${got}.`,
      ]);
      expect(d?.span?.file).toBe(join(dir, "ductape.config.mjs"));
    }
  });
});
