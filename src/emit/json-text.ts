import type { JsonValue } from "../util/json.js";

/**
 * JSON documents put together from pieces, byte for byte as `JSON.stringify(document, null, 2)`
 * writes the whole: so that each event's piece of openapi.json and asyncapi.json is serialised
 * once, kept between builds (watch mode) and shared by both documents, rather than the whole
 * document serialised again on every build. test/emit/formats.test.ts holds both ways to the
 * same bytes.
 */

/**
 * `value` as `JSON.stringify(…, null, 2)` writes it `depth` levels down in a document. Rather
 * than indenting its text again line by line (a second pass over it, and a rope to flatten), the
 * value is serialised inside `depth` wrappers `{ "": … }`, which JSON.stringify indents itself,
 * and cut out of them: each wrapper adds `{\n`, its padding and `"": ` before, `\n`, the
 * padding and `}` after, lengths known in advance.
 */
export function nestedJson(value: JsonValue, depth: number): string {
  let wrapped = value;
  let before = 0;
  let after = 0;
  for (let level = 1; level <= depth; level++) {
    wrapped = { "": wrapped };
    before += 2 + 2 * level + 4;
    after += 2 * level;
  }
  const text = JSON.stringify(wrapped, null, 2);
  return depth === 0 ? text : text.slice(before, text.length - after);
}

/**
 * Text still in pieces: a string, or pieces in order. A document is made of pieces kept apart
 * until `joinText` copies them once into one string (joining at every level would copy a
 * 10 MB document two or three times over).
 */
export type Text = string | readonly Text[];

/** An object written `depth` levels down whose members' values are already written one level further. */
export function objectText(members: readonly (readonly [string, Text])[], depth: number): Text {
  if (members.length === 0) return "{}";
  const pad = "  ".repeat(depth + 1);
  const pieces: Text[] = ["{\n"];
  members.forEach(([key, value], i) => pieces.push(i === 0 ? "" : ",\n", pad, JSON.stringify(key), ": ", value));
  pieces.push(`\n${"  ".repeat(depth)}}`);
  return pieces;
}

/** The pieces as one string. */
export function joinText(text: Text): string {
  if (typeof text === "string") return text;
  const leaves: string[] = [];
  const stack: Text[] = [text];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (typeof next === "string") leaves.push(next);
    else for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]!);
  }
  return leaves.join("");
}

/** Members in code-unit order of their keys: components are looked up by name, so they are listed so. */
export function byKey<T>(members: readonly (readonly [string, T])[]): (readonly [string, T])[] {
  return [...members].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
