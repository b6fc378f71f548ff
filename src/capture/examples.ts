import { printLiteral } from "../import/literal.js";
import type { JsonObject } from "../util/json.js";

/** Where an edit could not be made, and why (for DT8109), with the offset it concerns. */
export interface EditProblem {
  readonly problem: string;
  readonly offset: number;
}

/**
 * Appends `example` to the `examples` of the `defineEvent({...})` call of `tag` in an event
 * file's text (creating the property after `sample` when there is none). ts-morph finds the
 * places; the edit is an insertion at one of them, so every other byte of the file stays as it
 * was: comments, odd formatting, quotes. The example is laid out as Prettier would, indented as
 * its neighbours are. ts-morph (with its own TypeScript) is loaded by this command alone.
 */
export async function appendExample(
  text: string,
  tag: string,
  example: JsonObject,
): Promise<{ readonly text: string } | EditProblem> {
  const { Project, SyntaxKind, Node } = await import("ts-morph");
  const project = new Project({ useInMemoryFileSystem: true });
  const file = project.createSourceFile("event.ts", text);
  const calls = file
    .getDescendantsOfKind(SyntaxKind.CallExpression)
    .filter((call) => call.getExpression().getText() === "defineEvent")
    .map((call) => ({ call, definition: call.getArguments()[0] }))
    .filter((c) => c.definition !== undefined && Node.isObjectLiteralExpression(c.definition));
  const tagOf = (definition: import("ts-morph").ObjectLiteralExpression): string | undefined => {
    const property = definition.getProperty("tag");
    const initializer = Node.isPropertyAssignment(property) ? property.getInitializer() : undefined;
    return Node.isStringLiteral(initializer) || Node.isNoSubstitutionTemplateLiteral(initializer)
      ? initializer.getLiteralText()
      : undefined;
  };
  const definitions = calls.map((c) => c.definition!.asKindOrThrow(SyntaxKind.ObjectLiteralExpression));
  // The call written with this tag; else the file's only call (its tag may be a constant).
  const definition =
    definitions.find((d) => tagOf(d) === tag) ??
    (definitions.length === 1 && tagOf(definitions[0]!) === undefined ? definitions[0] : undefined);
  if (definition === undefined) {
    return { problem: `no defineEvent({...}) call with tag "${tag}" is written in this file`, offset: 0 };
  }
  const newline = text.includes("\r\n") ? "\r\n" : "\n";
  const examples = definition.getProperty("examples");
  if (examples !== undefined) {
    const initializer = Node.isPropertyAssignment(examples) ? examples.getInitializer() : undefined;
    if (!Node.isArrayLiteralExpression(initializer)) {
      return { problem: "its `examples` is not an array written in place", offset: examples.getStart() };
    }
    const open = initializer.getStart();
    const close = initializer.getEnd() - 1;
    const elements = initializer.getElements().map((e) => ({ start: e.getStart(), end: e.getEnd() }));
    const at = insertion(text, open, close, elements, (indent, column) => printLiteral(example, column, 1, indent));
    return { text: splice(text, at) };
  }
  const properties = definition.getProperties().map((p) => ({ start: p.getStart(), end: p.getEnd() }));
  const sample = definition.getProperty("sample");
  const open = definition.getStart();
  const close = definition.getEnd() - 1;
  // After `sample` (examples are more of it), else last.
  const after =
    sample === undefined ? properties.length : properties.findIndex((p) => p.start === sample.getStart()) + 1;
  const at = insertion(
    text,
    open,
    close,
    properties.slice(0, after),
    (indent) => {
      // Broken, one example per line, whatever fits: more are appended below it.
      const inner = `${indent}  `;
      return `examples: [${newline}${inner}${printLiteral(example, inner.length, 1, inner)},${newline}${indent}]`;
    },
    properties.slice(after),
  );
  return { text: splice(text, at) };
}

function splice(text: string, at: Insertion): string {
  const done = text.slice(0, at.offset) + at.text + text.slice(at.offset);
  return at.comma === undefined ? done : `${done.slice(0, at.comma)},${done.slice(at.comma)}`;
}

