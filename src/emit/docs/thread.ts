import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { SiteBuilder, type DocsOptions, type SiteFile } from "./site.js";

/** One webhook's manifest as written, with the payload type name of each of its events, in its order. */
export interface ManifestInput {
  readonly text: string;
  readonly typeNames: readonly string[];
}

/**
 * Renders the docs site while the build goes on: `add` each webhook's manifest as it is made,
 * then `finish` gives every file of the site, pages first (in the order added), then the
 * assets and index.html. `close` lets go of the thread, if any (always call it).
 */
export interface SiteRenderer {
  add(manifest: ManifestInput): void;
  finish(): Promise<SiteFile[]>;
  close(): void;
}

/**
 * Below this many events the site renders on the build's own thread: starting a thread costs
 * more than rendering a small site (bench/docs.mjs --events measures both sides).
 */
export const THREAD_MIN_EVENTS = 200;

/** The thread's module, compiled beside this one (run from the TypeScript sources, as tests do, there is none). */
const WORKER_FILE = fileURLToPath(new URL("./site-worker.js", import.meta.url));

/**
 * A renderer for a site of `eventCount` events: on a thread of its own when it is big enough for
 * that to pay (the pages are most of a build's output, and the manifests they are made from come
 * one webhook at a time, so the thread keeps pace with the build), else here. The bytes are the
 * same either way (test/emit/docs-thread.test.ts).
 */
export function startSite(options: DocsOptions, eventCount: number): SiteRenderer {
  if (eventCount < THREAD_MIN_EVENTS || !existsSync(WORKER_FILE)) return new LocalRenderer(options);
  try {
    return new ThreadRenderer(options);
  } catch {
    // No thread to be had (a limit of the process): the site is rendered here, as a small one is.
    return new LocalRenderer(options);
  }
}

/** Renders each page as its manifest comes, on this thread. */
export class LocalRenderer implements SiteRenderer {
  private readonly builder: SiteBuilder;
  private readonly files: SiteFile[] = [];

  constructor(options: DocsOptions) {
    this.builder = new SiteBuilder(options);
  }

  add({ text, typeNames }: ManifestInput): void {
    this.files.push(this.builder.addManifest(text, typeNames));
  }

  finish(): Promise<SiteFile[]> {
    return Promise.resolve([...this.files, ...this.builder.finish()]);
  }

  close(): void {}
}

/** Hands each manifest to site-worker.js and gathers the files it sends back. */
export class ThreadRenderer implements SiteRenderer {
  private readonly worker: Worker;
  private readonly done: Promise<SiteFile[]>;

  constructor(options: DocsOptions) {
    this.worker = new Worker(WORKER_FILE, { workerData: options });
    const files: SiteFile[] = [];
    this.done = new Promise((resolve, reject) => {
      this.worker.on("message", (file: SiteFile | null) => (file === null ? resolve(files) : files.push(file)));
      this.worker.on("error", reject);
      // After the last file this settles nothing: the promise is resolved already.
      this.worker.on("exit", (code) => reject(new Error(`the docs site's thread stopped early (exit code ${code})`)));
    });
    // A build that stops before `finish` (it found errors) never asks for the files.
    this.done.catch(() => undefined);
  }

  add(manifest: ManifestInput): void {
    this.worker.postMessage(manifest);
  }

  finish(): Promise<SiteFile[]> {
    this.worker.postMessage(null);
    return this.done;
  }

  close(): void {
    void this.worker.terminate();
  }
}
