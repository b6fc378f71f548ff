import type { InferredEvent, InferredSchema, Literal, ObjectSchema } from "../infer/index.js";
// The schema model only: the stage's index would load its format checks (ajv-formats) too.
import { isTyped, isUnion, kindOfSchema, TS_ADDITIONAL_PROPERTIES, type ArraySchema } from "../infer/schema.js";
import { getOwn } from "../util/json.js";
import { comment, pathStep, pascal, spellingOf } from "./ts-syntax.js";
import { elementName, type NameRegistry, partName, PARTS, typeStem } from "./type-names.js";
import { schemaDocs } from "./schema-docs.js";

/** Where a value sits: the name to claim for it if it is an object, and its payload path. */
interface Site {
  readonly hint: string;
  readonly path: string;
}

/** The site of the field `key` of the interface `name` at payload path `path`. */
function fieldSite(name: string, path: string, key: string, schema: InferredSchema): Site {
  return namesNested(schema) ? { hint: `${name}${pascal(key)}`, path: `${path}${pathStep(key)}` } : LEAF;
}

/** The site of a value whose type names nothing (see `namesNested`): its hint and path are never read. */
const LEAF: Site = Object.freeze({ hint: "", path: "" });

/**
 * Whether a value's type may need its site: objects and arrays (they name interfaces, or their
 * elements' or values' types may), alone or in a union or intersection. A string, number,
 * boolean, null or reference type reads neither hint nor path, so most fields need not spell
 * theirs out.
 */
function namesNested(schema: InferredSchema): boolean {
  switch (kindOfSchema(schema)) {
    case "anyOf":
    case "oneOf":
    case "allOf":
      return members(schema).some(namesNested);
    case "typed":
      return isTyped(schema) && (schema.type === "object" || schema.type === "array");
    default:
      return false;
  }
}

/** The members of a union or intersection node (none for any other). */
function members(schema: InferredSchema): readonly InferredSchema[] {
  if ("anyOf" in schema) return schema.anyOf;
  if ("oneOf" in schema) return schema.oneOf;
  if ("allOf" in schema) return schema.allOf;
  return [];
}

/** How the declarations of one scope (an event, or the shared definitions) name and document things. */
export interface RenderScope {
  /** The doc line of a nested interface at `path`. */
  where(path: string): string;
  /** The type name of the definition `key` (a `$ref`), noted as used. */
  refName(key: string): string;
}

/** Renders declarations of one scope, collecting nested interfaces as it meets them. */
export class TypeRenderer {
  protected readonly declarations: string[] = [];
  private readonly named = new Map<ObjectSchema, string>();

  constructor(
    protected readonly names: NameRegistry,
    private readonly scope: RenderScope,
  ) {}

  /** The declarations so far, in order. */
  output(): string {
    return this.declarations.join("\n\n");
  }

  /**
   * Declares `name` for `schema`: an interface when it is an object with fields, else a type
   * alias (whose nested objects are named after it, with `Object` for a lone one).
   */
  declareNamed(name: string, schema: InferredSchema, doc: readonly string[], path: string): void {
    if (isTyped(schema) && schema.type === "object" && hasFields(schema)) {
      this.declareInterface(name, schema, doc, path);
      return;
    }
    const slot = this.declarations.push("") - 1;
    const type = this.typeOf(schema, { hint: `${name}Object`, path });
    this.declarations[slot] = `${comment(aliasDocs(schema, doc), "")}export type ${name} = ${type};`;
  }

  /**
   * Adds an interface to the declarations. Its place is taken before its fields are rendered,
   * so an interface comes before the interfaces it nests, reading top-down like the payload.
   */
  protected declareInterface(name: string, schema: ObjectSchema, doc: readonly string[], path: string): void {
    const slot = this.declarations.push("") - 1;
    this.declarations[slot] = this.interfaceOf(name, schema, doc, path);
  }

