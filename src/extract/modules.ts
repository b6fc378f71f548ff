import { ts } from "ts-morph";

/**
 * A parsed file with an index of its top-level names. Only top-level declarations matter: a
 * definition is a single expression, and anything with an inner scope (a function, a class)
 * cannot be read statically anyway.
 */
export interface SourceModule {
  /** Absolute path, as given to the loader. */
  readonly path: string;
  readonly sourceFile: ts.SourceFile;
  /** Every top-level name the file declares or imports. */
  readonly bindings: ReadonlyMap<string, Binding>;
  /** Every name the file exports explicitly, including `default`. */
  readonly exports: ReadonlyMap<string, ExportEntry>;
  /** Module specifiers of `export * from "..."`, in source order. */
  readonly starExports: readonly ts.StringLiteral[];
}

export type Binding = ValueBinding | EnumBinding | ImportBinding | UnsupportedBinding;

/** A name whose value is an expression, evaluated on first use: `const x = ...`, `export default ...`. */
export interface ValueBinding {
  readonly kind: "value";
  readonly name: string;
  /** The declaring node, which identifies the binding (for memoizing and cycle detection). */
  readonly declaration: ts.Node;
  readonly expression: ts.Expression;
}

export interface EnumBinding {
  readonly kind: "enum";
  readonly name: string;
  readonly declaration: ts.EnumDeclaration;
}

/**
 * A name taken from another module: an import, or the re-export `export { x } from "..."`, which
 * behaves as an import followed by an export.
 */
export interface ImportBinding {
  readonly kind: "import";
  readonly name: string;
  /** The name exported by the other module; undefined for a namespace (`* as ns`). */
  readonly importedName: string | undefined;
  /** The import or export specifier, which identifies the binding and locates a missing export. */
  readonly declaration: ts.Node;
  readonly specifier: ts.StringLiteral;
}

/** A name that exists but cannot hold static data, such as a `let` or a function. */
export interface UnsupportedBinding {
  readonly kind: "unsupported";
  readonly name: string;
  /** What the name is, for messages: "`x`, a let binding (declare it with const)". */
  readonly construct: string;
}

/** An exported name: either a top-level name of the file, or a binding with no local name. */
export type ExportEntry =
  | { readonly kind: "local"; readonly localName: string }
  | { readonly kind: "binding"; readonly binding: Binding };

/** Indexes the top-level declarations, imports and exports of a parsed file. */
export function indexModule(path: string, sourceFile: ts.SourceFile): SourceModule {
  const index = new ModuleIndexer();
  for (const statement of sourceFile.statements) index.add(statement);
  return { path, sourceFile, bindings: index.bindings, exports: index.exports, starExports: index.starExports };
}

class ModuleIndexer {
  readonly bindings = new Map<string, Binding>();
  readonly exports = new Map<string, ExportEntry>();
  readonly starExports: ts.StringLiteral[] = [];

  add(statement: ts.Statement): void {
    if (ts.isVariableStatement(statement)) this.addVariables(statement);
    else if (ts.isEnumDeclaration(statement)) this.addDeclaration(statement, { kind: "enum", name: statement.name.text, declaration: statement });
    else if (ts.isFunctionDeclaration(statement)) this.addUnsupportedDeclaration(statement, "function");
    else if (ts.isClassDeclaration(statement)) this.addUnsupportedDeclaration(statement, "class");
    else if (ts.isModuleDeclaration(statement)) this.addUnsupportedDeclaration(statement, "namespace");
    else if (ts.isImportDeclaration(statement)) this.addImports(statement);
    else if (ts.isImportEqualsDeclaration(statement)) this.addUnsupportedDeclaration(statement, "import-equals declaration");
    else if (ts.isExportDeclaration(statement)) this.addExportDeclaration(statement);
    else if (ts.isExportAssignment(statement) && !statement.isExportEquals) {
      const binding: ValueBinding = { kind: "value", name: "default", declaration: statement, expression: statement.expression };
      this.exports.set("default", { kind: "binding", binding });
    }
  }

