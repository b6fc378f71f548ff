import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Codes } from "../../src/diagnostics/catalogue.js";

const kinds = Object.values(Codes);

describe("diagnostic catalogue", () => {
  it("gives every kind a unique, well-formed code", () => {
    const codes = kinds.map((k) => k.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^DT[1-9]\d{3}$/);
  });

  it("keeps warnings in the x1xx range of a stage and errors elsewhere", () => {
    for (const k of kinds) {
      expect(k.severity === "warning", k.code).toBe(/^DT\d1\d\d$/.test(k.code));
    }
  });

  it("is documented in docs/diagnostics.md, code by code", () => {
    const page = readFileSync(new URL("../../docs/diagnostics.md", import.meta.url), "utf8");
    for (const k of kinds) {
      // Table cells may be padded by the formatter.
      const row = new RegExp(`\\|\\s*${k.code}\\s*\\|\\s*${k.severity}\\s*\\|\\s*${k.title}\\s*\\|`);
      expect(page, k.code).toMatch(row);
    }
  });
});