  private interfaceOf(name: string, schema: ObjectSchema, doc: readonly string[], path: string): string {
    this.named.set(schema, name);
    // Each line ends in a newline; concatenated, like valueSource.
    let lines = "";
    for (const key of Object.keys(schema.properties)) {
      const property = schema.properties[key]!;
      const docs = schemaDocs(property, false);
      if (docs.length > 0) lines += `${comment(docs, "  ").trimEnd()}\n`;
      const spelling = spellingOf(key);
      const field = schema.required.includes(key) ? spelling.field : spelling.optionalField;
      lines += `${field}${this.typeOf(property, fieldSite(name, path, key, property))};\n`;
    }
    // Required keys that `properties` lacks (declared schemas): typed as the other keys are.
    for (const key of schema.required) {
      if (getOwn(schema.properties, key) !== undefined) continue;
      lines += `${spellingOf(key).field}${this.otherKeyType(schema, key, name, path)};\n`;
    }
    lines += this.indexSignatures(schema, name, path);
    const own = schemaDocs(schema, true);
    const description = schema.description === undefined ? [...doc, ...own] : [schema.description, "", ...doc, ...own];
    return `${comment(description, "")}export interface ${name} {\n${lines === "" ? "\n" : lines}}`;
  }

  /** The type of a key that `properties` lacks: its matching patterns' types, else the additional type. */
  private otherKeyType(schema: ObjectSchema, key: string, name: string, path: string): string {
    const types = new Set<string>();
    const patterns = schema.patternProperties ?? {};
    for (const pattern of Object.keys(patterns)) {
      if (matches(pattern, key))
        types.add(this.typeOf(patterns[pattern]!, { hint: `${name}Value`, path: `${path}[key]` }));
    }
    if (types.size > 0) return [...types].join(" | ");
    const additional = typesAdditional(schema);
    if (additional === false) return "never";
    return this.typeOf(additional, { hint: `${name}Value`, path: `${path}[key]` });
  }

