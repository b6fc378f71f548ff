import type { ts } from "ts-morph";
import { typescript, type TypeScript } from "../typescript.js";
import type { Span } from "../diagnostics/diagnostic.js";

/**
 * Where a config option is written, or one string of its value (a glob inside `events: [...]`);
 * undefined when the source does not write it (a default), so that the caller picks its own place.
 */
export type ConfigLocator = (key: string, value?: string) => Span | undefined;

/**
 * The config was executed, so its values carry no location: find where a key is written in the
 * source, so that a diagnostic can point there. A key is looked for by its path (`sync.retries`,
 * through `as`, `satisfies` and parentheses), then by its last name (its object may be a
 * variable); inside `export default` first, then anywhere (the object may be a const). With a
 * `value`, the string literal of that text inside the key's value, else the key. TypeScript is
 * loaded and the source parsed on the first call only: make a locator freely, call it only when
 * there is something to report.
 */
export function configLocator(configFile: string, text: string): ConfigLocator {
  let found: Found | undefined;
  return (key, value) => {
    found ??= findProperties(typescript(), configFile, text);
    const { ts, source } = found;
    const last = key.slice(key.lastIndexOf(".") + 1);
    const properties = found.byPath.get(key) ?? found.byPath.get(last) ?? [];
    for (const property of properties) {
      const literal = value === undefined ? undefined : stringIn(ts, property, value);
      if (literal !== undefined) return spanOf(source, configFile, literal);
    }
    const first = properties[0];
    return first === undefined ? undefined : spanOf(source, configFile, first.name);
  };
}

type Property = ts.PropertyAssignment | ts.ShorthandPropertyAssignment;

interface Found {
  readonly ts: TypeScript;
  readonly source: ts.SourceFile;
  /** Properties by path and by name, those inside `export default` first, each in source order. */
  readonly byPath: ReadonlyMap<string, readonly Property[]>;
}

function findProperties(ts: TypeScript, configFile: string, text: string): Found {
  const source = ts.createSourceFile(configFile, text, ts.ScriptTarget.Latest, true);
  const exported = new Map<string, Property[]>();
  const elsewhere = new Map<string, Property[]>();
  const add = (map: Map<string, Property[]>, key: string, property: Property): void => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [property]);
    else if (!list.includes(property)) list.push(property);
  };
  const visit = (node: ts.Node, prefix: string, inDefault: boolean): void => {
    const isDefault = inDefault || ts.isExportAssignment(node);
    const name = ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node) ? nameOf(ts, node) : undefined;
    if (name === undefined) {
      ts.forEachChild(node, (child) => visit(child, prefix, isDefault));
      return;
    }
    const property = node as Property;
    for (const key of [name, `${prefix}${name}`]) add(isDefault ? exported : elsewhere, key, property);
    const value = ts.isPropertyAssignment(property) ? unwrap(ts, property.initializer) : undefined;
    if (value !== undefined && ts.isObjectLiteralExpression(value)) {
      ts.forEachChild(value, (child) => visit(child, `${prefix}${name}.`, isDefault));
    } else ts.forEachChild(node, (child) => visit(child, prefix, isDefault));
  };
  visit(source, "", false);
  const byPath = new Map(exported);
  for (const [key, list] of elsewhere) byPath.set(key, [...(byPath.get(key) ?? []), ...list]);
  return { ts, source, byPath };
}

/** An expression without the `as`, `satisfies` and parentheses around it. */
function unwrap(ts: TypeScript, expression: ts.Expression): ts.Expression {
  let value = expression;
  while (ts.isAsExpression(value) || ts.isSatisfiesExpression(value) || ts.isParenthesizedExpression(value)) {
    value = value.expression;
  }
  return value;
}

function nameOf(ts: TypeScript, property: Property): string | undefined {
  const name = property.name;
  return ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)
    ? name.text
    : undefined;
}

/** The first string literal in a property's value (an array of globs, say) whose text is `value`. */
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

function spanOf(source: ts.SourceFile, file: string, node: ts.Node): Span {
  const start = source.getLineAndCharacterOfPosition(node.getStart(source));
  const end = source.getLineAndCharacterOfPosition(node.end);
  return {
    file,
    start: { line: start.line + 1, column: start.character + 1 },
    end: { line: end.line + 1, column: end.character + 1 },
  };
}
