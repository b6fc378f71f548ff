import type { ts } from "ts-morph";
import { typescript, type TypeScript } from "../typescript.js";
import { fileSpan, type Span } from "../diagnostics/diagnostic.js";

/**
 * Finds where a config option, or one string of its value, is written in the config's source:
 * the config was executed, so its values carry no location. Looks in `export default` first,
 * then anywhere (the object may be a const); falls back to the key, then to the start of the
 * file. Parses with TypeScript on its first call, so make one only when there is something to
 * report.
 */
export function configLocator(configFile: string, text: string): (key: string, value?: string) => Span {
  let parsed: { ts: TypeScript; source: ts.SourceFile } | undefined;
  return (key, value) => {
    parsed ??= parse(configFile, text);
    const { ts, source } = parsed;
    const span = (node: ts.Node): Span => {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source));
      const end = source.getLineAndCharacterOfPosition(node.end);
      return {
        file: configFile,
        start: { line: start.line + 1, column: start.character + 1 },
        end: { line: end.line + 1, column: end.character + 1 },
      };
    };
    const properties = propertiesNamed(ts, source, key);
    for (const property of properties) {
      const literal = value === undefined ? undefined : stringIn(ts, property, value);
      if (literal !== undefined) return span(literal);
    }
    const first = properties[0];
    return first === undefined ? fileSpan(configFile) : span(first.name);
  };
}

function parse(configFile: string, text: string): { ts: TypeScript; source: ts.SourceFile } {
  const ts = typescript();
  return { ts, source: ts.createSourceFile(configFile, text, ts.ScriptTarget.Latest, true) };
}

type Property = ts.PropertyAssignment | ts.ShorthandPropertyAssignment;

/** The properties named `key`, those inside `export default` first, each in source order. */
function propertiesNamed(ts: TypeScript, source: ts.SourceFile, key: string): Property[] {
  const inDefault: Property[] = [];
  const elsewhere: Property[] = [];
  const visit = (node: ts.Node, isDefault: boolean): void => {
    const here = isDefault || ts.isExportAssignment(node);
    if ((ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) && nameOf(ts, node) === key) {
      (here ? inDefault : elsewhere).push(node);
    }
    ts.forEachChild(node, (child) => visit(child, here));
  };
  visit(source, false);
  return [...inDefault, ...elsewhere];
}

function nameOf(ts: TypeScript, property: Property): string | undefined {
  const name = property.name;
  return ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)
    ? name.text
    : undefined;
}

/** The first string literal in a property's value whose text is `value`. */
function stringIn(ts: TypeScript, property: Property, value: string): ts.Node | undefined {
  if (!ts.isPropertyAssignment(property)) return undefined;
  let found: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    if (found !== undefined) return;
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && node.text === value) found = node;
    else ts.forEachChild(node, visit);
  };
  visit(property.initializer);
  return found;
}
