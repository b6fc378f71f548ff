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

  /** A value the schema names itself. */
  private given(schema: JsonObject): JsonValue | undefined {
    const constant = getOwn(schema, "const");
    if (constant !== undefined) return constant;
    const values = getOwn(schema, "enum");
    if (Array.isArray(values) && values.length > 0) return values.find((v) => v !== null) ?? values[0]!;
    const example = getOwn(schema, "example");
    if (example !== undefined) return example;
    const examples = getOwn(schema, "examples");
    if (Array.isArray(examples) && examples.length > 0) return examples[0]!;
    return getOwn(schema, "default");
  }

  /** `allOf`: the objects its members build, merged; the first member's value when they are not objects. */
  private allOf(schema: JsonObject, members: JsonValue[], name: string, depth: number, refs: readonly string[]) {
    const { allOf: _, ...rest } = schema;
    const parts = [...members, ...(Object.keys(rest).length > 0 ? [rest] : [])].map((m) =>
      this.value(m, name, depth, refs),
    );
    if (!parts.every((p) => isJsonObject(p) || p === null)) return parts.find((p) => p !== null) ?? null;
    const out: JsonObject = {};
    for (const part of parts) if (isJsonObject(part)) for (const key of Object.keys(part)) setOwn(out, key, part[key]!);
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
    const count = Math.min(Math.max(min, 1), max);
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
