import { Char, Scanner, decline } from "./scanner.js";
import type * as S from "./tree.js";
import { lineStarts } from "./tree.js";

/**
 * Deepest nesting of expressions and types parsed (each bracket, sign, access or type argument is
 * a level). Real payloads are a handful of levels deep; a deeper file goes to TypeScript, so the
 * recursion here stays far from the stack limit.
 */
const MAX_NESTING = 100;

/**
 * Words declined where a name is expected (a binding, a reference, a shorthand property, a
 * local export): reserved words, strict-mode reserved words, and the contextual keywords that
 * start or change other constructs. Property names after `.` and keys may be any word.
 */
const RESERVED: ReadonlySet<string> = new Set([
  ...["break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else"],
  ...["enum", "export", "extends", "false", "finally", "for", "function", "if", "import", "in", "instanceof"],
  ...["new", "null", "return", "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void"],
  ...["while", "with", "implements", "interface", "let", "package", "private", "protected", "public"],
  ...["static", "yield", "await", "eval", "arguments", "abstract", "accessor", "as", "asserts", "async"],
  ...["declare", "defer", "from", "get", "global", "infer", "is", "keyof", "module", "namespace", "of"],
  ...["out", "override", "readonly", "require", "satisfies", "set", "source", "type", "unique", "using"],
]);

/** Words that name a type although they are reserved as values. */
const TYPE_WORDS: ReadonlySet<string> = new Set(["null", "void", "true", "false"]);

/**
 * A recursive-descent parser over the tokens of Scanner, which it extends so that the current
 * token is read from its own fields. Node ends are `previousEnd`, the end of the last token taken.
 */
export class Parser extends Scanner {
  private depth = 0;

  constructor(
    text: string,
    /** Whether TypeScript-only syntax is declined (see ParseOptions). */
    private readonly javascript: boolean,
  ) {
    super(text);
  }

  /** Called where syntax only TypeScript has begins: declined when reading JavaScript. */
  private typeScriptOnly(): void {
    if (this.javascript) decline();
  }

  file(): S.SyntaxFile {
    if (this.text.charCodeAt(0) === Char.ByteOrderMark) this.pos = 1;
    this.next();
    const statements: S.Statement[] = [];
    while (this.kind !== "end") {
      const statement = this.statement();
      if (statement !== undefined) statements.push(statement);
    }
    return { text: this.text, lineStarts: lineStarts(this.text), statements };
  }

  /** A JSON document as a module whose default export is its value (see parseJsonModuleText). */
  json(): S.SyntaxFile {
    if (this.text.charCodeAt(0) === Char.ByteOrderMark) this.pos = 1;
    this.next();
    const start = this.start;
    const expression = this.expression();
    if (this.kind !== "end") decline();
    const statement: S.ExportDefault = { kind: "export-default", start, end: this.previousEnd, expression };
    return { text: this.text, lineStarts: lineStarts(this.text), statements: [statement] };
  }

  // -------------------------------------------------------------------------------------------
  // Statements

  private statement(): S.Statement | undefined {
    const start = this.start;
    if (this.is(";")) {
      this.next();
      return undefined;
    }
    if (this.kind !== "word") decline();
    switch (this.value) {
      case "import":
        return this.importDeclaration();
      case "export":
        return this.exportStatement();
      case "const":
      case "let":
      case "var":
        return this.variableStatement(start, false);
      case "enum":
        return this.enumDeclaration(start, false);
      case "type":
        return this.typeAlias();
      case "interface":
        return this.interfaceDeclaration();
      default:
        return decline();
    }
  }

  /** `type Name = T;`, which binds no value: it is checked and skipped. */
  private typeAlias(): undefined {
    this.typeScriptOnly();
    this.next();
    // `type` is also a name: only `type Name =` on one line is read as an alias here.
    if (this.newline) decline();
    this.bindingIdentifier();
    this.expect("=");
    this.type();
    this.semicolon();
    return undefined;
  }

  /** `interface Name { members }`, which binds no value: it is checked and skipped. */
  private interfaceDeclaration(): undefined {
    this.typeScriptOnly();
    this.next();
    if (this.newline) decline();
    this.bindingIdentifier();
    this.objectType();
    return undefined;
  }

