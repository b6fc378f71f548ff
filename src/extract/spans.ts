import type { ts } from "ts-morph";
import type { Position, Span } from "../diagnostics/diagnostic.js";

/** The span of a node's own text: leading comments and whitespace are not part of it. */
export function nodeSpan(node: ts.Node, sourceFile: ts.SourceFile): Span {
  return rangeSpan(sourceFile, node.getStart(sourceFile), node.getEnd());
}

/** The span between two character offsets of a file. */
export function rangeSpan(sourceFile: ts.SourceFile, start: number, end: number): Span {
  return { file: sourceFile.fileName, start: position(sourceFile, start), end: position(sourceFile, end) };
}

function position(sourceFile: ts.SourceFile, offset: number): Position {
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(offset);
  return { line: line + 1, column: character + 1 };
}
