import { isDeepStrictEqual } from "node:util";
import { formatPayloadPath, PAYLOAD_PARTS } from "../../naming/payload-path.js";
import { flatString } from "../flat.js";
import { getOwn, isRecord, type JsonObject, type JsonValue } from "../../util/json.js";

/** One row of an event's field table: a field of its payload, as the schema describes it. */
export interface FieldRow {
  /** The field as `refine` keys and selectors write it: `body.items[].sku`, `headers["x-id"]`. */
  readonly path: string;
  /** How deep it is below its part (the parts themselves are 0), for indenting. */
  readonly depth: number;
  /** A short type: `string`, `integer[]`, `"a" | "b"`, or a shared definition's type name. */
  readonly type: string;
  readonly required: boolean;
  readonly nullable: boolean;
  readonly format: string;
  readonly description: string;
  /**
   * What else the schema says of the field's values, as a sentence: `Deprecated.`, bounds
   * (`Minimum 0; maximum 100.`), a pattern, a default. Empty for most fields.
   */
  readonly rules: string;
}

/**
 * The path of the row that says the table stops short. Every fixed text of the site is ASCII:
 * a page with no other character is a one-byte string for V8, half the memory and quicker to write.
 */
export const TRUNCATED = "...";

/** Most rows an event's table lists; a schema beyond it is summarised by one last row. */
export const MAX_FIELD_ROWS = 2000;
/** Deepest nesting listed: deeper fields are still in the sample and the types. */
const MAX_DEPTH = 24;
/** Most enum members a type shows before `| ...`. */
const MAX_ENUM = 8;

type Schema = Readonly<Record<string, unknown>>;

/**
 * The fields of a payload's schema (self-contained, as the manifest records it: shared
 * definitions under `$defs`, reached by `#/$defs/<TypeName>`), in the schema's key order, the
 * parts first. A shared definition met again below itself is listed once and named, not
 * expanded (recursive types), and a property that several branches of `allOf`, `anyOf` or
 * `oneOf` declare is listed once, typed as the union of their declarations. One walk,
 * allocating little: a cold build lists every field of every event.
 */
export function fieldRows(schema: JsonObject): FieldRow[] {
  const rows: FieldRow[] = [];
  eachField(schema, {
    field: (path, depth, type, required, nullable, format, description, rules) =>
      rows.push({ path, depth, type, required, nullable, format, description, rules }),
  });
  return rows;
}

/**
 * Takes each row of fieldRows as it is found, as arguments: the pages write a row as soon as it
 * is known, and no row object outlives it (a cold build lists every field of every event).
 */
export interface FieldSink {
  field(
    path: string,
    depth: number,
    type: string,
    required: boolean,
    nullable: boolean,
    format: string,
    description: string,
    rules: string,
  ): void;
}

/**
 * Every field path of a site, each made once: a property's by its parent's path and its key,
 * an array's elements' (`[]`) by the array's path, kept apart (any text, `""` too, can be a
 * key). A site's payloads share most of their fields, so most paths are found here, the same
 * string each time: the rows, the search lines and their lookups then take it as it is, where a
 * path made anew would be one more piece to join and a new text to hash.
 */
export class FieldPaths {
  private readonly byParent = new Map<string, Map<string, string>>();
  private readonly elements = new Map<string, string>();

  /** A property's path: `a.b`, `a["x-y"]`, as formatPayloadPath writes it. */
  child(parent: string, key: string): string {
    let children = this.byParent.get(parent);
    if (children === undefined) {
      children = new Map();
      this.byParent.set(parent, children);
    }
    let path = children.get(key);
    if (path === undefined) {
      path = flatString(parent + pathStep(key));
      children.set(key, path);
    }
    return path;
  }

  /** The path of an array's elements: `a[]`. */
  element(parent: string): string {
    let path = this.elements.get(parent);
    if (path === undefined) {
      path = flatString(`${parent}[]`);
      this.elements.set(parent, path);
    }
    return path;
  }
}

