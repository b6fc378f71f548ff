import { Codes, diagnostic, type DiagnosticKind } from "../diagnostics/catalogue.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { nodeInWords, quotedExcerpt } from "./node-in-words.js";
import { childPath, DEFINITION_PATH, formatValuePath, type KeyPath, type ValuePath } from "./key-path.js";
import { isRelativeSpecifier } from "../util/files.js";
import type { ModuleLoader } from "./loader.js";
import type { Binding, ImportBinding, ParsedFile, SourceModule } from "./modules.js";
import { numberLiteralDrift, type NumberDrift } from "./number-literal.js";
import { nodeSpan } from "./spans.js";
import type * as S from "../syntax/tree.js";
import type { LiteralObject, LiteralProperty, LiteralValue } from "./types.js";
import {
  arrayValue,
  booleanValue,
  literalProperty,
  nullValue,
  numberValue,
  objectValue,
  stringValue,
} from "./values.js";

/**
 * Deepest nesting evaluated, counting both values inside values and names followed to their
 * declarations. It keeps the recursive evaluator far from the stack limit; real payloads are a
 * handful of levels deep.
 */
export const MAX_DEPTH = 200;

/** What an expression evaluates to: data, or a name that is only meaningful before `.member`. */
type Entity = LiteralValue | EnumEntity | NamespaceEntity;

interface EnumEntity {
  readonly kind: "enum";
  readonly module: SourceModule;
  readonly declaration: S.EnumDeclaration;
}

/** A module's exports, from `import * as ns` or `export * as ns`. */
interface NamespaceEntity {
  readonly kind: "namespace";
  readonly module: SourceModule;
  readonly specifier: string;
}

/** Where an expression is evaluated: its file, the place in the definition it feeds, and how deep. */
interface Site {
  readonly module: SourceModule;
  readonly path: ValuePath;
  readonly depth: number;
}

/** A binding together with the module that declares it. */
interface ModuleBinding {
  readonly binding: Binding;
  readonly module: SourceModule;
}

/** Marks a declaration whose evaluation has started but not finished: meeting it again is a cycle. */
const IN_PROGRESS = Symbol("in progress");

/** A declaration's value, with what decides whether it may stand in for evaluating the declaration elsewhere. */
export interface Evaluated {
  readonly entity: Entity | undefined;
  /** How many levels below its use the evaluation went, counting the levels of the values it reused. */
  readonly reach: number;
  /** True when evaluating it met a problem, its own or that of a value it reused. */
  readonly tainted: boolean;
}

/**
 * Values of declarations that evaluated without a problem, shared by the events of one extraction
 * so that a constant used by every event is evaluated once. Only such values are shared: a
 * problem's report depends on where the declaration is first used (the keypath in the message,
 * the end of a cycle that is blamed), and an event's outcome must not depend on which events
 * came before it, since a cache reuses outcomes one by one and they must add up to a cold run.
 *
 * Weak, so that the values of a file whose syntax tree the loader released go with the tree:
 * nothing can look them up by its nodes any more.
 */
export type SharedValues = WeakMap<S.Node, Evaluated>;

/** What evaluating an event's definition gave. */
export interface DefinitionResult {
  readonly definition: LiteralObject | undefined;
  readonly diagnostics: readonly Diagnostic[];
  /** When `definition` could not be read whole: as much of it as could (see `Evaluator.partial`). */
  readonly partial?: PartialDefinition | undefined;
}

/**
 * A definition read but for some values: each is null in the tree, spanning what was written,
 * and its path is in `unread` (never empty). Every key is known, so that the checks of the
 * definition can still be made on the rest.
 */
export interface PartialDefinition {
  readonly definition: LiteralObject;
  readonly unread: readonly KeyPath[];
}

/**
 * Evaluates the argument of `defineEvent`; the definition is undefined if it is not entirely
 * static data. Clean values are taken from, and added to, `shared`.
 */
