import type { JsonValue } from "../util/json.js";
import { flatString } from "./flat.js";

/**
 * JSON documents put together from pieces, byte for byte as `JSON.stringify(document, null, 2)`
 * writes the whole: so that each event's piece of openapi.json and asyncapi.json is serialised
 * once, kept between builds (watch mode) and shared by both documents, rather than the whole
 * document serialised again on every build. test/emit/formats.test.ts holds both ways to the
 * same bytes.
 */

/**
 * `value` as `JSON.stringify(…, null, 2)` writes it `depth` levels down in a document. Only `\n`
 * starts a line here: JSON escapes it inside strings (not U+2028 and U+2029, which a multiline
 * `^` would also treat as line starts). Flattened, since pieces are kept and joined on every build.
 */
export function nestedJson(value: JsonValue, depth: number): string {
  const text = JSON.stringify(value, null, 2);
  return depth === 0 ? text : flatString(text.replace(/\n/g, `\n${"  ".repeat(depth)}`));
}

/** An object written `depth` levels down whose members' values are already written one level further. */
export function objectText(members: readonly (readonly [string, string])[], depth: number): string {
  if (members.length === 0) return "{}";
  const pad = "  ".repeat(depth + 1);
  const lines = members.map(([key, value]) => `${pad}${JSON.stringify(key)}: ${value}`);
  return `{\n${lines.join(",\n")}\n${"  ".repeat(depth)}}`;
}

/** Members in code-unit order of their keys: components are looked up by name, so they are listed so. */
export function byKey<T>(members: readonly (readonly [string, T])[]): (readonly [string, T])[] {
  return [...members].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
