import type * as S from "../syntax/tree.js";
import type { SpanSource } from "./types.js";

/** A file's text, where its lines start (see `lineStarts` in src/syntax/tree.ts), and the path it was read from. */
export interface ParsedFile {
  readonly path: string;
  readonly text: string;
  readonly lineStarts: readonly number[];
}

/**
 * A parsed file with an index of its top-level names. Only top-level declarations matter: a
 * definition is a single expression, and anything with an inner scope (a function, a class)
 * cannot be read statically anyway.
 */
export interface SourceModule extends ParsedFile {
  /** What values read from the file keep to place themselves: not the module, which holds its syntax tree. */
  readonly spanSource: SpanSource;
  /** The top-level statements that import, export or declare something. */
  readonly statements: readonly S.Statement[];
  /** Every top-level name the file declares or imports. */
  readonly bindings: ReadonlyMap<string, Binding>;
  /** Every name the file exports explicitly (`default` included), and what it stands for. */
  readonly exports: ReadonlyMap<string, Binding>;
  /** Module specifiers of `export * from "..."`, in source order. */
  readonly starExports: readonly S.StringLiteral[];
}

export type Binding = ValueBinding | EnumBinding | ImportBinding | UnsupportedBinding;

interface BindingBase {
  readonly name: string;
  /** The declaring node: it identifies the binding (for memoizing and cycles) and locates it. */
  readonly declaration: S.Node;
}

/**
 * A name whose value is an expression, evaluated on first use: `const x = ...`,
 * `export default ...`, and `export { x as y }` (whose expression is the identifier `x`).
 */
export interface ValueBinding extends BindingBase {
  readonly kind: "value";
  readonly expression: S.Expression;
}

export interface EnumBinding extends BindingBase {
  readonly kind: "enum";
  readonly declaration: S.EnumDeclaration;
}

/**
 * A name taken from another module: an import, or a re-export such as `export { x } from "..."`,
 * which behaves as an import followed by an export.
 */
export interface ImportBinding extends BindingBase {
  readonly kind: "import";
  /** The name exported by the other module; undefined for a whole namespace (`* as ns`). */
  readonly importedName: string | undefined;
  readonly specifier: S.StringLiteral;
}

/** A name that exists but cannot hold static data, such as a `let` or a function. */
export interface UnsupportedBinding extends BindingBase {
  readonly kind: "unsupported";
  /** What the name is, for messages: "`x`, a let binding (declare it with const)". */
  readonly construct: string;
}

/** Indexes the top-level declarations, imports and exports of a parsed file. */
export function indexModule(path: string, file: S.SyntaxFile): SourceModule {
  const indexer = new ModuleIndexer();
  for (const statement of file.statements) indexer.add(statement);
  const { text, lineStarts, statements } = file;
  return {
    path,
    text,
    lineStarts,
    spanSource: { path, lineStarts },
    statements,
    bindings: indexer.bindings,
    exports: indexer.exports,
    starExports: indexer.starExports,
  };
}

class ModuleIndexer {
  readonly bindings = new Map<string, Binding>();
  readonly exports = new Map<string, Binding>();
  readonly starExports: S.StringLiteral[] = [];

  add(statement: S.Statement): void {
    switch (statement.kind) {
      case "variables":
        return this.addVariables(statement);
      case "enum":
        return this.addDeclared(statement, { kind: "enum", name: statement.name.name, declaration: statement });
      case "declaration":
        return this.addUnsupported(statement);
      case "import":
        return this.addImports(statement);
      case "export":
        return this.addExports(statement);
      case "export-default": {
        const { expression } = statement;
        this.exports.set("default", { kind: "value", name: "default", declaration: statement, expression });
        return;
      }
    }
  }

  private addVariables(statement: S.VariableStatement): void {
    for (const declaration of statement.declarations) {
      const { name } = declaration;
      if (name.kind === "identifier") {
        this.addDeclared(statement, variableBinding(name.name, statement.keyword, declaration));
      } else {
        for (const bound of name.names) {
          this.addDeclared(statement, unsupported(bound.name, bound, `\`${bound.name}\`, bound by destructuring`));
        }
      }
    }
  }

  private addUnsupported(statement: S.OtherDeclaration): void {
    const { name, what } = statement;
    if (name !== undefined) {
      this.addDeclared(statement, unsupported(name, statement, `the ${what} \`${name}\``));
    } else if (statement.isDefault) {
      this.exports.set("default", unsupported("default", statement, `an anonymous ${what}`));
    }
  }

  /** Binds a declared name; the `export` (and `export default`) modifier also exports it. */
  private addDeclared(statement: S.VariableStatement | S.EnumDeclaration | S.OtherDeclaration, binding: Binding): void {
    this.bind(binding);
    if (!statement.exported) return;
    this.exports.set(statement.isDefault ? "default" : binding.name, binding);
  }

  private addImports(statement: S.ImportDeclaration): void {
    const { clause, specifier } = statement;
    // No clause: a side-effect import (`import "./x.js"`), which binds nothing.
    if (clause === undefined) return;
    if (clause.defaultName !== undefined) this.bind(importBinding(clause.defaultName, "default", clause, specifier));
    if (clause.namespace !== undefined) {
      this.bind(importBinding(clause.namespace.name, undefined, clause.namespace, specifier));
    }
    for (const element of clause.named ?? []) {
      this.bind(importBinding(element.name, element.importedName, element, specifier));
    }
  }

  private bind(binding: Binding): void {
    // The first declaration wins: redeclaring a name is a TypeScript error (enum merging aside).
    if (!this.bindings.has(binding.name)) this.bindings.set(binding.name, binding);
  }

  private addExports(statement: S.ExportDeclaration): void {
    if (statement.typeOnly) return;
    const { specifier, clause } = statement;
    if (specifier === undefined) {
      if (clause?.kind === "named-exports") this.addLocalExports(clause.elements);
      return;
    }
    if (clause === undefined) {
      this.starExports.push(specifier);
    } else if (clause.kind === "namespace-export") {
      this.exports.set(clause.name, importBinding(clause.name, undefined, clause, specifier));
    } else {
      for (const element of clause.elements) {
        const importedName = element.local.kind === "identifier" ? element.local.name : element.local.value;
        this.exports.set(element.name, importBinding(element.name, importedName, element, specifier));
      }
    }
  }

  /** `export { x as y }` exports whatever the identifier `x` means in this file, like evaluating it would. */
  private addLocalExports(clause: readonly S.ExportSpecifier[]): void {
    for (const element of clause) {
      const { local, name } = element;
      // A string local name (`export { "x" }`) is only valid with `from`, handled by the caller.
      if (local.kind !== "identifier") continue;
      this.exports.set(name, { kind: "value", name, declaration: element, expression: local });
    }
  }
}

function variableBinding(
  name: string,
  keyword: S.VariableStatement["keyword"],
  declaration: S.VariableDeclaration,
): Binding {
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
  declaration: S.Node,
  specifier: S.StringLiteral,
): ImportBinding {
  return { kind: "import", name, importedName, declaration, specifier };
}

function unsupported(name: string, declaration: S.Node, construct: string): UnsupportedBinding {
  return { kind: "unsupported", name, declaration, construct };
}
