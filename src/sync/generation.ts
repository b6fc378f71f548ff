import { resolve } from "node:path";
import type { SyncApi } from "../config/index.js";
import { Codes, diagnostic } from "../diagnostics/catalogue.js";
import { fileSpan, type Diagnostic, type Span } from "../diagnostics/diagnostic.js";
import type { ManifestEvent } from "../emit/index.js";
import { toPlatformSelector } from "../payload-path.js";
import { valueAt } from "./platform-selector.js";

/** What the newer API generation takes beside the four fields of the documented one. */
export interface SelectorFields {
  readonly selector: string;
  readonly selectorValue: string | number;
}

/** Where an event's selector (or, without one, its file) is, for a diagnostic. */
export type LocateSelector = (event: ManifestEvent) => Span;

/**
 * The selector fields each event is pushed with on the workspace's API generation. The
 * documented generation ("classic") takes none: `undefined`, and nothing about selectors is
 * sent or compared. The newer one ("selectors") requires one on every event: each event
 * without a selector (DT6005), or whose selector is not a field of the body (DT6006), is a
 * diagnostic, found before anything is sent.
 */
export function selectorFieldsFor(
  events: readonly ManifestEvent[],
  api: SyncApi,
  locate: LocateSelector,
): { fields: ReadonlyMap<string, SelectorFields> | undefined; diagnostics: Diagnostic[] } {
  if (api === "classic") return { fields: undefined, diagnostics: [] };
  const fields = new Map<string, SelectorFields>();
  const diagnostics: Diagnostic[] = [];
  for (const event of events) {
    if (event.selector === undefined) {
      diagnostics.push(diagnostic(Codes.SelectorRequired, { tag: event.tag }, { span: locate(event) }));
      continue;
    }
    const platform = toPlatformSelector(event.selector);
    const value = platform.ok ? valueAt(event.sample["body"], platform.keys) : undefined;
    if (!platform.ok || (typeof value !== "string" && typeof value !== "number")) {
      // A build has checked that the sample holds a string or number there; this guards a manifest made otherwise.
      const problem = platform.ok ? "selects no string or number in the sample" : platform.problem;
      const params = { tag: event.tag, selector: event.selector, problem };
      diagnostics.push(diagnostic(Codes.SelectorNotOnPlatform, params, { span: locate(event) }));
      continue;
    }
    fields.set(event.tag, { selector: platform.selector, selectorValue: value });
  }
  return { fields, diagnostics };
}

/**
 * Points at an event's `selector` key in its file's text (the manifest keeps no positions): the
 * last one written, since a key of that name in the sample comes before the definition's own;
 * without a selector, at `defineEvent(`; at the file when neither is found or it was not read.
 */
export function selectorLocator(rootDir: string, sources: ReadonlyMap<string, string>): LocateSelector {
  return (event) => {
    const file = resolve(rootDir, event.source);
    const text = sources.get(file) ?? "";
    const pattern = event.selector === undefined ? /\bdefineEvent\s*\(/g : /\bselector\s*:/g;
    const match = [...text.matchAll(pattern)].at(event.selector === undefined ? 0 : -1);
    if (match === undefined) return fileSpan(file);
    const before = text.slice(0, match.index).split("\n");
    const line = before.length;
    const column = before[before.length - 1]!.length + 1;
    const length = event.selector === undefined ? "defineEvent".length : "selector".length;
    return { file, start: { line, column }, end: { line, column: column + length } };
  };
}
