/**
 * Whether a numeric literal says the number that JavaScript makes of it. A definition's numbers
 * are written to the outputs (and pushed) as JavaScript prints them, so a literal with more
 * digits than a double holds (`820982911946154508`, `0.1000000000000000055511151231257827`) or
 * one out of its range (`1e-400`) would change without a word. The literal's exact decimal value
 * must equal that of `String(value)`, so `0.1`, `1e3`, `0x10` and `1_000` survive; an integer
 * written as one must also be safe, since past 2^53 - 1 even one that survives
 * (`9007199254740992`) stands for a field whose other values would not.
 */

/** How a literal's number differs from the one written. */
export interface NumberDrift {
  /**
   * What the outputs would hold instead (`String(value)`), when that differs from the literal;
   * undefined for an integer that survives but is not safe.
   */
  readonly written: string | undefined;
  /**
   * For a literal written as an integer (no fraction or exponent, or a 0x, 0o or 0b literal),
   * its exact decimal digits; undefined for any other.
   */
  readonly integer: string | undefined;
}

/**
 * Decimal literals with at most this many significant digits name a different double each, within
 * the normal range (DBL_DIG): shorter literals without an exponent always survive, and are not
 * looked at further, which keeps this check off the path of nearly every number of a build.
 */
const ALWAYS_EXACT_LENGTH = 15;

/**
 * The drift of the numeric literal `source.slice(start, end)` (as scanned: decimal with fraction
 * and exponent, or 0x, 0o, 0b; `_` between digits; no sign), or undefined when it survives.
 * An infinite literal (`1e400`) is no drift here: it cannot be written at all, which DT2012 says.
 */
export function numberLiteralDrift(source: string, start = 0, end = source.length): NumberDrift | undefined {
  if (end - start <= ALWAYS_EXACT_LENGTH && !mayHaveExponent(source, start, end)) return undefined;
  const text = source.slice(start, end).replaceAll("_", "");
  const value = Number(text);
  if (!Number.isFinite(value)) return undefined;
  const written = String(value);
  // An integer literal in any radix is compared by its decimal digits (`0x10` is "16").
  const integer = isRadixLiteral(text) || /^\d+$/.test(text) ? String(BigInt(text)) : undefined;
  if (canonicalDecimal(integer ?? text) !== canonicalDecimal(written)) return { written, integer };
  return integer !== undefined && value > Number.MAX_SAFE_INTEGER ? { written: undefined, integer } : undefined;
}

/** Whether the text has an `e` or `E`: an exponent, or a hexadecimal digit (which the slow path tells apart). */
function mayHaveExponent(source: string, start: number, end: number): boolean {
  for (let i = start; i < end; i += 1) {
    if ((source.charCodeAt(i) | 0x20) === 0x65) return true;
  }
  return false;
}

function isRadixLiteral(text: string): boolean {
  return text.length > 2 && text.charCodeAt(0) === 0x30 && "xob".includes(text[1]!.toLowerCase());
}

/**
 * A decimal number's value as `<digits>e<exponent>`, the digits without leading or trailing
 * zeros (`"0"` for zero), so that two spellings of one value give one text: `1.50e2`, `150` and
 * `0150.0` all give `15e1`.
 */
function canonicalDecimal(text: string): string {
  const e = text.search(/[eE]/);
  const mantissa = e < 0 ? text : text.slice(0, e);
  let exponent = e < 0 ? 0 : Number(text.slice(e + 1));
  const dot = mantissa.indexOf(".");
  const digits = dot < 0 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  if (dot >= 0) exponent -= mantissa.length - dot - 1;
  let first = 0;
  while (first < digits.length && digits.charCodeAt(first) === 0x30) first += 1;
  let last = digits.length;
  while (last > first && digits.charCodeAt(last - 1) === 0x30) {
    last -= 1;
    exponent += 1;
  }
  return first === last ? "0" : `${digits.slice(first, last)}e${exponent}`;
}