export function evaluateDefinition(
  argument: S.Expression,
  module: SourceModule,
  loader: ModuleLoader,
  shared: SharedValues,
): DefinitionResult {
  const evaluator = new Evaluator(loader, shared);
  const definition = evaluator.definition(argument, module);
  if (!evaluator.exceededDepth) {
    if (definition !== undefined) return { definition, diagnostics: evaluator.diagnostics };
    // Read again, each value on its own, by an evaluator whose reports are dropped: they were made above.
    const partial = new Evaluator(loader, shared).partial(argument, module);
    return { definition, diagnostics: evaluator.diagnostics, partial };
  }
  // Where the depth limit is hit depends on what was memoized before, and a shared value reused
  // here stands for levels that this event's memo then lacks. Without shared values the outcome
  // is the event's own; this is rare enough (hundreds of levels) not to matter for speed.
  const alone = new Evaluator(loader, undefined);
  return { definition: alone.definition(argument, module), diagnostics: alone.diagnostics };
}

/** Globals that read like values but are not data. */
const NON_DATA_GLOBALS: ReadonlySet<string> = new Set(["undefined", "NaN", "Infinity"]);

const SIGNS: Readonly<Record<S.PrefixUnary["operator"], number | undefined>> = { "-": -1, "+": 1, other: undefined };

/** How messages name each kind of value. */
const KIND_NAMES: Readonly<Record<LiteralValue["kind"], string>> = {
  string: "a string",
  number: "a number",
  boolean: "a boolean",
  null: "null",
  array: "an array",
  object: "an object",
};

/** Canonical array indexes: `ARR[1]` and `ARR["1"]` read an element, `ARR["01"]` does not. */
const ARRAY_INDEX = /^(?:0|[1-9]\d*)$/;

/**
 * Evaluates expressions of an event file to literal values without running them, following
 * consts, enums and relative imports. Every problem is appended to `diagnostics`, and evaluation
 * goes on after one so that a single run reports all of them.
 *
 * One evaluator serves one event: each declaration is evaluated once however often the event
 * uses it, so a constant reports its problems once per event (and identical reports from several
 * events are merged later). Clean values also come from other events, through `shared`.
 */
class Evaluator {
  readonly diagnostics: Diagnostic[] = [];
  /** Whether a value went more than MAX_DEPTH levels deep. */
  exceededDepth = false;
  private readonly memo = new Map<S.Node, Evaluated | typeof IN_PROGRESS>();
  /** The declarations being evaluated, outermost first, with their names: a cycle is reported as this chain. */
  private readonly evaluating: { readonly declaration: S.Node; readonly name: string }[] = [];
  /** The deepest level reached since the evaluation of the innermost pending declaration began. */
  private deepest = 0;
  /** Problems met so far, reported or reused: a declaration whose evaluation changes it is tainted. */
  private problems = 0;

  constructor(
    private readonly loader: ModuleLoader,
    private readonly shared: SharedValues | undefined,
  ) {}

  /** Evaluates the argument of `defineEvent`; undefined if it is not entirely static data. */
  definition(argument: S.Expression, module: SourceModule): LiteralObject | undefined {
    const site: Site = { module, path: DEFINITION_PATH, depth: 0 };
    const value = this.value(argument, site);
    if (value === undefined || value.kind === "object") return value;
    return this.report(Codes.DefinitionNotObject, { got: KIND_NAMES[value.kind] }, argument, site.module);
  }

  /**
   * The definition as far as its values can be read one by one, or undefined when its keys
   * cannot all be told. Object literals written in the definition are looked into; any other
   * value (a const, an array, a spread's object) is read whole or not at all.
   */
  partial(argument: S.Expression, module: SourceModule): PartialDefinition | undefined {
    const node = skipWrappers(argument);
    if (node.kind !== "object") return undefined;
    const unread: KeyPath[] = [];
    const definition = this.partialObject(node, { module, path: DEFINITION_PATH, depth: 0 }, [], unread);
    // Nothing left unread means the failure was elsewhere (the whole object): no partial then.
    return definition === undefined || unread.length === 0 ? undefined : { definition, unread };
  }

