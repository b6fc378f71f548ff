import { join } from "node:path";
import { relativePosix } from "../../util/files.js";
import { BANNER, readTemplate } from "../templates.js";
import { renderIndex, renderWebhookPage, type DocsEvent, type SiteLinks } from "./pages.js";
import { docsPage, DOCS_FILES } from "./paths.js";

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

/** One file of the site: its absolute path and its text. */
export interface SiteFile {
  readonly path: string;
  readonly text: string;
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
 * Renders the site one webhook at a time: each webhook's page, then the assets and index.html,
 * which lists them all (search reads what each page gathered). Webhooks come in the manifests'
 * order (by tag), so the same events give the same bytes.
 */
export class SiteBuilder {
  private readonly links: SiteLinks;
  private readonly groups = new Map<string, readonly DocsEvent[]>();
  /** What search looks through, per event, gathered as its page is rendered. */
  private readonly haystacks = new Map<DocsEvent, string>();

  constructor(private readonly options: DocsOptions) {
    const fromSite = relativePosix(options.docsDir, options.rootDir);
    const fromRoot = relativePosix(options.rootDir, options.outDir);
    this.links = {
      root: fromSite,
      importPath: `${fromRoot.startsWith("..") ? "" : "./"}${fromRoot === "" ? "." : fromRoot}/index.js`,
      page: docsPage,
      css: DOCS_FILES.css,
      js: DOCS_FILES.js,
      title: options.title,
    };
  }

  /** One webhook's page, from its events as the manifest records them. */
  addWebhook(webhook: string, events: readonly DocsEvent[]): SiteFile {
    this.groups.set(webhook, events);
    return this.file(docsPage(webhook), renderWebhookPage(webhook, events, this.haystacks, this.links));
  }

  /** The files that come after the pages: the assets, then index.html. */
  finish(): SiteFile[] {
    const { css, js } = siteAssets();
    return [
      this.file(DOCS_FILES.css, css),
      this.file(DOCS_FILES.js, js),
      this.file(DOCS_FILES.index, renderIndex(this.groups, this.haystacks, this.links)),
    ];
  }

  private file(relative: string, text: string): SiteFile {
    return { path: join(this.options.docsDir, ...relative.split("/")), text };
  }
}
