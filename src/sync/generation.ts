import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { SyncApi } from "../config/index.js";
import { Codes, diagnostic } from "../diagnostics/catalogue.js";
import { fileSpan, type Diagnostic, type Span } from "../diagnostics/diagnostic.js";
import type { ManifestEvent } from "../emit/index.js";
import { extract, locate, spanOf } from "../extract/index.js";
import { toPlatformSelector } from "../naming/payload-path.js";
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
 * Points at an event's `selector` (its value, wherever it was written), or at its definition
 * when it has none; at the file when the file no longer reads as an event. The manifest keeps no
 * positions, so the file is extracted again: only for an event a diagnostic is about.
 */
export function selectorLocator(rootDir: string, sources: ReadonlyMap<string, string>): LocateSelector {
  return (event) => {
    const file = resolve(rootDir, event.source);
    const readFile = (path: string): string => sources.get(path) ?? readFileSync(path, "utf8");
    const definition = extract({ files: [file], readFile }).events[0]?.definition;
    if (definition === undefined) return fileSpan(file);
    return event.selector === undefined ? spanOf(definition) : locate(definition, ["selector"]);
  };
}
