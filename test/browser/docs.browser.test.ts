// The callbacks given to page.evaluate run in the page: they are typed with the DOM's names (the
// build's own tsconfig, over src/ only, has none of them).
/// <reference lib="dom" />
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertCliBuilt, copyFixture, REPO, removeProjects, SCRATCH, type Project } from "../helpers/project.js";
import {
  ARTIFACTS,
  CHROMIUM,
  chromiumAvailable,
  fileUrl,
  LAUNCH_ARGS,
  openContext as openContextIn,
  seriousViolations,
  shot,
  shownEvents,
} from "./chromium.js";

/**
 * The event docs site in a real browser: Debian's Chromium (`apt-get install chromium`; .ci/run
 * installs it) driven by playwright-core, which downloads no browser. Pages are opened from disk
 * (file://), as a reader would: search as you type, the keyboard (/, arrows, Enter), an event
 * page, the copy button and the clipboard, no request leaving file://, accessibility (axe-core,
 * light and dark), the pages without JavaScript, and search over 1,000 events in under 50 ms.
 * Screenshots go to test-artifacts/browser/ (git-ignored): to look at, not compared.
 */

const available = chromiumAvailable();

let browser: Browser;
let project: Project;
let big: string;

beforeAll(async () => {
  if (!available) return;
  assertCliBuilt();
  mkdirSync(ARTIFACTS, { recursive: true });
  project = copyFixture("docs");
  const built = await project.run("build");
  expect(built.code, built.stderr).toBe(0);
  // 1,000 generated events in 20 webhooks (bench/generate.mjs, fixed seed), through the real CLI.
  const bench = join(SCRATCH, "docs-browser-1000");
  execFileSync(process.execPath, [join(REPO, "bench", "generate.mjs"), "1000", bench], { stdio: "ignore" });
  big = join(bench, "project");
  execFileSync(process.execPath, [join(REPO, "dist", "cli", "main.js"), "docs", "--no-cache"], {
    cwd: big,
    stdio: "ignore",
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS, headless: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  removeProjects();
});

const url = fileUrl;
const openContext = (options: Parameters<Browser["newContext"]>[0] = {}) => openContextIn(browser, options);

describe.skipIf(!available)("the event docs in Chromium, from disk", () => {
  let context: BrowserContext;
  let requests: string[];
  let page: Page;

  beforeAll(async () => {
    ({ context, requests } = await openContext());
    page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("dialog", (dialog) => errors.push(`a dialog opened: ${dialog.message()}`));
    await page.goto(url(project.path("event-docs/index.html")));
    expect(errors).toEqual([]);
  });
  afterAll(async () => context?.close());

  it("lists every event, and filters by name, description, tag and field as you type", async () => {
    expect(await shownEvents(page)).toEqual(
      ['"><img src=x onerror=alert(1)> Order Created', "Order Paid", "Invoice Sent"].sort(byWebhookOrder),
    );
    await shot(page, "index");
    const search = page.locator("#q");
    await search.click();
    await page.keyboard.type("invoice");
    expect(await shownEvents(page)).toEqual(["Invoice Sent"]);
    await expect.poll(() => page.locator("#search-count").textContent()).toBe("1 of 3 events");
    await search.fill("");
    await page.keyboard.type("settled");
    expect(await shownEvents(page)).toEqual(["Order Paid"]);
    await search.fill("");
    await page.keyboard.type("body.order.email");
    expect(await shownEvents(page)).toEqual(['"><img src=x onerror=alert(1)> Order Created']);
    await search.fill("");
    await page.keyboard.type("shop: paid");
    expect(await shownEvents(page)).toEqual(["Order Paid"]);
    await shot(page, "index-search");
    await search.fill("");
    await page.keyboard.type("nothing-like-this");
    expect(await shownEvents(page)).toEqual([]);
    expect(await page.locator("#results .empty").isVisible()).toBe(true);
    await page.keyboard.press("Escape");
    expect(await shownEvents(page)).toHaveLength(3);
  });

  it("/ focuses search, arrows move through the results, Enter opens one", async () => {
    await page.locator("h1").click();
    await page.keyboard.press("/");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("q");
    await page.keyboard.type("order");
    await page.keyboard.press("ArrowDown");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain("Order Created");
    await page.keyboard.press("ArrowDown");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain("Order Paid");
    await page.keyboard.press("ArrowUp");
    await page.keyboard.press("ArrowDown");
    await Promise.all([page.waitForURL(/webhooks\/shop\.html#order-paid$/), page.keyboard.press("Enter")]);
    await expect.poll(() => page.evaluate(() => document.querySelector(":target")?.id)).toBe("order-paid");
    await shot(page, "event-order-paid");
    // Enter in the box opens the first result.
    await page.goto(url(project.path("event-docs/index.html")));
    await page.keyboard.press("/");
    await page.keyboard.type("invoice");
    await Promise.all([page.waitForURL(/webhooks\/billing\.html#invoice-sent$/), page.keyboard.press("Enter")]);
  });

  it("an event shows its facts, field table and highlighted sample; copy puts the sample on the clipboard", async () => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.goto(`${url(project.path("event-docs/webhooks/shop.html"))}#order-created`);
    const event = page.locator("article#order-created");
    await expect.poll(() => event.locator("h2").textContent()).toBe('"><img src=x onerror=alert(1)> Order Created');
    expect(await event.locator("p.description").textContent()).toBe(
      "A shopper placed an order. <script>alert('description')</script> & more",
    );
    expect(await event.locator("img").count()).toBe(0);
    const email = event.locator("tr", { has: page.locator("th", { hasText: /^body\.order\.email$/ }) });
    expect(await email.locator("td").allTextContents()).toEqual([
      "string",
      "yes",
      "no",
      "email",
      'Where receipts go; "><img src=x onerror=alert(2)>',
    ]);
    // Highlighted at generation time: coloured spans, and the text is the JSON.
    const manifest = JSON.parse(project.read("generated/webhooks/shop.json")) as {
      events: { sample: unknown; examples: unknown[] }[];
    };
    const sample = JSON.stringify(manifest.events[0]!.sample, null, 2);
    expect(await page.locator("#order-created--sample").textContent()).toBe(sample);
    expect(await page.locator("#order-created--sample .k").count()).toBeGreaterThan(5);
    const keyColour = await page
      .locator("#order-created--sample .k")
      .first()
      .evaluate((el) => getComputedStyle(el).color);
    const stringColour = await page
      .locator("#order-created--sample .s")
      .first()
      .evaluate((el) => getComputedStyle(el).color);
    expect(keyColour).not.toBe(stringColour);

    const copy = page.locator('button.copy[data-copy="order-created--sample"]');
    await copy.click();
    await expect.poll(() => copy.textContent()).toBe("Copied");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(sample);
    // And as a reader would check: pasted into a text box.
    await page.evaluate(() => {
      const area = document.createElement("textarea");
      area.id = "paste";
      document.body.append(area);
    });
    await page.locator("#paste").focus();
    await page.keyboard.press("Control+V");
    expect(await page.locator("#paste").inputValue()).toBe(sample);
    const example = page.locator('button.copy[data-copy="order-created--example-1"]');
    await example.click();
    // The copy is asynchronous: the button says so once it is done.
    await expect.poll(() => example.textContent()).toBe("Copied");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      JSON.stringify(manifest.events[0]!.examples[0], null, 2),
    );
    await shot(page, "event-order-created", true);
  });

  it("loads nothing but its own files", () => {
    expect(requests.length).toBeGreaterThan(3);
    expect(requests.filter((r) => !r.startsWith("file://"))).toEqual([]);
  });

  it("has no serious or critical accessibility violations, in light and dark", async () => {
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const file of ["event-docs/index.html", "event-docs/webhooks/shop.html"]) {
        await page.goto(url(project.path(file)));
        expect(await seriousViolations(page), `${file}, ${scheme}`).toEqual([]);
      }
      const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
      expect(background).toBe(scheme === "dark" ? "rgb(13, 17, 23)" : "rgb(255, 255, 255)");
      await shot(page, `event-shop-${scheme}`);
    }
    await page.emulateMedia({ colorScheme: "light", media: "print" });
    expect(await page.locator("button.copy").first().isVisible()).toBe(false);
    await shot(page, "event-shop-print", true);
    await page.emulateMedia({ media: "screen" });
  });
});

describe.skipIf(!available)("without JavaScript", () => {
  it("every event is listed and readable; search and copy, which need it, are not shown", async () => {
    const { context } = await openContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(url(project.path("event-docs/index.html")));
    expect(await shownEvents(page)).toHaveLength(3);
    expect(await page.locator(".search").isVisible()).toBe(false);
    await page.locator("a", { hasText: "Invoice Sent" }).click();
    await page.waitForURL(/billing\.html#invoice-sent$/);
    expect(await page.locator("#invoice-sent--sample .k").count()).toBeGreaterThan(0);
    expect(await page.locator("button.copy").first().isVisible()).toBe(false);
    await shot(page, "no-js-invoice-sent");
    await context.close();
  });
});

describe.skipIf(!available)("1,000 events", () => {
  it("the index answers a search in under 50 ms", async () => {
    const { context, requests } = await openContext();
    const page = await context.newPage();
    await page.goto(url(join(big, "event-docs", "index.html")));
    expect(await page.locator("#results li.event").count()).toBe(1000);
    const queries = ["a", "order", "body.", "created", "zzzz", "pay ref", "e", ""];
    // Each query five times (the median), from the input event to the list laid out again.
    const timings = await page.evaluate((qs) => {
      const input = document.getElementById("q") as HTMLInputElement;
      const out: Record<string, number> = {};
      for (const q of qs) {
        const runs: number[] = [];
        for (let i = 0; i < 5; i++) {
          // From every event shown, or none: the rows that change are the ones a reader waits for.
          input.value = i % 2 === 0 ? "" : "\u0000no event has this";
          input.dispatchEvent(new Event("input"));
          document.body.getBoundingClientRect();
          input.value = q;
          const started = performance.now();
          input.dispatchEvent(new Event("input"));
          void document.body.offsetHeight;
          runs.push(performance.now() - started);
        }
        out[q] = runs.sort((a, b) => a - b)[2]!;
      }
      return out;
    }, queries);
    console.log(`search over 1,000 events, median ms per query: ${JSON.stringify(timings)}`);
    for (const [q, ms] of Object.entries(timings)) expect(ms, `"${q}"`).toBeLessThan(50);
    const first = (await page.locator("#results li.event .tag").first().textContent())!;
    await page.locator("#q").fill(first);
    const shown = await page.locator("#results li.event:visible").count();
    expect(shown).toBe(1);
    await shot(page, "index-1000-search");
    expect(requests.filter((r) => !r.startsWith("file://"))).toEqual([]);
    await context.close();
  });
});

/** The index lists webhooks by tag (billing, shop), each's events by tag. */
function byWebhookOrder(a: string, b: string): number {
  const order = ["Invoice Sent", '"><img src=x onerror=alert(1)> Order Created', "Order Paid"];
  return order.indexOf(a) - order.indexOf(b);
}
