import { byWebhook, type DocsEvent } from "./pages.js";
import { SiteBuilder, type DocsOptions, type SiteFile } from "./site.js";

export type { DocsEvent } from "./pages.js";
export { docsCandidates, docsFolders, docsPage, docsTargets, isDocsOutput } from "./paths.js";

/**
 * The site from the events as the manifest records them (sorted by tag, as the build writes
 * the manifests from), each file handed to `put` (the build's writer): the pages, then the
 * assets, then index.html. Returns their paths in that order.
 */
export function putDocs(
  events: readonly DocsEvent[],
  options: DocsOptions,
  put: (path: string, text: string) => void,
): string[] {
  const builder = new SiteBuilder(options);
  const paths: string[] = [];
  const emit = ({ path, text }: SiteFile): void => {
    put(path, text);
    paths.push(path);
  };
  // Each page goes to the writer as soon as it is made: the site is never all in memory at once.
  for (const [webhook, members] of byWebhook(events)) emit(builder.addWebhook(webhook, members));
  for (const file of builder.finish()) emit(file);
  return paths;
}
