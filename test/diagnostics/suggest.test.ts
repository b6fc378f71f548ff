import { describe, expect, it } from "vitest";
import { suggest } from "../../src/diagnostics/suggest.js";

describe("suggest: the did-you-mean of unknown names", () => {
  it("takes a typo within a third of the word", () => {
    expect(suggest("desciption", ["description", "name"])).toBe("description");
    expect(suggest("tgas", ["tags", "tag"])).toBe("tags");
    expect(suggest("foo", ["tag"])).toBeUndefined();
  });

  it("takes a longer or shorter name for the same thing, the one sharing the most", () => {
    expect(suggest("output", ["out", "title"])).toBe("out");
    expect(suggest("desc", ["description", "name"])).toBe("description");
    expect(suggest("timeout", ["timeoutMs", "retries"])).toBe("timeoutMs");
    expect(suggest("shop:order", ["shop:order-created", "shop:order"])).toBe("shop:order");
    expect(suggest("retryDelay", ["retries", "retryDelayMs"])).toBe("retryDelayMs");
  });

  it("never from fewer than three shared letters, nor from a word that merely contains another", () => {
    expect(suggest("ou", ["out"])).toBe("out");
    expect(suggest("o", ["out", "outDir"])).toBeUndefined();
    expect(suggest("layout", ["out"])).toBeUndefined();
    // A path that goes on past a name is no longer name for it.
    expect(suggest("body.b.c", ["body", "headers"])).toBeUndefined();
    expect(suggest("shop:order-created", ["shop:order"])).toBeUndefined();
  });
});
