/**
 * Compares two payload schemas (self-contained JSON Schemas as the manifest records them, shared
 * definitions under `$defs`) and names each change with its path in the payload. Both schemas
 * are walked together; a `$ref` is followed into its own document's definitions, and a pair of
 * nodes met again while still being compared (a recursive definition) is taken as equal there,
 * so that a cycle ends and its change is reported once, where it is first reached.
 */
import { formatPayloadPath, type PathStep } from "../naming/payload-path.js";
import { getOwn, isJsonObject, type JsonObject, type JsonValue } from "../util/json.js";
import { canonical, decodePointerToken } from "./json.js";
import type { ChangeKind } from "./rules.js";

/** One change of a payload schema. `before` and `after` are short type texts, or null when absent. */
export interface SchemaChange {
  /** Where in the payload, as `refine` keys are written: `body.items[].sku`. */
  readonly path: string;
  readonly kind: ChangeKind;
  readonly before: string | null;
  readonly after: string | null;
}

type JsonType = "string" | "number" | "integer" | "boolean" | "null" | "object" | "array";
const JSON_TYPES: readonly JsonType[] = ["string", "number", "integer", "boolean", "null", "object", "array"];

/** One alternative of a schema, by the JSON type it takes; `values` when it takes only those (enum, const). */
interface Variant {
  readonly type: JsonType | "complex";
  readonly node: JsonObject;
  readonly values?: readonly JsonValue[];
}

/** A schema as the alternatives it allows; `any` when it allows every value. */
interface Flat {
  readonly any: boolean;
  readonly variants: readonly Variant[];
}

/** Keywords that constrain a value without changing its type: compared as a whole. */
const CONSTRAINTS = [
  "minLength",
  "maxLength",
  "pattern",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "minItems",
  "maxItems",
  "uniqueItems",
  "minProperties",
  "maxProperties",
] as const;

/** Keywords that make a node something other than "any value" when it has no `type`. */
const OBJECT_KEYWORDS = ["properties", "required", "additionalProperties", "patternProperties"];
const ARRAY_KEYWORDS = ["items", "prefixItems"];

/** Compares `before` with `after`, both whole payload schemas; the changes in walk order. */
export function compareSchemas(before: JsonValue, after: JsonValue): SchemaChange[] {
  const walk = new Walk(isJsonObject(before) ? before : {}, isJsonObject(after) ? after : {});
  walk.compare(before, after, []);
  return walk.changes;
}

/** A change with its path as steps, relative to where a remembered comparison started (see Walk.memo). */
interface RawChange {
  readonly steps: readonly PathStep[];
  readonly kind: ChangeKind;
  readonly before: string | null;
  readonly after: string | null;
}

class Walk {
  private readonly raw: RawChange[] = [];
  /** Pairs of nodes being compared now (before's node -> after's nodes): a pair met again is a cycle. */
  private readonly active = new Map<JsonObject, Set<JsonObject>>();
  /**
   * What comparing a pair of nodes found, paths relative to the pair: a shared definition reached
   * from many places is walked once (large provider schemas reach some from hundreds). Kept only
   * for comparisons that met no cycle, whose result does not depend on where they started.
   */
  private readonly memo = new Map<JsonObject, Map<JsonObject, readonly RawChange[]>>();
  /** How many times a cycle ended a comparison. */
  private cuts = 0;

  constructor(
    private readonly beforeDoc: JsonObject,
    private readonly afterDoc: JsonObject,
  ) {}

  get changes(): SchemaChange[] {
    return this.raw.map(({ steps, ...change }) => ({ path: formatPayloadPath(steps), ...change }));
  }

  private add(path: readonly PathStep[], kind: ChangeKind, before: string | null, after: string | null): void {
    this.raw.push({ steps: path, kind, before, after });
  }

