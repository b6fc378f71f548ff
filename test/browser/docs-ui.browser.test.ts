// The callbacks given to page.evaluate run in the page: typed with the DOM's names.
/// <reference lib="dom" />
import { mkdirSync } from "node:fs";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertCliBuilt, copyFixture, removeProjects, type Project } from "../helpers/project.js";
import {
  ARTIFACTS,
  CHROMIUM,
  chromiumAvailable,
  fileUrl,
  LAUNCH_ARGS,
  openContext,
  seriousViolations,
  shot,
  shownEvents,
} from "./chromium.js";

/**
 * The event docs on the reader's side, as a new user's trial of the site found them wanting: long
 * words, descriptions in paragraphs, a phone's width, print from a dark system, the copy buttons
 * (their names, what is announced, a refused clipboard), Back to a search, the keyboard in the
 * results. test/fixtures/docs plus one event made to be awkward: a 110-character word, a
 * description in paragraphs, a path seven levels deep.
 */

const available = chromiumAvailable();

const TOKEN =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ";
const DEEP = "body.catalog.products[].variants[].attributes.packaging_dimensions.outer_carton_identifier_code";

const AWKWARD = `import { defineEvent } from "ductape-events";

export default defineEvent({
  name: "Products Synced",
  tag: "catalog:products-synced",
  description: "Every product was sent again.\\n\\nThe signature is a token such as ${TOKEN} (one word).\\n- first line of a list\\n- second line",
  sample: {
    headers: { "x-catalog-signature": "sha256=placeholder" },
    query: {},
    body: {
      catalog: {
        products: [
          { sku: "TEA-01", variants: [{ attributes: { packaging_dimensions: { outer_carton_identifier_code: "C-1" } } }] },
        ],
      },
    },
    params: {},
  },
  refine: {
    "${DEEP}": { description: "The carton's code.\\nPrinted on the label as ${TOKEN}." },
  },
});
`;

let browser: Browser;
let project: Project;
const site = (file: string): string => fileUrl(project.path(`event-docs/${file}`));

beforeAll(async () => {
  if (!available) return;
  assertCliBuilt();
  mkdirSync(ARTIFACTS, { recursive: true });
  project = copyFixture("docs", { prefix: "docs-ui" });
  project.write("events/catalog/products-synced.event.ts", AWKWARD);
  const built = await project.run("build");
  expect(built.code, built.stderr).toBe(0);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS, headless: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  removeProjects();
});

/** A page of the site in a fresh context; page errors and dialogs are collected. */
async function open(
  file: string,
  options: Parameters<Browser["newContext"]>[0] = {},
  init?: () => void,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const { context } = await openContext(browser, options);
  if (init !== undefined) await context.addInitScript(init);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("dialog", (dialog) => errors.push(`a dialog opened: ${dialog.message()}`));
  await page.goto(site(file));
  return { context, page, errors };
}

const pageWidth = (page: Page): Promise<number> => page.evaluate(() => document.documentElement.scrollWidth);

