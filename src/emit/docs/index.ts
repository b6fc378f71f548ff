import { byWebhook, type DocsEvent } from "./pages.js";
import { SiteBuilder, type DocsOptions } from "./site.js";

export type { DocsEvent } from "./pages.js";
export type { DocsOptions, SiteFile } from "./site.js";
export { startSite, type SiteRenderer } from "./thread.js";
export { DOCS_FILES, docsCandidates, docsFolders, docsPage, docsTargets, isDocsOutput } from "./paths.js";

/**
 * The whole site from events as the manifest records them (sorted by tag), each file handed to
 * `put` as it is made: the pages, then the assets, then index.html. Returns their paths in that
 * order. A build renders from the manifests as it writes them instead (startSite).
 */
export function putDocs(
  events: readonly DocsEvent[],
  options: DocsOptions,
  put: (path: string, text: string) => void,
): string[] {
  const builder = new SiteBuilder(options);
  const files = [...byWebhook(events)].map(([webhook, members]) => builder.addWebhook(webhook, members));
  files.push(...builder.finish());
  for (const { path, text } of files) put(path, text);
  return files.map((file) => file.path);
}
