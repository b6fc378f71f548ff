import { readdirSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { isWithin, relativePosix } from "../../util/files.js";
import { webhookFileBase } from "../layout.js";
import { SLUG } from "../../naming/index.js";

/**
 * The event docs site (the config's `docs`, or `ductape-events docs`), in a folder of its own:
 * `index.html` (every webhook and event, with search), one page per webhook under `webhooks/`
 * (each event with its facts, fields, sample and examples), and the pages' stylesheet and script
 * under `assets/`. Everything is local: the pages open from disk.
 */
export const DOCS_FILES = {
  index: "index.html",
  css: "assets/docs.css",
  js: "assets/docs.js",
} as const;
const PAGES_DIR = "webhooks";
const PAGE_SUFFIX = ".html";

/** A webhook's page, relative to the site's folder: one to one with tags, as its other files are. */
export function docsPage(webhook: string): string {
  return `${PAGES_DIR}/${webhookFileBase(webhook)}${PAGE_SUFFIX}`;
}

/** The site's fixed files: looked at before anything is rendered (one that is not ours stops the build). */
export function docsTargets(docsDir: string): string[] {
  return Object.values(DOCS_FILES).map((file) => join(docsDir, ...file.split("/")));
}

/**
 * Files of the site a build may delete when it does not plan them: webhook pages, named as a
 * webhook's page is (the writer then deletes only those that begin as ours).
 */
export function docsCandidates(docsDir: string, planned: ReadonlySet<string>): string[] {
  const folder = join(docsDir, PAGES_DIR);
  let names: string[];
  try {
    names = readdirSync(folder, { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => entry.name);
  } catch {
    return [];
  }
  return names
    .filter((name) => isPageName(name))
    .map((name) => join(folder, name))
    .filter((path) => !planned.has(path))
    .sort();
}

function isPageName(name: string): boolean {
  if (!name.endsWith(PAGE_SUFFIX)) return false;
  const base = name.slice(0, -PAGE_SUFFIX.length);
  const slug = base.endsWith("_") ? base.slice(0, -1) : base;
  return SLUG.test(slug) && webhookFileBase(slug) === base;
}

/** The folders whose listing a build's deletions in the site depend on (for the disk cache). */
export function docsFolders(docsDir: string): string[] {
  return [docsDir, join(docsDir, PAGES_DIR)];
}

/**
 * Whether a path is one of the site's files, or a writer's temporary file beside one: what a
 * build writes there is no change to rebuild for (watch mode).
 */
export function isDocsOutput(path: string, docsDir: string): boolean {
  if (!isWithin(path, docsDir)) return false;
  const name = basename(path).replace(/\.[0-9a-f]+-\d+\.tmp$/, "");
  const rel = relativePosix(docsDir, join(dirname(path), name));
  return (Object.values(DOCS_FILES) as string[]).includes(rel) || (dirname(rel) === PAGES_DIR && isPageName(name));
}
