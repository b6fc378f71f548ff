import { readdirSync, readFileSync, rmdirSync } from "node:fs";
import { dirname, join } from "node:path";
import type { ReceiveSettings } from "../config/index.js";
import { Codes, diagnostic } from "../diagnostics/catalogue.js";
import { fileSpan, type Diagnostic, type Span } from "../diagnostics/diagnostic.js";
import { configLocator } from "../config/locate.js";
import { SUBSCHEMA_KEYWORDS } from "../util/subschemas.js";
import type { InferredEvent } from "../infer/index.js";
import type { DefinitionTable } from "../infer/schema.js";
import { selfContained } from "../infer/to-json-schema.js";
import { webhookFileBase } from "../emit/layout.js";
import {
  RECEIVE_DIR,
  RECEIVE_FILE,
  renderReceive,
  type KeptWebhook,
  type ReceiveEvent,
  type ReceiveProblem,
} from "./render.js";

export { RECEIVE_DIR, RECEIVE_FILE } from "./render.js";

/**
 * What a build keeps for the next (watch mode): each event as the modules need it, by the
 * InferredEvent (inference hands an unchanged event over as the same object), and each webhook's
 * module, rendered again only when one of its events or the definitions' names changed.
 */
export interface ReceiveCache {
  readonly events: WeakMap<InferredEvent, { readonly definitions: string; readonly event: ReceiveEvent }>;
  webhooks: ReadonlyMap<string, KeptWebhook>;
}

export function createReceiveCache(): ReceiveCache {
  return { events: new WeakMap(), webhooks: new Map() };
}

/**
 * The receive stage of emit: with the config's `receive` on, `receive.ts` and `receive/*.ts`
 * rendered from the events' schemas as the manifest records them, each handed to `put` (the
 * writer). Returns their paths in the order put, or the problems (DT8001) that stop the build
 * before anything is written.
 */
export function putReceive(
  events: readonly InferredEvent[],
  options: {
    readonly outDir: string;
    readonly settings: ReceiveSettings | undefined;
    readonly definitions?: { readonly table: DefinitionTable; readonly names: ReadonlyMap<string, string> } | undefined;
    readonly cache?: ReceiveCache | undefined;
  },
  put: (path: string, text: string) => void,
): { readonly paths: string[]; readonly diagnostics: Diagnostic[] } {
  const { outDir, settings, definitions, cache } = options;
  if (settings === undefined) return { paths: [], diagnostics: [] };
  // The definitions an event's schema reaches are part of it: a change to any renders it again.
  const shared = definitions === undefined ? "" : definitionsKey(definitions);
  const received = events.map((event) => {
    const kept = cache?.events.get(event);
    if (kept !== undefined && kept.definitions === shared) return kept.event;
    const made = receiveEvent(event, definitions);
    cache?.events.set(event, { definitions: shared, event: made });
    return made;
  });
  const rendered = renderReceive(received, settings.unknownKeys === "reject", webhookFileBase, cache?.webhooks);
  if (cache !== undefined) cache.webhooks = rendered.webhooks;
  if (rendered.problems.length > 0)
    return { paths: [], diagnostics: rendered.problems.map((p) => problemDiagnostic(p, events, received)) };
  const paths: string[] = [];
  for (const [relative, text] of rendered.files) {
    const path = join(outDir, ...relative.split("/"));
    put(path, text);
    paths.push(path);
  }
  return { paths, diagnostics: [] };
}

/** The shared definitions as text: their names and schemas (a table is rebuilt by every inference). */
function definitionsKey(definitions: {
  readonly table: DefinitionTable;
  readonly names: ReadonlyMap<string, string>;
}): string {
  const entries = [...definitions.names].map(([key, name]) => [name, definitions.table.get(key)?.schema]);
  return JSON.stringify(entries);
}

function receiveEvent(
  event: InferredEvent,
  definitions: { readonly table: DefinitionTable; readonly names: ReadonlyMap<string, string> } | undefined,
): ReceiveEvent {
  const schema = selfContained(event.schema, definitions?.table, (key) => definitions?.names.get(key) ?? key);
  const steps = event.selector?.steps ?? [];
  const keys = steps.flatMap((step) => ("key" in step ? [step.key] : []));
  const selector =
    event.selector !== undefined && keys.length === steps.length
      ? { path: keys, value: event.selector.value }
      : undefined;
  return { tag: event.tag, webhook: event.webhook, schema, selector };
}

