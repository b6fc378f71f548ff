import type * as ts from "typescript";
import { loadCompiler, type TypeScript } from "../util/compiler.js";
import type * as S from "../syntax/tree.js";
import { NODE_NOUNS } from "./node-in-words.js";

/**
 * Files that our parser (`src/syntax/parse.ts`) declines are parsed by TypeScript, and their syntax tree
 * converted to ours here. This is the only module of extraction that loads TypeScript, on the
 * first file that needs it, so a project written in the common subset never loads it.
 */

/**
 * `parseDiagnostics` is internal to TypeScript but always set by createSourceFile; the public
 * way to get syntax errors needs a whole Program, which costs far more than the parse.
 */
interface ParsedSourceFile extends ts.SourceFile {
  readonly parseDiagnostics?: readonly ts.DiagnosticWithLocation[];
}

/** A syntax error as TypeScript reports it. */
export interface SyntaxProblem {
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

/** What TypeScript's parser gave: our tree, or syntax errors (or a stack overflow: `"too deep"`). */
export type TypeScriptParse =
  | { readonly kind: "parsed"; readonly file: S.SyntaxFile }
  | { readonly kind: "invalid"; readonly problems: readonly SyntaxProblem[] }
  | { readonly kind: "too deep"; readonly error: RangeError };

/**
 * Deepest expression nesting converted. The evaluator goes one level deeper per nesting (never
 * for wrappers such as parentheses) and stops at MAX_DEPTH (200), so anything deeper is never
 * read: it is kept as an `other` node with its range, which is all a message could need.
 */
const MAX_CONVERTED_DEPTH = 256;

/** Parses with TypeScript, without binding or type checking, and converts the tree. */
export function parseWithTypeScript(fileName: string, text: string, maxProblems: number): TypeScriptParse {
  const compiler = loadCompiler();
  let sourceFile: ParsedSourceFile;
  try {
    // No parent pointers: nothing here reads `node.parent`, and setting them is a large part of
    // the parse.
    sourceFile = compiler.createSourceFile(fileName, text, compiler.ScriptTarget.Latest, false, compiler.ScriptKind.TS);
  } catch (error) {
    // The parser is recursive, so a few hundred levels of nesting overflow the stack.
    if (!(error instanceof RangeError)) throw error;
    return { kind: "too deep", error };
  }
  const errors = sourceFile.parseDiagnostics ?? [];
  if (errors.length > 0) {
    const problems = errors.slice(0, maxProblems).map((error) => ({
      start: error.start,
      end: error.start + error.length,
      message: compiler.flattenDiagnosticMessageText(error.messageText, "\n"),
    }));
    return { kind: "invalid", problems };
  }
  return { kind: "parsed", file: new Converter(compiler, sourceFile).file() };
}

let nouns: ReadonlyMap<ts.SyntaxKind, string> | undefined;

class Converter {
  private readonly nouns: ReadonlyMap<ts.SyntaxKind, string>;

  constructor(
    private readonly compiler: TypeScript,
    private readonly sourceFile: ts.SourceFile,
  ) {
    this.nouns = nouns ??= nounsByKind(compiler);
  }

  file(): S.SyntaxFile {
    const statements: S.Statement[] = [];
    for (const statement of this.sourceFile.statements) {
      const converted = this.statement(statement);
      if (converted !== undefined) statements.push(converted);
    }
    const { text } = this.sourceFile;
    // As `lineStarts` in src/syntax/tree.ts counts them: a byte order mark is no character of line 1.
    const starts = this.sourceFile.getLineStarts();
    return { text, lineStarts: text.charCodeAt(0) === 0xfeff ? [1, ...starts.slice(1)] : starts, statements };
  }

  private range(node: ts.Node): S.Node {
    return { start: node.getStart(this.sourceFile), end: node.end };
  }

  private statement(statement: ts.Statement): S.Statement | undefined {
    const c = this.compiler;
    if (c.isVariableStatement(statement)) return this.variables(statement);
    if (c.isEnumDeclaration(statement)) {
      return {
        kind: "enum",
        ...this.range(statement),
        ...this.modifiers(statement),
        name: this.identifier(statement.name),
        members: statement.members.map((member) => ({
          kind: "enum-member",
          ...this.range(member),
          name: this.propertyName(member.name, 0),
          initializer: member.initializer === undefined ? undefined : this.expression(member.initializer, 0),
        })),
      };
    }
    if (c.isFunctionDeclaration(statement)) return this.declaration(statement, "function");
    if (c.isClassDeclaration(statement)) return this.declaration(statement, "class");
    if (c.isModuleDeclaration(statement)) return this.declaration(statement, "namespace");
    if (c.isImportEqualsDeclaration(statement)) return this.declaration(statement, "import-equals declaration");
    if (c.isImportDeclaration(statement)) return this.importDeclaration(statement);
    if (c.isExportDeclaration(statement)) return this.exportDeclaration(statement);
    if (c.isExportAssignment(statement) && !statement.isExportEquals) {
      return { kind: "export-default", ...this.range(statement), expression: this.expression(statement.expression, 0) };
    }
    return undefined;
  }