/** fieldRows, row by row into `sink`; returns how many rows it gave. */
export function eachField(schema: JsonObject, sink: FieldSink, paths: FieldPaths = new FieldPaths()): number {
  const defs = isRecord(schema["$defs"]) ? schema["$defs"] : {};
  const walk: Walk = { defs, sink, paths, count: 0, truncated: false };
  const parts = isRecord(schema["properties"]) ? schema["properties"] : {};
  for (const part of PAYLOAD_PARTS) {
    const partSchema = getOwn(parts, part);
    if (!isRecord(partSchema) || isEmptyObject(resolved(walk, partSchema))) continue;
    visit(walk, partSchema, part, true, 0, NO_REFS);
  }
  if (walk.truncated) {
    const why = `Only the first ${MAX_FIELD_ROWS} fields are listed; the payload type and the manifest have them all.`;
    sink.field(TRUNCATED, 0, "", false, false, "", why, "");
    walk.count++;
  }
  return walk.count;
}

interface Walk {
  readonly defs: Readonly<Record<string, unknown>>;
  readonly sink: FieldSink;
  readonly paths: FieldPaths;
  count: number;
  truncated: boolean;
}

const NO_REFS: readonly string[] = [];

/** The name of the definition a `#/$defs/<name>` reference names, if it is one that exists. */
function refName(walk: Walk, node: Schema): string | undefined {
  const ref = node["$ref"];
  if (typeof ref !== "string" || !ref.startsWith("#/$defs/")) return undefined;
  const raw = ref.slice("#/$defs/".length);
  // As the manifest writes a reference (a JSON pointer token, not percent-encoded).
  const name = raw.includes("~") ? raw.replace(/~1/g, "/").replace(/~0/g, "~") : raw;
  return isRecord(getOwn(walk.defs, name)) ? name : undefined;
}

function resolved(walk: Walk, node: Schema): Schema {
  const name = refName(walk, node);
  return name === undefined ? node : (walk.defs[name] as Schema);
}

function visit(walk: Walk, raw: Schema, path: string, required: boolean, depth: number, refs: readonly string[]): void {
  if (walk.count >= MAX_FIELD_ROWS) {
    walk.truncated = true;
    return;
  }
  if (visitPlain(walk, raw, path, required, depth, refs, false)) return;
  // Every other node: references, alternatives, combinations, several types, rules. (Here, not
  // in a function of its own: visit stays too large for V8 to inline into its callers, which call
  // visit in turn, so that inlining it would grow their compiled code without measure.)
  let ref = raw["$ref"] === undefined ? undefined : refName(walk, raw);
  const base = ref === undefined ? raw : (walk.defs[ref] as Schema);
  const type = base["type"];
  // One type, no alternatives: nothing to take apart (withoutNull would allocate).
  const single = typeof type === "string" && base["anyOf"] === undefined && base["oneOf"] === undefined;
  let node = base;
  let nullable = type === "null";
  if (!single) {
    ({ node, nullable } = withoutNull(base));
    // A shared type or null (`anyOf: [{ $ref }, { type: "null" }]`): the type, expanded.
    const inner = ref === undefined ? refName(walk, node) : undefined;
    if (inner !== undefined) {
      ref = inner;
      node = walk.defs[inner] as Schema;
    }
  }
  // Documentation beside a `$ref` is the field's own, and wins over the definition's.
  const description = raw === node ? node["description"] : (raw["description"] ?? node["description"]);
  const format = raw === node ? node["format"] : (raw["format"] ?? node["format"]);
  walk.count++;
  walk.sink.field(
    path,
    depth,
    ref ?? typeLabel(node, 0),
    required,
    nullable,
    typeof format === "string" ? format : "",
    typeof description === "string" ? description : "",
    rulesOf(raw, node),
  );
  if (depth >= MAX_DEPTH || (ref !== undefined && refs.includes(ref))) return;
  const below = ref === undefined ? refs : [...refs, ref];
  if (node["allOf"] === undefined && (single || (node["anyOf"] === undefined && node["oneOf"] === undefined)))
    visitBelow(walk, node["properties"], node["required"], node["items"], path, depth, below);
  else {
    visitMembers(walk, node, path, depth, below);
    visitBelow(walk, undefined, undefined, node["items"], path, depth, below);
  }
}