  /**
   * An object literal with each value that cannot be read replaced by a null spanning it, its
   * path (`at` and the key) added to `unread`. Undefined when a key cannot be told: a computed
   * key or a spread that cannot be read, or a method without a plain name.
   */
  private partialObject(node: S.ObjectLiteral, site: Site, at: KeyPath, unread: KeyPath[]): LiteralObject | undefined {
    const properties: LiteralProperty[] = [];
    let positions: Map<string, number> | undefined;
    // The unread paths under each key, kept with its last value as the key is written again.
    const holes = new Map<string, readonly KeyPath[]>();
    // Without spreads a key written twice is DT2015: which value was meant is not known.
    const seen = node.members.some((m) => m.kind === "spread") ? undefined : new Set<string>();
    for (const member of node.members) {
      if (member.kind === "spread") {
        const spread = this.value(member.expression, deeper(site));
        if (spread?.kind !== "object") return undefined;
        for (const entry of spread.properties) {
          positions = putProperty(properties, entry, positions);
          holes.set(entry.key, []);
        }
        continue;
      }
      const key = member.kind === "other-member" ? member.name : this.propertyKey(member.name, site);
      if (key === undefined) return undefined;
      const path = [...at, key];
      const written = member.kind === "keyed" ? member.value : member.kind === "shorthand" ? member.name : undefined;
      const inner = written === undefined ? undefined : skipWrappers(written);
      const under: KeyPath[] = [];
      let value: LiteralValue | undefined;
      if (inner !== undefined && seen?.has(key) !== true) {
        value =
          inner.kind === "object"
            ? this.partialObject(inner, nested(site, key), path, under)
            : this.value(inner, nested(site, key));
      }
      seen?.add(key);
      if (value === undefined) under.splice(0, under.length, path);
      value ??= nullValue(site.module.spanSource, written ?? member);
      const keyAt = member.kind === "other-member" ? member : member.name;
      positions = putProperty(properties, literalProperty(key, value, site.module.spanSource, keyAt), positions);
      holes.set(key, under);
    }
    for (const property of properties) for (const path of holes.get(property.key) ?? []) unread.push(path);
    return objectValue(properties, site.module.spanSource, node);
  }

  /** Evaluates an expression that must produce data. */
  private value(node: S.Expression, site: Site): LiteralValue | undefined {
    const entity = this.evaluate(node, site);
    if (entity === undefined) return undefined;
    switch (entity.kind) {
      case "enum":
        return this.unsupported(node, site, `the enum ${this.excerpt(node, site)} itself`);
      case "namespace":
        return this.unsupported(node, site, `the module namespace ${this.excerpt(node, site)}`);
      default:
        return entity;
    }
  }

  private evaluate(node: S.Expression, site: Site): Entity | undefined {
    const expression = skipWrappers(node);
    this.deepest = Math.max(this.deepest, site.depth);
    if (site.depth > MAX_DEPTH) {
      this.exceededDepth = true;
      // A literal, only too deep: the sample limit's code (inference refuses far less deep ones), not "not static data".
      return this.report(
        Codes.SampleTooDeep,
        { keypath: formatValuePath(site.path), limit: MAX_DEPTH },
        expression,
        site.module,
      );
    }
    switch (expression.kind) {
      case "string":
        return stringValue(expression.value, site.module.spanSource, expression);
      case "number":
        return this.numberLiteral(expression, site);
      case "boolean":
        return booleanValue(expression.value, site.module.spanSource, expression);
      case "null":
        return nullValue(site.module.spanSource, expression);
      case "prefix":
        return this.signedNumber(expression, site);
      case "array":
        return this.array(expression, site);
      case "object":
        return this.object(expression, site);
      case "identifier":
        return this.identifier(expression, site);
      case "property-access":
        return this.member(expression.object, expression.name.name, expression, expression.name, site);
      case "element-access":
        return this.elementAccess(expression, site);
      default:
        return this.unsupported(expression, site, nodeInWords(expression, site.module.text));
    }
  }

  /** A number as written, which must say the number JavaScript makes of it (see number-literal.ts). */
  private numberLiteral(literal: S.NumericLiteral, site: Site): LiteralValue | undefined {
    const drift = numberLiteralDrift(site.module.text, literal.start, literal.end);
    if (drift !== undefined) return this.numberNotExact(literal, drift, false, site);
    return this.number(literal.value, literal, site);
  }

