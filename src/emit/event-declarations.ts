import type { InferredEvent, InferredSchema, Literal, ObjectSchema } from "../infer/index.js";
// The schema model only: the stage's index would load its format checks (ajv-formats) too.
import { isTyped, isUnion } from "../infer/schema.js";
import { getOwn } from "../util/json.js";
import { comment, pathStep, pascal, spellingOf } from "./ts-syntax.js";
import { elementName, type NameRegistry, partName, PARTS } from "./type-names.js";

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
 * elements' or values' types may), alone or in a union. A string, number, boolean or null type
 * reads neither hint nor path, so most fields need not spell theirs out.
 */
function namesNested(schema: InferredSchema): boolean {
  if (isUnion(schema)) return schema.anyOf.some(namesNested);
  return isTyped(schema) && (schema.type === "object" || schema.type === "array");
}

/** Renders one event's declarations, collecting nested interfaces as it meets them. */
export class EventRenderer {
  private readonly declarations: string[] = [];
  private readonly named = new Map<ObjectSchema, string>();
  private readonly prefix: string;

  constructor(
    private readonly event: InferredEvent,
    private readonly names: NameRegistry,
  ) {
    this.prefix = event.typeName.replace(/Payload$/, "");
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
        this.declareInterface(name, object, doc, part);
        type = this.typeOf(schema, { hint: name, path: part });
      } else {
        const slot = this.declarations.push("") - 1;
        this.declarations[slot] =
          `${comment([doc], "")}export type ${name} = ${this.typeOf(schema, { hint: name, path: part })};`;
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

  /**
   * Adds an interface to the declarations. Its place is taken before its fields are rendered,
   * so an interface comes before the interfaces it nests, reading top-down like the payload.
   */
  private declareInterface(name: string, schema: ObjectSchema, doc: string, path: string): void {
    const slot = this.declarations.push("") - 1;
    this.declarations[slot] = this.interfaceOf(name, schema, doc, path);
  }

  private interfaceOf(name: string, schema: ObjectSchema, doc: string, path: string): string {
    this.named.set(schema, name);
    // Each line ends in a newline; concatenated, like valueSource.
    let lines = "";
    for (const key of Object.keys(schema.properties)) {
      const property = schema.properties[key]!;
      const docs = propertyDocs(property);
      if (docs.length > 0) lines += `${comment(docs, "  ").trimEnd()}\n`;
      const spelling = spellingOf(key);
      const field = schema.required.includes(key) ? spelling.field : spelling.optionalField;
      lines += `${field}${this.typeOf(property, fieldSite(name, path, key, property))};\n`;
    }
    if (schema.additionalProperties !== false) lines += `  [key: string]: ${this.indexType(schema, name, path)};\n`;
    const description = schema.description === undefined ? [doc] : [schema.description, "", doc];
    return `${comment(description, "")}export interface ${name} {\n${lines === "" ? "\n" : lines}}`;
  }

  /**
   * TypeScript requires every named property to fit the index signature, so the signature's
   * type includes theirs; reading an unknown key still gives `undefined` as a possibility.
   */
  private indexType(schema: ObjectSchema, name: string, path: string): string {
    if (schema.additionalProperties === false) return "never";
    const extra = this.typeOf(schema.additionalProperties, { hint: `${name}Value`, path: `${path}[key]` });
    if (extra === "unknown") return "unknown";
    const types = new Set([extra]);
    for (const key of Object.keys(schema.properties)) {
      const property = schema.properties[key]!;
      types.add(this.typeOf(property, fieldSite(name, path, key, property)));
    }
    return [...types, "undefined"].join(" | ");
  }

  /** The type of a value; objects with fields become named interfaces, declared once. */
  private typeOf(schema: InferredSchema, site: Site): string {
    if (isUnion(schema)) return schema.anyOf.map((v) => this.typeOf(v, site)).join(" | ");
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
      case "array": {
        const items = this.typeOf(
          schema.items,
          namesNested(schema.items) ? { hint: elementName(site.hint), path: `${site.path}[]` } : LEAF,
        );
        return isUnionType(schema.items) ? `(${items})[]` : `${items}[]`;
      }
      case "object": {
        if (!hasFields(schema)) {
          if (schema.additionalProperties === false) return "Record<string, never>";
          const value = this.typeOf(schema.additionalProperties, {
            hint: `${site.hint}Value`,
            path: `${site.path}[key]`,
          });
          // Like an index signature: reading a key that is not there gives undefined.
          return value === "unknown" ? "Record<string, unknown>" : `Record<string, ${value} | undefined>`;
        }
        const known = this.named.get(schema);
        if (known !== undefined) return known;
        const name = this.names.claim(site.hint);
        this.declareInterface(name, schema, `\`${site.path}\` in \`${this.event.tag}\`.`, site.path);
        return name;
      }
    }
  }
}

/** The object-with-fields shape of a schema (alone or in a union), which becomes an interface. */
function objectVariant(schema: InferredSchema): ObjectSchema | undefined {
  const variants = isUnion(schema) ? schema.anyOf : [schema];
  return variants.find((v): v is ObjectSchema => isTyped(v) && v.type === "object" && hasFields(v));
}

/** Whether an object type needs an interface: it has named fields. */
function hasFields(schema: ObjectSchema): boolean {
  return Object.keys(schema.properties).length > 0;
}

/** The JSDoc lines of a property: its description, and its string format. Most have neither. */
function propertyDocs(schema: InferredSchema): readonly string[] {
  const format = stringFormat(schema);
  const tag = format === undefined ? undefined : `@format ${format}`;
  if (schema.description === undefined) return tag === undefined ? NO_DOCS : [tag];
  return tag === undefined ? [schema.description] : [schema.description, tag];
}

const NO_DOCS: readonly string[] = [];

/** The format of a string schema, or of a union's first string member: a nullable date is still a date. */
function stringFormat(schema: InferredSchema): string | undefined {
  if (!isUnion(schema)) return isTyped(schema) && schema.type === "string" ? schema.format : undefined;
  for (const variant of schema.anyOf) {
    if (isTyped(variant) && variant.type === "string" && variant.format !== undefined) return variant.format;
  }
  return undefined;
}

/** Whether a type renders as a top-level union, which needs parentheses before `[]`. */
function isUnionType(schema: InferredSchema): boolean {
  if (isUnion(schema)) return true;
  return (
    isTyped(schema) &&
    schema.type !== "array" &&
    schema.type !== "object" &&
    schema.type !== "null" &&
    (schema.enum?.length ?? 0) > 1
  );
}

function literalType(value: Literal): string {
  return typeof value === "number" && Object.is(value, -0) ? "0" : JSON.stringify(value);
}
