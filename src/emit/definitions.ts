import type { DefinitionTable } from "../infer/schema.js";
import { compareCodeUnits } from "../util/order.js";
import { TypeRenderer } from "./event-declarations.js";
import { BANNER, fill, readTemplate } from "./templates.js";
import { NameRegistry } from "./type-names.js";

const DEFINITIONS_TEMPLATE = readTemplate("definitions.ts.tpl");

/**
 * Names the generated code itself refers to, or that readers expect to mean the global: a
 * definition titled `Record` or `Date` would shadow it in the modules that import it.
 */
const GLOBAL_NAMES = new Set([
  "Array",
  "Boolean",
  "Date",
  "Error",
  "Exclude",
  "Extract",
  "Function",
  "JSON",
  "Map",
  "Math",
  "NonNullable",
  "Number",
  "Object",
  "Omit",
  "Partial",
  "Pick",
  "Promise",
  "Readonly",
  "Record",
  "RegExp",
  "Required",
  "Set",
  "String",
  "Symbol",
]);

/** The shared definitions as TypeScript: definitions.ts, and the names it gives. */
export interface RenderedDefinitions {
  /** The text of `<outDir>/definitions.ts`; `undefined` when there is no definition. */
  readonly text: string | undefined;
  /** Each definition's type name, by definition key. */
  readonly names: ReadonlyMap<string, string>;
  /** Every name definitions.ts declares (the definitions' and their nested interfaces'). */
  readonly declared: ReadonlySet<string>;
}

/**
 * Renders the shared definitions: one exported interface (or type alias, for what is not an
 * object with fields) per definition, in name order, nested objects named after it
 * (`RepositoryOwner`). Names avoid `reserved` (the events' own names) and TypeScript's globals
 * (see `nameDefinitions`). A definition may refer to itself or to others, in any cycle.
 */
export function renderDefinitions(table: DefinitionTable, reserved: ReadonlySet<string>): RenderedDefinitions {
  const names = nameDefinitions(table, reserved);
  if (names.size === 0) return { text: undefined, names, declared: new Set() };
  const taken = new Set([...reserved, ...GLOBAL_NAMES, ...names.values()]);
  const registry = new NameRegistry(taken, new Map(), new WeakSet());
  const ordered = [...names].sort((a, b) => compareCodeUnits(a[1], b[1]));
  const refName = (key: string): string => {
    const name = names.get(key);
    if (name === undefined) throw new Error(`no definition ${JSON.stringify(key)}`);
    return name;
  };
  const parts: string[] = [];
  const claimed: string[] = [];
  for (const [key, name] of ordered) {
    const definition = table.get(key)!;
    const renderer = new TypeRenderer(registry, { where: (path) => `\`${path}\`.`, refName });
    const { claims } = registry.recording(() =>
      renderer.declareNamed(name, definition.schema, [`Shared definition \`${name}\` (reached by \`$ref\`).`], name),
    );
    for (const claim of claims) claimed.push(claim.name);
    parts.push(renderer.output());
  }
  const text = fill(DEFINITIONS_TEMPLATE, { banner: BANNER, declarations: parts.join("\n\n") });
  return { text, names, declared: new Set([...names.values(), ...claimed]) };
}

/**
 * A unique type name per definition, from its candidates (`SchemaDefinition.names`, best first:
 * its title, its key under definitions/$defs, then any the resolver adds, such as one prefixed
 * by its document's name), in PascalCase. Definitions whose names collide (with each other, with
 * `reserved` or with a TypeScript global) all move on to their next candidate, until none
 * collides; definitions still colliding with no candidate left are numbered in the order of
 * their keys (`Item`, `Item2`). The names depend only on the definitions' keys and candidates,
 * never on which event or file came first.
 */
export function nameDefinitions(table: DefinitionTable, reserved: ReadonlySet<string>): Map<string, string> {
  const keys = [...table.keys()].sort(compareCodeUnits);
  const candidates = new Map(keys.map((key) => [key, candidatesOf(key, table.get(key)!.names)]));
  const level = new Map(keys.map((key) => [key, 0]));
  const wanted = (key: string): string => {
    const list = candidates.get(key)!;
    return list[Math.min(level.get(key)!, list.length - 1)]!;
  };
  for (let changed = true; changed;) {
    changed = false;
    const byName = new Map<string, string[]>();
    for (const key of keys) byName.set(wanted(key), [...(byName.get(wanted(key)) ?? []), key]);
    for (const [name, group] of byName) {
      if (group.length === 1 && !reserved.has(name) && !GLOBAL_NAMES.has(name)) continue;
      for (const key of group) {
        if (level.get(key)! < candidates.get(key)!.length - 1) {
          level.set(key, level.get(key)! + 1);
          changed = true;
        }
      }
    }
  }
  const names = new Map<string, string>();
  const used = new Set<string>();
  for (const key of keys) {
    const base = wanted(key);
    let name = base;
    for (let n = 2; used.has(name) || reserved.has(name) || GLOBAL_NAMES.has(name); n++) name = `${base}${n}`;
    used.add(name);
    names.set(key, name);
  }
  return names;
}

/** A definition's candidate names as identifiers, without repeats; the last part of its key when it has none. */
function candidatesOf(key: string, names: readonly string[]): string[] {
  const out = new Set<string>();
  for (const name of [
    ...names,
    key
      .split(/[#/]/)
      .filter((s) => s !== "")
      .pop() ?? "",
  ]) {
    const identifier = typeName(name);
    if (identifier !== undefined) out.add(identifier);
  }
  if (out.size === 0) out.add("Definition");
  return [...out];
}

/** `pull_request` -> `PullRequest`; one starting with a digit gets a leading `_`; none of letters or digits, undefined. */
function typeName(text: string): string | undefined {
  const words = text.split(/[^A-Za-z0-9]+/).filter((w) => w !== "");
  if (words.length === 0) return undefined;
  const name = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
  return /^[0-9]/.test(name) ? `_${name}` : name;
}