  /** DT2014 at `node`: the literal, or the literal with its sign (`-820982911946154508`), as written. */
  private numberNotExact(
    node: S.NumericLiteral | S.PrefixUnary,
    drift: NumberDrift,
    key: boolean,
    site: Site,
  ): undefined {
    const sign = node.kind === "prefix" && node.operator === "-" ? "-" : "";
    const digits = node.kind === "prefix" ? node.operand : node;
    const params = {
      keypath: formatValuePath(site.path),
      // The sign and the digits as written, without what may stand between them (`- 1`).
      literal: sign + site.module.text.slice(digits.start, digits.end),
      written: drift.written === undefined ? undefined : signed(sign, drift.written),
      integer: drift.integer === undefined ? undefined : signed(sign, drift.integer),
      key,
    };
    return this.report(Codes.NumberNotExact, params, node, site.module);
  }

  private number(value: number, node: S.Expression, site: Site): LiteralValue | undefined {
    // `1e999` is Infinity, which JSON (and so the manifest) cannot hold.
    if (!Number.isFinite(value)) {
      const params = { keypath: formatValuePath(site.path), excerpt: this.excerpt(node, site), negative: value < 0 };
      return this.report(Codes.NumberOutOfRange, params, node, site.module);
    }
    return numberValue(value, site.module.spanSource, node);
  }

  /** `-1`, `+2`, and signs on numeric constants such as `-LIMIT`. */
  private signedNumber(expression: S.PrefixUnary, site: Site): LiteralValue | undefined {
    const sign = SIGNS[expression.operator];
    if (sign === undefined) return this.unsupported(expression, site, nodeInWords(expression, site.module.text));
    if (expression.operand.kind === "number") {
      // Checked here rather than in numberLiteral, so that the message and hint keep the sign.
      const { start, end } = expression.operand;
      const drift = numberLiteralDrift(site.module.text, start, end);
      if (drift !== undefined) return this.numberNotExact(expression, drift, false, site);
      return this.number(sign * expression.operand.value, expression, site);
    }
    const operand = this.value(expression.operand, deeper(site));
    if (operand === undefined) return undefined;
    if (operand.kind !== "number") {
      return this.unsupported(expression, site, `a sign applied to ${this.valueInWords(operand, expression, site)}`);
    }
    return this.number(sign * operand.value, expression, site);
  }

  private array(expression: S.ArrayLiteral, site: Site): LiteralValue | undefined {
    const elements: LiteralValue[] = [];
    let complete = true;
    // The index the next element will have, counting failed elements too, for keypaths.
    let index = 0;
    for (const element of expression.elements) {
      const elementSite = nested(site, index);
      if (element.kind === "spread-element") {
        const spread = this.spreadArray(element, elementSite);
        if (spread === undefined) complete = false;
        else for (const value of spread) elements.push(value);
        index += spread?.length ?? 1;
      } else {
        const value = this.value(element, elementSite);
        if (value === undefined) complete = false;
        else elements.push(value);
        index += 1;
      }
    }
    return complete ? arrayValue(elements, site.module.spanSource, expression) : undefined;
  }

  private spreadArray(element: S.SpreadElement, site: Site): readonly LiteralValue[] | undefined {
    const spread = this.value(element.expression, site);
    if (spread === undefined) return undefined;
    if (spread.kind === "array") return spread.elements;
    const params = { expected: "arrays", keypath: formatValuePath(site.path) };
    return this.report(Codes.InvalidSpread, params, element, site.module);
  }

  private object(expression: S.ObjectLiteral, site: Site): LiteralObject | undefined {
    const properties: LiteralProperty[] = [];
    let positions: Map<string, number> | undefined;
    let complete = true;
    let keyed = 0;
    let spread = false;
    for (const property of expression.members) {
      const added = this.property(property, site);
      if (added === undefined) complete = false;
      else if ("key" in added) {
        keyed += 1;
        positions = putProperty(properties, added, positions);
      } else {
        spread = true;
        for (const entry of added) positions = putProperty(properties, entry, positions);
      }
    }
    // Fewer properties than keys written: a key written twice, whose first value would be lost.
    if (!spread && keyed > properties.length && this.duplicateKeys(expression, site)) return undefined;
    if (!complete) return undefined;
    return objectValue(properties, site.module.spanSource, expression);
  }

