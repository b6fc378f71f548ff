/**
 * `text` as a flat string. V8 keeps the results of concatenation and of global `replace` as
 * ropes (trees of pieces), and every `join` of them walks each tree again. Output fragments are
 * kept between builds and joined every time, so they are flattened once when made: slicing a
 * rope flattens it.
 */
export function flatString(text: string): string {
  return ` ${text}`.slice(1);
}