  /** `const a = 1, b: T = 2;`, after any `export`. */
  private variableStatement(start: number, exported: boolean): S.VariableStatement {
    const keyword = this.value as "const" | "let" | "var";
    this.next();
    // `let` is also a name; only a declaration on one line is read as one here.
    if (keyword === "let" && this.newline) decline();
    const declarations: S.VariableDeclaration[] = [];
    for (;;) {
      const name = this.bindingIdentifier();
      if (this.is(":")) {
        this.next();
        this.type();
      }
      let initializer: S.Expression | undefined;
      if (this.is("=")) {
        this.next();
        initializer = this.expression();
      } else if (keyword === "const") {
        decline();
      }
      declarations.push({ kind: "variable", start: name.start, end: this.previousEnd, name, initializer });
      if (!this.is(",")) break;
      this.next();
    }
    this.semicolon();
    return { kind: "variables", start, end: this.previousEnd, exported, isDefault: false, keyword, declarations };
  }

  /** `enum E { A, B = "b" }`, after any `export`. */
  private enumDeclaration(start: number, exported: boolean): S.EnumDeclaration {
    this.typeScriptOnly();
    this.next();
    const name = this.bindingIdentifier();
    this.expect("{");
    const members: S.EnumMember[] = [];
    while (!this.is("}")) {
      let memberName: S.Identifier | S.StringLiteral;
      if (this.kind === "string") memberName = this.stringLiteral();
      else memberName = this.bindingIdentifier();
      let initializer: S.Expression | undefined;
      if (this.is("=")) {
        this.next();
        initializer = this.expression();
      }
      members.push({
        kind: "enum-member",
        start: memberName.start,
        end: this.previousEnd,
        name: memberName,
        initializer,
      });
      this.listSeparator("}");
    }
    this.next();
    return { kind: "enum", start, end: this.previousEnd, exported, isDefault: false, name, members };
  }

  /** `import "x"`, `import a, { b as c, type D } from "x"`, `import * as ns from "x"`, `import type {...}`. */
  private importDeclaration(): S.ImportDeclaration {
    const start = this.start;
    this.next();
    if (this.kind === "string") {
      const specifier = this.moduleSpecifier();
      return { kind: "import", start, end: this.previousEnd, specifier, clause: undefined };
    }
    const clauseStart = this.start;
    // `import type X from` (and `import type from`) have readings not worth telling apart here.
    if (this.isWord("type")) this.typeModifierBefore("{", "*");
    let defaultName: string | undefined;
    let namespace: S.NamespaceImport | undefined;
    let named: S.ImportSpecifier[] | undefined;
    let more = true;
    if (this.kind === "word") {
      defaultName = this.bindingIdentifier().name;
      more = this.is(",");
      if (more) this.next();
    }
    if (more && this.is("*")) {
      const namespaceStart = this.start;
      this.next();
      this.expectWord("as");
      const name = this.bindingIdentifier().name;
      namespace = { kind: "namespace-import", start: namespaceStart, end: this.previousEnd, name };
    } else if (more && this.is("{")) {
      named = this.importSpecifiers();
    } else if (more && defaultName !== undefined) {
      decline();
    }
    const clause: S.ImportClause = {
      kind: "import-clause",
      start: clauseStart,
      end: this.previousEnd,
      defaultName,
      namespace,
      named,
    };
    this.expectWord("from");
    const specifier = this.moduleSpecifier();
    return { kind: "import", start, end: this.previousEnd, specifier, clause };
  }

  /** `{ a, b as c, type D }` */
  private importSpecifiers(): S.ImportSpecifier[] {
    this.next();
    const specifiers: S.ImportSpecifier[] = [];
    while (!this.is("}")) {
      const start = this.start;
      if (this.isWord("type")) this.typeModifierBefore("word");
      if (this.kind !== "word") decline();
      const importedName = this.value;
      this.next();
      let name = importedName;
      if (this.isWord("as")) {
        this.next();
        name = this.bindingIdentifier().name;
      } else if (RESERVED.has(importedName)) {
        decline();
      }
      specifiers.push({ kind: "import-specifier", start, end: this.previousEnd, name, importedName });
      this.listSeparator("}");
    }
    this.next();
    return specifiers;
  }

  /** Everything after `export`. */
  private exportStatement(): S.Statement | undefined {
    const start = this.start;
    this.next();
    if (this.kind !== "word" && this.kind !== "punctuation") decline();
    switch (this.value) {
      case "default": {
        this.next();
        const expression = this.expression();
        this.semicolon();
        return { kind: "export-default", start, end: this.previousEnd, expression };
      }
      case "const":
      case "let":
      case "var":
        return this.variableStatement(start, true);
      case "enum":
        return this.enumDeclaration(start, true);
      case "*":
        return this.exportStar(start);
      case "type":
        return this.peekIs("{") ? this.exportNamed(start) : this.typeAlias();
      case "interface":
        return this.interfaceDeclaration();
      case "{":
        return this.exportNamed(start);
      default:
        return decline();
    }
  }

