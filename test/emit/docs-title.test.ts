import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { docsEvent, putDocs } from "../../src/emit/docs/index.js";
import { SCRATCH } from "../helpers/project.js";

/** The docs site's title (any text a config can give) and the check diff's cut of long lines. */

describe("the docs title", () => {
  const root = mkdtempSync(join((mkdirSync(SCRATCH, { recursive: true }), SCRATCH), "docs-title-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const event = docsEvent(
    {
      tag: "shop:order-created",
      webhook: "shop",
      event: "order-created",
      name: "Order Created",
      description: "",
      sample: { headers: {}, query: {}, body: {}, params: {} },
      schema: { type: "object" },
      source: "events/shop/order-created.event.ts",
    },
    "ShopOrderCreatedPayload",
  );
  const render = (title: string) => {
    const files = new Map<string, string>();
    const options = { docsDir: join(root, "site"), rootDir: root, outDir: join(root, "generated"), title };
    putDocs([event], options, (path, text) => files.set(path.slice(root.length + 1), text));
    return { index: files.get("site/index.html")!, page: files.get("site/webhooks/shop.html")! };
  };
  const decode = (html: string) =>
    html
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, "&");

  it("is the index's title and heading, and ends each page's title, as text whatever it holds", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 100, unit: "grapheme" }), (title) => {
        const { index, page } = render(title);
        const shownTitle = /<title>([^<]*)<\/title>/.exec(index)?.[1];
        const heading = /<h1>([^<]*)<\/h1>/.exec(index)?.[1];
        expect(decode(shownTitle!)).toBe(title);
        expect(decode(heading!)).toBe(title);
        expect(decode(/<title>([^<]*)<\/title>/.exec(page)![1]!)).toBe(`shop: ${title}`);
      }),
      { numRuns: 200 },
    );
  });
});
