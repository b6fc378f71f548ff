import type { InferredEvent } from "../infer/index.js";
import type { DefinitionTable } from "../infer/schema.js";
import { renderDefinitions, type RenderedDefinitions } from "./definitions.js";
import { renderEvent } from "./event-part.js";
import { flatString } from "./flat.js";
import { DEFINITIONS_FILE, webhookFiles, webhookIdentifier } from "./layout.js";
import { BANNER, fill, readTemplate } from "./templates.js";
import { stringLiteral } from "./ts-syntax.js";
import { NameRegistry, reservedNames } from "./type-names.js";
import { sameTags, type KeptModule, type RenderedEvent, type TypesCache } from "./types-cache.js";
import { webhookBounds } from "./webhook-bounds.js";

const INDEX_TEMPLATE = readTemplate("index.ts.tpl");
const WEBHOOK_TEMPLATE = readTemplate("webhook.ts.tpl");

/** The TypeScript outputs: `index.ts`, and one module per webhook (`webhooks/<webhook>.ts`). */
export interface RenderedTypes {
  readonly index: string;
  /** Each webhook's module, by webhook tag, in webhook tag order (empty when given to `onModule` instead). */
  readonly webhooks: ReadonlyMap<string, string>;
  /** Each webhook's events, in webhook tag order; within one, in the order given (by tag). */
  readonly groups: ReadonlyMap<string, readonly InferredEvent[]>;
  /** `definitions.ts`, the shared definitions' types; `undefined` when there is none. */
  readonly definitions: string | undefined;
  /** Each shared definition's type name, by definition key (the manifest's `$defs` use them). */
  readonly definitionNames: ReadonlyMap<string, string>;
}

/** Takes each webhook's module as soon as it is rendered, with the webhook's events. */
export type ModuleSink = (webhook: string, members: readonly InferredEvent[], text: string) => void;

/**
 * Renders the TypeScript outputs: per webhook a module with its events' payload interfaces and
 * its part of the `webhookEvents` registry (typed by its slice of `EventDefinitions`, so the
 * compiler checks each sample), then `index.ts`, which re-exports them and maps tags and webhooks
 * to payload types. Names are claimed in tag order across all webhooks (see type-names.ts), so the
 * same input always yields the same names and no two modules export one name. Events come sorted
 * by tag, so a webhook's module is finished before the next starts: given `onModule`, each goes
 * there at once, in the order of the webhooks' first tags, and is not kept (`webhooks` comes back
 * empty). With a cache (watch mode), only modules with an event rendered again are rebuilt, and
 * index.ts only when the set of events changed.
 *
 * `definitions` are the shared definitions that events reach by `$ref`: they are rendered into
 * definitions.ts first (given to `onDefinitions` before any module), their names reserved before any event's nested names, and each webhook
 * module imports the ones its events use. When their names change, every event is rendered again.
 */
export function renderTypes(
  events: readonly InferredEvent[],
  cache?: TypesCache,
  onModule?: ModuleSink,
  definitions: DefinitionTable = NO_DEFINITIONS,
  onDefinitions?: (text: string, names: ReadonlyMap<string, string>) => void,
): RenderedTypes {
  // What the tags decide, the names reserved and index.ts, is kept while the tags are the same.
  const same = cache?.tagged !== undefined && sameTags(cache.tagged, events) ? cache.tagged : undefined;
  const tags = same?.tags ?? events.map((e) => e.tag);
  const tagReserved = same?.tagReserved ?? reservedNames(events);
  const shared = sharedDefinitions(definitions, tagReserved, cache);
  const hasDefinitions = shared.rendered.text !== undefined;
  // Before the modules that import it, so that a writer renaming in this order never leaves an import dangling.
  if (shared.rendered.text !== undefined) onDefinitions?.(shared.rendered.text, shared.rendered.names);
  const reserved = !hasDefinitions
    ? tagReserved
    : same !== undefined && !shared.changed && same.tagReserved === tagReserved
      ? same.reserved
      : new Set([...tagReserved, ...shared.rendered.declared]);
  const names = new NameRegistry(reserved, cache?.owners ?? new Map(), cache?.dispossessed ?? new WeakSet());
  const bounds = same?.bounds ?? webhookBounds(events);
  const modules = new Map<string, string>();
  const keptModules = new Map<string, KeptModule>();
  const byWebhook = new Map<string, readonly InferredEvent[]>();
  // In tag order, across webhooks: names are claimed in that order.
  for (const { webhook, start, end } of bounds) {
    const members = events.slice(start, end);
    byWebhook.set(webhook, members);
    const pieces = members.map((event) => renderEvent(event, names, cache, shared.rendered.names));
    const kept = cache?.webhooks.get(webhook);
    // A module made now is a rope (see fill): one kept between builds is flattened once.
    const text =
      kept !== undefined && sameItems(kept.pieces, pieces)
        ? kept.text
        : cache === undefined
          ? renderWebhookModule(webhook, pieces)
          : flatString(renderWebhookModule(webhook, pieces));
    if (cache !== undefined) keptModules.set(webhook, { pieces, text });
    if (onModule === undefined) modules.set(webhook, text);
    else onModule(webhook, members, text);
  }
  const order = [...byWebhook.keys()].sort();
  const groups = new Map(order.map((webhook) => [webhook, byWebhook.get(webhook)!]));
  const webhooks = new Map<string, string>();
  for (const webhook of order) {
    const text = modules.get(webhook);
    if (text !== undefined) webhooks.set(webhook, text);
  }
  const index =
    same !== undefined && same.hasDefinitions === hasDefinitions
      ? same.index
      : renderIndex(events, groups, hasDefinitions);
  if (cache !== undefined) {
    cache.webhooks = keptModules;
    cache.tagged = { events, tags, reserved: names.reserved, index, bounds, tagReserved, hasDefinitions };
  }
  return { index, webhooks, groups, definitions: shared.rendered.text, definitionNames: shared.rendered.names };
}

