import { describe, expect, it } from "vitest";
import { suggest } from "../../src/diagnostics/suggest.js";

describe("suggest: the did-you-mean of unknown names", () => {
  it("takes a typo within a third of the word", () => {
    expect(suggest("desciption", ["description", "name"])).toBe("description");
    expect(suggest("tgas", ["tags", "tag"])).toBe("tags");
    expect(suggest("foo", ["tag"])).toBeUndefined();
  });

  it("takes a longer or shorter name for the same thing, when one candidate is such", () => {
    expect(suggest("output", ["out", "title"])).toBe("out");
    expect(suggest("timeout", ["timeoutMs", "retries"])).toBe("timeoutMs");
    expect(suggest("retryDelay", ["retries", "retryDelayMs"])).toBe("retryDelayMs");
  });

  it("never a name more than twice as long, from fewer than three letters, or one of several", () => {
    // "retry" was "retries" misspelt, not a short "retryDelayMs": a count is no delay.
    expect(suggest("retry", ["concurrency", "retries", "retryDelayMs", "timeoutMs"])).toBeUndefined();
    expect(suggest("desc", ["description", "name"])).toBeUndefined();
    expect(suggest("--o", ["--out", "--config"])).toBeUndefined();
    expect(suggest("o", ["out", "outDir"])).toBeUndefined();
    expect(suggest("conf", ["config", "confirm"])).toBeUndefined();
    expect(suggest("layout", ["out"])).toBeUndefined();
    // A path that goes on past a name is no longer name for it.
    expect(suggest("body.b.c", ["body", "headers"])).toBeUndefined();
    expect(suggest("shop:order-created", ["shop:order"])).toBeUndefined();
  });
});