  /**
   * DT2015 at each key written again in one object literal (one without spreads, which may
   * override), by name, string or number; whether it reported any (a computed key is not told).
   */
  private duplicateKeys(expression: S.ObjectLiteral, site: Site): boolean {
    let reported = false;
    const seen = new Map<string, S.Node>();
    for (const member of expression.members) {
      const name = member.kind === "keyed" || member.kind === "shorthand" ? member.name : undefined;
      const key =
        name?.kind === "identifier"
          ? name.name
          : name?.kind === "string"
            ? name.value
            : name?.kind === "number"
              ? String(name.value)
              : undefined;
      if (name === undefined || key === undefined) continue;
      const first = seen.get(key);
      if (first === undefined) seen.set(key, name);
      else {
        const params = {
          keypath: formatValuePath(childPath(site.path, key)),
          first: nodeSpan(first, site.module).start.line,
        };
        this.report(Codes.DuplicateKey, params, name, site.module);
        reported = true;
      }
    }
    return reported;
  }

  /**
   * What one member of an object literal contributes: a property, or all of a spread object's.
   * A keyed member, by far the most common, is not wrapped in an array of one.
   */
  private property(property: S.ObjectMember, site: Site): LiteralProperty | readonly LiteralProperty[] | undefined {
    switch (property.kind) {
      case "keyed":
        return this.keyedProperty(property.name, property.value, site);
      case "shorthand":
        return this.keyedProperty(property.name, property.name, site);
      case "spread": {
        const spread = this.value(property.expression, deeper(site));
        if (spread === undefined) return undefined;
        if (spread.kind === "object") return spread.properties;
        const params = { expected: "objects", keypath: formatValuePath(site.path) };
        return this.report(Codes.InvalidSpread, params, property, site.module);
      }
      case "other-member": {
        // A method or accessor: point the keypath at its name when it has a plain one.
        const memberSite = property.name === undefined ? site : nested(site, property.name);
        return this.unsupported(property, memberSite, nodeInWords(property, site.module.text));
      }
    }
  }

  private keyedProperty(name: S.PropertyName, initializer: S.Expression, site: Site): LiteralProperty | undefined {
    const key = this.propertyKey(name, site);
    if (key === undefined) return undefined;
    const value = this.value(initializer, nested(site, key));
    if (value === undefined) return undefined;
    return literalProperty(key, value, site.module.spanSource, name);
  }

  private propertyKey(name: S.PropertyName, site: Site): string | undefined {
    if (name.kind === "identifier") return name.name;
    if (name.kind === "string") return name.value;
    // JavaScript turns a numeric key into the number's canonical string: `1e3: x` is the key "1000".
    // Only a key that this changes in value is a problem: a large integer kept whole is a fine key.
    if (name.kind === "number") {
      const drift = numberLiteralDrift(site.module.text, name.start, name.end);
      if (drift?.written !== undefined) return this.numberNotExact(name, drift, true, site);
      return String(name.value);
    }
    if (name.kind !== "computed") return this.unsupported(name, site, nodeInWords(name, site.module.text));
    const key = this.value(name.expression, deeper(site));
    if (key === undefined) return undefined;
    if (key.kind === "string") return key.value;
    if (key.kind === "number") return String(key.value);
    return this.unsupported(name, site, `a computed key that is ${this.valueInWords(key, name, site)}`);
  }

  private identifier(identifier: S.Identifier, site: Site): Entity | undefined {
    const name = identifier.name;
    const binding = site.module.bindings.get(name);
    if (binding !== undefined) return this.binding({ binding, module: site.module }, identifier, site);
    if (NON_DATA_GLOBALS.has(name)) return this.unsupported(identifier, site, `\`${name}\``);
    const params = { name, keypath: formatValuePath(site.path) };
    return this.report(Codes.UnresolvedIdentifier, params, identifier, site.module);
  }