  /**
   * The index signatures of an object with other keys. TypeScript requires every named property
   * to fit each signature its key matches, so a signature's type includes theirs. A value read
   * from JSON is never `undefined`, so a signature says `undefined` only where TypeScript needs
   * it: when an optional property falls under it (without `exactOptionalPropertyTypes`, its
   * type is checked as `T | undefined`). Reading an absent key gives `undefined` under
   * `noUncheckedIndexedAccess`, as for any map. A pattern that is a plain prefix (`^x-`) gets a
   * template literal signature of its own; other patterns and additional properties share the
   * `string` one.
   */
  private indexSignatures(schema: ObjectSchema, name: string, path: string): string {
    const patterns = schema.patternProperties ?? {};
    const additional = typesAdditional(schema);
    const site = { hint: `${name}Value`, path: `${path}[key]` };
    const general = new Set<string>();
    let generalUnknown = false;
    let generalNeeded = additional !== false;
    if (additional !== false) {
      const extra = this.typeOf(additional, site);
      if (extra === "unknown") generalUnknown = true;
      general.add(extra);
    }
    let lines = "";
    for (const pattern of Object.keys(patterns)) {
      const type = this.typeOf(patterns[pattern]!, site);
      general.add(type);
      const prefix = plainPrefix(pattern);
      if (prefix === undefined) {
        generalNeeded = true;
        if (type === "unknown") generalUnknown = true;
        continue;
      }
      const types = new Set([type]);
      let optional = false;
      for (const key of Object.keys(schema.properties)) {
        if (!key.startsWith(prefix)) continue;
        types.add(this.propertyType(schema, key, name, path));
        optional ||= !schema.required.includes(key);
      }
      const template = `\`${prefix.replace(/[`\\$]/g, (c) => `\\${c}`)}\${string}\``;
      lines += `  [key: ${template}]: ${signatureType(types, optional)};\n`;
    }
    if (!generalNeeded) return lines;
    if (generalUnknown) return `${lines}  [key: string]: unknown;\n`;
    let optional = false;
    for (const key of Object.keys(schema.properties)) {
      general.add(this.propertyType(schema, key, name, path));
      optional ||= !schema.required.includes(key);
    }
    for (const key of schema.required) {
      if (getOwn(schema.properties, key) === undefined) general.add(this.otherKeyType(schema, key, name, path));
    }
    return `${lines}  [key: string]: ${signatureType(general, optional)};\n`;
  }

  private propertyType(schema: ObjectSchema, key: string, name: string, path: string): string {
    const property = schema.properties[key]!;
    return this.typeOf(property, fieldSite(name, path, key, property));
  }

  /** The type of a value; objects with fields become named interfaces, declared once. */
  protected typeOf(schema: InferredSchema, site: Site): string {
    switch (kindOfSchema(schema)) {
      case "unknown":
        return "unknown";
      case "never":
        return "never";
      case "ref":
        return this.scope.refName((schema as { $ref: string }).$ref);
      case "anyOf":
      case "oneOf": {
        const list = members(schema);
        const objects = list.filter((m) => isTyped(m) && m.type === "object" && hasFields(m)).length;
        let n = 0;
        const types = list.map((m) => {
          // Several objects of one union each need a name of their own.
          const own = objects > 1 && isTyped(m) && m.type === "object" && hasFields(m);
          return this.typeOf(m, own ? { hint: `${site.hint}Variant${++n}`, path: site.path } : site);
        });
        return [...new Set(types)].join(" | ");
      }
      case "allOf": {
        const list = intersected(members(schema));
        // What is left of `{ type: "object", oneOf }` renders as the member alone would.
        if (list.length === 1) return this.typeOf(list[0]!, site);
        const objects = list.filter((m) => isTyped(m) && m.type === "object" && hasFields(m)).length;
        let n = 0;
        const types = list.map((m, i) => {
          const own = isTyped(m) && m.type === "object" && hasFields(m);
          const hint = objects > 1 ? `${site.hint}Fields${++n}` : `${site.hint}Fields`;
          const type = this.typeOf(
            m,
            own ? { hint, path: site.path } : { hint: `${site.hint}Part${i + 1}`, path: site.path },
          );
          return needsParensInIntersection(m) ? `(${type})` : type;
        });
        return [...new Set(types)].join(" & ");
      }
      case "typed":
        break;
    }
    if (!isTyped(schema)) return "unknown";
    switch (schema.type) {
      case "null":
        return "null";
      case "boolean":
      case "string":
      case "integer":
      case "number":
        if (schema.enum !== undefined) return schema.enum.map(literalType).join(" | ");
        return schema.type === "integer" ? "number" : schema.type;
      case "array":
        return this.arrayType(schema, site);
      case "object": {
        if (!hasFields(schema)) {
          if (schema.patternProperties !== undefined) return this.inlineObject(schema, site);
          const additional = typesAdditional(schema);
          if (additional === false) return "Record<string, never>";
          // A map: its values as the schema says (see indexSignatures on `undefined`).
          return `Record<string, ${this.typeOf(additional, { hint: `${site.hint}Value`, path: `${site.path}[key]` })}>`;
        }
        const known = this.named.get(schema);
        if (known !== undefined) return known;
        const name = this.names.claim(site.hint);
        this.declareInterface(name, schema, [this.scope.where(site.path)], site.path);
        return name;
      }
    }
  }

  /** An object with only pattern properties, as a type literal of its index signatures. */
  private inlineObject(schema: ObjectSchema, site: Site): string {
    const lines = this.indexSignatures(schema, site.hint, site.path);
    return `{ ${lines
      .trim()
      .replace(/;$/, "")
      .replace(/;\n\s*/g, "; ")} }`;
  }

  /** `T[]`, or a tuple `[A, B?, ...C[]]`: elements before `minItems` are required, a closed tuple has no rest. */
  private arrayType(schema: ArraySchema, site: Site): string {
    const itemSite = (items: InferredSchema) =>
      namesNested(items) ? { hint: elementName(site.hint), path: `${site.path}[]` } : LEAF;
    const rest = () => {
      const items = this.typeOf(schema.items, itemSite(schema.items));
      return needsParensInArray(schema.items) ? `(${items})[]` : `${items}[]`;
    };
    if (schema.prefixItems === undefined) return rest();
    const min = schema.keywords?.["minItems"];
    const required = typeof min === "number" ? min : 0;
    const elements = schema.prefixItems.map((item, i) => {
      const type = this.typeOf(
        item,
        namesNested(item) ? { hint: `${site.hint}${i + 1}`, path: `${site.path}[${i}]` } : LEAF,
      );
      return i < required ? type : `${needsParensInArray(item) ? `(${type})` : type}?`;
    });
    if (kindOfSchema(schema.items) !== "never") elements.push(`...${rest()}`);
    return `[${elements.join(", ")}]`;
  }
}