  private modifiers(statement: ts.Statement): { exported: boolean; isDefault: boolean } {
    const c = this.compiler;
    const modifiers = c.canHaveModifiers(statement) ? (c.getModifiers(statement) ?? []) : [];
    return {
      exported: modifiers.some((m) => m.kind === c.SyntaxKind.ExportKeyword),
      isDefault: modifiers.some((m) => m.kind === c.SyntaxKind.DefaultKeyword),
    };
  }

  private variables(statement: ts.VariableStatement): S.VariableStatement {
    const c = this.compiler;
    const list = statement.declarationList;
    // `await using` sets the Const bit too, so compare the whole block-scope field.
    const scope = list.flags & c.NodeFlags.BlockScoped;
    const keyword =
      scope === c.NodeFlags.Const ? "const" : scope === c.NodeFlags.Let ? "let" : scope === 0 ? "var" : "using";
    return {
      kind: "variables",
      ...this.range(statement),
      ...this.modifiers(statement),
      keyword,
      declarations: list.declarations.map((declaration) => ({
        kind: "variable",
        ...this.range(declaration),
        name: c.isIdentifier(declaration.name)
          ? this.identifier(declaration.name)
          : { kind: "pattern", ...this.range(declaration.name), names: this.boundNames(declaration.name) },
        initializer: declaration.initializer === undefined ? undefined : this.expression(declaration.initializer, 0),
      })),
    };
  }

  /** The identifiers a destructuring pattern declares, such as `a` and `c` in `{ a, b: [c] }`. */
  private boundNames(pattern: ts.BindingPattern): S.Identifier[] {
    const names: S.Identifier[] = [];
    const pending: ts.BindingName[] = [pattern];
    for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
      if (this.compiler.isIdentifier(name)) {
        names.push(this.identifier(name));
        continue;
      }
      for (const element of name.elements) {
        if (!this.compiler.isOmittedExpression(element)) pending.push(element.name);
      }
    }
    return names;
  }

  private declaration(statement: ts.DeclarationStatement, what: string): S.OtherDeclaration {
    const name = statement.name;
    return {
      kind: "declaration",
      ...this.range(statement),
      ...this.modifiers(statement),
      what,
      name: name !== undefined && this.compiler.isIdentifier(name) ? name.text : undefined,
    };
  }

  private importDeclaration(statement: ts.ImportDeclaration): S.ImportDeclaration | undefined {
    const c = this.compiler;
    if (!c.isStringLiteral(statement.moduleSpecifier)) return undefined;
    const specifier = this.string(statement.moduleSpecifier);
    const clause = statement.importClause;
    if (clause === undefined) return { kind: "import", ...this.range(statement), specifier, clause: undefined };
    const bindings = clause.namedBindings;
    return {
      kind: "import",
      ...this.range(statement),
      specifier,
      clause: {
        kind: "import-clause",
        ...this.range(clause),
        defaultName: clause.name?.text,
        namespace:
          bindings !== undefined && c.isNamespaceImport(bindings)
            ? { kind: "namespace-import", ...this.range(bindings), name: bindings.name.text }
            : undefined,
        named:
          bindings !== undefined && c.isNamedImports(bindings)
            ? bindings.elements.map((element) => ({
                kind: "import-specifier",
                ...this.range(element),
                name: element.name.text,
                importedName: (element.propertyName ?? element.name).text,
              }))
            : undefined,
      },
    };
  }

  private exportDeclaration(statement: ts.ExportDeclaration): S.ExportDeclaration | undefined {
    const c = this.compiler;
    const { moduleSpecifier, exportClause } = statement;
    // Anything but a string here is a syntax error, which the parser has reported.
    if (moduleSpecifier !== undefined && !c.isStringLiteral(moduleSpecifier)) return undefined;
    let clause: S.ExportDeclaration["clause"];
    if (exportClause === undefined) clause = undefined;
    else if (c.isNamespaceExport(exportClause)) {
      clause = { kind: "namespace-export", ...this.range(exportClause), name: exportClause.name.text };
    } else {
      const elements = exportClause.elements.map((element): S.ExportSpecifier => {
        const local = element.propertyName ?? element.name;
        return {
          kind: "export-specifier",
          ...this.range(element),
          name: element.name.text,
          local: c.isIdentifier(local) ? this.identifier(local) : this.string(local),
        };
      });
      clause = { kind: "named-exports", ...this.range(exportClause), elements };
    }
    return {
      kind: "export",
      ...this.range(statement),
      typeOnly: statement.isTypeOnly,
      specifier: moduleSpecifier === undefined ? undefined : this.string(moduleSpecifier),
      clause,
    };
  }