  /** What a binding stands for. `use` is the name that referred to it, in `site.module`. */
  private binding({ binding, module }: ModuleBinding, use: S.Node, site: Site): Entity | undefined {
    switch (binding.kind) {
      case "value":
        return this.memoized(binding.declaration, binding.name, use, site, () =>
          this.evaluate(binding.expression, deeper(site, module)),
        );
      case "enum":
        return { kind: "enum", module, declaration: binding.declaration };
      case "import":
        return this.imported(binding, module, use, site);
      case "unsupported":
        return this.unsupported(use, site, binding.construct);
    }
  }

  private imported(binding: ImportBinding, module: SourceModule, use: S.Node, site: Site): Entity | undefined {
    const specifier = binding.specifier.value;
    if (!isRelativeSpecifier(specifier)) {
      const params = { specifier, name: binding.name, keypath: formatValuePath(site.path) };
      return this.report(Codes.UnsupportedImport, params, use, site.module);
    }
    return this.memoized(binding.declaration, binding.name, use, site, () => {
      const target = this.resolve(module, binding.specifier);
      if (target === undefined) return undefined;
      if (binding.importedName === undefined) return { kind: "namespace", module: target, specifier };
      const exported = this.findExport(target, binding.importedName, new Set());
      if (exported === undefined) {
        const params = { specifier, name: binding.importedName, json: isJsonModule(target) };
        return this.report(Codes.ImportNotFound, params, binding.declaration, module);
      }
      return this.binding(exported, use, deeper(site));
    });
  }

