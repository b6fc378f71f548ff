import type { ts } from "ts-morph";
import { typescript } from "../typescript.js";
import type { ParsedFile } from "./spans.js";

/** The compiler API as a value (`ts`, imported as a type, names its types). */
const compiler = typescript();

/**
 * A parsed file with an index of its top-level names. Only top-level declarations matter: a
 * definition is a single expression, and anything with an inner scope (a function, a class)
 * cannot be read statically anyway.
 */
export interface SourceModule extends ParsedFile {
  /** Every top-level name the file declares or imports. */
  readonly bindings: ReadonlyMap<string, Binding>;
  /** Every name the file exports explicitly (`default` included), and what it stands for. */
  readonly exports: ReadonlyMap<string, Binding>;
  /** Module specifiers of `export * from "..."`, in source order. */
  readonly starExports: readonly ts.StringLiteral[];
}

export type Binding = ValueBinding | EnumBinding | ImportBinding | UnsupportedBinding;

interface BindingBase {
  readonly name: string;
  /** The declaring node: it identifies the binding (for memoizing and cycles) and locates it. */
  readonly declaration: ts.Node;
}

/**
 * A name whose value is an expression, evaluated on first use: `const x = ...`,
 * `export default ...`, and `export { x as y }` (whose expression is the identifier `x`).
 */
export interface ValueBinding extends BindingBase {
  readonly kind: "value";
  readonly expression: ts.Expression;
}

export interface EnumBinding extends BindingBase {
  readonly kind: "enum";
  readonly declaration: ts.EnumDeclaration;
}

/**
 * A name taken from another module: an import, or a re-export such as `export { x } from "..."`,
 * which behaves as an import followed by an export.
 */
export interface ImportBinding extends BindingBase {
  readonly kind: "import";
  /** The name exported by the other module; undefined for a whole namespace (`* as ns`). */
  readonly importedName: string | undefined;
  readonly specifier: ts.StringLiteral;
}

/** A name that exists but cannot hold static data, such as a `let` or a function. */
export interface UnsupportedBinding extends BindingBase {
  readonly kind: "unsupported";
  /** What the name is, for messages: "`x`, a let binding (declare it with const)". */
  readonly construct: string;
}

/** Indexes the top-level declarations, imports and exports of a parsed file. */
export function indexModule(path: string, sourceFile: ts.SourceFile): SourceModule {
  const indexer = new ModuleIndexer();
  for (const statement of sourceFile.statements) indexer.add(statement);
  return { path, sourceFile, bindings: indexer.bindings, exports: indexer.exports, starExports: indexer.starExports };
}

class ModuleIndexer {
  readonly bindings = new Map<string, Binding>();
  readonly exports = new Map<string, Binding>();
  readonly starExports: ts.StringLiteral[] = [];

  add(statement: ts.Statement): void {
    if (compiler.isVariableStatement(statement)) this.addVariables(statement);
    else if (compiler.isEnumDeclaration(statement)) this.addEnum(statement);
    else if (compiler.isFunctionDeclaration(statement)) this.addUnsupported(statement, "function");
    else if (compiler.isClassDeclaration(statement)) this.addUnsupported(statement, "class");
    else if (compiler.isModuleDeclaration(statement)) this.addUnsupported(statement, "namespace");
    else if (compiler.isImportEqualsDeclaration(statement)) this.addUnsupported(statement, "import-equals declaration");
    else if (compiler.isImportDeclaration(statement)) this.addImports(statement);
    else if (compiler.isExportDeclaration(statement)) this.addExports(statement);
    else if (compiler.isExportAssignment(statement) && !statement.isExportEquals) {
      const { expression } = statement;
      this.exports.set("default", { kind: "value", name: "default", declaration: statement, expression });
    }
  }

  private addVariables(statement: ts.VariableStatement): void {
    const keyword = variableKeyword(statement.declarationList);
    for (const declaration of statement.declarationList.declarations) {
      if (compiler.isIdentifier(declaration.name)) {
        this.addDeclared(statement, variableBinding(declaration.name.text, keyword, declaration));
      } else {
        for (const name of boundNames(declaration.name)) {
          this.addDeclared(statement, unsupported(name.text, name, `\`${name.text}\`, bound by destructuring`));
        }
      }
    }
  }

  private addEnum(statement: ts.EnumDeclaration): void {
    this.addDeclared(statement, { kind: "enum", name: statement.name.text, declaration: statement });
  }

  private addUnsupported(statement: ts.DeclarationStatement, what: string): void {
    const name = statement.name;
    if (name !== undefined && compiler.isIdentifier(name)) {
      this.addDeclared(statement, unsupported(name.text, statement, `the ${what} \`${name.text}\``));
    } else if (hasModifier(statement, compiler.SyntaxKind.DefaultKeyword)) {
      this.exports.set("default", unsupported("default", statement, `an anonymous ${what}`));
    }
  }