  compare(before: JsonValue, after: JsonValue, path: readonly PathStep[]): void {
    // The payload's root is named by the event (its name and description are compared there).
    if (path.length > 0) this.compareDescriptions(before, after, path);
    const a = flatten(before, this.beforeDoc);
    const b = flatten(after, this.afterDoc);
    if (a.any || b.any) {
      if (a.any !== b.any) {
        this.add(
          path,
          a.any ? "type-narrowed" : "type-widened",
          describe(a, this.beforeDoc),
          describe(b, this.afterDoc),
        );
      }
      return;
    }
    const typesA = new Set(a.variants.map((v) => v.type));
    const typesB = new Set(b.variants.map((v) => v.type));
    const removed = [...typesA].filter((t) => !covers(typesB, t));
    const added = [...typesB].filter((t) => !covers(typesA, t));
    if (removed.length > 0 || added.length > 0) {
      const last = path[path.length - 1];
      const changed = last !== undefined && "each" in last ? "item-type-changed" : "type-changed";
      const kind =
        removed.length > 0 && added.length > 0 ? changed : removed.length > 0 ? "type-narrowed" : "type-widened";
      this.add(path, kind, describe(a, this.beforeDoc), describe(b, this.afterDoc));
    }
    for (const type of [...JSON_TYPES, "complex" as const]) {
      const va = a.variants.filter((v) => v.type === type);
      const vb = b.variants.filter((v) => v.type === type);
      if (va.length === 0 || vb.length === 0) continue;
      if (va.length === vb.length && type !== "complex") va.forEach((v, i) => this.compareVariant(v, vb[i]!, path));
      else if (canonical(va.map((v) => v.node)) !== canonical(vb.map((v) => v.node))) {
        this.add(path, "schema-changed", describe(a, this.beforeDoc), describe(b, this.afterDoc));
      }
    }
  }

  private compareDescriptions(before: JsonValue, after: JsonValue, path: readonly PathStep[]): void {
    const da = descriptionOf(before, this.beforeDoc);
    const db = descriptionOf(after, this.afterDoc);
    if (da !== db) this.add(path, "description-changed", da ?? null, db ?? null);
  }

  private compareVariant(a: Variant, b: Variant, path: readonly PathStep[]): void {
    // Values (enum, const) are the variant's own, not its node's: only plain variants are remembered.
    const memoised = a.values === undefined && b.values === undefined;
    const known = memoised ? this.memo.get(a.node)?.get(b.node) : undefined;
    if (known !== undefined) {
      for (const change of known) this.raw.push({ ...change, steps: [...path, ...change.steps] });
      return;
    }
    const seen = this.active.get(a.node);
    if (seen?.has(b.node) === true) {
      this.cuts += 1;
      return;
    }
    const pairs = seen ?? new Set<JsonObject>();
    this.active.set(a.node, pairs);
    pairs.add(b.node);
    const start = this.raw.length;
    const cuts = this.cuts;
    try {
      this.compareValues(a, b, path);
      this.compareConstraints(a, b, path);
      if (a.type === "object") this.compareObjects(a.node, b.node, path);
      if (a.type === "array") this.compareArrays(a.node, b.node, path);
    } finally {
      pairs.delete(b.node);
    }
    if (memoised && this.cuts === cuts) {
      const found = this.raw.slice(start).map((change) => ({ ...change, steps: change.steps.slice(path.length) }));
      const byAfter = this.memo.get(a.node) ?? new Map<JsonObject, readonly RawChange[]>();
      this.memo.set(a.node, byAfter);
      byAfter.set(b.node, found);
    }
  }

  private compareValues(a: Variant, b: Variant, path: readonly PathStep[]): void {
    if (a.values === undefined && b.values === undefined) {
      const fa = stringFormat(a);
      const fb = stringFormat(b);
      if (fa === fb) return;
      const kind = fa === undefined ? "type-narrowed" : fb === undefined ? "type-widened" : "type-changed";
      this.add(path, kind, variantText(a), variantText(b));
      return;
    }
    if (a.values === undefined || b.values === undefined) {
      this.add(path, a.values === undefined ? "type-narrowed" : "type-widened", variantText(a), variantText(b));
      return;
    }
    const keysA = new Map(a.values.map((v) => [canonical(v), v]));
    const keysB = new Map(b.values.map((v) => [canonical(v), v]));
    if (keysA.size === 1 && keysB.size === 1) {
      const ka = [...keysA.keys()][0]!;
      const kb = [...keysB.keys()][0]!;
      if (ka !== kb) this.add(path, "const-changed", ka, kb);
      return;
    }
    for (const key of [...keysB.keys()].filter((k) => !keysA.has(k)).sort())
      this.add(path, "enum-value-added", null, key);
    for (const key of [...keysA.keys()].filter((k) => !keysB.has(k)).sort())
      this.add(path, "enum-value-removed", key, null);
  }

  private compareConstraints(a: Variant, b: Variant, path: readonly PathStep[]): void {
    const pick = (node: JsonObject): JsonObject => {
      const out: JsonObject = {};
      for (const key of CONSTRAINTS) {
        const value = getOwn(node, key);
        if (value !== undefined) out[key] = value;
      }
      return out;
    };
    const ca = canonical(pick(a.node));
    const cb = canonical(pick(b.node));
    if (ca !== cb) this.add(path, "constraint-changed", ca, cb);
  }

