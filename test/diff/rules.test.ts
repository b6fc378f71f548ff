import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { impactFor, RULES, type ChangeKind } from "../../src/diff/rules.js";

const page = readFileSync(new URL("../../docs/diff.md", import.meta.url), "utf8");

describe("diff's rules", () => {
  it("are documented in docs/diff.md, each with its impact on receivers and senders and why", () => {
    for (const [kind, rule] of Object.entries(RULES)) {
      // Table cells may be padded by the formatter; `|` in a reason is escaped there.
      const why = rule.why.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\\\|/g, "\\\\\\|");
      const row = new RegExp(
        `\\|\\s*\`${kind}\`\\s*\\|\\s*${rule.receivers}\\s*\\|\\s*${rule.senders}\\s*\\|\\s*${why}\\s*\\|`,
      );
      expect(page, kind).toMatch(row);
    }
  });

  it("give 'both' the worse of the two", () => {
    for (const kind of Object.keys(RULES) as ChangeKind[]) {
      const either = impactFor(kind, "receivers") === "breaking" || impactFor(kind, "senders") === "breaking";
      expect(impactFor(kind, "both"), kind).toBe(either ? "breaking" : "safe");
    }
  });

  it("keep the issue's directions: nullability, optionality and enums break one side each", () => {
    expect([RULES["type-narrowed"].receivers, RULES["type-widened"].receivers]).toEqual(["safe", "breaking"]);
    expect([RULES["made-required"].receivers, RULES["made-required"].senders]).toEqual(["safe", "breaking"]);
    expect(RULES["enum-value-added"].receivers).toBe("breaking");
    expect(RULES["field-added-optional"]).toMatchObject({ receivers: "safe", senders: "safe" });
  });
});
