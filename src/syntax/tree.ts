/**
 * The syntax tree extraction reads: the few kinds of statement and expression that can hold
 * static data, and an `other` kind for everything else, which only needs to be named and located
 * in a message. Two producers build it: `parse.ts` (our own parser, for files written in the
 * common subset) and `src/extract/from-typescript-ast.ts` (TypeScript's parser, for every other file).
 * Nodes hold offsets only (`start` after leading trivia, `end` just past the last character);
 * spans are made from them when needed. A node's identity matters: evaluation and the loader
 * memoize by node.
 */

/** A range of the file's text. */
export interface Node {
  readonly start: number;
  readonly end: number;
}

/** A parsed file: its text, where its lines start, and the top-level statements extraction reads. */
export interface SyntaxFile {
  readonly text: string;
  /** Offsets at which lines start, as TypeScript counts lines (see `lineStarts`). */
  readonly lineStarts: readonly number[];
  /** Statements in source order; statements that bind or import nothing are left out. */
  readonly statements: readonly Statement[];
}

// ---------------------------------------------------------------------------------------------
// Statements

export type Statement =
  VariableStatement | EnumDeclaration | OtherDeclaration | ImportDeclaration | ExportDeclaration | ExportDefault;

/** The `export` and `default` modifiers of a declaration. */
interface Exportable {
  readonly exported: boolean;
  readonly isDefault: boolean;
}

/** `const a = 1, b = 2;` (also let, var and using, which cannot hold static data). */
export interface VariableStatement extends Node, Exportable {
  readonly kind: "variables";
  readonly keyword: "const" | "let" | "var" | "using";
  readonly declarations: readonly VariableDeclaration[];
}

/** `a = 1`, `a: T = 1`, or a destructuring pattern with the names it binds. */
export interface VariableDeclaration extends Node {
  readonly kind: "variable";
  readonly name: Identifier | BindingPattern;
  readonly initializer: Expression | undefined;
}

/** `{ a, b: [c] }` on the left of `=`: only the names it binds matter (they cannot be read). */
export interface BindingPattern extends Node {
  readonly kind: "pattern";
  /** The names bound, in the order the indexer binds them. */
  readonly names: readonly Identifier[];
}

export interface EnumDeclaration extends Node, Exportable {
  readonly kind: "enum";
  readonly name: Identifier;
  readonly members: readonly EnumMember[];
}

export interface EnumMember extends Node {
  readonly kind: "enum-member";
  readonly name: PropertyName;
  readonly initializer: Expression | undefined;
}

/** A declaration that binds a name but no data: a function, class, namespace or `import x = ...`. */
export interface OtherDeclaration extends Node, Exportable {
  readonly kind: "declaration";
  /** What it is, for messages: "function", "class", "namespace", "import-equals declaration". */
  readonly what: string;
  /** The declared name; undefined when it has none or it is not an identifier. */
  readonly name: string | undefined;
}

/** `import ... from "specifier"` (only with a string specifier; type-only imports included). */
export interface ImportDeclaration extends Node {
  readonly kind: "import";
  readonly specifier: StringLiteral;
  /** Undefined for a side-effect import (`import "./x.js"`). */
  readonly clause: ImportClause | undefined;
}

/** Everything between `import` and `from`. */
export interface ImportClause extends Node {
  readonly kind: "import-clause";
  /** The default import's local name. */
  readonly defaultName: string | undefined;
  readonly namespace: NamespaceImport | undefined;
  readonly named: readonly ImportSpecifier[] | undefined;
}

/** `* as ns` */
export interface NamespaceImport extends Node {
  readonly kind: "namespace-import";
  readonly name: string;
}

/** `a` or `a as b` inside `import { ... }`. */
export interface ImportSpecifier extends Node {
  readonly kind: "import-specifier";
  /** The local name (`b`). */
  readonly name: string;
  /** The name the other module exports (`a`). */
  readonly importedName: string;
}

/**
 * `export { ... }`, `export { ... } from "x"`, `export * from "x"` and `export * as ns from "x"`.
 * A declaration whose specifier is not a string is left out of the tree.
 */
export interface ExportDeclaration extends Node {
  readonly kind: "export";
  readonly typeOnly: boolean;
  /** Undefined for local exports (`export { a as b }`). */
  readonly specifier: StringLiteral | undefined;
  /** Undefined for `export * from "x"`. */
  readonly clause: NamespaceExport | NamedExports | undefined;
}

/** `{ a, b as c }` in an export declaration. */
export interface NamedExports extends Node {
  readonly kind: "named-exports";
  readonly elements: readonly ExportSpecifier[];
}

/** `* as ns` in `export * as ns from "x"`. */
export interface NamespaceExport extends Node {
  readonly kind: "namespace-export";
  readonly name: string;
}

/** `a` or `a as b` inside `export { ... }`. */
export interface ExportSpecifier extends Node {
  readonly kind: "export-specifier";
  /** The exported name (`b`). */
  readonly name: string;
  /** The local name, or the other module's (`a`): an identifier, or a string (`export { "a-b" as c } from`). */
  readonly local: Identifier | StringLiteral;
}