  /** `export * from "x"` and `export * as ns from "x"`. */
  private exportStar(start: number): S.ExportDeclaration {
    const namespaceStart = this.start;
    this.next();
    let clause: S.NamespaceExport | undefined;
    if (this.isWord("as")) {
      this.next();
      const name = this.bindingIdentifier().name;
      clause = { kind: "namespace-export", start: namespaceStart, end: this.previousEnd, name };
    }
    this.expectWord("from");
    const specifier = this.moduleSpecifier();
    return { kind: "export", start, end: this.previousEnd, typeOnly: false, specifier, clause };
  }

  /** `export { a, b as c }`, `export { a } from "x"`, and the same after `export type`. */
  private exportNamed(start: number): S.ExportDeclaration {
    const typeOnly = this.isWord("type");
    if (typeOnly) this.typeModifierBefore("{");
    const clauseStart = this.start;
    this.next();
    const elements: S.ExportSpecifier[] = [];
    let reservedLocal = false;
    while (!this.is("}")) {
      const elementStart = this.start;
      if (this.isWord("type")) this.typeModifierBefore("word");
      if (this.kind !== "word") decline();
      const local: S.Identifier = { kind: "identifier", start: this.start, end: this.end, name: this.value };
      reservedLocal ||= RESERVED.has(local.name);
      this.next();
      let name = local.name;
      if (this.isWord("as")) {
        this.next();
        if (this.kind !== "word") decline();
        name = this.value;
        this.next();
      }
      elements.push({ kind: "export-specifier", start: elementStart, end: this.previousEnd, name, local });
      this.listSeparator("}");
    }
    this.next();
    const clause: S.NamedExports = { kind: "named-exports", start: clauseStart, end: this.previousEnd, elements };
    let specifier: S.StringLiteral | undefined;
    if (this.isWord("from")) {
      this.next();
      specifier = this.moduleSpecifier();
    } else {
      // Without `from`, each local name must be a binding of this file.
      if (reservedLocal) decline();
      this.semicolon();
    }
    return { kind: "export", start, end: this.previousEnd, typeOnly, specifier, clause };
  }

  /** The string after `from` (or `import`), and the end of the statement; import attributes are declined. */
  private moduleSpecifier(): S.StringLiteral {
    if (this.kind !== "string") decline();
    const specifier = this.stringLiteral();
    if (this.isWord("with")) this.importAttributes();
    else if (this.isWord("assert")) decline();
    this.semicolon();
    return specifier;
  }

  /** `with { type: "json" }`: read and left out of the tree (a JSON file is read as JSON whatever they say). */
  private importAttributes(): void {
    this.next();
    this.expect("{");
    while (!this.is("}")) {
      if (this.kind !== "word" && this.kind !== "string") decline();
      this.next();
      this.expect(":");
      if (this.kind !== "string") decline();
      this.next();
      if (!this.is(",")) break;
      this.next();
    }
    this.expect("}");
  }

  /**
   * Takes `type` as a modifier when the next token is one of `follows` (a punctuation, or "word"
   * for a name other than `as`); any other use of `type` there is declined.
   */
  private typeModifierBefore(...follows: string[]): void {
    this.typeScriptOnly();
    const saved = this.save();
    this.next();
    const fits =
      (this.kind === "punctuation" && follows.includes(this.value)) ||
      (this.kind === "word" && follows.includes("word") && this.value !== "as");
    if (!fits) decline();
    this.restore(saved);
    this.next();
  }

  /** Ends a statement: a `;`, or a line break, `}` or the end of the file before the next token. */
  private semicolon(): void {
    if (this.is(";")) this.next();
    else if (!this.newline && !this.is("}") && this.kind !== "end") decline();
  }

  // -------------------------------------------------------------------------------------------
  // Expressions

  /** An expression, with any `as T` and `satisfies T` after it. */
  private expression(): S.Expression {
    this.enter();
    let expression = this.unary();
    // On a new line, `as` and `satisfies` begin another statement, not a type assertion.
    while ((this.isWord("as") || this.isWord("satisfies")) && !this.newline) {
      this.typeScriptOnly();
      const isAs = this.value === "as";
      this.next();
      if (isAs && this.isWord("const")) this.next();
      else this.type();
      expression = { kind: "wrapper", start: expression.start, end: this.previousEnd, expression };
    }
    this.depth -= 1;
    return expression;
  }

