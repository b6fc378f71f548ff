import { format, resolveConfig } from "prettier";
import { describe, expect, it } from "vitest";
import { REPO } from "../helpers/project.js";
import { diagnosticsPage, REGENERATE } from "../helpers/diagnostics-page.js";
import { join } from "node:path";

/**
 * docs/diagnostics.md is generated from the catalogue, so the docs list exactly the codes the
 * tool reports. This test renders the page again (formatted as `prettier --check` wants it) and
 * fails when the committed file differs: after changing the catalogue, run the command it names
 * and commit the result.
 */
const PAGE = join(REPO, "docs/diagnostics.md");

describe("the diagnostics page", () => {
  it("is what the catalogue generates today", async () => {
    const options = await resolveConfig(PAGE);
    const text = await format(diagnosticsPage(), { ...options, filepath: PAGE });
    await expect(text, `docs/diagnostics.md is out of date: run \`${REGENERATE}\``).toMatchFileSnapshot(PAGE);
  });
});