/** Renders one event's declarations, collecting nested interfaces as it meets them. */
export class EventRenderer extends TypeRenderer {
  private readonly prefix: string;

  constructor(
    private readonly event: InferredEvent,
    names: NameRegistry,
    refName: (key: string) => string = unresolved,
  ) {
    super(names, { where: (path) => `\`${path}\` in \`${event.tag}\`.`, refName });
    this.prefix = typeStem(event.typeName);
  }

  render(): string {
    const { event } = this;
    const fields = PARTS.map((part) => {
      const schema = getOwn(event.schema.properties, part) ?? {};
      // Part names were reserved for every event up front, so adding an event never renames them.
      const name = partName(this.prefix, part);
      const doc = `The ${part} of \`${event.tag}\`.`;
      const object = objectVariant(schema);
      let type = name;
      if (object !== undefined) {
        // The part's object shape takes the part's name; `null` or other kinds stay in the field.
        this.declareInterface(name, object, [doc], part);
        type = this.typeOf(schema, { hint: name, path: part });
      } else {
        const slot = this.declarations.push("") - 1;
        const hint = kindOfSchema(schema) === "typed" ? name : `${name}Object`;
        // Only a declared part's description: an inferred one (an empty object) never showed its own.
        const docs = kindOfSchema(schema) === "typed" ? [doc, ...schemaDocs(schema, true)] : aliasDocs(schema, [doc]);
        this.declarations[slot] =
          `${comment(docs, "")}export type ${name} = ${this.typeOf(schema, { hint, path: part })};`;
      }
      const optional = event.schema.required.includes(part) ? "" : "?";
      return `  ${part}${optional}: ${type};`;
    });
    const doc = [
      event.description === "" ? event.name : `${event.name}: ${event.description}`,
      "",
      `Tag \`${event.tag}\`.`,
    ];
    const payload = `${comment(doc, "")}export interface ${event.typeName} {\n${fields.join("\n")}\n}`;
    return [payload, ...this.declarations].join("\n\n");
  }
}

/** A type alias's JSDoc: the schema's description first, as an interface's has it, then `doc`, then its tags. */
function aliasDocs(schema: InferredSchema, doc: readonly string[]): string[] {
  const own = schemaDocs(schema, true);
  return schema.description === undefined ? [...doc, ...own] : [schema.description, "", ...doc, ...own];
}

/** A `$ref` without a definitions table is a bug of the caller. */
function unresolved(key: string): string {
  throw new Error(`no definition table to name ${JSON.stringify(key)}`);
}

/** The object-with-fields shape of a schema (alone or in an inferred-style union), which becomes an interface. */
function objectVariant(schema: InferredSchema): ObjectSchema | undefined {
  const variants = isUnion(schema) ? schema.anyOf : [schema];
  const objects = variants.filter((v): v is ObjectSchema => isTyped(v) && v.type === "object" && hasFields(v));
  return objects.length === 1 ? objects[0] : undefined;
}

/**
 * The other keys' schema as the types show it: a boolean `tsAdditionalProperties` (a vendor
 * keyword, see schema.ts) closes or opens the object for TypeScript only. A schema as its value
 * is kept as a keyword and not used.
 */