  private compareObjects(a: JsonObject, b: JsonObject, path: readonly PathStep[]): void {
    const propsA = objectOf(getOwn(a, "properties"));
    const propsB = objectOf(getOwn(b, "properties"));
    const requiredA = stringSet(getOwn(a, "required"));
    const requiredB = stringSet(getOwn(b, "required"));
    const keys = [...new Set([...Object.keys(propsA), ...Object.keys(propsB)])].sort();
    for (const key of keys) {
      const at = [...path, { key }];
      const pa = getOwn(propsA, key);
      const pb = getOwn(propsB, key);
      if (pb === undefined) this.add(at, "field-removed", describe(flatten(pa!, this.beforeDoc), this.beforeDoc), null);
      else if (pa === undefined) {
        const kind = requiredB.has(key) ? "field-added-required" : "field-added-optional";
        this.add(at, kind, null, describe(flatten(pb, this.afterDoc), this.afterDoc));
      } else {
        if (requiredA.has(key) !== requiredB.has(key)) {
          // Each side's type with what changed beside it (a change of type is reported on its own too).
          const was = describe(flatten(pa, this.beforeDoc), this.beforeDoc);
          const type = describe(flatten(pb, this.afterDoc), this.afterDoc);
          if (requiredB.has(key)) this.add(at, "made-required", `${was}, optional`, `${type}, required`);
          else this.add(at, "made-optional", `${was}, required`, `${type}, optional`);
        }
        this.compare(pa, pb, at);
      }
    }
    // A map's values (headers: `additionalProperties: { type: "string" }`), when both sides have a schema for them.
    const restA = getOwn(a, "additionalProperties");
    const restB = getOwn(b, "additionalProperties");
    if (isJsonObject(restA) && isJsonObject(restB)) this.compare(restA, restB, [...path, { key: "*" }]);
  }

  private compareArrays(a: JsonObject, b: JsonObject, path: readonly PathStep[]): void {
    const itemsA = getOwn(a, "items");
    const itemsB = getOwn(b, "items");
    if (itemsA !== undefined && itemsB !== undefined && !Array.isArray(itemsA) && !Array.isArray(itemsB)) {
      this.compare(itemsA, itemsB, [...path, { each: true }]);
    }
    const tupleA = getOwn(a, "prefixItems");
    const tupleB = getOwn(b, "prefixItems");
    if (Array.isArray(tupleA) && Array.isArray(tupleB)) {
      for (let i = 0; i < Math.max(tupleA.length, tupleB.length); i++) {
        const at = [...path, { key: String(i) }];
        if (i >= tupleB.length)
          this.add(at, "field-removed", describe(flatten(tupleA[i]!, this.beforeDoc), this.beforeDoc), null);
        else if (i >= tupleA.length)
          this.add(at, "field-added-required", null, describe(flatten(tupleB[i]!, this.afterDoc), this.afterDoc));
        else this.compare(tupleA[i]!, tupleB[i]!, at);
      }
    }
  }
}

/** Whether a set of types takes every value of type `t` (an integer is a number). */
function covers(types: ReadonlySet<string>, t: string): boolean {
  return types.has(t) || (t === "integer" && types.has("number"));
}

/** A schema's alternatives, following `$ref`s and unions; `seen` holds the refs followed to get here (a ref to itself allows nothing). */
function flatten(schema: JsonValue, doc: JsonObject, seen: ReadonlySet<string> = new Set()): Flat {
  if (schema === true) return { any: true, variants: [] };
  if (!isJsonObject(schema)) return { any: false, variants: [] };
  const ref = getOwn(schema, "$ref");
  if (typeof ref === "string") {
    const target = resolveRef(ref, doc);
    // A ref that leads back to itself through refs alone allows no value; one that leads nowhere is compared as written.
    if (seen.has(ref)) return { any: false, variants: [] };
    if (target === undefined) return { any: false, variants: [{ type: "complex", node: schema }] };
    return flatten(target, doc, new Set([...seen, ref]));
  }
  const union = getOwn(schema, "anyOf") ?? getOwn(schema, "oneOf");
  if (Array.isArray(union)) {
    const parts = union.map((branch) => flatten(branch, doc, seen));
    return { any: parts.some((p) => p.any), variants: parts.flatMap((p) => p.variants) };
  }
  const all = getOwn(schema, "allOf");
  if (Array.isArray(all)) {
    if (all.length === 1) return flatten(all[0]!, doc, seen);
    return { any: false, variants: [{ type: "complex", node: schema }] };
  }
  if (getOwn(schema, "not") !== undefined) return { any: false, variants: [{ type: "complex", node: schema }] };
  const values = valuesOf(schema);
  const declared = typesOf(schema);
  if (values !== undefined) {
    const byType = new Map<JsonType, JsonValue[]>();
    for (const value of values) {
      const type = valueType(value, declared);
      byType.set(type, [...(byType.get(type) ?? []), value]);
    }
    return { any: false, variants: [...byType].map(([type, vs]) => ({ type, node: schema, values: vs })) };
  }
  if (declared === undefined) return { any: true, variants: [] };
  const variants: Variant[] = declared.map((type) => ({ type, node: schema }));
  if (getOwn(schema, "nullable") === true && !declared.includes("null")) variants.push({ type: "null", node: schema });
  return { any: false, variants };
}