/** Text to insert at an offset, and an offset where a comma goes first (before `offset`). */
interface Insertion {
  readonly offset: number;
  readonly text: string;
  readonly comma?: number;
}

interface Range {
  readonly start: number;
  readonly end: number;
}

/**
 * Where and what to insert to add an item to a list written between `open` (`[` or `{`) and
 * `close`, after the items `before` (others may follow, `after`). A list written one item per
 * line gets a line of its own, indented as the items are, after the comment that may end the
 * previous item's line; a list on one line gets `, item`; an empty list, the item on a line
 * inside it.
 */
function insertion(
  text: string,
  open: number,
  close: number,
  before: readonly Range[],
  print: (indent: string, column: number) => string,
  after: readonly Range[] = [],
): Insertion {
  const newline = text.includes("\r\n") ? "\r\n" : "\n";
  const last = before.at(-1);
  const neighbour = last ?? after[0];
  if (neighbour === undefined) {
    // An empty list: the item on a line of its own, inside it.
    if (text.slice(open, close).includes("\n")) {
      // Broken already (a comment in it, say): the item on the line before the closing bracket.
      const inner = `${indentOf(text, close)}  `;
      const lineStart = text.lastIndexOf("\n", close) + 1;
      return { offset: lineStart, text: `${inner}${print(inner, inner.length)},${newline}` };
    }
    const outer = indentOf(text, open);
    const inner = `${outer}  `;
    return { offset: open + 1, text: `${newline}${inner}${print(inner, inner.length)},${newline}${outer}` };
  }
  const multiline = text.slice(open, close).includes("\n");
  if (!multiline) {
    const printed = print("", 0);
    if (last === undefined) return { offset: after[0]!.start, text: `${printed}, ` };
    const comma = commaAfter(text, last.end, close);
    return comma === undefined
      ? { offset: last.end, text: `, ${printed}` }
      : { offset: comma + 1, text: ` ${printed}${after.length === 0 ? "," : ""}` };
  }
  const indent = indentOf(text, neighbour.start);
  if (last === undefined) {
    // Before the first item, on a line of its own.
    const lineStart = text.lastIndexOf("\n", neighbour.start) + 1;
    return { offset: lineStart, text: `${indent}${print(indent, indent.length)},${newline}` };
  }
  const comma = commaAfter(text, last.end, close);
  // The trailing comma the list is written with (or not), kept for the new last item.
  const trailing = after.length > 0 || comma !== undefined ? "," : "";
  const from = comma === undefined ? last.end : comma + 1;
  const end = lineEnd(text, from);
  const item = `${newline}${indent}${print(indent, indent.length)}${trailing}`;
  // Without a comma after the last item, one goes right after it, and the new item after the comment that may end its line.
  return comma === undefined ? { offset: end, text: item, comma: last.end } : { offset: end, text: item };
}

/** The offset of the comma right after an item (past spaces and comments), if there is one before `limit`. */
function commaAfter(text: string, from: number, limit: number): number | undefined {
  let i = from;
  while (i < limit) {
    const rest = text.slice(i, i + 2);
    if (/\s/.test(text[i]!)) i += 1;
    else if (rest === "//") i = lineEnd(text, i);
    else if (rest === "/*") i = text.indexOf("*/", i + 2) + 2;
    else return text[i] === "," ? i : undefined;
  }
  return undefined;
}

/**
 * Where a new line may start after `from`: the end of its line when only spaces and a comment
 * follow (the comment stays with what it was written after), else `from` itself.
 */
function lineEnd(text: string, from: number): number {
  const newline = text.indexOf("\n", from);
  const end = newline === -1 ? text.length : newline > 0 && text[newline - 1] === "\r" ? newline - 1 : newline;
  const rest = text.slice(from, end);
  return /^\s*(\/\/.*|\/\*.*\*\/\s*)?$/.test(rest) ? end : from;
}

/** The indentation of the line `offset` is on. */
function indentOf(text: string, offset: number): string {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}