/**
 * Most fields: a node of one type and nothing but `properties`, `required`, `items`, `format`,
 * `description`, `enum` and `additionalProperties` (a schema only beside properties: the type
 * is then `object` all the same), or such a node or null (`{ anyOf: [X, { type: "null" }] }` and
 * nothing beside). Read in one pass over the node's own keys: schema nodes come in many shapes,
 * so each lookup by name is a slow one (V8 cannot predict where the key is), while a `for in`
 * reads each value where it lies. Returns false, having written nothing, for any other node.
 * The general way (the rest of visit) then sees few nodes, and V8 compiles none of its helpers
 * for most sites.
 */
function visitPlain(
  walk: Walk,
  raw: Schema,
  path: string,
  required: boolean,
  depth: number,
  refs: readonly string[],
  nullable: boolean,
): boolean {
  let type: unknown;
  let props: unknown;
  let list: unknown;
  let items: unknown;
  let format: unknown;
  let description: unknown;
  let members: unknown;
  let extra: unknown;
  let alternatives: unknown;
  let keys = 0;
  for (const key in raw) {
    keys++;
    // Read once here, not in each case: every read of `raw[key]` is compiled apart.
    const value = raw[key];
    switch (key) {
      case "type":
        type = value;
        break;
      case "properties":
        props = value;
        break;
      case "required":
        list = value;
        break;
      case "items":
        items = value;
        break;
      case "format":
        format = value;
        break;
      case "description":
        description = value;
        break;
      case "enum":
        members = value;
        break;
      case "additionalProperties":
        extra = value;
        break;
      case "anyOf":
        alternatives = value;
        break;
      default:
        return false;
    }
  }
  if (alternatives !== undefined) {
    // Only the usual nullable field, and not one inside another (that is a type of its own).
    if (nullable || keys !== 1) return false;
    const node = nullableType(alternatives);
    return node !== undefined && visitPlain(walk, node, path, required, depth, refs, true);
  }
  if (typeof type !== "string") return false;
  if (extra !== undefined && typeof extra !== "boolean" && (type !== "object" || !isRecord(props) || !hasKeys(props)))
    return false;
  if (members !== undefined && !Array.isArray(members)) return false;
  walk.count++;
  walk.sink.field(
    path,
    depth,
    // typeLabel's answer for such a node: an object lists its properties in rows of their own.
    members !== undefined
      ? enumLabel(members as readonly unknown[])
      : type === "array"
        ? arrayOf(isRecord(items) ? typeLabel(items, 1) : "unknown")
        : type,
    required,
    nullable || type === "null",
    typeof format === "string" ? format : "",
    typeof description === "string" ? description : "",
    "",
  );
  if (depth < MAX_DEPTH && (props !== undefined || items !== undefined))
    visitBelow(walk, props, list, items, path, depth, refs);
  return true;
}

/** The properties of a node that has them, then its elements' schema. */
function visitBelow(
  walk: Walk,
  props: unknown,
  list: unknown,
  items: unknown,
  path: string,
  depth: number,
  refs: readonly string[],
): void {
  if (isRecord(props)) {
    const requiredKeys = Array.isArray(list) ? list : NO_REFS;
    const keys = Object.keys(props);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const child = props[key];
      if (isRecord(child)) visit(walk, child, walk.paths.child(path, key), requiredKeys.includes(key), depth + 1, refs);
    }
  }
  if (isRecord(items)) visit(walk, items, walk.paths.element(path), true, depth + 1, refs);
}

/**
 * The properties of a node with `allOf`, `anyOf` or `oneOf`, each listed once. A property that
 * several branches declare is typed as the union of their declarations (`"card" | "bank"`), and
 * is required when the node or an `allOf` branch requires it (whether or not that branch
 * declares it: `allOf: [{ properties }, { required }]`), or every alternative does.
 */