  /** `-x`, `+x`, or a member expression. */
  private unary(): S.Expression {
    if (this.is("-") || this.is("+")) {
      const start = this.start;
      const operator = this.value as "-" | "+";
      this.next();
      this.enter();
      const operand = this.unary();
      this.depth -= 1;
      return { kind: "prefix", start, end: this.previousEnd, operator, operand };
    }
    return this.member();
  }

  /** A primary expression followed by `.name`, `[index]`, `(arguments)` and `!`. */
  private member(): S.Expression {
    let expression = this.primary();
    // Most values are followed by `,` or `}`, and end here.
    if (this.is(",") || this.is("}")) return expression;
    const depth = this.depth;
    for (;;) {
      const start = expression.start;
      if (this.is(".")) {
        this.next();
        if (this.kind !== "word") decline();
        const name: S.Identifier = { kind: "identifier", start: this.start, end: this.end, name: this.value };
        this.next();
        expression = { kind: "property-access", start, end: this.previousEnd, object: expression, name };
      } else if (this.is("[")) {
        this.next();
        const argument = this.expression();
        this.expect("]");
        expression = { kind: "element-access", start, end: this.previousEnd, object: expression, argument };
      } else if (this.is("(")) {
        this.next();
        const args: S.Expression[] = [];
        while (!this.is(")")) {
          args.push(this.expression());
          this.listSeparator(")");
        }
        this.next();
        expression = { kind: "call", start, end: this.previousEnd, callee: expression, arguments: args };
      } else if (this.is("!") && !this.newline) {
        this.typeScriptOnly();
        this.next();
        expression = { kind: "wrapper", start, end: this.previousEnd, expression };
      } else if (this.kind === "template") {
        // A tagged template.
        decline();
      } else {
        break;
      }
      // Each access nests the expression before it one level deeper.
      this.enter();
    }
    this.depth = depth;
    return expression;
  }

  private primary(): S.Expression {
    const start = this.start;
    switch (this.kind) {
      case "string":
      case "template":
        return this.stringLiteral();
      case "number": {
        const value = this.numberValue;
        this.next();
        return { kind: "number", start, end: this.previousEnd, value };
      }
      case "word":
        return this.wordExpression();
      case "punctuation":
        break;
      case "end":
        return decline();
    }
    switch (this.value) {
      case "(": {
        this.next();
        const expression = this.expression();
        this.expect(")");
        return { kind: "wrapper", start, end: this.previousEnd, expression };
      }
      case "[":
        return this.arrayLiteral();
      case "{":
        return this.objectLiteral();
      default:
        return decline();
    }
  }

  /** `true`, `false`, `null`, or a name. */
  private wordExpression(): S.Expression {
    const { start, end, value } = this;
    if (value === "true" || value === "false") {
      this.next();
      return { kind: "boolean", start, end, value: value === "true" };
    }
    if (value === "null") {
      this.next();
      return { kind: "null", start, end };
    }
    return this.bindingIdentifier();
  }

  private arrayLiteral(): S.ArrayLiteral {
    const start = this.start;
    this.next();
    const elements: (S.Expression | S.SpreadElement)[] = [];
    while (!this.is("]")) {
      if (this.is("...")) {
        const spreadStart = this.start;
        this.next();
        const expression = this.expression();
        elements.push({ kind: "spread-element", start: spreadStart, end: this.previousEnd, expression });
      } else {
        // An empty slot (`[a, , b]`) is declined here: the expression cannot start with `,`.
        elements.push(this.expression());
      }
      this.listSeparator("]");
    }
    this.next();
    return { kind: "array", start, end: this.previousEnd, elements };
  }

  private objectLiteral(): S.ObjectLiteral {
    const start = this.start;
    this.next();
    const members: S.ObjectMember[] = [];
    while (!this.is("}")) {
      members.push(this.objectMember());
      this.listSeparator("}");
    }
    this.next();
    return { kind: "object", start, end: this.previousEnd, members };
  }

  /** `...x`, `key: value` or `name`; methods and accessors are declined. */
  private objectMember(): S.ObjectMember {
    const start = this.start;
    if (this.is("...")) {
      this.next();
      const expression = this.expression();
      return { kind: "spread", start, end: this.previousEnd, expression };
    }
    const name = this.propertyName();
    if (this.is(":")) {
      this.next();
      const value = this.expression();
      return { kind: "keyed", start, end: this.previousEnd, name, value };
    }
    if ((this.is(",") || this.is("}")) && name.kind === "identifier" && !RESERVED.has(name.name)) {
      return { kind: "shorthand", start, end: this.previousEnd, name };
    }
    return decline();
  }