  private identifier(node: ts.Identifier | ts.PrivateIdentifier): S.Identifier {
    return { kind: "identifier", ...this.range(node), name: node.text };
  }

  private string(node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral): S.StringLiteral {
    return { kind: "string", ...this.range(node), value: node.text };
  }

  private other(node: ts.Node): S.Other {
    return { kind: "other", ...this.range(node), noun: this.nouns.get(node.kind) ?? "the expression" };
  }

  /** Converts an expression `depth` levels below the root of its statement's expression. */
  private expression(node: ts.Expression, depth: number): S.Expression {
    // Wrappers cost the evaluator no depth, so they are unwrapped in a loop, not recursively.
    const wrappers: ts.Expression[] = [];
    let inner = node;
    while (isWrapper(this.compiler, inner)) {
      wrappers.push(inner);
      inner = inner.expression;
    }
    let result = this.unwrapped(inner, depth);
    for (let i = wrappers.length - 1; i >= 0; i -= 1) {
      result = { kind: "wrapper", ...this.range(wrappers[i]!), expression: result };
    }
    return result;
  }

  private unwrapped(node: ts.Expression, depth: number): S.Expression {
    const c = this.compiler;
    if (depth > MAX_CONVERTED_DEPTH) return this.other(node);
    const next = depth + 1;
    if (c.isStringLiteral(node) || c.isNoSubstitutionTemplateLiteral(node)) return this.string(node);
    if (c.isNumericLiteral(node)) return { kind: "number", ...this.range(node), value: Number(node.text) };
    if (c.isIdentifier(node)) return this.identifier(node);
    if (c.isPrefixUnaryExpression(node)) {
      const operator =
        node.operator === c.SyntaxKind.MinusToken ? "-" : node.operator === c.SyntaxKind.PlusToken ? "+" : "other";
      return { kind: "prefix", ...this.range(node), operator, operand: this.expression(node.operand, next) };
    }
    if (c.isArrayLiteralExpression(node)) {
      return {
        kind: "array",
        ...this.range(node),
        elements: node.elements.map((element) =>
          c.isSpreadElement(element)
            ? { kind: "spread-element", ...this.range(element), expression: this.expression(element.expression, next) }
            : this.expression(element, next),
        ),
      };
    }
    if (c.isObjectLiteralExpression(node)) {
      return {
        kind: "object",
        ...this.range(node),
        members: node.properties.map((member) => this.member(member, next)),
      };
    }
    if (c.isPropertyAccessExpression(node)) {
      return {
        kind: "property-access",
        ...this.range(node),
        object: this.expression(node.expression, next),
        name: this.identifier(node.name),
      };
    }
    if (c.isElementAccessExpression(node)) {
      return {
        kind: "element-access",
        ...this.range(node),
        object: this.expression(node.expression, next),
        argument: this.expression(node.argumentExpression, next),
      };
    }
    if (c.isCallExpression(node)) {
      return {
        kind: "call",
        ...this.range(node),
        callee: this.expression(node.expression, next),
        arguments: node.arguments.map((argument) => this.expression(argument, next)),
      };
    }
    switch (node.kind) {
      case c.SyntaxKind.TrueKeyword:
      case c.SyntaxKind.FalseKeyword:
        return { kind: "boolean", ...this.range(node), value: node.kind === c.SyntaxKind.TrueKeyword };
      case c.SyntaxKind.NullKeyword:
        return { kind: "null", ...this.range(node) };
      default:
        return this.other(node);
    }
  }

  private member(member: ts.ObjectLiteralElementLike, depth: number): S.ObjectMember {
    const c = this.compiler;
    if (c.isPropertyAssignment(member)) {
      return {
        kind: "keyed",
        ...this.range(member),
        name: this.propertyName(member.name, depth),
        value: this.expression(member.initializer, depth),
      };
    }
    if (c.isShorthandPropertyAssignment(member) && member.objectAssignmentInitializer === undefined) {
      return { kind: "shorthand", ...this.range(member), name: this.identifier(member.name) };
    }
    if (c.isSpreadAssignment(member)) {
      return { kind: "spread", ...this.range(member), expression: this.expression(member.expression, depth) };
    }
    const name = member.name;
    const plain = name !== undefined && (c.isIdentifier(name) || c.isStringLiteral(name)) ? name.text : undefined;
    return {
      kind: "other-member",
      ...this.range(member),
      noun: this.nouns.get(member.kind) ?? "the expression",
      name: plain,
    };
  }