/** `export default <expression>;` */
export interface ExportDefault extends Node {
  readonly kind: "export-default";
  readonly expression: Expression;
}

// ---------------------------------------------------------------------------------------------
// Expressions

export type Expression =
  | StringLiteral
  | NumericLiteral
  | BooleanLiteral
  | NullLiteral
  | Identifier
  | PropertyAccess
  | ElementAccess
  | ObjectLiteral
  | ArrayLiteral
  | PrefixUnary
  | Call
  | Wrapper
  | Other;

/** `"text"`, `'text'` or a template without substitutions; `value` is the text after escapes. */
export interface StringLiteral extends Node {
  readonly kind: "string";
  readonly value: string;
}

export interface NumericLiteral extends Node {
  readonly kind: "number";
  readonly value: number;
}

export interface BooleanLiteral extends Node {
  readonly kind: "boolean";
  readonly value: boolean;
}

export interface NullLiteral extends Node {
  readonly kind: "null";
}

export interface Identifier extends Node {
  readonly kind: "identifier";
  /** The name after escapes. */
  readonly name: string;
}

/** `object.name` (and `object?.name`, which reads alike for data). */
export interface PropertyAccess extends Node {
  readonly kind: "property-access";
  readonly object: Expression;
  readonly name: Identifier;
}

/** `object[argument]` */
export interface ElementAccess extends Node {
  readonly kind: "element-access";
  readonly object: Expression;
  readonly argument: Expression;
}

export interface ObjectLiteral extends Node {
  readonly kind: "object";
  readonly members: readonly ObjectMember[];
}

export type ObjectMember = KeyedMember | ShorthandMember | SpreadMember | OtherMember;

/** `name: value` */
export interface KeyedMember extends Node {
  readonly kind: "keyed";
  readonly name: PropertyName;
  readonly value: Expression;
}

/** `{ name }`, which reads the binding `name`. */
export interface ShorthandMember extends Node {
  readonly kind: "shorthand";
  readonly name: Identifier;
}

/** `...expression` in an object literal. */
export interface SpreadMember extends Node {
  readonly kind: "spread";
  readonly expression: Expression;
}

/** A method, getter, setter or anything else that is not data. */
export interface OtherMember extends Node {
  readonly kind: "other-member";
  /** How messages name it: "a method". */
  readonly noun: string;
  /** Its name when written as an identifier or a string, for the keypath. */
  readonly name: string | undefined;
}

/** A key as written: `a`, `"a"`, `1`, `[expression]`, or another form (`#a`, `1n`). */
export type PropertyName = Identifier | StringLiteral | NumericLiteral | ComputedName | Other;

/** `[expression]` as a key. */
export interface ComputedName extends Node {
  readonly kind: "computed";
  readonly expression: Expression;
}

/** `[a, ...b]`; an empty slot (`[a, , b]`) is an `Other` element. */
export interface ArrayLiteral extends Node {
  readonly kind: "array";
  readonly elements: readonly (Expression | SpreadElement)[];
}

/** `...expression` in an array literal. */
export interface SpreadElement extends Node {
  readonly kind: "spread-element";
  readonly expression: Expression;
}

/** `-x`, `+x`; any other prefix operator (`!x`, `~x`, `++x`) is `other`. */
export interface PrefixUnary extends Node {
  readonly kind: "prefix";
  readonly operator: "+" | "-" | "other";
  readonly operand: Expression;
}

/** `callee(arguments)`: only `defineEvent(...)` is read; any other call is reported. */
export interface Call extends Node {
  readonly kind: "call";
  readonly callee: Expression;
  readonly arguments: readonly Expression[];
}

/** Syntax that does not change a value: `(x)`, `x as T`, `x satisfies T`, `x!`, `<T>x`. */
export interface Wrapper extends Node {
  readonly kind: "wrapper";
  readonly expression: Expression;
}

/** Any other expression: only named and located in messages, never read. */
export interface Other extends Node {
  readonly kind: "other";
  /** How messages name it: "a function call", "a binary expression"; "the expression" by default. */
  readonly noun: string;
}

/**
 * The offsets at which lines start, counting line breaks as TypeScript does: `\n`, `\r\n`, `\r`,
 * U+2028 and U+2029.
 */
export function lineStarts(text: string): number[] {
  // A byte order mark is no character of the first line: columns there count from after it, as
  // editors and tsc (which strips it on reading) count them.
  const starts = [text.charCodeAt(0) === 0xfeff ? 1 : 0];
  // Most files break lines with \n alone, which a native search finds fastest.
  if (!text.includes("\r") && !text.includes("\u2028") && !text.includes("\u2029")) {
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code === 0x0d) {
      if (text.charCodeAt(i + 1) === 0x0a) i += 1;
      starts.push(i + 1);
    } else if (code === 0x0a || code === 0x2028 || code === 0x2029) {
      starts.push(i + 1);
    }
  }
  return starts;
}
