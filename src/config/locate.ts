import type * as ts from "typescript";
import { parseModuleText } from "../syntax/parse.js";
import { lineStarts } from "../syntax/tree.js";
import type * as S from "../syntax/tree.js";
import { loadCompiler, type TypeScript } from "../util/compiler.js";
import type { Span } from "../diagnostics/diagnostic.js";

/**
 * Where a config option is written, or one string of its value (a glob inside `events: [...]`);
 * undefined when the source does not write it (a default), so that the caller picks its own place.
 */
export type ConfigLocator = (key: string, value?: string, occurrence?: number) => Span | undefined;

/**
 * The config was executed, so its values carry no location: find where a key is written in the
 * source, so that a diagnostic can point there. A key is looked for by its path (`sync.retries`,
 * through `as`, `satisfies` and parentheses), then by its last name (its object may be a
 * variable); inside `export default` first, then anywhere (the object may be a const). With a
 * `value`, the string literal of that text inside the key's value, else the key. The source is
 * parsed on the first call only, by our parser, or by TypeScript (loaded then) if ours declines
 * it: make a locator freely, call it only when there is something to report.
 */
export function configLocator(configFile: string, text: string): ConfigLocator {
  let found: ReadonlyMap<string, readonly Property[]> | undefined;
  let starts: readonly number[] | undefined;
  const spanOf = ({ start, end }: Range): Span => {
    starts ??= lineStarts(text);
    return { file: configFile, start: position(starts, start), end: position(starts, end) };
  };
  return (key, value, occurrence = 0) => {
    found ??= propertiesOf(configFile, text);
    const written = found.get(key) ?? found.get(key.slice(key.lastIndexOf(".") + 1)) ?? [];
    // Of spreads, the last: a later spread overrides an earlier one's keys.
    const properties = key.endsWith(SPREAD) ? written.slice(-1) : written;
    for (const property of properties) {
      const literals = value === undefined ? [] : property.strings.filter((string) => string.value === value);
      // The one asked for (the second "openapi" of a repeated entry), else the first.
      const literal = literals[occurrence] ?? literals[0];
      if (literal !== undefined) return spanOf(literal);
    }
    const first = properties[0];
    return first === undefined ? undefined : spanOf(first.name);
  };
}

/** The key under which the spreads of an object in the default export are kept (`sync....` for sync's). */
const SPREAD = "...";

/**
 * What to locate for a key the config has but does not write (its value came with a spread,
 * `...base`): the spreads into the object the key belongs to, then into each object above it
 * (a nested key may have come with a spread of a whole object), in the default export.
 */
export function spreadsInto(key: string): string[] {
  const parents: string[] = [];
  for (let at = key.lastIndexOf("."); at !== -1; at = key.lastIndexOf(".", at - 1)) parents.push(key.slice(0, at + 1));
  return [...parents, ""].map((parent) => `${parent}${SPREAD}`);
}

interface Range {
  readonly start: number;
  readonly end: number;
}

/** A property as written: where its name is, and the string literals in its value, in source order. */
interface Property {
  readonly name: Range;
  readonly strings: readonly (Range & { readonly value: string })[];
}

/**
 * Properties by path (`sync.retries`) and by name (`retries`), those inside `export default` first,
 * each in source order.
 */
function propertiesOf(configFile: string, text: string): ReadonlyMap<string, readonly Property[]> {
  const exported = new Map<string, Property[]>();
  const elsewhere = new Map<string, Property[]>();
  const add: Add = (name, prefix, inDefault, property) => {
    const map = inDefault ? exported : elsewhere;
    for (const key of new Set([name, `${prefix}${name}`])) {
      const list = map.get(key);
      if (list === undefined) map.set(key, [property]);
      else list.push(property);
    }
  };
  const file = parseModuleText(text);
  if (file === undefined) walkTypeScript(loadCompiler(), configFile, text, add);
  else walkSyntax(file, add);
  const byPath = new Map(exported);
  for (const [key, list] of elsewhere) byPath.set(key, [...(byPath.get(key) ?? []), ...list]);
  return byPath;
}

type Add = (name: string, prefix: string, inDefault: boolean, property: Property) => void;

/** Our syntax tree, for a config in the subset our parser reads (most are): TypeScript is not loaded. */
function walkSyntax(file: S.SyntaxFile, add: Add): void {
  const visit = (node: S.Expression | S.SpreadElement, prefix: string, inDefault: boolean): void => {
    switch (node.kind) {
      case "object":
        for (const member of node.members) {
          if (member.kind === "spread") {
            if (inDefault) add(`${prefix}${SPREAD}`, "", true, { name: member, strings: [] });
            visit(member.expression, prefix, inDefault);
          } else if (member.kind === "shorthand")
            add(member.name.name, prefix, inDefault, { name: member.name, strings: [] });
          else if (member.kind === "keyed") {
            const name =
              member.name.kind === "identifier"
                ? member.name.name
                : member.name.kind === "string"
                  ? member.name.value
                  : undefined;
            if (name === undefined) continue;
            add(name, prefix, inDefault, { name: member.name, strings: stringsIn(member.value) });
            const value = unwrapSyntax(member.value);
            visit(value, value.kind === "object" ? `${prefix}${name}.` : prefix, inDefault);
          }
        }
        return;
      case "array":
        for (const element of node.elements) visit(element, prefix, inDefault);
        return;
      case "call":
        for (const argument of [node.callee, ...node.arguments]) visit(argument, prefix, inDefault);
        return;
      case "wrapper":
      case "spread-element":
        visit(node.expression, prefix, inDefault);
        return;
      case "prefix":
        visit(node.operand, prefix, inDefault);
        return;
      default:
        return;
    }
  };
  for (const statement of file.statements) {
    if (statement.kind === "export-default") visit(statement.expression, "", true);
    else if (statement.kind === "variables") {
      for (const declaration of statement.declarations) {
        if (declaration.initializer !== undefined) visit(declaration.initializer, "", false);
      }
    }
  }
}

