import type { ts } from "ts-morph";
import type { Position, Span } from "../diagnostics/diagnostic.js";

/** A parsed file and the path it was read from (spans use this path, not TypeScript's normalized one). */
export interface ParsedFile {
  readonly path: string;
  readonly sourceFile: ts.SourceFile;
}

/** The span of a node's own text: leading comments and whitespace are not part of it. */
export function nodeSpan(node: ts.Node, file: ParsedFile): Span {
  return rangeSpan(file, node.getStart(file.sourceFile), node.getEnd());
}

/** The span between two character offsets of a file. */
export function rangeSpan(file: ParsedFile, start: number, end: number): Span {
  return { file: file.path, start: position(file.sourceFile, start), end: position(file.sourceFile, end) };
}

function position(sourceFile: ts.SourceFile, offset: number): Position {
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(offset);
  return { line: line + 1, column: character + 1 };
}
