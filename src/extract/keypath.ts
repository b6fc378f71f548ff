import { formatKeyPath } from "./literal.js";

/**
 * Where the evaluator is inside a definition, as a chain from the innermost step back to the
 * definition itself (`undefined`). Descending costs one small object; the text is built only
 * when a message needs it, which is rare.
 */
export type ValuePath = { readonly parent: ValuePath; readonly step: string | number } | undefined;

/** The path of the definition itself. */
export const DEFINITION_PATH: ValuePath = undefined;

export function childPath(parent: ValuePath, step: string | number): ValuePath {
  return { parent, step };
}

/** The path as the user would write it in code: `sample.headers["x-sig"]`, or "the definition". */
export function formatValuePath(path: ValuePath): string {
  const steps: (string | number)[] = [];
  for (let link = path; link !== undefined; link = link.parent) steps.push(link.step);
  return formatKeyPath(steps.reverse());
}
