import { Parser } from "./parser.js";
import { Char, DECLINE } from "./scanner.js";
import type * as S from "./tree.js";
import { messageOf } from "../util/errors.js";

/**
 * Our own parser for the subset of TypeScript that event files and their helpers are written in
 * (imports and exports, declarations, enums, simple types, and the expressions that hold data),
 * so that such a project is extracted faster and without loading TypeScript. On anything else,
 * or anything that could be a syntax error, it declines the whole file, which TypeScript's parser
 * then reads and reports on. So it never accepts a file TypeScript rejects, and it builds the
 * very tree `from-typescript-ast.ts` builds (test/syntax/parse.test.ts holds it to that).
 */
export function parseModuleText(text: string, options: ParseOptions = {}): S.SyntaxFile | undefined {
  // Line and paragraph separators end lines and comments in ways not worth following here.
  if (text.includes("\u2028") || text.includes("\u2029")) return undefined;
  try {
    return new Parser(text, options.javascript === true).file();
  } catch (error) {
    if (error === DECLINE) return undefined;
    throw error;
  }
}

/**
 * A JSON file, imported by an event file (`import body from "./body.json"`), read as a module
 * whose default export is the document: valid JSON (as `JSON.parse` decides), or a syntax error
 * with its place. Undefined when our parser declines it (U+2028 in it, or deep nesting), the
 * only JSON it does not read.
 */
export function parseJsonModuleText(
  text: string,
):
  | { readonly file: S.SyntaxFile }
  | { readonly error: { readonly message: string; readonly offset: number } }
  | undefined {
  try {
    JSON.parse(text.charCodeAt(0) === Char.ByteOrderMark ? text.slice(1) : text);
  } catch (error) {
    const message = messageOf(error);
    const at = /at position (\d+)/.exec(message)?.[1];
    const offset = at === undefined ? 0 : Number(at) + (text.charCodeAt(0) === Char.ByteOrderMark ? 1 : 0);
    return {
      error: { message: message.replace(/ in JSON at position \d+.*$/, ""), offset: Math.min(offset, text.length) },
    };
  }
  if (text.includes("\u2028") || text.includes("\u2029")) return undefined;
  try {
    return { file: new Parser(text, true).json() };
  } catch (error) {
    if (error === DECLINE) return undefined;
    throw error;
  }
}

export interface ParseOptions {
  /**
   * Also decline every piece of syntax that only TypeScript has (type annotations, aliases and
   * interfaces, enums, `as`, `satisfies`, `!`, type-only imports and exports): a file accepted
   * so is JavaScript as it stands.
   */
  readonly javascript?: boolean;
}
