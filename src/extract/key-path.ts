/**
 * Paths inside a definition: `KeyPath` as the later stages hold them, `ValuePath` as the
 * evaluator builds them while it descends, and both written as the user would write them.
 */
/** A path inside a definition, as keys and array indexes: `["sample", "body", "items", 0]`. */
export type KeyPath = readonly (string | number)[];

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

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** Writes a path as the user would in code: `sample.body.items[0]["x-id"]`. */
export function formatKeyPath(path: KeyPath): string {
  let out = "";
  for (const step of path) {
    if (typeof step === "number") out += `[${step}]`;
    else if (IDENTIFIER.test(step)) out += out === "" ? step : `.${step}`;
    else out += `[${JSON.stringify(step)}]`;
  }
  return out === "" ? "the definition" : out;
}
