import type { InferredEvent } from "../infer/index.js";
import { EventRenderer } from "./event-declarations.js";
import { flatString } from "./flat.js";
import { valueSource } from "./print-value.js";
import { stringLiteral } from "./ts-syntax.js";
import type { NameRegistry } from "./type-names.js";
import type { RenderedEvent, TypesCache } from "./types-cache.js";

/**
 * One event's part of a webhook's module: its interfaces and its entry in the `webhookEvents`
 * data. With a cache, the kept part is taken when rendering again would give the same text.
 */
export function renderEvent(
  event: InferredEvent,
  names: NameRegistry,
  cache: TypesCache | undefined,
  definitionNames?: ReadonlyMap<string, string>,
): RenderedEvent {
  const hit = cache?.events.get(event);
  if (hit !== undefined && hit.firstChoice && cache !== undefined) {
    // Its names were free and its own against these reserved names, and no part claimed one since.
    if (cache.checkedWith.get(hit) === names.reserved && !cache.dispossessed.has(hit)) {
      names.reuse(hit);
      return hit;
    }
    if (hit.claimed.every((name) => !names.has(name))) return kept(hit, names, cache);
  }
  const uses = new Set<string>();
  const refName = (key: string): string => {
    const name = definitionNames?.get(key);
    if (name === undefined) throw new Error(`no shared definition ${JSON.stringify(key)} for ${event.tag}`);
    uses.add(name);
    return name;
  };
  const { result: declarations, claims } = names.recording(() => new EventRenderer(event, names, refName).render());
  // Numbered names make a part unsure to reuse, not different: the same text keeps its object, so its module is reused.
  if (hit !== undefined && cache !== undefined && hit.declarations === declarations) return kept(hit, names, cache);
  // The declarations are made by `join`, which gives a flat string; the definition is a rope
  // (see valueSource). Kept between builds and put into a module on every one, the rope is
  // flattened once (see flatString); a build without a cache writes it once and lets it go.
  const definition = definitionEntry(event);
  const rendered: RenderedEvent = {
    declarations,
    definition: cache === undefined ? definition : flatString(definition),
    claimed: claims.map((c) => c.name),
    firstChoice: claims.every((c) => c.name === c.base),
    uses: [...uses].sort(),
  };
  cache?.events.set(event, rendered);
  return cache === undefined ? rendered : kept(rendered, names, cache);
}

/** A part whose names were just claimed or checked free: it owns them now. */
function kept(part: RenderedEvent, names: NameRegistry, cache: TypesCache): RenderedEvent {
  names.own(part);
  names.reuse(part);
  cache.checkedWith.set(part, names.reserved);
  cache.dispossessed.delete(part);
  return part;
}

/** An event's entry in the registry's data, `{ "tag": { name, tag, description, sample } }` (in tag order). */
function definitionEntry(event: InferredEvent): string {
  return (
    `  ${stringLiteral(event.tag)}: {\n` +
    `    name: ${stringLiteral(event.name)},\n` +
    `    tag: ${stringLiteral(event.tag)},\n` +
    `    description: ${stringLiteral(event.description)},\n` +
    `    sample: ${valueSource(event.sample, 2)},\n  },`
  );
}
