import { createExtractCache, extract } from "../../src/extract/index.js";
import type { ExtractedEvent } from "../../src/extract/types.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { webhookFiles } from "../../src/emit/layout.js";
import type { RenderedTypes } from "../../src/emit/render-types.js";

/** Root of the in-memory projects used by unit tests; never touched on disk. */
export const ROOT = "/project";

/** Extracts in-memory event files given as `{ "events/a.event.ts": "..." }`. */
export function extractMemory(files: Record<string, string>): {
  events: readonly ExtractedEvent[];
  diagnostics: readonly Diagnostic[];
} {
  const byPath = new Map(Object.entries(files).map(([name, text]) => [`${ROOT}/${name}`, text]));
  return extract({
    files: [...byPath.keys()].filter((path) => path.endsWith(".event.ts")).sort(),
    readFile: (path) => {
      const text = byPath.get(path);
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: "ENOENT" });
      return text;
    },
  });
}

/**
 * Extraction of in-memory event files with one cache across calls, as watch mode runs it: a file
 * whose text did not change gives the same ExtractedEvent object. Edit `files` between calls.
 */
export function watchedExtraction(files: Record<string, string>): () => readonly ExtractedEvent[] {
  const cache = createExtractCache();
  return () =>
    extract({
      files: Object.keys(files).map((name) => `${ROOT}/${name}`),
      readFile: (path) => files[path.slice(ROOT.length + 1)]!,
      cache,
    }).events;
}

/** Whether the last call of a spied-on cache's `patch` answered from its previous result. */
export function patchedLast(spy: {
  readonly mock: { readonly results: readonly { readonly value: unknown }[] };
}): boolean {
  return spy.mock.results.at(-1)?.value !== undefined;
}

/** An event file declaring `definition` (TypeScript object literal source). */
export function eventFile(definition: string): string {
  return `import { defineEvent } from "ductape-events";\nexport default defineEvent(${definition});\n`;
}

/** A complete, valid definition's source with some fields replaced. */
export function definition(fields: Partial<Record<"name" | "tag" | "description" | "sample", string>> = {}): string {
  const all = {
    name: '"New Event"',
    tag: '"new-webhook:new-event"',
    description: '"Notify customer of great things"',
    sample: '{ headers: {}, query: {}, body: { event: "new-transaction" }, params: {} }',
    ...fields,
  };
  return `{\n${Object.entries(all)
    .map(([key, value]) => `  ${key}: ${value},`)
    .join("\n")}\n}`;
}

export function codes(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => d.code);
}

/**
 * renderTypes' files by path relative to outDir (each webhook's module, then `index.ts`), and
 * all of them as one text: names are unique across the files, so a declaration can be looked
 * up by name wherever it lives.
 */
export function typeFiles(rendered: RenderedTypes): { code: string; files: Record<string, string> } {
  const files: Record<string, string> = {};
  for (const [webhook, text] of rendered.webhooks) files[webhookFiles(webhook).types] = text;
  files["index.ts"] = rendered.index;
  return { code: Object.values(files).join("\n"), files };
}
