import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import type { SiteFile } from "../../src/emit/docs/site.js";
import type * as Thread from "../../src/emit/docs/thread.js";
import { MANIFEST_VERSION } from "../../src/emit/manifest.js";
import { REPO } from "../helpers/project.js";

/**
 * The site's thread runs the compiled worker (dist/, as a user's build does): these tests load
 * thread.js from there, so that the worker is the one that ships.
 */
const compiled = join(REPO, "dist", "emit", "docs", "thread.js");
const thread = (await import(pathToFileURL(compiled).href)) as typeof Thread;
const options = {
  docsDir: "/project/event-docs",
  rootDir: "/project",
  outDir: "/project/generated",
  title: "Acme's <webhooks>",
};

/** A webhook's manifest as a build writes it, with events of a few shapes. */
function manifest(webhook: string, count: number): { text: string; typeNames: string[] } {
  const events = Array.from({ length: count }, (_, i) => ({
    tag: `${webhook}:event-${i}`,
    webhook,
    event: `event-${i}`,
    name: `Event ${i} <b>`,
    description: i % 2 === 0 ? "" : `About ${i} & more`,
    sample: {
      headers: { "x-id": `${i}` },
      query: {},
      body: { id: i, tags: ["a"], owner: { name: "Ada" } },
      params: {},
    },
    ...(i % 3 === 0 ? { examples: [{ headers: {}, query: {}, body: { id: -i }, params: {} }] } : {}),
    schema: {
      type: "object",
      properties: {
        headers: { type: "object", properties: { "x-id": { type: "string" } }, required: ["x-id"] },
        body: {
          type: "object",
          required: ["id"],
          properties: {
            id: { type: "integer", minimum: 0 },
            tags: { type: "array", items: { type: "string" } },
            owner: { $ref: "#/$defs/Owner" },
          },
        },
      },
      $defs: { Owner: { type: "object", properties: { name: { type: "string", format: "email" } } } },
    },
    source: `events/${webhook}/event-${i}.event.ts`,
  }));
  const text = `${JSON.stringify({ $comment: "generated", version: MANIFEST_VERSION, webhook, events }, null, 2)}\n`;
  return { text, typeNames: events.map((_, i) => `${webhook.replace(/-/g, "")}Event${i}Payload`) };
}

async function renderWith(renderer: Thread.SiteRenderer, webhooks: readonly string[]): Promise<SiteFile[]> {
  try {
    for (const webhook of webhooks) renderer.add(manifest(webhook, 7));
    return await renderer.finish();
  } finally {
    renderer.close();
  }
}

describe("the docs site's thread", () => {
  it("ships compiled beside thread.js", () => {
    expect(existsSync(join(REPO, "dist", "emit", "docs", "site-worker.js"))).toBe(true);
  });

  it("renders the same files, in the same order, as the build's own thread", async () => {
    const webhooks = ["billing", "con", "shop-orders"];
    const local = await renderWith(new thread.LocalRenderer(options), webhooks);
    const threaded = await renderWith(new thread.ThreadRenderer(options), webhooks);
    expect(threaded.map((f) => f.path)).toEqual([
      "/project/event-docs/webhooks/billing.html",
      "/project/event-docs/webhooks/con_.html",
      "/project/event-docs/webhooks/shop-orders.html",
      "/project/event-docs/assets/docs.css",
      "/project/event-docs/assets/docs.js",
      "/project/event-docs/index.html",
    ]);
    expect(threaded).toEqual(local);
  });

  it("is used from THREAD_MIN_EVENTS events on; a smaller site renders on the build's thread", () => {
    const big = thread.startSite(options, thread.THREAD_MIN_EVENTS);
    const small = thread.startSite(options, thread.THREAD_MIN_EVENTS - 1);
    try {
      expect(big).toBeInstanceOf(thread.ThreadRenderer);
      expect(small).toBeInstanceOf(thread.LocalRenderer);
    } finally {
      big.close();
      small.close();
    }
  });

  it("renders here when no thread can be started", async () => {
    // A value the thread cannot be handed makes `new Worker` throw, as a process at its limit would.
    const unsendable = { ...options, notData: () => undefined } as typeof options;
    const renderer = thread.startSite(unsendable, thread.THREAD_MIN_EVENTS);
    expect(renderer).toBeInstanceOf(thread.LocalRenderer);
    const files = await renderWith(renderer, ["shop"]);
    expect(files.map((f) => f.path)).toContain("/project/event-docs/webhooks/shop.html");
  });

  it("hands an error of the thread to the build, which reports it (a bug of ours, never a hang)", async () => {
    const renderer = new thread.ThreadRenderer(options);
    try {
      renderer.add({ text: manifest("shop", 2).text, typeNames: ["OnlyOnePayload"] });
      await expect(renderer.finish()).rejects.toThrow("shop: 2 events but 1 type names");
    } finally {
      renderer.close();
    }
  });

  it("lets go of a thread the build never asked for its files (a build that found errors)", async () => {
    const renderer = new thread.ThreadRenderer(options);
    renderer.add(manifest("shop", 1));
    renderer.close();
    // Closed before finish: no unhandled rejection, and the process is free to end.
    await new Promise((resolve) => setTimeout(resolve, 50));
  });
});
