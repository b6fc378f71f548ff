import { parentPort, workerData } from "node:worker_threads";
import { SiteBuilder, type DocsOptions } from "./site.js";
import type { ManifestInput } from "./thread.js";

/**
 * The docs site's thread (see thread.ts): takes each webhook's manifest as the build writes it,
 * answers with its page, and after the last (`null`) with the assets and index.html, then `null`.
 * An error thrown here reaches the build as the worker's `error` event.
 */
const port = parentPort!;
const builder = new SiteBuilder(workerData as DocsOptions);
port.on("message", (message: ManifestInput | null) => {
  if (message !== null) {
    port.postMessage(builder.addManifest(message.text, message.typeNames));
    return;
  }
  for (const file of builder.finish()) port.postMessage(file);
  port.postMessage(null);
  port.close();
});
