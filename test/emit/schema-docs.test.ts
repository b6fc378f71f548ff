import { describe, expect, it } from "vitest";
import { schemaDocs } from "../../src/emit/schema-docs.js";
import { declared } from "../helpers/declared.js";

describe("schemaDocs", () => {
  it("writes $comment as @remarks: a JSDoc tag's name cannot hold `$`", () => {
    // As import openapi writes a header the document types as an integer.
    const header = declared({
      type: "string",
      pattern: "^-?(0|[1-9][0-9]*)$",
      $comment: 'As the document writes it: {"type":"integer"}.',
    });
    expect(schemaDocs(header, false)).toEqual([
      "@pattern ^-?(0|[1-9][0-9]*)$",
      '@remarks As the document writes it: {"type":"integer"}.',
    ]);
  });
});