  private addVariables(statement: ts.VariableStatement): void {
    const keyword = variableKeyword(statement.declarationList);
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name)) {
        this.addDeclaration(statement, variableBinding(declaration.name.text, keyword, declaration));
      } else {
        for (const name of boundNames(declaration.name)) {
          this.addDeclaration(statement, unsupported(name.text, `\`${name.text}\`, bound by destructuring`));
        }
      }
    }
  }

  private addUnsupportedDeclaration(statement: ts.DeclarationStatement, what: string): void {
    const name = statement.name;
    if (name !== undefined && ts.isIdentifier(name)) {
      this.addDeclaration(statement, unsupported(name.text, `the ${what} \`${name.text}\``));
    } else if (hasModifier(statement, ts.SyntaxKind.DefaultKeyword)) {
      this.exports.set("default", { kind: "binding", binding: unsupported("default", `an anonymous ${what}`) });
    }
  }

  /** Binds a declared name; `export` and `export default` modifiers also export it. */
  private addDeclaration(statement: ts.Statement, binding: Binding): void {
    // The first declaration wins: redeclaring a name is a TypeScript error (enum merging aside).
    if (!this.bindings.has(binding.name)) this.bindings.set(binding.name, binding);
    if (!hasModifier(statement, ts.SyntaxKind.ExportKeyword)) return;
    const exportedAs = hasModifier(statement, ts.SyntaxKind.DefaultKeyword) ? "default" : binding.name;
    this.exports.set(exportedAs, { kind: "local", localName: binding.name });
  }

  private addImports(statement: ts.ImportDeclaration): void {
    const clause = statement.importClause;
    if (clause === undefined || !ts.isStringLiteral(statement.moduleSpecifier)) return;
    const specifier = statement.moduleSpecifier;
    if (clause.name !== undefined) this.addImport(clause.name.text, "default", clause, specifier);
    const named = clause.namedBindings;
    if (named === undefined) return;
    if (ts.isNamespaceImport(named)) {
      this.addImport(named.name.text, undefined, named, specifier);
    } else {
      for (const element of named.elements) {
        this.addImport(element.name.text, moduleExportName(element.propertyName ?? element.name), element, specifier);
      }
    }
  }

  private addImport(name: string, importedName: string | undefined, declaration: ts.Node, specifier: ts.StringLiteral): void {
    if (!this.bindings.has(name)) this.bindings.set(name, { kind: "import", name, importedName, declaration, specifier });
  }

  private addExportDeclaration(statement: ts.ExportDeclaration): void {
    if (statement.isTypeOnly) return;
    const specifier = statement.moduleSpecifier;
    const clause = statement.exportClause;
    if (specifier === undefined) {
      if (clause === undefined || !ts.isNamedExports(clause)) return;
      for (const element of clause.elements) {
        const localName = moduleExportName(element.propertyName ?? element.name);
        this.exports.set(moduleExportName(element.name), { kind: "local", localName });
      }
      return;
    }
    if (!ts.isStringLiteral(specifier)) return;
    if (clause === undefined) {
      this.starExports.push(specifier);
    } else if (ts.isNamespaceExport(clause)) {
      this.reexport(moduleExportName(clause.name), undefined, clause, specifier);
    } else {
      for (const element of clause.elements) {
        this.reexport(moduleExportName(element.name), moduleExportName(element.propertyName ?? element.name), element, specifier);
      }
    }
  }

  private reexport(name: string, importedName: string | undefined, declaration: ts.Node, specifier: ts.StringLiteral): void {
    this.exports.set(name, { kind: "binding", binding: { kind: "import", name, importedName, declaration, specifier } });
  }
}

type VariableKeyword = "const" | "let" | "var" | "using";

function variableKeyword(list: ts.VariableDeclarationList): VariableKeyword {
  // `await using` sets the Const bit too, so compare the whole block-scope field.
  switch (list.flags & ts.NodeFlags.BlockScoped) {
    case ts.NodeFlags.Const:
      return "const";
    case ts.NodeFlags.Let:
      return "let";
    case ts.NodeFlags.None:
      return "var";
    default:
      return "using";
  }
}

function variableBinding(name: string, keyword: VariableKeyword, declaration: ts.VariableDeclaration): Binding {
  if (keyword !== "const") {
    // A let or var may be reassigned before the definition is read, so its initializer proves nothing.
    return unsupported(name, `\`${name}\`, a ${keyword} binding (declare it with const)`);
  }
  if (declaration.initializer === undefined) return unsupported(name, `\`${name}\`, a const without a value`);
  return { kind: "value", name, declaration, expression: declaration.initializer };
}

function unsupported(name: string, construct: string): UnsupportedBinding {
  return { kind: "unsupported", name, construct };
}

/** The identifiers a destructuring pattern declares, such as `a` and `c` in `{ a, b: [c] }`. */
function boundNames(pattern: ts.BindingPattern): ts.Identifier[] {
  const names: ts.Identifier[] = [];
  const pending: ts.BindingName[] = [pattern];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (ts.isIdentifier(name)) {
      names.push(name);
      continue;
    }
    for (const element of name.elements) {
      if (!ts.isOmittedExpression(element)) pending.push(element.name);
    }
  }
  return names;
}

/** Import and export names may be string literals (`export { x as "a-b" }`). */
function moduleExportName(name: ts.ModuleExportName): string {
  return name.text;
}

function hasModifier(statement: ts.Statement, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(statement) && (ts.getModifiers(statement)?.some((m) => m.kind === kind) ?? false);
}
