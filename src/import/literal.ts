import { isJsonObject, type JsonValue } from "../util/json.js";

/** The line width of the event files written, Prettier's as this project configures it. */
export const PRINT_WIDTH = 120;

/**
 * A JSON value as a TypeScript literal, laid out as Prettier lays it out (with `printWidth` 120,
 * double quotes, trailing commas): an object or array on one line when it fits, else one member
 * per line; arrays of numbers filled line by line; arrays of several objects (or arrays) of more
 * than one member always broken. So imported files are already formatted: `prettier --check`
 * passes, and a user's formatter leaves them as they are.
 *
 * `column` is where the literal starts on its line, `after` the width of what follows it there
 * (a `,` or `) as EventDefinition;`).
 */
export function printLiteral(value: JsonValue, column: number, after: number, indent = ""): string {
  const flat = flatText(value);
  if (flat !== undefined && !mustBreak(value) && column + width(flat) + after <= PRINT_WIDTH) return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    if (value.every((v) => typeof v === "number")) return filled(value as number[], indent, true);
    const lines = value.map((v) => `${inner}${printLiteral(v, inner.length, 1, inner)},`);
    return `[\n${lines.join("\n")}\n${indent}]`;
  }
  if (isJsonObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0) return "{}";
    const lines = keys.map((key) => {
      const head = `${inner}${printKey(key)}:`;
      const member = value[key]!;
      // A string too long for the key's line goes on the next, indented, as Prettier puts it.
      if (typeof member === "string" && width(head) + 1 + width(scalar(member)) + 1 > PRINT_WIDTH)
        return `${head}\n${inner}  ${scalar(member)},`;
      return `${head} ${printLiteral(member, width(head) + 1, 1, inner)},`;
    });
    return `{\n${lines.join("\n")}\n${indent}}`;
  }
  return scalar(value);
}

/** The value on one line, as Prettier writes it: `{ a: 1 }`, `[1, 2]`. */
function flatText(value: JsonValue): string | undefined {
  if (Array.isArray(value)) return `[${value.map((v) => flatText(v)).join(", ")}]`;
  if (isJsonObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0) return "{}";
    return `{ ${keys.map((key) => `${printKey(key)}: ${flatText(value[key]!)}`).join(", ")} }`;
  }
  return scalar(value);
}

/** Prettier breaks an array of two or more objects with more than one key each (or arrays of more than one element). */
function mustBreak(value: JsonValue): boolean {
  if (Array.isArray(value)) {
    if (value.length > 1) {
      const objects = value.every((v) => isJsonObject(v) && Object.keys(v).length > 1);
      const arrays = value.every((v) => Array.isArray(v) && v.length > 1);
      if (objects || arrays) return true;
    }
    return value.some(mustBreak);
  }
  if (isJsonObject(value)) return Object.keys(value).some((key) => mustBreak(value[key]!));
  return false;
}

/** An array of numbers broken over lines: as many per line as fit (JSON has no trailing comma). */
function filled(values: readonly number[], indent: string, trailingComma: boolean): string {
  const inner = `${indent}  `;
  const lines: string[] = [];
  let line = "";
  values.forEach((v, i) => {
    const item = i < values.length - 1 || trailingComma ? `${scalar(v)},` : scalar(v);
    if (line !== "" && inner.length + width(line) + 1 + width(item) > PRINT_WIDTH) {
      lines.push(line);
      line = item;
    } else line = line === "" ? item : `${line} ${item}`;
  });
  lines.push(line);
  return `[\n${lines.map((l) => inner + l).join("\n")}\n${indent}]`;
}

function scalar(value: JsonValue): string {
  if (typeof value === "string") return quote(value);
  if (typeof value === "number") return Object.is(value, -0) ? "-0" : String(value).replace("e+", "e");
  return String(value);
}

/**
 * A property name: bare when it is an identifier, quoted otherwise; `__proto__` computed, since
 * written bare or quoted it would set the object's prototype instead of holding data.
 */
export function printKey(key: string): string {
  if (key === "__proto__") return `[${quote(key)}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : quote(key);
}

/** A string literal in double quotes, or in single quotes when it holds more double quotes than single, as Prettier chooses. */
export function quote(text: string): string {
  const json = JSON.stringify(text);
  const doubles = (text.match(/"/g) ?? []).length;
  const singles = (text.match(/'/g) ?? []).length;
  if (doubles <= singles) return json;
  // JSON's escapes, with `\"` unescaped and `'` escaped instead.
  const body = json
    .slice(1, -1)
    .replace(/\\(.)|'/g, (all, escaped: string | undefined) =>
      escaped === undefined ? "\\'" : escaped === '"' ? '"' : all,
    );
  return `'${body}'`;
}

/**
 * A JSON document as Prettier formats JSON: objects one member per line (Prettier keeps an
 * object broken when it was), arrays of scalars on one line when they fit, else one element per
 * line; two-space indentation and a final newline.
 */
export function printJson(value: JsonValue, indent = "", column = 0, after = 0): string {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const flat = flatJson(value);
    if (flat !== undefined && !mustBreak(value) && column + width(flat) + after <= PRINT_WIDTH) return flat;
    if (value.every((v) => typeof v === "number")) return filled(value as number[], indent, false);
    const last = value.length - 1;
    return `[\n${value.map((v, i) => `${inner}${printJson(v, inner, inner.length, i < last ? 1 : 0)}`).join(",\n")}\n${indent}]`;
  }
  if (isJsonObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0) return "{}";
    const last = keys.length - 1;
    const members = keys.map((key, i) => {
      const head = `${inner}${JSON.stringify(key)}: `;
      return `${head}${printJson(value[key]!, inner, width(head), i < last ? 1 : 0)}`;
    });
    return `{\n${members.join(",\n")}\n${indent}}`;
  }
  return jsonScalar(value);
}

/** A JSON scalar; numbers as Prettier normalises them (`1e21`, not `1e+21`). */
function jsonScalar(value: JsonValue): string {
  return typeof value === "number" ? scalar(value) : JSON.stringify(value);
}

/** A JSON array on one line, unless it holds an object with members (which stays broken). */
function flatJson(value: JsonValue): string | undefined {
  if (Array.isArray(value)) {
    const items = value.map(flatJson);
    return items.every((item) => item !== undefined) ? `[${items.join(", ")}]` : undefined;
  }
  if (isJsonObject(value)) return Object.keys(value).length === 0 ? "{}" : undefined;
  return jsonScalar(value);
}

/**
 * The columns text takes, as Prettier counts them: East Asian wide characters (and most emoji)
 * take two, combining marks none, anything else one per code point.
 */
export function width(text: string): number {
  // Most text is ASCII, whose width is its length.
  if (/^[\x20-\x7e]*$/.test(text)) return text.length;
  let columns = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if ((code >= 0x300 && code <= 0x36f) || (code >= 0xfe00 && code <= 0xfe0f) || code === 0x200d) continue;
    columns += isWide(code) ? 2 : 1;
  }
  return columns;
}

function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf && code !== 0x303f) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x16fe0 && code <= 0x1b2ff) ||
    (code >= 0x1f300 && code <= 0x1f64f) ||
    (code >= 0x1f680 && code <= 0x1f6ff) ||
    (code >= 0x1f900 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}