function visitMembers(walk: Walk, node: Schema, path: string, depth: number, refs: readonly string[]): void {
  const declared = new Map<string, Schema[]>();
  const declare = (schema: Schema): void => {
    const members = schema["properties"];
    if (!isRecord(members)) return;
    for (const key of Object.keys(members)) {
      const child = members[key];
      if (!isRecord(child)) continue;
      const schemas = declared.get(key);
      if (schemas === undefined) declared.set(key, [child]);
      else if (!schemas.some((s) => isDeepStrictEqual(s, child))) schemas.push(child);
    }
  };
  const requiredOf = (schema: Schema): readonly unknown[] => {
    const list = schema["required"];
    return Array.isArray(list) ? list : NO_REFS;
  };
  // A branch that is a definition already being listed further up is named, not expanded again.
  const member = (value: unknown): Schema | undefined => {
    if (!isRecord(value)) return undefined;
    const name = refName(walk, value);
    return name !== undefined && refs.includes(name) ? undefined : resolved(walk, value);
  };
  const required = new Set(requiredOf(node));
  declare(node);
  const all = node["allOf"];
  if (Array.isArray(all))
    for (const m of all) {
      const schema = member(m);
      if (schema === undefined) continue;
      declare(schema);
      for (const key of requiredOf(schema)) required.add(key);
    }
  // What each alternative requires: a key is required when all of them require it.
  const alternatives: (readonly unknown[])[] = [];
  for (const keyword of ALTERNATIVES) {
    const list = node[keyword];
    if (!Array.isArray(list)) continue;
    for (const m of list) {
      const schema = member(m);
      if (schema === undefined || isNullType(schema)) continue;
      declare(schema);
      alternatives.push(requiredOf(schema));
    }
  }
  for (const [key, schemas] of declared) {
    const isRequired =
      required.has(key) || (alternatives.length > 0 && alternatives.every((list) => list.includes(key)));
    const schema = schemas.length === 1 ? schemas[0]! : unionOf(schemas);
    visit(walk, schema, walk.paths.child(path, key), isRequired, depth + 1, refs);
  }
}

/**
 * Declarations of one property as one schema: any of them, documented as the first documented
 * one; when all are arrays, their elements too are any of theirs (so that they are listed).
 */
function unionOf(schemas: readonly Schema[]): Schema {
  const union: Record<string, unknown> = { anyOf: schemas };
  const description = schemas.map((s) => s["description"]).find((d) => typeof d === "string");
  if (description !== undefined) union["description"] = description;
  const items = schemas.map((s) => s["items"]);
  if (schemas.every((s) => s["type"] === "array") && items.every(isRecord)) union["items"] = unionOf(items);
  return union;
}

/**
 * Keywords that bound a value, as the rules sentence words them, in this order: `[keyword,
 * words]` (`minimum 0`), or `[keyword, words, unit, units]` for a count (`at least 1 item`).
 */
const BOUNDS: readonly (readonly [string, string, string?, string?])[] = [
  ["minimum", "minimum"],
  ["exclusiveMinimum", "more than"],
  ["maximum", "maximum"],
  ["exclusiveMaximum", "less than"],
  ["multipleOf", "a multiple of"],
  ["minLength", "at least", "character", "characters"],
  ["maxLength", "at most", "character", "characters"],
  ["minItems", "at least", "item", "items"],
  ["maxItems", "at most", "item", "items"],
  ["uniqueItems", "items unique"],
  ["minProperties", "at least", "property", "properties"],
  ["maxProperties", "at most", "property", "properties"],
  ["pattern", "pattern"],
  ["default", "default"],
];

const RULE_KEYWORDS = new Set<string>(["deprecated", ...BOUNDS.map(([keyword]) => keyword)]);

function hasRules(schema: Schema): boolean {
  for (const key in schema) if (RULE_KEYWORDS.has(key)) return true;
  return false;
}

/** The rules sentence of a field (see FieldRow.rules): the field's own keywords win over its definition's. */
function rulesOf(raw: Schema, node: Schema): string {
  // Most fields say nothing of the kind: looked for once per key they have, not once per rule.
  if (!hasRules(node) && (raw === node || !hasRules(raw))) return "";
  const get = (key: string): unknown => raw[key] ?? node[key];
  const parts: string[] = [];
  for (const [keyword, words, unit, units] of BOUNDS) {
    const value = get(keyword);
    if (value === undefined) continue;
    if (keyword === "uniqueItems") {
      if (value === true) parts.push(words);
      continue;
    }
    const text = typeof value === "string" && keyword === "pattern" ? value : JSON.stringify(value as JsonValue);
    parts.push(unit === undefined ? `${words} ${text}` : `${words} ${text} ${value === 1 ? unit : units}`);
  }
  const deprecated = get("deprecated") === true ? "Deprecated." : "";
  if (parts.length === 0) return deprecated;
  const sentence = parts.join("; ");
  const rules = `${sentence[0]!.toUpperCase()}${sentence.slice(1)}.`;
  return deprecated === "" ? rules : `${deprecated} ${rules}`;
}

