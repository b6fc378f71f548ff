import { createRequire } from "node:module";
import type { StringFormat } from "./schema.js";

// A CommonJS module, loaded with `require`: importing it as an ES module first lexes its source
// for export names, which a cold build would pay at its start.
const { fullFormats } = createRequire(import.meta.url)(
  "ajv-formats/dist/formats.js",
) as typeof import("ajv-formats/dist/formats.js");

/**
 * Shapes that make a string's format clear beyond doubt. They are deliberately narrower than
 * the formats themselves: `new-webhook:new-event` is a valid URI by the standard, but nobody
 * means it as one, so only `http(s)://` strings are called URIs.
 */
export const CLEAR_SHAPES: readonly (readonly [StringFormat, RegExp])[] = [
  ["uuid", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i],
  ["date-time", /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/],
  ["date", /^\d{4}-\d{2}-\d{2}$/],
  ["email", /^[^\s@]+@[^\s@]+\.[A-Za-z]{2,}$/],
  ["uri", /^https?:\/\/[^\s/$.?#][^\s]*$/i],
];

/**
 * The format a sample string clearly has, if any. A match must also pass ajv-formats' own
 * check (which knows, say, that February has no 30th), so that every sample validates
 * against the schema inferred from it.
 */
export function detectFormat(value: string): StringFormat | undefined {
  if (!mayHaveFormat(value)) return undefined;
  for (const [format, shape] of CLEAR_SHAPES) {
    if (shape.test(value) && formatAccepts(format, value)) return format;
  }
  return undefined;
}

/**
 * False for strings that no shape above can match, decided from a character or two: every
 * sample string goes through detectFormat, and most are names, ids and words. Each test is
 * implied by a shape: a uuid has a `-` at index 8, a date or date-time one at index 4, an
 * email an `@`, a URI starts with `h` or `H`.
 */
function mayHaveFormat(value: string): boolean {
  if (value.length < 6) return false;
  const first = value.charCodeAt(0);
  return value[8] === "-" || value[4] === "-" || first === 0x68 || first === 0x48 || value.includes("@");
}

/** Whether ajv-formats' full check of `format` accepts `value`. */
export function formatAccepts(format: StringFormat, value: string): boolean {
  const check: unknown = fullFormats[format];
  if (check instanceof RegExp) return check.test(value);
  if (typeof check === "function") return Boolean(check(value));
  if (typeof check === "object" && check !== null && "validate" in check) {
    const validate = check.validate;
    if (validate instanceof RegExp) return validate.test(value);
    if (typeof validate === "function") return Boolean(validate(value));
  }
  return false;
}
