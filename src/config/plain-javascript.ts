import type * as S from "../syntax/tree.js";
import { isRelativeSpecifier } from "../util/files.js";
import { parseModuleText } from "../syntax/parse.js";
import type { Transpiled } from "./transpile.js";

/**
 * The module unchanged, when its text is JavaScript as it stands (our parser reads it with
 * TypeScript-only syntax declined) and transpiling would keep every import (TypeScript drops an
 * import none of whose names is used as a value): transpiling it would change nothing that runs.
 * Undefined when in doubt, and TypeScript transpiles it.
 */
export function asJavaScript(text: string): Transpiled | undefined {
  const file = parseModuleText(text, { javascript: true });
  if (file === undefined) return undefined;
  const imported: string[] = [];
  const used = new Set<string>();
  const specifiers: Transpiled["specifiers"][number][] = [];
  const noteSpecifier = (specifier: S.StringLiteral | undefined): void => {
    if (specifier !== undefined && isRelativeSpecifier(specifier.value)) {
      // The text between the quotes is the value when it has no escapes; else transpile.
      specifiers.push({ start: specifier.start, end: specifier.end, text: specifier.value });
    }
  };
  for (const statement of file.statements) {
    switch (statement.kind) {
      case "import": {
        noteSpecifier(statement.specifier);
        const clause = statement.clause;
        if (clause === undefined) break;
        // `import {} from "x"` binds nothing, and TypeScript drops it: running it would differ.
        if (clause.defaultName === undefined && clause.namespace === undefined && (clause.named ?? []).length === 0) {
          return undefined;
        }
        if (clause.defaultName !== undefined) imported.push(clause.defaultName);
        if (clause.namespace !== undefined) imported.push(clause.namespace.name);
        for (const named of clause.named ?? []) imported.push(named.name);
        break;
      }
      case "export":
        // `export {} from "x"` exports nothing, and TypeScript drops it too.
        if (statement.clause?.kind === "named-exports" && statement.clause.elements.length === 0) return undefined;
        noteSpecifier(statement.specifier);
        if (statement.specifier === undefined && statement.clause?.kind === "named-exports") {
          for (const element of statement.clause.elements) {
            if (element.local.kind === "identifier") used.add(element.local.name);
          }
        }
        break;
      case "export-default":
        if (!collectNames(statement.expression, used)) return undefined;
        break;
      case "variables":
        for (const declaration of statement.declarations) {
          if (declaration.initializer !== undefined && !collectNames(declaration.initializer, used)) return undefined;
        }
        break;
      default:
        return undefined;
    }
  }
  if (!imported.every((name) => used.has(name))) return undefined;
  if (specifiers.some((s) => text.slice(s.start + 1, s.end - 1) !== s.text)) return undefined;
  return { code: text, specifiers };
}

/** Adds the names an expression reads to `names`; false for anything it cannot see into. */
function collectNames(expression: S.Expression, names: Set<string>): boolean {
  switch (expression.kind) {
    case "string":
    case "number":
    case "boolean":
    case "null":
      return true;
    case "identifier":
      names.add(expression.name);
      return true;
    case "property-access":
      return collectNames(expression.object, names);
    case "element-access":
      return collectNames(expression.object, names) && collectNames(expression.argument, names);
    case "prefix":
      return collectNames(expression.operand, names);
    case "wrapper":
      return collectNames(expression.expression, names);
    case "call":
      return collectNames(expression.callee, names) && expression.arguments.every((a) => collectNames(a, names));
    case "array":
      return expression.elements.every((element) =>
        collectNames(element.kind === "spread-element" ? element.expression : element, names),
      );
    case "object":
      return expression.members.every((member) => {
        switch (member.kind) {
          case "keyed":
            return (
              (member.name.kind !== "computed" || collectNames(member.name.expression, names)) &&
              member.name.kind !== "other" &&
              collectNames(member.value, names)
            );
          case "shorthand":
            names.add(member.name.name);
            return true;
          case "spread":
            return collectNames(member.expression, names);
          default:
            return false;
        }
      });
    default:
      return false;
  }
}
