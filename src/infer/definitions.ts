/**
 * The one table of shared definitions of a build (see declared.ts), apart from the rest of
 * declared schemas' inference: emit asks for it in every build, with or without declared schemas.
 */
import { compareCodeUnits } from "../util/order.js";
import type { DefinitionTable, SchemaDefinition } from "./schema.js";

/** The last table made, given again while it has the same entries (see `definitionsOf`). */
let lastTable: DefinitionTable | undefined;

/**
 * The shared definitions of a build: those every event reaches, in key order, so that the table
 * (and the names emit gives) does not depend on which event or chunk came first. In one build
 * a key always stands for the same schema. While the events refer to the very definitions of the
 * last call (watch mode, most rebuilds), the last call's table is given again: emit's caches
 * recognise a table by identity, and keep what they rendered of it.
 */
export function definitionsOf(events: readonly { readonly definitions?: DefinitionTable }[]): DefinitionTable {
  const all = new Map<string, SchemaDefinition>();
  for (const event of events) {
    if (event.definitions === undefined) continue;
    for (const [key, definition] of event.definitions) if (!all.has(key)) all.set(key, definition);
  }
  const table = new Map([...all].sort(([a], [b]) => compareCodeUnits(a, b)));
  if (lastTable !== undefined && sameEntries(lastTable, table)) return lastTable;
  lastTable = table.size === 0 ? undefined : table;
  return table;
}

function sameEntries(a: DefinitionTable, b: DefinitionTable): boolean {
  if (a.size !== b.size) return false;
  for (const [key, definition] of a) if (b.get(key) !== definition) return false;
  return true;
}