  /** Binds a declared name; the `export` (and `export default`) modifier also exports it. */
  private addDeclared(statement: ts.Statement, binding: Binding): void {
    this.bind(binding);
    if (!hasModifier(statement, compiler.SyntaxKind.ExportKeyword)) return;
    this.exports.set(hasModifier(statement, compiler.SyntaxKind.DefaultKeyword) ? "default" : binding.name, binding);
  }

  private addImports(statement: ts.ImportDeclaration): void {
    const clause = statement.importClause;
    // No clause: a side-effect import (`import "./x.js"`), which binds nothing.
    if (clause === undefined || !compiler.isStringLiteral(statement.moduleSpecifier)) return;
    const specifier = statement.moduleSpecifier;
    if (clause.name !== undefined) this.bind(importBinding(clause.name.text, "default", clause, specifier));
    const named = clause.namedBindings;
    if (named !== undefined && compiler.isNamespaceImport(named)) {
      this.bind(importBinding(named.name.text, undefined, named, specifier));
    } else if (named !== undefined) {
      for (const element of named.elements) {
        const importedName = (element.propertyName ?? element.name).text;
        this.bind(importBinding(element.name.text, importedName, element, specifier));
      }
    }
  }

  private bind(binding: Binding): void {
    // The first declaration wins: redeclaring a name is a TypeScript error (enum merging aside).
    if (!this.bindings.has(binding.name)) this.bindings.set(binding.name, binding);
  }

  private addExports(statement: ts.ExportDeclaration): void {
    if (statement.isTypeOnly) return;
    const { moduleSpecifier: specifier, exportClause: clause } = statement;
    if (specifier === undefined) {
      if (clause !== undefined && compiler.isNamedExports(clause)) this.addLocalExports(clause);
      return;
    }
    // Anything but a string here is a syntax error, which the parser has reported.
    if (!compiler.isStringLiteral(specifier)) return;
    if (clause === undefined) {
      this.starExports.push(specifier);
    } else if (compiler.isNamespaceExport(clause)) {
      this.exports.set(clause.name.text, importBinding(clause.name.text, undefined, clause, specifier));
    } else {
      for (const element of clause.elements) {
        const importedName = (element.propertyName ?? element.name).text;
        this.exports.set(element.name.text, importBinding(element.name.text, importedName, element, specifier));
      }
    }
  }

  /** `export { x as y }` exports whatever the identifier `x` means in this file, like evaluating it would. */
  private addLocalExports(clause: ts.NamedExports): void {
    for (const element of clause.elements) {
      const local = element.propertyName ?? element.name;
      // A string local name (`export { "x" }`) is only valid with `from`, handled by the caller.
      if (!compiler.isIdentifier(local)) continue;
      const name = element.name.text;
      this.exports.set(name, { kind: "value", name, declaration: element, expression: local });
    }
  }
}

type VariableKeyword = "const" | "let" | "var" | "using";

function variableKeyword(list: ts.VariableDeclarationList): VariableKeyword {
  // `await using` sets the Const bit too, so compare the whole block-scope field.
  switch (list.flags & compiler.NodeFlags.BlockScoped) {
    case compiler.NodeFlags.Const:
      return "const";
    case compiler.NodeFlags.Let:
      return "let";
    case compiler.NodeFlags.None:
      return "var";
    default:
      return "using";
  }
}

function variableBinding(name: string, keyword: VariableKeyword, declaration: ts.VariableDeclaration): Binding {
  if (keyword !== "const") {
    // A let or var may be reassigned before the definition is read, so its initializer proves nothing.
    return unsupported(name, declaration, `\`${name}\`, a ${keyword} binding (declare it with const)`);
  }
  if (declaration.initializer === undefined) {
    return unsupported(name, declaration, `\`${name}\`, a const without a value`);
  }
  return { kind: "value", name, declaration, expression: declaration.initializer };
}

function importBinding(
  name: string,
  importedName: string | undefined,
  declaration: ts.Node,
  specifier: ts.StringLiteral,
): ImportBinding {
  return { kind: "import", name, importedName, declaration, specifier };
}

function unsupported(name: string, declaration: ts.Node, construct: string): UnsupportedBinding {
  return { kind: "unsupported", name, declaration, construct };
}

/** The identifiers a destructuring pattern declares, such as `a` and `c` in `{ a, b: [c] }`. */
function boundNames(pattern: ts.BindingPattern): ts.Identifier[] {
  const names: ts.Identifier[] = [];
  const pending: ts.BindingName[] = [pattern];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (compiler.isIdentifier(name)) {
      names.push(name);
      continue;
    }
    for (const element of name.elements) {
      if (!compiler.isOmittedExpression(element)) pending.push(element.name);
    }
  }
  return names;
}

function hasModifier(statement: ts.Statement, kind: ts.SyntaxKind): boolean {
  return (
    compiler.canHaveModifiers(statement) && (compiler.getModifiers(statement)?.some((m) => m.kind === kind) ?? false)
  );
}