function typesAdditional(schema: ObjectSchema): false | InferredSchema {
  const vendor = schema.keywords === undefined ? undefined : getOwn(schema.keywords, TS_ADDITIONAL_PROPERTIES);
  if (vendor === false) return false;
  if (vendor === true) return {};
  return schema.additionalProperties;
}

/** An index signature's type: its members, and `undefined` when an optional property falls under it. */
function signatureType(types: ReadonlySet<string>, optional: boolean): string {
  if (types.has("unknown")) return "unknown";
  return optional ? [...types, "undefined"].join(" | ") : [...types].join(" | ");
}

/**
 * The members of an intersection as types: a member that only says "an object" (`type:
 * "object"` and no other object keyword, as beside a `oneOf` of objects) is left out when the
 * others are objects already. Written as `Record<string, unknown>`, it would demand an index
 * signature that named interfaces do not have.
 */
function intersected(list: readonly InferredSchema[]): readonly InferredSchema[] {
  const rest = list.filter((m) => !isAnyObject(m));
  return rest.length > 0 && rest.length < list.length && rest.every(isObjectLike) ? rest : list;
}

/** `{ type: "object" }` with no properties, patterns or closed or typed other keys, and no kept keywords. */
function isAnyObject(schema: InferredSchema): boolean {
  if (!isTyped(schema) || schema.type !== "object" || hasFields(schema)) return false;
  if (schema.patternProperties !== undefined || schema.keywords !== undefined) return false;
  const additional = typesAdditional(schema);
  return additional !== false && kindOfSchema(additional) === "unknown";
}

/** Whether every value of a schema's type is an object: an object schema, a ref (to one), or a union or intersection of such. */
function isObjectLike(schema: InferredSchema): boolean {
  switch (kindOfSchema(schema)) {
    case "typed":
      return isTyped(schema) && schema.type === "object";
    case "ref":
      return true;
    case "anyOf":
    case "oneOf":
    case "allOf":
      return members(schema).every(isObjectLike);
    default:
      return false;
  }
}

/** Whether an object type needs an interface: it has named fields (or, declared, required keys). */
function hasFields(schema: ObjectSchema): boolean {
  return Object.keys(schema.properties).length > 0 || schema.required.length > 0;
}

/** Whether `pattern` matches `key` (patterns were checked when converted; a bad one matches nothing). */
function matches(pattern: string, key: string): boolean {
  try {
    return new RegExp(pattern, "u").test(key);
  } catch {
    return false;
  }
}

/** The literal prefix a pattern such as `^x-` stands for, when it is nothing more. */
function plainPrefix(pattern: string): string | undefined {
  return /^\^[A-Za-z0-9_-]+$/.test(pattern) ? pattern.slice(1) : undefined;
}

/** Whether a type renders as a top-level union or intersection, which needs parentheses before `[]`. */
function needsParensInArray(schema: InferredSchema): boolean {
  switch (kindOfSchema(schema)) {
    case "anyOf":
    case "oneOf":
    case "allOf": {
      // A lone member renders as itself.
      const list = "allOf" in schema ? intersected(schema.allOf) : members(schema);
      return list.length > 1 || (list.length === 1 && needsParensInArray(list[0]!));
    }
    case "typed":
      return (
        isTyped(schema) &&
        schema.type !== "array" &&
        schema.type !== "object" &&
        schema.type !== "null" &&
        (schema.enum?.length ?? 0) > 1
      );
    default:
      return false;
  }
}

/** Whether a type renders as a top-level union, which needs parentheses inside `A & B`. */
function needsParensInIntersection(schema: InferredSchema): boolean {
  const kind = kindOfSchema(schema);
  if (kind === "allOf") return false;
  return needsParensInArray(schema);
}

function literalType(value: Literal): string {
  return typeof value === "number" && Object.is(value, -0) ? "0" : JSON.stringify(value);
}