  private propertyName(name: ts.PropertyName, depth: number): S.PropertyName {
    const c = this.compiler;
    if (c.isIdentifier(name)) return this.identifier(name);
    if (c.isStringLiteral(name) || c.isNoSubstitutionTemplateLiteral(name)) return this.string(name);
    if (c.isNumericLiteral(name)) return { kind: "number", ...this.range(name), value: Number(name.text) };
    if (c.isComputedPropertyName(name)) {
      return { kind: "computed", ...this.range(name), expression: this.expression(name.expression, depth) };
    }
    return this.other(name);
  }
}

type Wrapper =
  ts.ParenthesizedExpression | ts.AsExpression | ts.SatisfiesExpression | ts.NonNullExpression | ts.TypeAssertion;

function isWrapper(c: TypeScript, expression: ts.Expression): expression is Wrapper {
  switch (expression.kind) {
    case c.SyntaxKind.ParenthesizedExpression:
    case c.SyntaxKind.AsExpression:
    case c.SyntaxKind.SatisfiesExpression:
    case c.SyntaxKind.NonNullExpression:
    case c.SyntaxKind.TypeAssertionExpression:
      return true;
    default:
      return false;
  }
}

/** How messages name the kinds of code that our tree keeps as `other` (see `node-in-words.ts`). */
function nounsByKind(c: TypeScript): ReadonlyMap<ts.SyntaxKind, string> {
  return new Map([
    [c.SyntaxKind.NewExpression, "a `new` expression"],
    [c.SyntaxKind.ArrowFunction, "a function"],
    [c.SyntaxKind.FunctionExpression, "a function"],
    [c.SyntaxKind.ClassExpression, "a class"],
    [c.SyntaxKind.TemplateExpression, "a template literal with substitutions"],
    [c.SyntaxKind.TaggedTemplateExpression, "a tagged template"],
    [c.SyntaxKind.BinaryExpression, "a binary expression"],
    [c.SyntaxKind.ConditionalExpression, "a conditional expression"],
    [c.SyntaxKind.PostfixUnaryExpression, "a unary expression"],
    [c.SyntaxKind.TypeOfExpression, "a typeof expression"],
    [c.SyntaxKind.VoidExpression, "a void expression"],
    [c.SyntaxKind.DeleteExpression, "a delete expression"],
    [c.SyntaxKind.AwaitExpression, "an await expression"],
    [c.SyntaxKind.YieldExpression, "a yield expression"],
    [c.SyntaxKind.RegularExpressionLiteral, "a regular expression"],
    [c.SyntaxKind.BigIntLiteral, "a bigint"],
    [c.SyntaxKind.ThisKeyword, "the keyword"],
    [c.SyntaxKind.SuperKeyword, "the keyword"],
    [c.SyntaxKind.MethodDeclaration, "a method"],
    [c.SyntaxKind.GetAccessor, "a getter"],
    [c.SyntaxKind.SetAccessor, "a setter"],
    [c.SyntaxKind.OmittedExpression, "an empty array slot"],
    // Kinds our tree has its own node for, named as node-in-words.ts names them: these are here for
    // nodes converted as `other` because they are nested too deeply to be read.
    [c.SyntaxKind.CallExpression, NODE_NOUNS.call],
    [c.SyntaxKind.PrefixUnaryExpression, NODE_NOUNS.prefix],
    [c.SyntaxKind.ObjectLiteralExpression, NODE_NOUNS.object],
    [c.SyntaxKind.ArrayLiteralExpression, NODE_NOUNS.array],
    [c.SyntaxKind.StringLiteral, NODE_NOUNS.string],
    [c.SyntaxKind.NoSubstitutionTemplateLiteral, NODE_NOUNS.string],
    [c.SyntaxKind.NumericLiteral, NODE_NOUNS.number],
    [c.SyntaxKind.TrueKeyword, NODE_NOUNS.boolean],
    [c.SyntaxKind.FalseKeyword, NODE_NOUNS.boolean],
    [c.SyntaxKind.NullKeyword, NODE_NOUNS.null],
    [c.SyntaxKind.Identifier, NODE_NOUNS.identifier],
    [c.SyntaxKind.PropertyAccessExpression, NODE_NOUNS["property-access"]],
    [c.SyntaxKind.ElementAccessExpression, NODE_NOUNS["element-access"]],
  ]);
}
