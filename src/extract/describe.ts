import type { ts } from "ts-morph";
import { typescript } from "../typescript.js";
/** The compiler API as a value (`ts`, imported as a type, names its types). */
const compiler = typescript();

/** Longest source excerpt quoted in a message; longer code is cut with an ellipsis. */
const MAX_EXCERPT_LENGTH = 40;

/** How each kind of expression is named in messages; any other kind is "the expression". */
const NOUNS: ReadonlyMap<ts.SyntaxKind, string> = new Map([
  [compiler.SyntaxKind.CallExpression, "a function call"],
  [compiler.SyntaxKind.NewExpression, "a `new` expression"],
  [compiler.SyntaxKind.ArrowFunction, "a function"],
  [compiler.SyntaxKind.FunctionExpression, "a function"],
  [compiler.SyntaxKind.ClassExpression, "a class"],
  [compiler.SyntaxKind.TemplateExpression, "a template literal with substitutions"],
  [compiler.SyntaxKind.TaggedTemplateExpression, "a tagged template"],
  [compiler.SyntaxKind.BinaryExpression, "a binary expression"],
  [compiler.SyntaxKind.ConditionalExpression, "a conditional expression"],
  [compiler.SyntaxKind.PrefixUnaryExpression, "a unary expression"],
  [compiler.SyntaxKind.PostfixUnaryExpression, "a unary expression"],
  [compiler.SyntaxKind.TypeOfExpression, "a typeof expression"],
  [compiler.SyntaxKind.VoidExpression, "a void expression"],
  [compiler.SyntaxKind.DeleteExpression, "a delete expression"],
  [compiler.SyntaxKind.AwaitExpression, "an await expression"],
  [compiler.SyntaxKind.YieldExpression, "a yield expression"],
  [compiler.SyntaxKind.RegularExpressionLiteral, "a regular expression"],
  [compiler.SyntaxKind.BigIntLiteral, "a bigint"],
  [compiler.SyntaxKind.ThisKeyword, "the keyword"],
  [compiler.SyntaxKind.SuperKeyword, "the keyword"],
  [compiler.SyntaxKind.MethodDeclaration, "a method"],
  [compiler.SyntaxKind.GetAccessor, "a getter"],
  [compiler.SyntaxKind.SetAccessor, "a setter"],
  [compiler.SyntaxKind.OmittedExpression, "an empty array slot"],
  [compiler.SyntaxKind.ObjectLiteralExpression, "an object literal"],
  [compiler.SyntaxKind.ArrayLiteralExpression, "an array literal"],
  [compiler.SyntaxKind.StringLiteral, "a string"],
  [compiler.SyntaxKind.NoSubstitutionTemplateLiteral, "a string"],
  [compiler.SyntaxKind.NumericLiteral, "a number"],
  [compiler.SyntaxKind.TrueKeyword, "a boolean"],
  [compiler.SyntaxKind.FalseKeyword, "a boolean"],
  [compiler.SyntaxKind.NullKeyword, "the value"],
  [compiler.SyntaxKind.Identifier, "the name"],
  [compiler.SyntaxKind.PropertyAccessExpression, "the property access"],
  [compiler.SyntaxKind.ElementAccessExpression, "the element access"],
]);

/**
 * Names a piece of code in words for a message, quoting a short excerpt of it:
 * "a function call `makeHeaders()`", "a binary expression `a + b`".
 */
export function describeNode(node: ts.Node, sourceFile: ts.SourceFile): string {
  const noun = NOUNS.get(node.kind) ?? "the expression";
  const code = excerpt(node, sourceFile);
  return code === "" ? noun : `${noun} ${code}`;
}

/** The node's source text on one line, cut to a readable length and quoted as code. */
export function excerpt(node: ts.Node, sourceFile: ts.SourceFile): string {
  // Only the beginning can be shown, so never copy the whole text of a huge node.
  const start = node.getStart(sourceFile);
  const end = Math.min(node.getEnd(), start + 4 * MAX_EXCERPT_LENGTH);
  const text = sourceFile.text.slice(start, end).replace(/\s+/g, " ").trim();
  if (text === "") return "";
  const codePoints = Array.from(text);
  const shown =
    codePoints.length > MAX_EXCERPT_LENGTH || end < node.getEnd()
      ? `${codePoints.slice(0, MAX_EXCERPT_LENGTH - 1).join("")}…`
      : text;
  return quoteCode(shown);
}

/** Quotes code as Markdown does, so that code containing a backtick (a template) stays readable. */
function quoteCode(code: string): string {
  return code.includes("`") ? `\`\` ${code} \`\`` : `\`${code}\``;
}
