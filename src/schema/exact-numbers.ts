import { numberLiteralDrift } from "../extract/number-literal.js";
import { parseJsonModuleText } from "../syntax/parse.js";
import type { Expression } from "../syntax/tree.js";

/** A number of a JSON document that a JavaScript number does not hold exactly (see number-literal.ts). */
export interface LossyNumber {
  /** As written, with its sign. */
  readonly literal: string;
  /** What `JSON.parse` makes of it, as text; undefined for an integer held but beyond the safe range. */
  readonly written: string | undefined;
  /** Its decimal digits, when written as an integer. */
  readonly integer: string | undefined;
}

/**
 * Literals that might not be held: 16 digits or more in a row, or a three-digit exponent. Shorter
 * ones always are, so most documents are not parsed a second time.
 */
const SUSPECT = /\d{16}|[eE][+-]?\d{3}/;

/**
 * The numbers of a JSON document's text that `JSON.parse` does not keep exactly, by their path
 * (keys and array indexes, as JSON text: `["definitions","id","enum",0]`). Empty when the text
 * has none, or when our parser declines it (then nothing can be placed either).
 */
export function lossyNumbers(text: string): ReadonlyMap<string, LossyNumber> {
  const lossy = new Map<string, LossyNumber>();
  if (!SUSPECT.test(text)) return lossy;
  const parsed = parseJsonModuleText(text);
  const statement = parsed !== undefined && "file" in parsed ? parsed.file.statements[0] : undefined;
  if (statement?.kind !== "export-default") return lossy;
  const visit = (node: Expression, path: readonly (string | number)[]): void => {
    if (node.kind === "object") {
      for (const member of node.members)
        if (member.kind === "keyed" && member.name.kind === "string") visit(member.value, [...path, member.name.value]);
    } else if (node.kind === "array") {
      node.elements.forEach((element, i) => {
        if (element.kind !== "spread-element") visit(element, [...path, i]);
      });
    } else if (node.kind === "number" || (node.kind === "prefix" && node.operand.kind === "number")) {
      const literal = node.kind === "number" ? node : node.operand;
      const written = text.slice(literal.start, literal.end);
      // Out of a double's range, JSON.parse makes Infinity, which JSON writes as null.
      const drift = Number.isFinite(Number(written))
        ? numberLiteralDrift(text, literal.start, literal.end)
        : { written: "Infinity", integer: undefined };
      if (drift === undefined) return;
      const sign = node.kind === "prefix" ? "-" : "";
      lossy.set(JSON.stringify(path), {
        literal: `${sign}${text.slice(literal.start, literal.end)}`,
        written: drift.written === undefined ? undefined : `${sign}${drift.written}`,
        integer: drift.integer === undefined ? undefined : `${sign}${drift.integer}`,
      });
    }
  };
  visit(statement.expression, []);
  return lossy;
}
