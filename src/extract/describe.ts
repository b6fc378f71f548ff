import { ts } from "ts-morph";

/** Longest source excerpt quoted in a message; longer code is cut with an ellipsis. */
const MAX_EXCERPT_LENGTH = 40;

/** How each kind of expression is named in messages; any other kind is "the expression". */
const NOUNS: ReadonlyMap<ts.SyntaxKind, string> = new Map([
  [ts.SyntaxKind.CallExpression, "a function call"],
  [ts.SyntaxKind.NewExpression, "a `new` expression"],
  [ts.SyntaxKind.ArrowFunction, "a function"],
  [ts.SyntaxKind.FunctionExpression, "a function"],
  [ts.SyntaxKind.ClassExpression, "a class"],
  [ts.SyntaxKind.TemplateExpression, "a template literal with substitutions"],
  [ts.SyntaxKind.TaggedTemplateExpression, "a tagged template"],
  [ts.SyntaxKind.BinaryExpression, "a binary expression"],
  [ts.SyntaxKind.ConditionalExpression, "a conditional expression"],
  [ts.SyntaxKind.PrefixUnaryExpression, "a unary expression"],
  [ts.SyntaxKind.PostfixUnaryExpression, "a unary expression"],
  [ts.SyntaxKind.TypeOfExpression, "a typeof expression"],
  [ts.SyntaxKind.VoidExpression, "a void expression"],
  [ts.SyntaxKind.DeleteExpression, "a delete expression"],
  [ts.SyntaxKind.AwaitExpression, "an await expression"],
  [ts.SyntaxKind.YieldExpression, "a yield expression"],
  [ts.SyntaxKind.RegularExpressionLiteral, "a regular expression"],
  [ts.SyntaxKind.BigIntLiteral, "a bigint"],
  [ts.SyntaxKind.ThisKeyword, "the keyword"],
  [ts.SyntaxKind.SuperKeyword, "the keyword"],
  [ts.SyntaxKind.MethodDeclaration, "a method"],
  [ts.SyntaxKind.GetAccessor, "a getter"],
  [ts.SyntaxKind.SetAccessor, "a setter"],
  [ts.SyntaxKind.OmittedExpression, "an empty array slot"],
  [ts.SyntaxKind.ObjectLiteralExpression, "an object literal"],
  [ts.SyntaxKind.ArrayLiteralExpression, "an array literal"],
  [ts.SyntaxKind.StringLiteral, "a string"],
  [ts.SyntaxKind.NoSubstitutionTemplateLiteral, "a string"],
  [ts.SyntaxKind.NumericLiteral, "a number"],
  [ts.SyntaxKind.TrueKeyword, "a boolean"],
  [ts.SyntaxKind.FalseKeyword, "a boolean"],
  [ts.SyntaxKind.NullKeyword, "the value"],
  [ts.SyntaxKind.Identifier, "the name"],
  [ts.SyntaxKind.PropertyAccessExpression, "the property access"],
  [ts.SyntaxKind.ElementAccessExpression, "the element access"],
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