function unwrapSyntax(expression: S.Expression): S.Expression {
  let value = expression;
  while (value.kind === "wrapper") value = value.expression;
  return value;
}

/** The string literals of an expression, in source order. */
function stringsIn(expression: S.Expression): Property["strings"] {
  const strings: (Range & { value: string })[] = [];
  const visit = (node: S.Expression | S.SpreadElement): void => {
    if (node.kind === "string") strings.push({ start: node.start, end: node.end, value: node.value });
    else if (node.kind === "array") node.elements.forEach(visit);
    else if (node.kind === "object") {
      for (const member of node.members) {
        if (member.kind === "keyed") visit(member.value);
        else if (member.kind === "spread") visit(member.expression);
      }
    } else if (node.kind === "wrapper" || node.kind === "spread-element") visit(node.expression);
    else if (node.kind === "call") [node.callee, ...node.arguments].forEach(visit);
  };
  visit(expression);
  return strings;
}

/** TypeScript's tree, for a config our parser declines. */
function walkTypeScript(ts: TypeScript, configFile: string, text: string, add: Add): void {
  const source = ts.createSourceFile(configFile, text, ts.ScriptTarget.Latest, true);
  const range = (node: ts.Node): Range => ({ start: node.getStart(source), end: node.end });
  const visit = (node: ts.Node, prefix: string, inDefault: boolean): void => {
    const isDefault = inDefault || ts.isExportAssignment(node);
    if (isDefault && ts.isSpreadAssignment(node))
      add(`${prefix}${SPREAD}`, "", true, { name: range(node), strings: [] });
    const name = ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node) ? nameOf(ts, node) : undefined;
    if (name === undefined) {
      ts.forEachChild(node, (child) => visit(child, prefix, isDefault));
      return;
    }
    const property = node as ts.PropertyAssignment | ts.ShorthandPropertyAssignment;
    const initializer = ts.isPropertyAssignment(property) ? property.initializer : undefined;
    const strings: (Range & { value: string })[] = [];
    const collect = (child: ts.Node): void => {
      if (ts.isStringLiteral(child) || ts.isNoSubstitutionTemplateLiteral(child)) {
        strings.push({ ...range(child), value: child.text });
      } else ts.forEachChild(child, collect);
    };
    if (initializer !== undefined) collect(initializer);
    add(name, prefix, isDefault, { name: range(property.name), strings });
    const value = initializer === undefined ? undefined : unwrapTypeScript(ts, initializer);
    if (value !== undefined && ts.isObjectLiteralExpression(value)) {
      ts.forEachChild(value, (child) => visit(child, `${prefix}${name}.`, isDefault));
    } else ts.forEachChild(node, (child) => visit(child, prefix, isDefault));
  };
  visit(source, "", false);
}

/** An expression without the `as`, `satisfies` and parentheses around it. */
function unwrapTypeScript(ts: TypeScript, expression: ts.Expression): ts.Expression {
  let value = expression;
  while (ts.isAsExpression(value) || ts.isSatisfiesExpression(value) || ts.isParenthesizedExpression(value)) {
    value = value.expression;
  }
  return value;
}

function nameOf(ts: TypeScript, property: ts.PropertyAssignment | ts.ShorthandPropertyAssignment): string | undefined {
  const name = property.name;
  return ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)
    ? name.text
    : undefined;
}

/** Line and column (both from 1) of an offset, columns counted in UTF-16 code units as TypeScript counts them. */
function position(starts: readonly number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((starts[middle] ?? 0) <= offset) low = middle;
    else high = middle - 1;
  }
  return { line: low + 1, column: offset - (starts[low] ?? 0) + 1 };
}

/**
 * Where the default export is written (`export default`, or `default` among named exports): its
 * statement's start; by our parser, or by TypeScript's (loaded then) when ours declines the file.
 */
export function defaultExportAt(configFile: string, text: string): number | undefined {
  const file = parseModuleText(text);
  if (file !== undefined) {
    return file.statements.find(
      (s) =>
        s.kind === "export-default" ||
        (s.kind === "export" &&
          s.clause?.kind === "named-exports" &&
          s.clause.elements.some((element) => element.name === "default")),
    )?.start;
  }
  const ts = loadCompiler();
  const source = ts.createSourceFile(configFile, text, ts.ScriptTarget.Latest, true);
  const statement = source.statements.find(
    (s) =>
      (ts.isExportAssignment(s) && s.isExportEquals !== true) ||
      (ts.isExportDeclaration(s) &&
        s.exportClause !== undefined &&
        ts.isNamedExports(s.exportClause) &&
        s.exportClause.elements.some((e) => e.name.text === "default")),
  );
  return statement?.getStart(source);
}
