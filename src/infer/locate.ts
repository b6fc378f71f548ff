import type { Span } from "../diagnostics/diagnostic.js";
import { formatKeyPath, spanOf, type KeyPath, type LiteralObject, type LiteralValue } from "../extract/index.js";
import type { PathStep } from "../naming/payload-path.js";

/** Where a path was written, and the keypath of that place in the user's terms (`sample.body.items[2].sku`). */
export interface Located {
  readonly span: Span;
  readonly keypath: string;
}

/**
 * Where each schema path (which may step into "every element", `[]`) was written: its first
 * concrete occurrence in the sample, else in the examples. One walk of the definition for all
 * the paths: a large sample with many warnings would otherwise be searched once per warning.
 */
export function locateAllInSamples(
  definition: LiteralObject,
  paths: readonly (readonly PathStep[])[],
): (Located | undefined)[] {
  const found: (Located | undefined)[] = paths.map(() => undefined);
  if (paths.length === 0) return found;
  const root = trieOf(paths);
  let missing = paths.length;
  // The keypath of the value being visited, extended and shortened in place; formatted only to record.
  const keypath: (string | number)[] = [];
  const visit = (value: LiteralValue, node: TrieNode): void => {
    for (const index of node.ends) {
      if (found[index] !== undefined) continue;
      found[index] = { span: spanOf(value), keypath: formatKeyPath(keypath) };
      missing--;
    }
    if (missing === 0) return;
    if (value.kind === "object" && node.keys.size > 0) {
      // The first property of a key is the one a single lookup finds.
      const seen = new Set<string>();
      for (const property of value.properties) {
        const child = node.keys.get(property.key);
        if (child === undefined || seen.has(property.key)) continue;
        seen.add(property.key);
        keypath.push(property.key);
        visit(property.value, child);
        keypath.pop();
        if (missing === 0) return;
      }
    } else if (value.kind === "array" && node.each !== undefined) {
      for (let i = 0; i < value.elements.length && missing > 0; i++) {
        keypath.push(i);
        visit(value.elements[i]!, node.each);
        keypath.pop();
      }
    }
  };
  for (const { value, path } of roots(definition)) {
    keypath.push(...path);
    visit(value, root);
    keypath.length = 0;
    if (missing === 0) break;
  }
  return found;
}

/** The paths as a tree of their steps; `ends` lists the paths that end at a node. */
interface TrieNode {
  readonly ends: number[];
  readonly keys: Map<string, TrieNode>;
  each: TrieNode | undefined;
}

function trieOf(paths: readonly (readonly PathStep[])[]): TrieNode {
  const node = (): TrieNode => ({ ends: [], keys: new Map(), each: undefined });
  const root = node();
  paths.forEach((steps, index) => {
    let at = root;
    for (const step of steps) {
      if ("each" in step) {
        at = at.each ??= node();
      } else {
        const next = at.keys.get(step.key) ?? node();
        at.keys.set(step.key, next);
        at = next;
      }
    }
    at.ends.push(index);
  });
  return root;
}

/** The sample, then each example, with its keypath in the definition. */
function roots(definition: LiteralObject): { value: LiteralValue; path: KeyPath }[] {
  const out: { value: LiteralValue; path: KeyPath }[] = [];
  const sample = property(definition, "sample");
  if (sample !== undefined) out.push({ value: sample, path: ["sample"] });
  const examples = property(definition, "examples");
  if (examples?.kind === "array") examples.elements.forEach((value, i) => out.push({ value, path: ["examples", i] }));
  return out;
}

function property(value: LiteralValue, key: string): LiteralValue | undefined {
  return value.kind === "object" ? value.properties.find((p) => p.key === key)?.value : undefined;
}
