import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { scratchDir, writeTree } from "../helpers/tmp.js";

/** The `receive` option as the config loader reads and checks it (the CLI's view: test/e2e/receive.test.ts). */
describe("receive", () => {
  it("is off by default; true accepts unknown keys; an object may say reject", async () => {
    const dir = scratchDir("config-receive");
    const receiveOf = async (value: string) => {
      writeTree(dir, { "ductape.config.mjs": `export default { ${value} };\n` });
      const loaded = await loadConfig({ cwd: dir });
      expect(loaded.diagnostics).toEqual([]);
      return loaded.config?.receive;
    };
    expect(await receiveOf("")).toBeUndefined();
    expect(await receiveOf("receive: false")).toBeUndefined();
    expect(await receiveOf("receive: undefined")).toBeUndefined();
    expect(await receiveOf("receive: true")).toEqual({ unknownKeys: "accept" });
    expect(await receiveOf("receive: {}")).toEqual({ unknownKeys: "accept" });
    expect(await receiveOf('receive: { unknownKeys: "reject" }')).toEqual({ unknownKeys: "reject" });
  });

  it("another value (DT1005), an unknown setting (DT1004, did-you-mean) or unknownKeys value (DT1005, did-you-mean), all at once", async () => {
    const dir = scratchDir("config-receive-bad");
    writeTree(dir, {
      "ductape.config.mjs": 'export default {\n  receive: { unknownkeys: "reject", unknownKeys: "rejct" },\n};\n',
    });
    const result = await loadConfig({ cwd: dir });
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([
      [
        "DT1005",
        'Config option "receive.unknownKeys" must be "accept" (unknown keys are valid, and reported as extra) or "reject" (they are issues), got "rejct". Did you mean "reject"?',
      ],
      ["DT1004", expect.stringContaining('"receive.unknownkeys"')],
    ]);
    expect(result.diagnostics[1]?.message).toContain('Did you mean "unknownKeys"?');
    writeTree(dir, { "ductape.config.mjs": 'export default { receive: "yes" };\n' });
    const other = await loadConfig({ cwd: dir });
    expect(other.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["DT1005", 'Config option "receive" must be true, false, or { unknownKeys: "accept" | "reject" }, got "yes".'],
    ]);
  });
});