describe.skipIf(!available)("long words and descriptions in paragraphs", () => {
  it("a 110-character word breaks instead of widening the page, on a desktop and at 390 px", async () => {
    for (const width of [1100, 390]) {
      const { context, page } = await open("index.html", { viewport: { width, height: 850 } });
      expect(await pageWidth(page), `index at ${width}px`).toBeLessThanOrEqual(width);
      await page.goto(site("webhooks/catalog.html"));
      expect(await pageWidth(page), `webhook page at ${width}px`).toBeLessThanOrEqual(width);
      await shot(page, `ui-long-word-${width}`, true);
      await context.close();
    }
  });

  it("a description keeps its line breaks and blank lines, on the index, the event and in the field table", async () => {
    const { context, page } = await open("index.html");
    const text = (selector: string) =>
      page
        .locator(selector)
        .first()
        .evaluate((el) => (el as HTMLElement).innerText);
    expect(await text("li.event:has-text('Products Synced') p.description")).toMatch(
      /^Every product was sent again\.\n\nThe signature.*\n- first.*\n- second line$/s,
    );
    await page.goto(site("webhooks/catalog.html"));
    expect(await text("article p.description")).toMatch(/^Every product was sent again\.\n\nThe signature/);
    const row = page.locator("tr", { has: page.locator("th", { hasText: DEEP }) });
    expect(
      await row
        .locator("td")
        .last()
        .evaluate((el) => (el as HTMLElement).innerText),
    ).toMatch(/^The carton's code\.\nPrinted on the label/);
    await context.close();
  });
});

describe.skipIf(!available)("a phone, 390 px wide, touch", () => {
  const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

  it("the keyboard help is not shown on touch; the index fits the screen", async () => {
    const { context, page } = await open("index.html", phone);
    expect(await page.evaluate(() => matchMedia("(pointer: coarse)").matches)).toBe(true);
    expect(await page.locator(".search").isVisible()).toBe(true);
    expect(await page.locator("#search-help").isVisible()).toBe(false);
    expect(await page.locator("#q").getAttribute("placeholder")).not.toContain("/");
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await shot(page, "ui-phone-index");
    await context.close();
    // With a mouse the help is shown, and says what / does.
    const desk = await open("index.html");
    expect(await desk.page.locator("#search-help").textContent()).toContain("Press / to search");
    await desk.context.close();
  });

  it("the field table scrolls inside its box with a shadow as the cue, deep paths wrap, the import line wraps", async () => {
    const { context, page } = await open("webhooks/catalog.html", phone);
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    const table = page.locator("#products-synced .table");
    const { scrollWidth, clientWidth, background } = await table.evaluate((el) => ({
      scrollWidth: el.scrollWidth,
      clientWidth: el.clientWidth,
      background: getComputedStyle(el).backgroundImage,
    }));
    expect(scrollWidth).toBeGreaterThan(clientWidth);
    expect(background).toContain("radial-gradient");
    // The deep path wraps within its cell rather than running under the next column.
    const path = page.locator("#products-synced th", { hasText: DEEP });
    const cell = await path.evaluate((el) => ({
      scroll: el.scrollWidth,
      client: el.clientWidth,
      height: el.clientHeight,
    }));
    expect(cell.scroll).toBeLessThanOrEqual(cell.client);
    expect(cell.height).toBeGreaterThan(30);
    const importLine = page.locator("#products-synced--import");
    const line = await importLine.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(line.scroll).toBeLessThanOrEqual(line.client);
    await page.locator("#products-synced--import").evaluate((el) => el.scrollIntoView());
    await shot(page, "ui-phone-catalog-table");
    await context.close();
  });
});

describe.skipIf(!available)("the copy buttons", () => {
  it("sit beside their heading, clear of the code; are named for what they copy; announce the copy", async () => {
    const { context, page } = await open("webhooks/shop.html");
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    for (const block of await page.locator(".code").all()) {
      const button = await block.locator("button.copy").boundingBox();
      const pre = await block.locator("pre").boundingBox();
      const heading = await block.locator("h3").boundingBox();
      expect(button!.y + button!.height).toBeLessThanOrEqual(pre!.y);
      // On the heading's line, at the block's right.
      expect(button!.y).toBeLessThan(heading!.y + heading!.height);
      expect(button!.x + button!.width).toBeCloseTo(pre!.x + pre!.width, 0);
    }
    expect(await page.getByRole("button", { name: "Copy sample of Order Paid", exact: true }).count()).toBe(1);
    // Found by its target from here on: its name changes with what it says.
    const sample = page.locator('button.copy[data-copy="order-paid--sample"]');
    expect(await page.getByRole("button", { name: "Copy example 1 of", exact: false }).count()).toBe(1);
    await sample.click();
    await expect.poll(() => sample.textContent()).toBe("Copied");
    expect(await page.getByRole("status").textContent()).toBe("Copied sample of Order Paid");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe(
      "Copied sample of Order Paid",
    );
    // The import line has a button too, added by the script.
    expect(await page.getByRole("button", { name: "Copy import line of Order Paid", exact: true }).count()).toBe(1);
    const importCopy = page.locator('button.copy[data-copy="order-paid--import"]');
    await importCopy.click();
    await expect.poll(() => importCopy.textContent()).toBe("Copied");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      await page.locator("#order-paid--import").textContent(),
    );
    await page.locator("#order-paid--sample").scrollIntoViewIfNeeded();
    await shot(page, "ui-copy-buttons");
    await page.emulateMedia({ colorScheme: "dark" });
    await page.locator("#order-paid--sample").focus();
    await shot(page, "ui-copy-buttons-dark");
    await context.close();
  });

  it("the clipboard refused, the old way copies and focus stays on the button", async () => {
    const { context, page } = await open("webhooks/shop.html", {}, () => {
      Object.defineProperty(navigator, "clipboard", {
        value: { writeText: () => Promise.reject(new Error("denied")) },
      });
      document.execCommand = () => true;
    });
    const button = page.locator('button.copy[data-copy="order-paid--sample"]');
    await button.focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => button.textContent()).toBe("Copied");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-copy"))).toBe("order-paid--sample");
    expect(await page.locator("textarea").count()).toBe(0);
    await context.close();
  });

  it("both ways refused, the code is selected and focused, so that the hint to press Ctrl+C is true", async () => {
    const { context, page } = await open("webhooks/shop.html", {}, () => {
      Object.defineProperty(navigator, "clipboard", {
        value: { writeText: () => Promise.reject(new Error("denied")) },
      });
      document.execCommand = () => false;
    });
    const button = page.locator('button.copy[data-copy="order-paid--sample"]');
    await button.focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => button.textContent()).toBe("Press Ctrl+C");
    const sample = await page.locator("#order-paid--sample").textContent();
    expect(await page.evaluate(() => String(getSelection()))).toBe(sample);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("order-paid--sample");
    expect(await page.getByRole("status").textContent()).toBe("Selected sample of Order Paid: press Ctrl+C to copy");
    await shot(page, "ui-copy-refused");
    await context.close();
  });
});