function problemDiagnostic(
  problem: ReceiveProblem,
  events: readonly InferredEvent[],
  received: readonly ReceiveEvent[],
): Diagnostic {
  const index =
    problem.tag !== undefined
      ? events.findIndex((e) => e.tag === problem.tag)
      : received.findIndex((e) => Object.hasOwn((e.schema["$defs"] ?? {}) as object, problem.definition ?? ""));
  const owner =
    problem.tag !== undefined
      ? `event ${JSON.stringify(problem.tag)}`
      : `the definition ${JSON.stringify(problem.definition)}`;
  const at =
    problem.at.length === 0
      ? "the schema"
      : `#/${problem.at.map((s) => String(s).replace(/~/g, "~0").replace(/\//g, "~1")).join("/")}`;
  const event = events[index];
  return diagnostic(
    Codes.ReceiveCannotCompile,
    { owner, at, reason: problem.reason },
    event === undefined ? {} : { span: keywordSpan(event.file, problem.at) ?? fileSpan(event.file) },
  );
}

/** Keywords whose members the user names (properties, definitions): the schema maps, and dependentRequired's lists. */
const NAMING_KEYWORDS = new Set([
  ...[...SUBSCHEMA_KEYWORDS].filter(([, shape]) => shape === "schema-map").map(([keyword]) => keyword),
  "dependentRequired",
]);

/**
 * Where the event file writes the keyword a problem is about (the last keyword of its path:
 * `unevaluatedProperties` in `#/properties/body/unevaluatedProperties`), when it writes it (a
 * declared schema or a refinement, not a JSON document it reads): by its path under `schema`,
 * else the first key of that name, as keys (never comments or strings). The config's key
 * locator reads any module's object literals.
 */
function keywordSpan(file: string, at: readonly (string | number)[]): Span | undefined {
  let keyword: number | undefined;
  for (let i = 0; i < at.length; i++) {
    const named = i > 0 && typeof at[i - 1] === "string" && NAMING_KEYWORDS.has(at[i - 1] as string);
    if (typeof at[i] === "string" && !named) keyword = i;
  }
  if (keyword === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  // A declared part's schema: `#/properties/body/...` is written under `schema: { body: ... }`.
  const declared = at[0] === "properties" ? ["schema", ...at.slice(1, keyword + 1)] : [at[keyword]];
  return configLocator(file, text)(declared.join("."));
}

/** `receive.ts` and the modules under `receive/` that a build may delete when it does not plan them (the writer deletes only ours). */
export function receiveCandidates(outDir: string, planned: ReadonlySet<string>): string[] {
  const folder = join(outDir, RECEIVE_DIR);
  let names: string[] = [];
  try {
    names = readdirSync(folder, { withFileTypes: true })
      .filter((entry) => entry.isFile() && /^(?:_runtime|_definitions|[a-z0-9-]+_?)\.ts$/.test(entry.name))
      .map((entry) => entry.name)
      .sort();
  } catch {
    // No folder: nothing of ours in it.
  }
  return [join(outDir, RECEIVE_FILE), ...names.map((name) => join(folder, name))].filter((path) => !planned.has(path));
}

/** The folder whose listing the build's deletions depend on (for the disk cache). */
export function receiveFolder(outDir: string): string {
  return join(outDir, RECEIVE_DIR);
}

/** Why a receive module would be deleted, for `build --check`; undefined for other files. */
export function receiveObsoleteReason(path: string, outDir: string): string | undefined {
  if (path === join(outDir, RECEIVE_FILE)) return '"receive" is off in the config';
  if (dirname(path) === join(outDir, RECEIVE_DIR)) return 'its webhook is gone, or "receive" is off in the config';
  return undefined;
}

/** After deletions: `receive/` left empty goes (a file of the user's there keeps it). */
export function pruneReceiveFolder(outDir: string, removed: readonly string[]): void {
  const folder = join(outDir, RECEIVE_DIR);
  if (!removed.some((path) => dirname(path) === folder)) return;
  try {
    rmdirSync(folder);
  } catch {
    // Not empty: it stays.
  }
}