/** Keys formatPayloadPath writes after a dot (a subset of what it accepts so: anything else goes through it). */
const PLAIN_KEY = /^[A-Za-z_$][\w$]*$/;

/** A key's step in a path below its parent's, as formatPayloadPath writes it (`.id`, `["x-id"]`). */
function pathStep(key: string): string {
  if (PLAIN_KEY.test(key)) return `.${key}`;
  const written = formatPayloadPath([{ key }]);
  return written.startsWith("[") ? written : `.${written}`;
}

/** A part that takes nothing (`{ properties: {}, additionalProperties: false }`): no row. */
function isEmptyObject(node: Schema): boolean {
  const props = node["properties"];
  return (
    node["additionalProperties"] === false &&
    (props === undefined || (isRecord(props) && Object.keys(props).length === 0)) &&
    node["anyOf"] === undefined &&
    node["oneOf"] === undefined &&
    node["allOf"] === undefined
  );
}

const ALTERNATIVES = ["anyOf", "oneOf"] as const;
const COMBINATIONS = [
  ["anyOf", " | "],
  ["oneOf", " | "],
  ["allOf", " & "],
] as const;

/** The schema without its `null` alternative (`anyOf: [X, {type: "null"}]`, `type: ["string", "null"]`), and whether it had one. */
function withoutNull(node: Schema): { node: Schema; nullable: boolean } {
  // The usual nullable field, `{ anyOf: [X, { type: "null" }] }` and nothing beside: X itself,
  // not a copy (the walk only reads it; it may belong to a record kept between builds).
  if (onlyKey(node, "anyOf")) {
    const type = nullableType(node["anyOf"]);
    if (type !== undefined) return { node: type, nullable: true };
  }
  return withoutNullAtAll(node);
}

/** X, when `members` (an `anyOf` list) is `[X, { type: "null" }]` or `[{ type: "null" }, X]` and X is no null type itself. */
function nullableType(members: unknown): Schema | undefined {
  if (!Array.isArray(members) || members.length !== 2) return undefined;
  const first: unknown = members[0];
  const second: unknown = members[1];
  const other = isNullType(second) ? first : isNullType(first) ? second : undefined;
  return isRecord(other) && !isNullType(other) ? other : undefined;
}

/**
 * `{ type: "null" }`, the null alternative of a nullable type, documented or not (`{ type: "null",
 * title: "None" }`): its type is null all the same, and the row says so in Nullable.
 */
function isNullType(value: unknown): boolean {
  if (!isRecord(value) || value["type"] !== "null") return false;
  for (const key in value) if (key !== "type" && !ANNOTATIONS.has(key)) return false;
  return true;
}

/** Keywords that document a schema without constraining its values. */
const ANNOTATIONS = new Set(["title", "description", "$comment", "examples"]);

/** withoutNull for every other shape (apart, so that the usual one is small to compile). */
function withoutNullAtAll(node: Schema): { node: Schema; nullable: boolean } {
  const type = node["type"];
  if (Array.isArray(type) && type.includes("null")) {
    const rest = type.filter((t) => t !== "null");
    return { node: { ...node, type: rest.length === 1 ? rest[0] : rest }, nullable: true };
  }
  for (const keyword of ALTERNATIVES) {
    const members = node[keyword];
    if (!Array.isArray(members)) continue;
    const rest = members.filter((m) => !isNullType(m));
    if (rest.length === members.length) continue;
    const { [keyword]: _, ...others } = node;
    const only = rest.length === 1 && isRecord(rest[0]) ? rest[0] : undefined;
    return { node: only === undefined ? { ...others, [keyword]: rest } : { ...only, ...others }, nullable: true };
  }
  return { node, nullable: node["type"] === "null" };
}

/** A short, TypeScript-like type for the table. */
function typeLabel(node: Schema, depth: number): string {
  if (depth > 4) return "...";
  const type = node["type"];
  // Most fields: one type, no enum or const. A scalar is its type (even beside a `$ref`, as
  // ever); an array or object without a `$ref` gets its own label, one with a `$ref` is named.
  if (typeof type === "string" && node["enum"] === undefined && node["const"] === undefined) {
    if (type === "string" || type === "integer" || type === "number" || type === "boolean") return type;
    if (node["$ref"] === undefined)
      return type === "array" ? arrayLabel(node, depth) : type === "object" ? objectLabel(node, depth) : type;
  }
  return otherLabel(node, depth);
}

