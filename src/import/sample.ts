import { getOwn, isJsonObject, setOwn, type JsonObject, type JsonValue } from "../util/json.js";
import { fragmentSteps, valueAt } from "./refs.js";

/**
 * A value built from a JSON Schema when the document gives no example: a deterministic walk, not
 * a generator of every case. It takes `const`, then the first of `enum`, then the schema's own
 * `example`, `examples` or `default`, else a value of its first non-null type that honours what
 * is cheap to honour (`format`, `minLength`/`maxLength`, `minimum`/`maximum`, `multipleOf`,
 * `minItems`, `required`). Objects get every property at the top level (a body shows its whole
 * shape) and their required ones below; arrays get one element (or `minItems`). `$ref`s are
 * followed inside `root`; a reference met again on the way down (a cycle) stops with the
 * smallest value the schema allows.
 */
export function sampleOf(schema: JsonValue, root: JsonValue, name = "value"): JsonValue {
  return new Walk(root).value(schema, name, 0, []);
}

/** Deeper than this, objects stop taking properties (a guard against long chains of required objects). */
const MAX_DEPTH = 12;

const FORMATS: Readonly<Record<string, string>> = {
  "date-time": "2024-01-01T00:00:00Z",
  date: "2024-01-01",
  time: "00:00:00Z",
  duration: "P1D",
  email: "user@example.com",
  "idn-email": "user@example.com",
  hostname: "example.com",
  "idn-hostname": "example.com",
  ipv4: "192.0.2.1",
  ipv6: "2001:db8::1",
  uri: "https://example.com",
  url: "https://example.com",
  iri: "https://example.com",
  "uri-reference": "https://example.com",
  "iri-reference": "https://example.com",
  "uri-template": "https://example.com/{id}",
  uuid: "00000000-0000-4000-8000-000000000000",
  byte: "ZXhhbXBsZQ==",
  binary: "example",
  password: "********",
  "json-pointer": "/example",
  "relative-json-pointer": "0",
  regex: ".*",
};

class Walk {
  constructor(private readonly root: JsonValue) {}

  value(schema: JsonValue, name: string, depth: number, refs: readonly string[]): JsonValue {
    if (schema === true || schema === false || !isJsonObject(schema)) return null;
    const ref = getOwn(schema, "$ref");
    if (typeof ref === "string") {
      const target = this.target(ref);
      if (target !== undefined && !refs.includes(ref)) return this.value(target, name, depth, [...refs, ref]);
      if (target !== undefined) return this.smallest(target);
    }
    const given = this.given(schema);
    if (given !== undefined) return given;
    const allOf = getOwn(schema, "allOf");
    if (Array.isArray(allOf) && allOf.length > 0) return this.allOf(schema, allOf, name, depth, refs);
    for (const key of ["oneOf", "anyOf"]) {
      const branches = getOwn(schema, key);
      if (Array.isArray(branches) && branches.length > 0) {
        const branch = branches.find((b) => !isNullSchema(b)) ?? branches[0]!;
        return this.value(branch, name, depth, refs);
      }
    }
    switch (typeOf(schema)) {
      case "object":
        return this.object(schema, depth, refs);
      case "array":
        return this.array(schema, name, depth, refs);
      case "string":
        return stringOf(schema, name);
      case "integer":
        return numberOf(schema, true);
      case "number":
        return numberOf(schema, false);
      case "boolean":
        return false;
      default:
        return null;
    }
  }

  private target(ref: string): JsonValue | undefined {
    const steps = fragmentSteps(ref);
    return steps === undefined ? undefined : valueAt(this.root, steps);
  }

