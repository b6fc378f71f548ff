import { parseJsonModuleText } from "../syntax/parse.js";

/**
 * Where a JSON text that `JSON.parse` rejects stops being valid, as an offset, and why. V8 says
 * where for most errors ("at position 12") but not for "Unexpected token": then the shortest
 * prefix that fails otherwise than by ending too soon ends just past the offending character,
 * found by bisection (only ever run on a broken document).
 */
export function jsonSyntaxError(text: string): { readonly message: string; readonly offset: number } | undefined {
  const parsed = parseJsonModuleText(text);
  if (parsed === undefined || !("error" in parsed)) return undefined;
  const { message, offset } = parsed.error;
  return { message, offset: offset > 0 ? offset : bisectedOffset(text) };
}

function bisectedOffset(text: string): number {
  const endsTooSoon = (end: number): boolean => {
    try {
      JSON.parse(text.slice(0, end));
      return true;
    } catch (error) {
      return /end of JSON input|Unterminated string/i.test(error instanceof Error ? error.message : "");
    }
  };
  let low = 0;
  let high = text.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (endsTooSoon(middle + 1)) low = middle + 1;
    else high = middle;
  }
  return Math.min(low, text.length);
}