/**
 * typeLabel for the rest: a `$ref`, a constant, an enum, a combination, a list of types. Apart,
 * so that typeLabel, run for every field, stays small to compile and sees only the usual shapes.
 */
function otherLabel(node: Schema, depth: number): string {
  const type = node["type"];
  const ref = node["$ref"];
  if (typeof ref === "string") return ref.startsWith("#/$defs/") ? ref.slice("#/$defs/".length) : ref;
  if ("const" in node) return JSON.stringify(node["const"] as JsonValue);
  const members = node["enum"];
  if (Array.isArray(members)) return enumLabel(members);
  if (type === undefined && node["properties"] === undefined) {
    for (const [keyword, joiner] of COMBINATIONS) {
      const list = node[keyword];
      if (Array.isArray(list) && list.length > 0) {
        const labels = list.map((m) => (isRecord(m) ? typeLabel(m, depth + 1) : "unknown"));
        // A branch that only requires keys (`{ required: [...] }`) adds nothing to an intersection.
        const shown =
          keyword === "allOf" && labels.some((l) => l !== "unknown") ? labels.filter((l) => l !== "unknown") : labels;
        return [...new Set(shown)].join(joiner);
      }
    }
  }
  if (Array.isArray(type)) return type.map((t) => typeLabel({ ...node, type: t }, depth + 1)).join(" | ");
  if (type === "array") return arrayLabel(node, depth);
  if (type === "object") return objectLabel(node, depth);
  if (typeof type === "string") return type;
  if (node["properties"] !== undefined) return "object";
  return "unknown";
}

/** An enum's type: its members as JSON, the first MAX_ENUM of them. */
function enumLabel(members: readonly unknown[]): string {
  const shown = members.slice(0, MAX_ENUM).map((m) => JSON.stringify(m as JsonValue));
  return members.length > MAX_ENUM ? `${shown.join(" | ")} | ...` : shown.join(" | ");
}

/** An array's type: its elements', or a tuple's members in order and then what may follow them. */
function arrayLabel(node: Schema, depth: number): string {
  const items = node["items"];
  const prefix = node["prefixItems"];
  if (Array.isArray(prefix)) {
    const members = prefix.map((m) => (isRecord(m) ? typeLabel(m, depth + 1) : "unknown"));
    if (isRecord(items)) members.push(`...${arrayOf(typeLabel(items, depth + 1))}`);
    else if (items !== false) members.push("...unknown[]");
    return `[${members.join(", ")}]`;
  }
  return arrayOf(isRecord(items) ? typeLabel(items, depth + 1) : "unknown");
}

/** An object's type: `object` when it lists properties (they have rows of their own), else what its keys hold. */
function objectLabel(node: Schema, depth: number): string {
  const props = node["properties"];
  if (isRecord(props) && hasKeys(props)) return "object";
  const extra = node["additionalProperties"];
  const patterns = node["patternProperties"];
  if (isRecord(patterns) && hasKeys(patterns)) {
    // Keys by pattern: `{ /^x-/: string }`, then any other key's type.
    const members = Object.keys(patterns).map((pattern) => {
      const value = patterns[pattern];
      return `/${pattern}/: ${isRecord(value) ? typeLabel(value, depth + 1) : "unknown"}`;
    });
    if (isRecord(extra)) members.push(`[key: string]: ${typeLabel(extra, depth + 1)}`);
    return `{ ${members.join("; ")} }`;
  }
  if (isRecord(extra)) return `Record<string, ${typeLabel(extra, depth + 1)}>`;
  return "object";
}

function arrayOf(item: string): string {
  return /^[\w$]+$/.test(item) ? `${item}[]` : `(${item})[]`;
}

/** Whether `key` is the node's only key. */
function onlyKey(node: Schema, key: string): boolean {
  for (const other in node) if (other !== key) return false;
  return true;
}

function hasKeys(record: Readonly<Record<string, unknown>>): boolean {
  for (const key in record) if (Object.prototype.hasOwnProperty.call(record, key)) return true;
  return false;
}