  /** A key: any word, a string, a number, or `[expression]`. */
  private propertyName(): S.PropertyName {
    const start = this.start;
    switch (this.kind) {
      case "word": {
        const name = this.value;
        this.next();
        return { kind: "identifier", start, end: this.previousEnd, name };
      }
      case "string":
        return this.stringLiteral();
      case "number": {
        const value = this.numberValue;
        this.next();
        return { kind: "number", start, end: this.previousEnd, value };
      }
      default: {
        this.expect("[");
        const expression = this.expression();
        this.expect("]");
        return { kind: "computed", start, end: this.previousEnd, expression };
      }
    }
  }

  /** A string or template token as a node (the scanner has checked and unescaped it). */
  private stringLiteral(): S.StringLiteral {
    const { start, end, value } = this;
    this.next();
    return { kind: "string", start, end, value };
  }

  /** A name that declares or refers to a binding: a word that is not reserved. */
  private bindingIdentifier(): S.Identifier {
    if (this.kind !== "word" || RESERVED.has(this.value)) decline();
    const { start, end, value } = this;
    this.next();
    return { kind: "identifier", start, end, name: value };
  }

  // -------------------------------------------------------------------------------------------
  // Types, which are skipped: `A`, `ns.A`, `A<B, C>`, `A[]`, literals, and unions or
  // intersections of those. Anything else is declined.

  private type(): void {
    this.typeScriptOnly();
    this.enter();
    if (this.is("|") || this.is("&")) this.next();
    this.primaryType();
    while (this.is("|") || this.is("&")) {
      this.next();
      this.primaryType();
    }
    this.depth -= 1;
  }

  private primaryType(): void {
    if (this.kind === "string" || this.kind === "number") {
      this.next();
    } else if (this.is("{")) {
      this.objectType();
    } else if (this.is("(")) {
      // `(T)`; a function type has a parameter list or `=>`, and is declined.
      this.next();
      this.type();
      this.expect(")");
    } else if (this.is("[")) {
      // A tuple `[A, B]`; named, optional and rest elements are declined.
      this.next();
      while (!this.is("]")) {
        this.type();
        if (this.is(",")) {
          this.next();
          if (this.is("]")) decline();
        } else if (!this.is("]")) {
          decline();
        }
      }
      this.next();
    } else if (this.kind === "word" && (!RESERVED.has(this.value) || TYPE_WORDS.has(this.value))) {
      this.next();
      // On a new line, `.`, `<` and `[` no longer belong to the type.
      while (this.is(".") && !this.newline) {
        this.next();
        this.bindingIdentifier();
      }
      if (this.is("<") && !this.newline) {
        this.next();
        this.type();
        while (this.is(",")) {
          this.next();
          this.type();
        }
        this.expect(">");
      }
    } else {
      decline();
    }
    while (this.is("[") && !this.newline) {
      this.next();
      this.expect("]");
    }
  }

  /**
   * `{ a: T; readonly b?: U, "c": V }`: properties only, separated by `;`, `,` or a line break.
   * Methods, call and index signatures and accessors are declined.
   */
  private objectType(): void {
    this.expect("{");
    while (!this.is("}")) {
      if (this.isWord("readonly") && !this.peekIs(":") && !this.peekIs("?")) this.next();
      if (this.kind !== "word" && this.kind !== "string") decline();
      this.next();
      if (this.is("?")) this.next();
      this.expect(":");
      this.type();
      if (this.is(";") || this.is(",")) this.next();
      else if (!this.is("}") && !this.newline) decline();
    }
    this.next();
  }

  // -------------------------------------------------------------------------------------------
  // Helpers

  /** Whether the token after the current one is the punctuation `punctuation`. */
  private peekIs(punctuation: string): boolean {
    const saved = this.save();
    this.next();
    const found = this.is(punctuation);
    this.restore(saved);
    return found;
  }

  private enter(): void {
    this.depth += 1;
    if (this.depth > MAX_NESTING) decline();
  }

  private is(punctuation: string): boolean {
    return this.kind === "punctuation" && this.value === punctuation;
  }

  private isWord(word: string): boolean {
    return this.kind === "word" && this.value === word;
  }

  private expect(punctuation: string): void {
    if (!this.is(punctuation)) decline();
    this.next();
  }

  private expectWord(word: string): void {
    if (!this.isWord(word)) decline();
    this.next();
  }

  /** After a list element: a `,` (a trailing one too), or the closing punctuation next. */
  private listSeparator(close: string): void {
    if (this.is(",")) this.next();
    else if (!this.is(close)) decline();
  }
}