  /**
   * The binding behind a name that `module` exports. As in JavaScript, explicit exports win over
   * `export *`, `export *` never forwards `default`, and cycles of `export *` are harmless.
   */
  private findExport(module: SourceModule, name: string, searched: Set<SourceModule>): ModuleBinding | undefined {
    searched.add(module);
    const binding = module.exports.get(name);
    if (binding !== undefined) return { binding, module };
    if (name === "default") return undefined;
    for (const specifier of module.starExports) {
      if (!isRelativeSpecifier(specifier.value)) continue;
      const target = this.resolve(module, specifier);
      if (target === undefined || searched.has(target)) continue;
      const found = this.findExport(target, name, searched);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  private elementAccess(expression: S.ElementAccess, site: Site): Entity | undefined {
    const argument = expression.argument;
    const key = this.value(argument, deeper(site));
    if (key === undefined) return undefined;
    if (key.kind !== "string" && key.kind !== "number") {
      return this.unsupported(argument, site, `an index that is ${this.valueInWords(key, argument, site)}`);
    }
    return this.member(expression.object, String(key.value), expression, argument, site);
  }

  /** Reads `key` from what `object` evaluates to: `SHARED.headers`, `ARR[0]`, `Kind.Card`, `ns.value`. */
  private member(
    object: S.Expression,
    key: string,
    access: S.Expression,
    keyNode: S.Node,
    site: Site,
  ): Entity | undefined {
    const base = this.evaluate(object, deeper(site));
    if (base === undefined) return undefined;
    switch (base.kind) {
      case "object": {
        const property = base.properties.find((p) => p.key === key);
        if (property !== undefined) return property.value;
        return this.unsupported(access, site, `${this.excerpt(access, site)}, a property the object does not have`);
      }
      case "array": {
        const element = ARRAY_INDEX.test(key) ? base.elements[Number(key)] : undefined;
        if (element !== undefined) return element;
        return this.unsupported(access, site, `${this.excerpt(access, site)}, an element the array does not have`);
      }
      case "enum":
        return this.enumMember(base, key, access, site);
      case "namespace": {
        const exported = this.findExport(base.module, key, new Set());
        if (exported !== undefined) return this.binding(exported, keyNode, deeper(site));
        const params = { specifier: base.specifier, name: key, json: isJsonModule(base.module) };
        return this.report(Codes.ImportNotFound, params, keyNode, site.module);
      }
      default:
        return this.unsupported(access, site, `${this.excerpt(access, site)}, a property of ${KIND_NAMES[base.kind]}`);
    }
  }

  private enumMember(entity: EnumEntity, key: string, access: S.Node, site: Site): Entity | undefined {
    const member = entity.declaration.members.find((m) => literalName(m.name) === key);
    if (member !== undefined) return this.memberValue(entity, member, access, site);
    const members = entity.declaration.members.map((m) => literalName(m.name)).filter((n) => n !== undefined);
    const params = { keypath: formatValuePath(site.path), excerpt: this.excerpt(access, site), members };
    return this.report(Codes.NotAnEnumMember, params, access, site.module);
  }

  private memberValue(entity: EnumEntity, member: S.EnumMember, use: S.Node, site: Site): Entity | undefined {
    const { name: memberName } = member;
    const name = `${entity.declaration.name.name}.${entity.module.text.slice(memberName.start, memberName.end)}`;
    return this.memoized(member, name, use, site, () => {
      const memberSite = deeper(site, entity.module);
      if (member.initializer !== undefined) return this.value(member.initializer, memberSite);
      return this.autoIncrement(entity, member, memberSite);
    });
  }

  /**
   * TypeScript numbers a member without initializer one more than the member before it, or 0
   * when it comes first. Counting back to the nearest initializer avoids recursing per member.
   */
  private autoIncrement(entity: EnumEntity, member: S.EnumMember, site: Site): Entity | undefined {
    const members = entity.declaration.members;
    const index = members.indexOf(member);
    let start = index;
    while (start >= 0 && members[start]?.initializer === undefined) start -= 1;
    const source = entity.module.spanSource;
    const initialized = members[start];
    if (initialized === undefined) return numberValue(index, source, member.name);
    const base = this.memberValue(entity, initialized, member, site);
    if (base === undefined) return undefined;
    if (base.kind !== "number") {
      const name = this.excerpt(member.name, site);
      return this.unsupported(member, site, `the enum member ${name}, which has no initializer after a non-number`);
    }
    return numberValue(base.value + (index - start), source, member.name);
  }

  /** The module a relative specifier names; its problems are reported by every event that meets them. */
  private resolve(from: SourceModule, specifier: S.StringLiteral): SourceModule | undefined {
    const resolution = this.loader.resolve(from, specifier);
    if (resolution.diagnostics.length > 0) {
      this.problems += 1;
      this.diagnostics.push(...resolution.diagnostics);
    }
    return resolution.module;
  }

  /**
   * Evaluates a declaration once per event, or takes a clean value another event evaluated.
   * Meeting a declaration again while it is being evaluated means it refers to itself, which is
   * reported at `use` instead of recursing forever.
   */
  private memoized(
    declaration: S.Node,
    name: string,
    use: S.Node,
    site: Site,
    evaluate: () => Entity | undefined,
  ): Entity | undefined {
    const known = this.memo.get(declaration) ?? this.fromShared(declaration, site);
    if (known === IN_PROGRESS) {
      const from = this.evaluating.findIndex((e) => e.declaration === declaration);
      // From the declaration back to itself. An import and the const it names are two steps
      // under one name: the name is shown once.
      const chain = [...this.evaluating.slice(from).map((e) => e.name), name].filter(
        (step, i, steps) => i === 0 || steps[i - 1] !== step,
      );
      return this.report(Codes.CircularReference, { name, chain }, use, site.module);
    }
    if (known !== undefined) return this.reuse(known, site);
    this.memo.set(declaration, IN_PROGRESS);
    this.evaluating.push({ declaration, name });
    let evaluated: Evaluated;
    try {
      evaluated = this.measure(site, evaluate);
    } finally {
      this.evaluating.pop();
    }
    this.memo.set(declaration, evaluated);
    if (!evaluated.tainted) this.shared?.set(declaration, evaluated);
    return evaluated.entity;
  }

  /**
   * Takes a value that another event shared into this event's memo, as if evaluated here; not
   * when evaluating the declaration here would go too deep, which must be reported instead.
   */
  private fromShared(declaration: S.Node, site: Site): Evaluated | undefined {
    const shared = this.shared?.get(declaration);
    if (shared === undefined || site.depth + shared.reach > MAX_DEPTH) return undefined;
    this.memo.set(declaration, shared);
    return shared;
  }

  /** Uses a memoized value as if the declaration had been evaluated again at `site`. */
  private reuse(evaluated: Evaluated, site: Site): Entity | undefined {
    this.deepest = Math.max(this.deepest, site.depth + evaluated.reach);
    if (evaluated.tainted) this.problems += 1;
    return evaluated.entity;
  }

  /** Runs the evaluation of a declaration used at `site`, noting how deep it went and whether it met a problem. */
  private measure(site: Site, evaluate: () => Entity | undefined): Evaluated {
    const { deepest, problems } = this;
    this.deepest = site.depth;
    const entity = evaluate();
    const reach = this.deepest - site.depth;
    this.deepest = Math.max(deepest, this.deepest);
    return { entity, reach, tainted: this.problems !== problems };
  }

  private excerpt(node: S.Node, site: Site): string {
    return quotedExcerpt(node, site.module.text);
  }

  /** "a string `\"x\"`": the kind of a value and the code it came from. */
  private valueInWords(value: LiteralValue, node: S.Node, site: Site): string {
    return `${KIND_NAMES[value.kind]} ${this.excerpt(node, site)}`;
  }

  private unsupported(node: S.Node, site: Site, construct: string): undefined {
    const params = { construct, keypath: formatValuePath(site.path) };
    return this.report(Codes.UnsupportedExpression, params, node, site.module);
  }

  /** Records a diagnostic located at `node` of `file`; returns undefined, the value of a failed evaluation. */
  private report<P>(kind: DiagnosticKind<P>, params: P, node: S.Node, file: ParsedFile): undefined {
    this.problems += 1;
    this.diagnostics.push(diagnostic(kind, params, { span: nodeSpan(node, file) }));
    return undefined;
  }
}

/** Whether a module is a JSON file, whose only export is its document (see parseJsonModuleText). */
function isJsonModule(module: SourceModule): boolean {
  return module.path.endsWith(".json");
}

/** Strips syntax that does not change a value: parentheses, `as`, `satisfies`, `!` and `<T>x`. */
export function skipWrappers(expression: S.Expression): S.Expression {
  let current = expression;
  while (current.kind === "wrapper") current = current.expression;
  return current;
}

/** Objects with fewer keys find a repeated key by looking through them, without a map. */
const MANY_KEYS = 16;

/**
 * Adds a property to an object's properties as evaluating the literal would: a key already there keeps its
 * first position and takes the new value. `positions` indexes the keys once there are many (it
 * starts undefined); the index to pass next time is returned. Most objects are a few keys, each
 * written once, and making a map for each cost more than the rest of evaluating them.
 */
function putProperty(
  properties: LiteralProperty[],
  entry: LiteralProperty,
  positions: Map<string, number> | undefined,
): Map<string, number> | undefined {
  if (positions !== undefined) {
    const at = positions.get(entry.key);
    if (at === undefined) {
      positions.set(entry.key, properties.length);
      properties.push(entry);
    } else properties[at] = entry;
    return positions;
  }
  for (let i = 0; i < properties.length; i++) {
    if (properties[i]!.key === entry.key) {
      properties[i] = entry;
      return undefined;
    }
  }
  properties.push(entry);
  if (properties.length < MANY_KEYS) return undefined;
  const index = new Map<string, number>();
  for (let i = 0; i < properties.length; i++) index.set(properties[i]!.key, i);
  return index;
}

/** The site of a value inside the current one, at `step` (a key or an index). */
function nested(site: Site, step: string | number): Site {
  return { module: site.module, path: childPath(site.path, step), depth: site.depth + 1 };
}

/**
 * One level deeper at the same place of the definition, as when following a name to its value
 * (which may be in another module) or reading a spread.
 */
function deeper(site: Site, module = site.module): Site {
  return { module, path: site.path, depth: site.depth + 1 };
}

/** The text of a name written as an identifier or a string literal. */
function literalName(name: S.PropertyName): string | undefined {
  if (name.kind === "identifier") return name.name;
  return name.kind === "string" ? name.value : undefined;
}

/** `-` before a number's digits (`-0` stays as JavaScript prints it: `0`). */
function signed(sign: string, digits: string): string {
  return sign === "" || digits === "0" ? digits : `${sign}${digits}`;
}