const NO_DEFINITIONS: DefinitionTable = new Map();

/**
 * The shared definitions rendered against the names the tags reserve, from the cache when
 * neither changed. `changed`: their names differ from the last call's, so every event's part,
 * which spells them, is rendered again (the cache's parts are dropped).
 */
function sharedDefinitions(
  table: DefinitionTable,
  tagReserved: ReadonlySet<string>,
  cache: TypesCache | undefined,
): { rendered: RenderedDefinitions; changed: boolean } {
  const kept = cache?.definitions;
  if (kept !== undefined && kept.table === table && kept.tagReserved === tagReserved) {
    return { rendered: kept.rendered, changed: false };
  }
  const rendered = renderDefinitions(table, tagReserved);
  const signature = JSON.stringify([[...rendered.names], [...rendered.declared]]);
  const changed = kept !== undefined && kept.signature !== signature;
  if (cache !== undefined) {
    cache.definitions = { table, tagReserved, rendered, signature };
    if (changed) {
      cache.events = new WeakMap();
      cache.owners.clear();
    }
  }
  return { rendered, changed };
}

/** A webhook's module, `webhooks/<webhook>.ts`. */
function renderWebhookModule(webhook: string, pieces: readonly RenderedEvent[]): string {
  // Concatenated, not joined: the module is flattened once, when it is written (see fill).
  let payloads = "";
  let definitions = "{\n";
  const uses = new Set<string>();
  for (let i = 0; i < pieces.length; i++) {
    for (const name of pieces[i]!.uses) uses.add(name);
    payloads += i === 0 ? pieces[i]!.declarations : `\n\n${pieces[i]!.declarations}`;
    definitions += `${pieces[i]!.definition}\n`;
  }
  return fill(WEBHOOK_TEMPLATE, {
    banner: BANNER,
    webhook: stringLiteral(webhook),
    payloads,
    identifier: webhookIdentifier(webhook),
    definitions: `${definitions}}`,
    imports:
      uses.size === 0
        ? ""
        : `\nimport type { ${[...uses].sort().join(", ")} } from ${stringLiteral(`../${DEFINITIONS_FILE.replace(/\.ts$/, ".js")}`)};`,
  });
}

/** index.ts: it depends only on the events' tags (payload names follow from them). */
function renderIndex(
  events: readonly InferredEvent[],
  groups: ReadonlyMap<string, readonly InferredEvent[]>,
  hasDefinitions: boolean,
): string {
  const modules = [...groups].map(([webhook, members]) => {
    const specifier = stringLiteral(`./${webhookFiles(webhook).types.replace(/\.ts$/, ".js")}`);
    const payloads = members.map((e) => e.typeName).join(", ");
    return [
      `export * from ${specifier};`,
      `import type { ${payloads} } from ${specifier};`,
      `import ${webhookIdentifier(webhook)} from ${specifier};`,
    ].join("\n");
  });
  const webhooks = [...groups.keys()];
  const spreads = webhooks.map((w) => `  ...${webhookIdentifier(w)},`);
  return fill(INDEX_TEMPLATE, {
    banner: BANNER,
    modules:
      (hasDefinitions ? `export * from ${stringLiteral(`./${DEFINITIONS_FILE.replace(/\.ts$/, ".js")}`)};\n\n` : "") +
      (modules.length === 0 ? "// No events are declared yet." : modules.join("\n\n")),
    payloadMap: events.map((e) => `  ${JSON.stringify(e.tag)}: ${e.typeName};`).join("\n"),
    webhookTags: webhooks.length === 0 ? "never" : webhooks.map((w) => JSON.stringify(w)).join(" | "),
    webhookMap: [...groups]
      .map(([w, members]) => `  ${JSON.stringify(w)}: ${members.map((e) => e.typeName).join(" | ")};`)
      .join("\n"),
    exampleTag: events[0]?.tag ?? "webhook-tag:event-tag",
    exampleWebhook: events[0]?.webhook ?? "webhook-tag",
    definitions: spreads.length === 0 ? "{}" : `/* @__PURE__ */ Object.freeze({\n${spreads.join("\n")}\n})`,
  });
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}