describe.skipIf(!available)("search: Back, the address, the keyboard, paths", () => {
  it("Back from an event shows the search as it was left, its query in the address", async () => {
    const { context, page } = await open("index.html");
    await page.locator("#q").click();
    await page.keyboard.type("invoice");
    await Promise.all([page.waitForURL(/billing\.html#invoice-sent$/), page.keyboard.press("Enter")]);
    await page.goBack();
    await page.waitForURL(/index\.html\?q=invoice$/);
    await expect.poll(() => page.locator("#q").inputValue()).toBe("invoice");
    expect(await shownEvents(page)).toEqual(["Invoice Sent"]);
    // By the mouse, after arrows: the same.
    await page.locator("#q").fill("");
    await page.keyboard.type("paid");
    await Promise.all([
      page.waitForURL(/shop\.html#order-paid$/),
      page.locator("a", { hasText: "Order Paid" }).click(),
    ]);
    await page.goBack();
    await expect.poll(() => page.locator("#q").inputValue()).toBe("paid");
    expect(await shownEvents(page)).toEqual(["Order Paid"]);
    // Cleared, the address drops the query.
    await page.locator("#q").press("Escape");
    await expect.poll(() => page.url()).toMatch(/index\.html$/);
    expect(await shownEvents(page)).toHaveLength(4);
    await context.close();
  });

  it("a link with ?q= opens the index filtered", async () => {
    const { context, page } = await open("index.html");
    await page.goto(`${site("index.html")}?q=${encodeURIComponent("shop: paid")}`);
    expect(await page.locator("#q").inputValue()).toBe("shop: paid");
    expect(await shownEvents(page)).toEqual(["Order Paid"]);
    await context.close();
  });

  it("Esc in the results clears and returns to the box; Enter in an empty box opens nothing", async () => {
    const { context, page, errors } = await open("index.html");
    const opened: string[] = [];
    page.on("framenavigated", (frame) => opened.push(frame.url()));
    await page.keyboard.press("/");
    await page.keyboard.type("order");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("A");
    await page.keyboard.press("Escape");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("q");
    expect(await page.locator("#q").inputValue()).toBe("");
    expect(await shownEvents(page)).toHaveLength(4);
    expect(await page.locator("li.event.active").count()).toBe(0);
    await page.keyboard.press("Enter");
    // The next thing done opens an event: had the empty Enter opened one, it would come first.
    await page.keyboard.type("order paid");
    await Promise.all([page.waitForURL(/shop\.html#order-paid$/), page.keyboard.press("Enter")]);
    const left = opened.filter((u) => !/index\.html/.test(u)).map((u) => decodeURI(u).replace(/^.*\/event-docs\//, ""));
    expect(left).toEqual(["webhooks/shop.html#order-paid"]);
    // On a webhook's page there is no search: / does nothing, and nothing there mentions it.
    await page.keyboard.press("/");
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("BODY");
    expect(await page.locator("body").textContent()).not.toContain("press /");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("a path typed with dots finds the path with brackets: items.sku, headers.x-name", async () => {
    const { context, page } = await open("index.html");
    await page.locator("#q").fill("order.lines.sku");
    expect(await shownEvents(page)).toEqual(['"><img src=x onerror=alert(1)> Order Created']);
    await page.locator("#q").fill("body.order.lines[].sku");
    expect(await shownEvents(page)).toEqual(['"><img src=x onerror=alert(1)> Order Created']);
    await page.locator("#q").fill("headers.x-catalog-signature");
    expect(await shownEvents(page)).toEqual(["Products Synced"]);
    await page.locator("#q").fill("products.variants.attributes");
    expect(await shownEvents(page)).toEqual(["Products Synced"]);
    await context.close();
  });
});

describe.skipIf(!available)("the webhook page's header, and print", () => {
  it("one rule under the header, not two", async () => {
    const { context, page } = await open("webhooks/shop.html");
    const first = await page
      .locator("main > article.event")
      .first()
      .evaluate((el) => getComputedStyle(el).borderTopWidth);
    expect(first).toBe("0px");
    const second = await page
      .locator("main > article.event")
      .nth(1)
      .evaluate((el) => getComputedStyle(el).borderTopWidth);
    expect(second).toBe("1px");
    await shot(page, "ui-shop-header");
    await context.close();
  });

  it("printed from a dark system: dark JSON colours on white, no crumbs, paths wrap, the description has room", async () => {
    const { context, page } = await open("webhooks/catalog.html", {
      colorScheme: "dark",
      viewport: { width: 800, height: 1100 },
    });
    expect(
      await page
        .locator(".json .s")
        .first()
        .evaluate((el) => getComputedStyle(el).color),
    ).toBe("rgb(141, 219, 140)");
    await page.emulateMedia({ media: "print", colorScheme: "dark" });
    const colour = (selector: string) =>
      page
        .locator(selector)
        .first()
        .evaluate((el) => getComputedStyle(el).color);
    expect(await colour(".json .s")).toBe("rgb(17, 99, 41)");
    expect(await colour(".json .k")).toBe("rgb(138, 45, 145)");
    expect(
      await page
        .locator("pre.json")
        .first()
        .evaluate((el) => getComputedStyle(el).backgroundColor),
    ).toBe("rgb(255, 255, 255)");
    expect(await page.locator(".crumbs").isVisible()).toBe(false);
    const table = await page.locator("#products-synced table").boundingBox();
    const description = await page.locator("#products-synced thead th").last().boundingBox();
    expect(description!.width).toBeGreaterThan(table!.width * 0.3);
    const path = page.locator("#products-synced th", { hasText: DEEP });
    expect(await path.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    expect(await path.evaluate((el) => el.getBoundingClientRect().right)).toBeLessThanOrEqual(
      (await page.locator("#products-synced thead th").nth(1).boundingBox())!.x + 1,
    );
    await shot(page, "ui-print-dark", true);
    await context.close();
  });
});

describe.skipIf(!available)("accessibility of the awkward pages", () => {
  it("no serious or critical violations, light and dark, desktop and phone", async () => {
    for (const scheme of ["light", "dark"] as const) {
      for (const viewport of [
        { width: 1100, height: 850 },
        { width: 390, height: 844 },
      ]) {
        const { context, page } = await open("index.html", { colorScheme: scheme, viewport });
        expect(await seriousViolations(page), `index, ${scheme}, ${viewport.width}`).toEqual([]);
        await page.goto(site("webhooks/catalog.html"));
        expect(await seriousViolations(page), `catalog, ${scheme}, ${viewport.width}`).toEqual([]);
        await page.goto(site("webhooks/shop.html"));
        await page.locator('button.copy[data-copy="order-paid--sample"]').click();
        expect(await seriousViolations(page), `shop after a copy, ${scheme}, ${viewport.width}`).toEqual([]);
        await context.close();
      }
    }
  });

  it("without JavaScript no copy button shows, the import line included, and descriptions keep their paragraphs", async () => {
    const { context, page } = await open("webhooks/catalog.html", { javaScriptEnabled: false });
    expect(await page.locator("button.copy:visible").count()).toBe(0);
    expect(await page.locator("article p.description").evaluate((el) => (el as HTMLElement).innerText)).toMatch(
      /^Every product was sent again\.\n\nThe signature/,
    );
    await context.close();
  });
});
