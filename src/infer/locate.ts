import type { Span } from "../diagnostics/diagnostic.js";
import { formatKeyPath, spanOf, type KeyPath, type LiteralObject, type LiteralValue } from "../extract/index.js";
import type { PathStep } from "../payload-path.js";

/**
 * Where a schema path (which may step into "every element", `[]`) was written: the first
 * concrete occurrence in the sample, else in the examples. Returns the keypath in the user's
 * terms too (`sample.body.items[2].sku`).
 */
export function locateInSamples(
  definition: LiteralObject,
  steps: readonly PathStep[],
): { span: Span; keypath: string } | undefined {
  const roots: { value: LiteralValue; path: KeyPath }[] = [];
  const sample = property(definition, "sample");
  if (sample !== undefined) roots.push({ value: sample, path: ["sample"] });
  const examples = property(definition, "examples");
  if (examples?.kind === "array") examples.elements.forEach((value, i) => roots.push({ value, path: ["examples", i] }));
  for (const root of roots) {
    const found = find(root.value, steps, root.path);
    if (found !== undefined) return found;
  }
  return undefined;
}

function property(value: LiteralValue, key: string): LiteralValue | undefined {
  return value.kind === "object" ? value.properties.find((p) => p.key === key)?.value : undefined;
}

function find(
  value: LiteralValue,
  steps: readonly PathStep[],
  path: KeyPath,
): { span: Span; keypath: string } | undefined {
  const [step, ...rest] = steps;
  if (step === undefined) return { span: spanOf(value), keypath: formatKeyPath(path) };
  if ("each" in step) {
    if (value.kind !== "array") return undefined;
    for (const [i, element] of value.elements.entries()) {
      const found = find(element, rest, [...path, i]);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  const next = property(value, step.key);
  return next === undefined ? undefined : find(next, rest, [...path, step.key]);
}
