import { join } from "node:path";
import { relativePosix } from "../../util/files.js";
import { BANNER, readTemplate } from "../templates.js";
import { byWebhook, renderIndex, renderWebhookPage, SiteRendering, type DocsEvent, type SiteLinks } from "./pages.js";
import { docsPage, DOCS_FILES } from "./paths.js";

export type { DocsEvent } from "./pages.js";
export { docsEvent } from "./pages.js";
export { docsCandidates, docsFolders, docsPage, docsTargets, isDocsOutput } from "./paths.js";

export interface DocsOptions {
  /** Absolute folder of the site. */
  readonly docsDir: string;
  /** The project's folder: the manifest's `source` paths are relative to it. */
  readonly rootDir: string;
  /** The build's outDir, for the import line of each type. */
  readonly outDir: string;
  /** The site's title (the config's `docs.title`). */
  readonly title: string;
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

/**
 * Renders the site from the events as the manifest records them and hands each file to `put`
 * (the build's writer) as it is made: the pages, then the assets, then index.html (search reads
 * what each page gathered). Returns their paths in that order. Events come sorted by tag (the
 * manifest's order), so the same events give the same bytes.
 */
export function putDocs(
  events: readonly DocsEvent[],
  options: DocsOptions,
  put: (path: string, text: string) => void,
): string[] {
  const { docsDir, rootDir, outDir, title } = options;
  const fromRoot = relativePosix(rootDir, outDir);
  const links: SiteLinks = {
    root: relativePosix(docsDir, rootDir),
    importPath: `${fromRoot.startsWith("..") ? "" : "./"}${fromRoot === "" ? "." : fromRoot}/index.js`,
    page: docsPage,
    css: DOCS_FILES.css,
    js: DOCS_FILES.js,
    title,
  };
  const groups = byWebhook(events);
  const site = new SiteRendering(links);
  const paths: string[] = [];
  const emit = (relative: string, text: string): void => {
    const path = join(docsDir, ...relative.split("/"));
    put(path, text);
    paths.push(path);
  };
  for (const [webhook, members] of groups) emit(docsPage(webhook), renderWebhookPage(webhook, members, site));
  const { css, js } = siteAssets();
  emit(DOCS_FILES.css, css);
  emit(DOCS_FILES.js, js);
  emit(DOCS_FILES.index, renderIndex(groups, site));
  return paths;
}