function valuesOf(schema: JsonObject): readonly JsonValue[] | undefined {
  const constant = getOwn(schema, "const");
  if (constant !== undefined) return [constant];
  const list = getOwn(schema, "enum");
  return Array.isArray(list) ? list : undefined;
}

/** The types a node names, or implies by its keywords; undefined when it takes any value. */
function typesOf(schema: JsonObject): JsonType[] | undefined {
  const type = getOwn(schema, "type");
  const names = typeof type === "string" ? [type] : Array.isArray(type) ? type : undefined;
  if (names !== undefined) return names.filter((t): t is JsonType => JSON_TYPES.includes(t as JsonType));
  if (OBJECT_KEYWORDS.some((k) => getOwn(schema, k) !== undefined)) return ["object"];
  if (ARRAY_KEYWORDS.some((k) => getOwn(schema, k) !== undefined)) return ["array"];
  return undefined;
}

function valueType(value: JsonValue, declared: readonly JsonType[] | undefined): JsonType {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "object") return "object";
  if (typeof value === "number")
    return declared?.includes("integer") === true && Number.isInteger(value) ? "integer" : "number";
  return typeof value === "string" ? "string" : "boolean";
}

function resolveRef(ref: string, doc: JsonObject): JsonValue | undefined {
  if (!ref.startsWith("#")) return undefined;
  let node: JsonValue | undefined = doc;
  for (const token of ref.slice(1).split("/").slice(1)) {
    const key = decodePointerToken(token);
    if (Array.isArray(node)) node = node[Number(key)];
    else node = isJsonObject(node) ? getOwn(node, key) : undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

function descriptionOf(schema: JsonValue, doc: JsonObject): string | undefined {
  if (!isJsonObject(schema)) return undefined;
  const own = getOwn(schema, "description");
  if (typeof own === "string") return own;
  const ref = getOwn(schema, "$ref");
  if (typeof ref !== "string") return undefined;
  const target = resolveRef(ref, doc);
  const described = isJsonObject(target) ? getOwn(target, "description") : undefined;
  return typeof described === "string" ? described : undefined;
}

function stringFormat(v: Variant): string | undefined {
  const format = v.type === "string" ? getOwn(v.node, "format") : undefined;
  return typeof format === "string" ? format : undefined;
}

function objectOf(value: JsonValue | undefined): JsonObject {
  return isJsonObject(value) ? value : {};
}

function stringSet(value: JsonValue | undefined): Set<string> {
  return new Set(Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);
}

/** A variant as a short type text: `string`, `string (date-time)`, `"a" | "b"`, `object`, `string[]`. */
function variantText(v: Variant, doc?: JsonObject, depth = 0): string {
  if (v.values !== undefined) return v.values.map((value) => canonical(value)).join(" | ");
  if (v.type === "complex") return "(complex schema)";
  const format = stringFormat(v);
  if (format !== undefined) return `string (${format})`;
  if (v.type === "array" && doc !== undefined && depth < 2) {
    const items = getOwn(v.node, "items");
    if (items !== undefined && !Array.isArray(items)) {
      const inner = describe(flatten(items, doc), doc, depth + 1);
      return inner.includes(" | ") ? `(${inner})[]` : `${inner}[]`;
    }
  }
  return v.type;
}

/** A schema as a short type text, e.g. `string | null`; `unknown` for any value, `never` for none. */
function describe(flat: Flat, doc: JsonObject, depth = 0): string {
  if (flat.any) return "unknown";
  if (flat.variants.length === 0) return "never";
  return [...new Set(flat.variants.map((v) => variantText(v, doc, depth)))].join(" | ");
}
