// The callbacks given to page.evaluate run in the page: typed with the DOM's names.
/// <reference lib="dom" />
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { REPO } from "../helpers/project.js";

/**
 * What the browser tests of the event docs share: where Chromium is (Debian's, driven by
 * playwright-core, which downloads no browser), the flags it needs here, contexts that refuse
 * every request but file://, screenshots and axe-core.
 */
export const CHROMIUM = process.env["DUCTAPE_CHROMIUM"] ?? "/usr/bin/chromium";

/** Whether Chromium is installed; in CI its absence is a failure, elsewhere a loud skip. */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  const message = `Chromium not found at ${CHROMIUM}: the browser tests of the event docs are SKIPPED. Install it with \`apt-get install -y chromium\` (Debian), or set DUCTAPE_CHROMIUM.`;
  if (process.env["CI"] !== undefined && process.env["CI"] !== "" && process.env["CI"] !== "false")
    throw new Error(message);
  const bar = "!".repeat(100);
  console.warn(`\n${bar}\n${message}\n${bar}\n`);
  return false;
}

/** The flags a root user in a closed network needs: no sandbox, no background traffic. */
export const LAUNCH_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Screenshots, to look at, never compared (git-ignored). */
export const ARTIFACTS = join(REPO, "test-artifacts", "browser");

export const fileUrl = (file: string): string => pathToFileURL(file).href;

/** A context that records every request, lets file:// through and refuses anything else. */
export async function openContext(browser: Browser, options: Parameters<Browser["newContext"]>[0] = {}) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 850 }, ...options });
  const requests: string[] = [];
  context.on("request", (request) => requests.push(request.url()));
  await context.route(/^(?!file:)/, (route) => route.abort());
  return { context, requests };
}

export async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage });
}

/** The names of the events the index shows now. */
export async function shownEvents(page: Page): Promise<string[]> {
  return page.locator("#results li.event:visible .name").allTextContents();
}

let axeSource: string | undefined;

/** axe-core's serious and critical violations on the page as it is now. */
export async function seriousViolations(page: Page): Promise<string[]> {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            context: Document,
          ) => Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown }[] }[] }>;
        };
      }
    ).axe;
    return (await axe.run(document)).violations;
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}