  /** A value the schema names itself, when it is of a type the schema allows (documents' examples are not always). */
  private given(schema: JsonObject): JsonValue | undefined {
    const constant = getOwn(schema, "const");
    if (constant !== undefined) return constant;
    const values = getOwn(schema, "enum");
    if (Array.isArray(values) && values.length > 0) return values.find((v) => v !== null) ?? values[0]!;
    const allowed = possibleTypes(schema, this.root, []);
    const fits = (value: JsonValue | undefined) =>
      value !== undefined && (allowed === undefined || allowed.has(jsonType(value)));
    const example = getOwn(schema, "example");
    if (fits(example)) return example;
    const examples = getOwn(schema, "examples");
    if (Array.isArray(examples) && fits(examples[0])) return examples[0]!;
    const fallback = getOwn(schema, "default");
    return fits(fallback) ? fallback : undefined;
  }

  /**
   * `allOf`: one value for all its members. Their types and enums are intersected; objects are
   * merged property by property (a property in several members is the `allOf` of them); a
   * member's `oneOf`/`anyOf` takes its first branch of the chosen type.
   */
  private allOf(schema: JsonObject, members: JsonValue[], name: string, depth: number, refs: readonly string[]) {
    const { allOf: _, ...rest } = schema;
    const flat = this.flatten([...members, ...(Object.keys(rest).length > 0 ? [rest] : [])], refs);
    const enums = flat.map((m) => choices(m)).filter((c) => c !== undefined);
    if (enums.length > 0) {
      const common = enums.reduce((a, b) => a.filter((v) => b.some((w) => JSON.stringify(v) === JSON.stringify(w))));
      if (common.length > 0) return common.find((v) => v !== null) ?? common[0]!;
    }
    let types: Set<string> | undefined;
    for (const member of flat) {
      const own = possibleTypes(member, this.root, refs);
      if (own !== undefined) types = types === undefined ? own : new Set([...types].filter((t) => own.has(t)));
    }
    const type = types === undefined ? "object" : ([...types].find((t) => t !== "null") ?? [...types][0] ?? "null");
    const chosen = flat.map((m) => branchOfType(m, type, this.root, refs));
    if (type === "object") return this.object(mergeObjects(chosen), depth, refs);
    if (type === "array") {
      const items = chosen.map((m) => getOwn(m, "items")).filter((i) => i !== undefined);
      return this.array({ ...Object.assign({}, ...chosen), type, items: { allOf: items } }, name, depth, refs);
    }
    const merged: JsonObject = {};
    for (const member of chosen) for (const key of Object.keys(member)) setOwn(merged, key, member[key]!);
    for (const key of ["oneOf", "anyOf", "allOf", "$ref", "enum", "const"]) delete merged[key];
    return this.value({ ...merged, type }, name, depth, refs);
  }

  /** Whether an `allOf`'s members' types have one in common (any other schema is taken as satisfiable). */
  private satisfiable(schema: JsonValue, refs: readonly string[]): boolean {
    const members = isJsonObject(schema) ? getOwn(schema, "allOf") : undefined;
    if (!Array.isArray(members)) return true;
    let types: Set<string> | undefined;
    for (const member of this.flatten(members, refs)) {
      const own = possibleTypes(member, this.root, refs);
      if (own !== undefined) types = types === undefined ? own : new Set([...types].filter((t) => own.has(t)));
    }
    return types === undefined || types.size > 0;
  }

  /** Members with their references followed and nested `allOf`s spread. */
  private flatten(members: readonly JsonValue[], refs: readonly string[]): JsonObject[] {
    const out: JsonObject[] = [];
    for (const member of members) {
      const resolved = follow(member, this.root, refs);
      if (resolved === undefined) continue;
      const nested = getOwn(resolved.schema, "allOf");
      if (Array.isArray(nested)) {
        const { allOf: _, ...rest } = resolved.schema;
        out.push(...this.flatten([...nested, ...(Object.keys(rest).length > 0 ? [rest] : [])], resolved.refs));
      } else out.push(resolved.schema);
    }
    return out;
  }

