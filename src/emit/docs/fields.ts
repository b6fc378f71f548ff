import { formatPayloadPath, PAYLOAD_PARTS, type PathStep } from "../../naming/payload-path.js";
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
}

/** Most rows an event's table lists; a schema beyond it is summarised by one last row. */
export const MAX_FIELD_ROWS = 2000;
/** Deepest nesting listed: deeper fields are still in the sample and the types. */
const MAX_DEPTH = 24;
/** Most enum members a type shows before `| …`. */
const MAX_ENUM = 8;

type Schema = Readonly<Record<string, unknown>>;

/**
 * The fields of a payload's schema (self-contained, as the manifest records it: shared
 * definitions under `$defs`, reached by `#/$defs/<TypeName>`), in the schema's key order, the
 * parts first. A shared definition met again below itself is listed once and named, not
 * expanded (recursive types), and paths are never listed twice (branches of `anyOf` that share
 * a property).
 */
export function fieldRows(schema: JsonObject): FieldRow[] {
  const defs = isRecord(schema["$defs"]) ? schema["$defs"] : {};
  const rows: FieldRow[] = [];
  const seen = new Set<string>();
  let truncated = false;

  const resolve = (node: Schema): { node: Schema; ref?: string } => {
    const ref = node["$ref"];
    if (typeof ref !== "string" || !ref.startsWith("#/$defs/")) return { node };
    const name = decodeURIComponent(ref.slice("#/$defs/".length)).replace(/~1/g, "/").replace(/~0/g, "~");
    const target = getOwn(defs, name);
    if (!isRecord(target)) return { node };
    // Documentation beside a `$ref` is the field's own, and wins over the definition's.
    const { $ref: _, ...beside } = node;
    return { node: { ...target, ...beside }, ref: name };
  };

  const visit = (
    raw: Schema,
    steps: readonly PathStep[],
    required: boolean,
    depth: number,
    refs: readonly string[],
  ): void => {
    if (rows.length >= MAX_FIELD_ROWS) {
      truncated = true;
      return;
    }
    const { node: resolved, ref } = resolve(raw);
    const { node, nullable } = withoutNull(resolved);
    const path = formatPayloadPath(steps);
    if (!seen.has(path)) {
      seen.add(path);
      rows.push({
        path,
        depth,
        type: ref ?? typeLabel(node, defs),
        required,
        nullable,
        format: typeof node["format"] === "string" ? node["format"] : "",
        description: typeof node["description"] === "string" ? node["description"] : "",
      });
    }
    if (depth >= MAX_DEPTH || (ref !== undefined && refs.includes(ref))) return;
    const below = ref === undefined ? refs : [...refs, ref];
    for (const [key, child, childRequired] of properties(node, resolve)) {
      visit(child, [...steps, { key }], childRequired, depth + 1, below);
    }
    const items = arrayItems(node, resolve);
    if (items !== undefined) visit(items, [...steps, { each: true }], true, depth + 1, below);
  };

  const parts = isRecord(schema["properties"]) ? schema["properties"] : {};
  for (const part of PAYLOAD_PARTS) {
    const partSchema = getOwn(parts, part);
    if (!isRecord(partSchema) || isEmptyObject(resolve(partSchema).node)) continue;
    visit(partSchema, [{ key: part }], true, 0, []);
  }
  if (truncated) {
    rows.push({
      path: "…",
      depth: 0,
      type: "",
      required: false,
      nullable: false,
      format: "",
      description: `Only the first ${MAX_FIELD_ROWS} fields are listed; the payload type and the manifest have them all.`,
    });
  }
  return rows;
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

/** The schema without its `null` alternative (`anyOf: [X, {type: "null"}]`, `type: ["string", "null"]`), and whether it had one. */
function withoutNull(node: Schema): { node: Schema; nullable: boolean } {
  const type = node["type"];
  if (Array.isArray(type) && type.includes("null")) {
    const rest = type.filter((t) => t !== "null");
    return { node: { ...node, type: rest.length === 1 ? rest[0] : rest }, nullable: true };
  }
  for (const keyword of ["anyOf", "oneOf"] as const) {
    const members = node[keyword];
    if (!Array.isArray(members)) continue;
    const rest = members.filter((m) => !(isRecord(m) && m["type"] === "null" && Object.keys(m).length === 1));
    if (rest.length === members.length) continue;
    const { [keyword]: _, ...others } = node;
    const only = rest.length === 1 && isRecord(rest[0]) ? rest[0] : undefined;
    return { node: only === undefined ? { ...others, [keyword]: rest } : { ...only, ...others }, nullable: true };
  }
  return { node, nullable: node["type"] === "null" };
}

/** Properties of an object schema, with those of `allOf`, `anyOf` and `oneOf` members (required only as each says). */
function properties(
  node: Schema,
  resolve: (node: Schema) => { node: Schema; ref?: string },
): [string, Schema, boolean][] {
  const found: [string, Schema, boolean][] = [];
  const add = (schema: Schema, requiredHere: boolean): void => {
    const props = schema["properties"];
    const required = Array.isArray(schema["required"]) ? schema["required"] : [];
    if (isRecord(props)) {
      for (const key of Object.keys(props)) {
        const child = props[key];
        if (isRecord(child)) found.push([key, child, requiredHere && required.includes(key)]);
      }
    }
  };
  add(node, true);
  const all = node["allOf"];
  if (Array.isArray(all)) for (const member of all) if (isRecord(member)) add(resolve(member).node, true);
  for (const keyword of ["anyOf", "oneOf"]) {
    const members = node[keyword];
    // A property of one alternative only may be absent: listed as optional.
    if (Array.isArray(members)) for (const member of members) if (isRecord(member)) add(resolve(member).node, false);
  }
  return found;
}

function arrayItems(node: Schema, resolve: (node: Schema) => { node: Schema; ref?: string }): Schema | undefined {
  const items = node["items"];
  if (isRecord(items)) return items;
  // A ref to an array type: its items.
  const target = resolve(node).node["items"];
  return isRecord(target) ? target : undefined;
}

/** A short, TypeScript-like type for the table. */
function typeLabel(node: Schema, defs: Readonly<Record<string, unknown>>, depth = 0): string {
  if (depth > 4) return "…";
  const ref = node["$ref"];
  if (typeof ref === "string") return ref.startsWith("#/$defs/") ? ref.slice("#/$defs/".length) : ref;
  if ("const" in node) return JSON.stringify(node["const"] as JsonValue);
  const members = node["enum"];
  if (Array.isArray(members)) {
    const shown = members.slice(0, MAX_ENUM).map((m) => JSON.stringify(m as JsonValue));
    return members.length > MAX_ENUM ? `${shown.join(" | ")} | …` : shown.join(" | ");
  }
  for (const [keyword, joiner] of [
    ["anyOf", " | "],
    ["oneOf", " | "],
    ["allOf", " & "],
  ] as const) {
    const list = node[keyword];
    if (Array.isArray(list) && list.length > 0 && node["type"] === undefined && node["properties"] === undefined) {
      const labels = list.map((m) => (isRecord(m) ? typeLabel(m, defs, depth + 1) : "unknown"));
      return [...new Set(labels)].join(joiner);
    }
  }
  const type = node["type"];
  if (Array.isArray(type)) return type.map((t) => typeLabel({ ...node, type: t }, defs, depth + 1)).join(" | ");
  if (type === "array") {
    const items = node["items"];
    const item = isRecord(items) ? typeLabel(items, defs, depth + 1) : "unknown";
    return /^[\w$]+$/.test(item) ? `${item}[]` : `(${item})[]`;
  }
  if (type === "object") {
    const extra = node["additionalProperties"];
    const props = node["properties"];
    const hasProps = isRecord(props) && Object.keys(props).length > 0;
    if (!hasProps && isRecord(extra)) return `Record<string, ${typeLabel(extra, defs, depth + 1)}>`;
    return "object";
  }
  if (typeof type === "string") return type;
  if (node["properties"] !== undefined) return "object";
  return "unknown";
}
