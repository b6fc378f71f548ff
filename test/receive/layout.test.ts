import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isOutput } from "../../src/emit/layout.js";
import { receiveCandidates, receiveObsoleteReason } from "../../src/receive/index.js";
import { scratchDir, writeTree } from "../helpers/tmp.js";

/** Where receive's files are, as watch mode (what is no change to rebuild for) and deletion see them. */
describe("receive's files", () => {
  it("are build outputs, so that writing them does not trigger watch mode; the user's files there are not", () => {
    const out = "/p/generated";
    for (const path of [
      "receive.ts",
      "receive/_runtime.ts",
      "receive/_definitions.ts",
      "receive/payments.ts",
      "receive/con_.ts",
      "receive/payments.ts.1a2b-3.tmp",
    ]) {
      expect(isOutput(`${out}/${path}`, out), path).toBe(true);
    }
    for (const path of ["receive/notes.md", "receive/Payments.ts", "receive/sub/x.ts", "receive.js"]) {
      expect(isOutput(`${out}/${path}`, out), path).toBe(false);
    }
  });

  it("may be deleted only when named as ours and not planned (the writer then checks their notice)", () => {
    const dir = scratchDir("receive-candidates");
    writeTree(dir, { "receive/a.ts": "", "receive/_runtime.ts": "", "receive/notes.md": "", "receive/My.ts": "" });
    const planned = new Set([join(dir, "receive", "a.ts")]);
    expect(receiveCandidates(dir, planned)).toEqual([join(dir, "receive.ts"), join(dir, "receive", "_runtime.ts")]);
    expect(receiveObsoleteReason(join(dir, "receive.ts"), dir)).toBe('"receive" is off in the config');
    expect(receiveObsoleteReason(join(dir, "receive", "a.ts"), dir)).toBe(
      'its webhook is gone, or "receive" is off in the config',
    );
    expect(receiveObsoleteReason(join(dir, "index.ts"), dir)).toBeUndefined();
  });
});
