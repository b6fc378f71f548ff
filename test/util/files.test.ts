import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { candidateFiles, isRelativeSpecifier, isWithin } from "../../src/util/files.js";

describe("candidateFiles", () => {
  const from = join("/project", "events");
  const at = (...parts: string[]) => join("/project", ...parts);

  it("lists the files a relative specifier may name, in TypeScript's order", () => {
    expect(candidateFiles(from, "./x.js")).toEqual([at("events", "x.ts"), at("events", "x.js")]);
    expect(candidateFiles(from, "../shared/x.mjs")).toEqual([at("shared", "x.mts"), at("shared", "x.mjs")]);
    expect(candidateFiles(from, "./x.cjs")).toEqual([at("events", "x.cts"), at("events", "x.cjs")]);
    expect(candidateFiles(from, "./x.ts")).toEqual([at("events", "x.ts")]);
    expect(candidateFiles(from, "./x.mts")).toEqual([at("events", "x.mts")]);
    expect(candidateFiles(from, "./x")).toEqual([at("events", "x.ts"), at("events", "x", "index.ts")]);
    // A JSON file is imported as itself (its document is the default export).
    expect(candidateFiles(from, "./data.json")).toEqual([at("events", "data.json")]);
    expect(candidateFiles(from, "./data.yaml")).toEqual([
      at("events", "data.yaml.ts"),
      at("events", "data.yaml", "index.ts"),
    ]);
  });

  it("takes `.`, `..` and `./x/` to the folder's index.ts only", () => {
    expect(candidateFiles(from, ".")).toEqual([at("events", "index.ts")]);
    expect(candidateFiles(from, "..")).toEqual([at("index.ts")]);
    expect(candidateFiles(from, "./x/")).toEqual([at("events", "x", "index.ts")]);
    expect(candidateFiles(from, "../")).toEqual([at("index.ts")]);
  });

  it("is asked only for relative specifiers", () => {
    expect(["./x", "../x", ".", ".."].every(isRelativeSpecifier)).toBe(true);
    expect(["x", "@scope/x", ".x", "..x", "/abs/x"].some(isRelativeSpecifier)).toBe(false);
  });
});

describe("isWithin", () => {
  it("is the folder itself or below it, never a sibling that shares its name's start", () => {
    const folder = join("/project", "generated");
    expect(isWithin(folder, folder)).toBe(true);
    expect(isWithin(join(folder, "webhooks", "a.ts"), folder)).toBe(true);
    expect(isWithin(join("/project", "generated-old", "a.ts"), folder)).toBe(false);
    expect(isWithin("/project", folder)).toBe(false);
  });
});