  private object(schema: JsonObject, depth: number, refs: readonly string[]): JsonObject {
    const out: JsonObject = {};
    const properties = getOwn(schema, "properties");
    if (!isJsonObject(properties) || depth > MAX_DEPTH) return out;
    const required = getOwn(schema, "required");
    const wanted = new Set(Array.isArray(required) ? required.filter((r) => typeof r === "string") : []);
    for (const key of Object.keys(properties)) {
      if (depth > 0 && !wanted.has(key)) continue;
      setOwn(out, key, this.value(properties[key]!, key, depth + 1, refs));
    }
    return out;
  }

  private array(schema: JsonObject, name: string, depth: number, refs: readonly string[]): JsonValue[] {
    const prefix = getOwn(schema, "prefixItems");
    if (Array.isArray(prefix)) return prefix.map((item) => this.value(item, name, depth + 1, refs));
    const items = getOwn(schema, "items");
    if (items === undefined || Array.isArray(items)) return [];
    const min = numeric(getOwn(schema, "minItems")) ?? 0;
    const max = numeric(getOwn(schema, "maxItems")) ?? Infinity;
    // Items no value satisfies (an allOf of a string and a null, as documents have): no items.
    const count = Math.min(Math.max(min, this.satisfiable(items, refs) ? 1 : 0), max);
    return Array.from({ length: count }, () => this.value(items, name, depth + 1, refs));
  }

  /** The smallest value for a schema met again inside itself: null when allowed, else an empty one. */
  private smallest(schema: JsonValue): JsonValue {
    if (!isJsonObject(schema)) return null;
    if (isNullable(schema)) return null;
    const type = typeOf(schema);
    return type === "array" ? [] : type === "object" ? {} : this.value(schema, "value", MAX_DEPTH + 1, []);
  }
}

function numeric(value: JsonValue | undefined): number | undefined {
  return typeof value === "number" ? value : undefined;
}

/** The schema's first non-null type, or what its keywords imply. */
function typeOf(schema: JsonObject): string | undefined {
  const type = getOwn(schema, "type");
  if (typeof type === "string") return type;
  if (Array.isArray(type)) return (type.find((t) => t !== "null") ?? type[0]) as string | undefined;
  if (getOwn(schema, "properties") !== undefined || getOwn(schema, "additionalProperties") !== undefined)
    return "object";
  if (getOwn(schema, "items") !== undefined || getOwn(schema, "prefixItems") !== undefined) return "array";
  return undefined;
}

function isNullSchema(schema: JsonValue): boolean {
  return isJsonObject(schema) && getOwn(schema, "type") === "null";
}

function isNullable(schema: JsonObject): boolean {
  const type = getOwn(schema, "type");
  return getOwn(schema, "nullable") === true || type === "null" || (Array.isArray(type) && type.includes("null"));
}

function stringOf(schema: JsonObject, name: string): string {
  const format = getOwn(schema, "format");
  let text = typeof format === "string" && Object.hasOwn(FORMATS, format) ? FORMATS[format]! : name;
  const min = numeric(getOwn(schema, "minLength")) ?? 0;
  const max = numeric(getOwn(schema, "maxLength")) ?? Infinity;
  if ([...text].length < min) text = text + "x".repeat(min - [...text].length);
  if ([...text].length > max) text = [...text].slice(0, max).join("");
  return text;
}

function numberOf(schema: JsonObject, integer: boolean): number {
  const minimum = numeric(getOwn(schema, "minimum"));
  const exclusive = getOwn(schema, "exclusiveMinimum");
  const maximum = numeric(getOwn(schema, "maximum"));
  const step = numeric(getOwn(schema, "multipleOf"));
  let value = minimum ?? 0;
  // 2019+ gives exclusiveMinimum as the bound; OpenAPI 3.0 (draft 4) as a flag on minimum.
  if (typeof exclusive === "number" && value <= exclusive)
    value = exclusive + (integer || step === undefined ? 1 : 0.5);
  else if (exclusive === true && minimum !== undefined) value = minimum + 1;
  if (integer) value = Math.ceil(value);
  if (step !== undefined && step > 0) value = Math.ceil(value / step) * step;
  if (maximum !== undefined && value > maximum) value = integer ? Math.floor(maximum) : maximum;
  return value;
}

