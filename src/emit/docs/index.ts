import { readdirSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { isWithin, relativePosix } from "../../util/files.js";
import { webhookFileBase } from "../layout.js";
import { SLUG } from "../../naming/index.js";
import { BANNER, readTemplate } from "../templates.js";
import { byWebhook, renderIndex, renderWebhookPage, type DocsEvent, type SiteLinks } from "./pages.js";

export type { DocsEvent } from "./pages.js";

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

/** The assets as written: the templates with the notice on their first line, in each language's comment. */
let assets: { readonly css: string; readonly js: string } | undefined;
function siteAssets(): { readonly css: string; readonly js: string } {
  assets ??= {
    css: `/* ${BANNER} */\n${readTemplate("docs/docs.css")}`,
    js: `// ${BANNER}\n${readTemplate("docs/docs.js")}`,
  };
  return assets;
}

export interface DocsOptions {
  /** Absolute folder of the site. */
  readonly docsDir: string;
  /** The project's folder: the manifest's `source` paths are relative to it. */
  readonly rootDir: string;
  /** The build's outDir, for the import line of each type. */
  readonly outDir: string;
  /** The site's title (the config's `docs.title`). Default: "Webhook events". */
  readonly title?: string | undefined;
}

/**
 * Renders the site and hands each file to `put` (the build's writer) as it is made: the pages,
 * then the assets, then index.html. Returns their paths in that order. Events come sorted by tag
 * (the manifest's order), so the same events give the same bytes.
 */
export function putDocs(
  events: readonly DocsEvent[],
  options: DocsOptions,
  put: (path: string, text: string) => void,
): string[] {
  const { docsDir, rootDir, outDir } = options;
  const fromSite = relativePosix(docsDir, rootDir);
  const fromRoot = relativePosix(rootDir, outDir);
  const links: SiteLinks = {
    root: fromSite === "" ? "" : fromSite,
    importPath: `${fromRoot.startsWith("..") ? "" : "./"}${fromRoot === "" ? "." : fromRoot}/index.js`,
    page: docsPage,
    css: DOCS_FILES.css,
    js: DOCS_FILES.js,
    title: options.title ?? "Webhook events",
  };
  const groups = byWebhook(events);
  // What search looks through, per event, gathered as its page is written.
  const haystacks = new Map<DocsEvent, string>();
  const paths: string[] = [];
  const emit = (relative: string, text: string): void => {
    const path = join(docsDir, ...relative.split("/"));
    put(path, text);
    paths.push(path);
  };
  for (const [webhook, members] of groups)
    emit(docsPage(webhook), renderWebhookPage(webhook, members, haystacks, links));
  const { css, js } = siteAssets();
  emit(DOCS_FILES.css, css);
  emit(DOCS_FILES.js, js);
  emit(DOCS_FILES.index, renderIndex(groups, haystacks, links));
  return paths;
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
