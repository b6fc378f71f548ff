import type { JsonValue } from "../util/json.js";
import { spellingOf, stringLiteral } from "./ts-syntax.js";

/**
 * A JSON value as TypeScript source at `depth` levels of indentation, one key or element per
 * line, keys in the value's order. Built by concatenation, which V8 keeps as a rope until the
 * module is written, cheaper than collecting pieces and joining them. Depth is bounded:
 * inference refuses samples nested more than MAX_SAMPLE_DEPTH levels.
 */
export function valueSource(value: JsonValue, depth: number): string {
  if (typeof value === "string") return stringLiteral(value);
  // Samples hold no NaN or Infinity; -0 prints as 0, as JSON does.
  if (typeof value === "number") return Object.is(value, -0) ? "0" : JSON.stringify(value);
  if (value === null || typeof value === "boolean") return String(value);
  const inner = indentation(depth + 1);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    let out = "[\n";
    for (let i = 0; i < value.length; i++) out += `${inner}${valueSource(value[i]!, depth + 1)},\n`;
    return `${out}${indentation(depth)}]`;
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return "{}";
  let out = "{\n";
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    out += `${inner}${spellingOf(key).dataKey}${valueSource(value[key]!, depth + 1)},\n`;
  }
  return `${out}${indentation(depth)}}`;
}

/** Indentation strings by depth (two spaces a level), each made once. */
const INDENTATION: string[] = [];

function indentation(depth: number): string {
  return (INDENTATION[depth] ??= "  ".repeat(depth));
}