/** A schema with its `$ref`s followed (not into a cycle), and the references on the way. */
function follow(
  schema: JsonValue,
  root: JsonValue,
  refs: readonly string[],
): { schema: JsonObject; refs: readonly string[] } | undefined {
  let current = schema;
  let seen = refs;
  for (;;) {
    if (!isJsonObject(current)) return undefined;
    const ref = getOwn(current, "$ref");
    if (typeof ref !== "string") return { schema: current, refs: seen };
    const steps = fragmentSteps(ref);
    const target = steps === undefined || seen.includes(ref) ? undefined : valueAt(root, steps);
    if (target === undefined) return undefined;
    current = target;
    seen = [...seen, ref];
  }
}

/** The JSON Schema type of a value. */
function jsonType(value: JsonValue): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

/** The types a schema allows, when it says (integers are numbers too); undefined for any. */
function possibleTypes(schema: JsonValue, root: JsonValue, refs: readonly string[]): Set<string> | undefined {
  const resolved = follow(schema, root, refs);
  if (resolved === undefined) return undefined;
  const s = resolved.schema;
  const values = choices(s);
  if (values !== undefined)
    return new Set(values.map(jsonType).flatMap((t) => (t === "integer" ? [t, "number"] : [t])));
  const type = getOwn(s, "type");
  let types: Set<string> | undefined;
  if (typeof type === "string") types = new Set([type]);
  else if (Array.isArray(type)) types = new Set(type.filter((t): t is string => typeof t === "string"));
  for (const key of ["oneOf", "anyOf"]) {
    const branches = getOwn(s, key);
    if (!Array.isArray(branches)) continue;
    const union = new Set<string>();
    for (const branch of branches) {
      const own = possibleTypes(branch, root, resolved.refs);
      if (own === undefined) return types;
      for (const t of own) union.add(t);
    }
    types = types === undefined ? union : new Set([...types].filter((t) => union.has(t)));
  }
  if (types !== undefined && getOwn(s, "nullable") === true) types.add("null");
  if (types?.has("number")) types.add("integer");
  return types;
}

/** The values a schema allows by `const` or `enum`, if it lists them. */
function choices(schema: JsonObject): JsonValue[] | undefined {
  const constant = getOwn(schema, "const");
  if (constant !== undefined) return [constant];
  const values = getOwn(schema, "enum");
  return Array.isArray(values) ? values : undefined;
}

/** A member, or its first `oneOf`/`anyOf` branch that allows `type`. */
function branchOfType(member: JsonObject, type: string, root: JsonValue, refs: readonly string[]): JsonObject {
  for (const key of ["oneOf", "anyOf"]) {
    const branches = getOwn(member, key);
    if (!Array.isArray(branches)) continue;
    const branch = branches.find((b) => possibleTypes(b, root, refs)?.has(type) ?? true);
    const resolved = branch === undefined ? undefined : follow(branch, root, refs);
    if (resolved !== undefined) {
      const { [key]: _, ...rest } = member;
      return { ...rest, ...resolved.schema };
    }
  }
  return member;
}

/** Objects' schemas as one: their properties (each in several members an `allOf` of them), all required. */
function mergeObjects(members: readonly JsonObject[]): JsonObject {
  const properties = new Map<string, JsonValue[]>();
  const required = new Set<string>();
  for (const member of members) {
    const own = getOwn(member, "properties");
    if (isJsonObject(own)) {
      for (const key of Object.keys(own)) {
        const list = properties.get(key);
        if (list === undefined) properties.set(key, [own[key]!]);
        else list.push(own[key]!);
      }
    }
    const names = getOwn(member, "required");
    if (Array.isArray(names)) for (const n of names) if (typeof n === "string") required.add(n);
  }
  const merged: JsonObject = {};
  for (const [key, list] of properties) setOwn(merged, key, list.length === 1 ? list[0]! : { allOf: list });
  return { type: "object", properties: merged, required: [...required] };
}
