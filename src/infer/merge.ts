import { getOwn, setOwn } from "../util/json.js";
import {
  compareLiterals,
  isDeclaredNode,
  isTyped,
  isUnion,
  isUnknown,
  type ArraySchema,
  type InferredSchema,
  type ObjectSchema,
  type TypedSchema,
} from "./schema.js";
import { compareCodeUnits } from "../util/order.js";

/**
 * The least schema that accepts everything either schema accepts: the element type of an
 * array whose elements differ, or the type of a field across examples. Objects merge key by
 * key (a key missing on one side becomes optional), integer widens to number, a string format
 * survives only where both sides agree, and other differences become a union in a fixed order.
 */
export function merge(a: InferredSchema, b: InferredSchema): InferredSchema {
  if (!isMergeable(a) || !isMergeable(b)) return declaredUnion(a, b);
  if (isUnknown(a)) return b;
  if (isUnknown(b)) return a;
  // Two schemas of one kind, the common case (array elements alike, examples like the sample):
  // what follows would give the same, through a list of one variant.
  if (isTyped(a) && isTyped(b) && kindOf(a) === kindOf(b)) return mergeSameKind(a, b);
  const variants: TypedSchema[] = [...variantsOf(a)];
  for (const variant of variantsOf(b)) {
    const index = variants.findIndex((v) => kindOf(v) === kindOf(variant));
    if (index === -1) variants.push(variant);
    else variants[index] = mergeSameKind(variants[index]!, variant);
  }
  variants.sort((x, y) => KIND_ORDER.indexOf(kindOf(x)) - KIND_ORDER.indexOf(kindOf(y)));
  return variants.length === 1 ? variants[0]! : { anyOf: variants };
}

/**
 * `schemas.reduce(merge, {})` in one pass: the element type of an array. Merging the elements
 * two at a time copies the growing merged object once per element, which is quadratic when the
 * elements' keys differ (records keyed by id); this gathers every key's schemas first and merges
 * each list once, so the work is linear in the size of the elements.
 */
export function mergeAll(schemas: readonly InferredSchema[]): InferredSchema {
  const first = schemas[0];
  if (first === undefined) return {};
  // Inference never gets here with declared nodes; merged pairwise, they stay as written.
  if (!schemas.every(isMergeable)) return schemas.reduce(merge);
  // All one shared leaf (see LEAVES in sample.ts), the common case: merging would give it back.
  if (schemas.every((schema) => schema === first) && isTyped(first) && isSharedLeaf(first)) return first;
  if (schemas.length === 1) return first;
  const byKind = new Map<Kind, TypedSchema[]>();
  const add = (variant: TypedSchema): void => {
    const kind = kindOf(variant);
    const group = byKind.get(kind);
    if (group === undefined) byKind.set(kind, [variant]);
    else group.push(variant);
  };
  for (const schema of schemas) {
    if (isTyped(schema)) add(schema);
    else if (isUnion(schema)) for (const variant of variantsOf(schema)) add(variant);
  }
  const variants = [...byKind.values()].map(mergeKind);
  if (variants.length === 0) return {};
  variants.sort((x, y) => KIND_ORDER.indexOf(kindOf(x)) - KIND_ORDER.indexOf(kindOf(y)));
  return variants.length === 1 ? variants[0]! : { anyOf: variants };
}

/**
 * Whether merging may take `schema` apart, as it does what inference makes: a typed node, a
 * union of such, or the plain empty schema. Declared nodes (see `isDeclaredNode`) mean exactly
 * what they say, so they are never loosened or dropped.
 */
function isMergeable(schema: InferredSchema): boolean {
  if (isDeclaredNode(schema)) return false;
  if (isUnion(schema)) return schema.anyOf.every((v) => isTyped(v) && isMergeable(v));
  return isTyped(schema) || isUnknown(schema);
}

/**
 * What accepts either of two schemas when one is declared: one of them when it already accepts
 * what the other does (the same node, or null added to what allows null), else a union of both.
 */
function declaredUnion(a: InferredSchema, b: InferredSchema): InferredSchema {
  if (a === b) return a;
  // The empty schema stands for "nothing learned" (an empty array's elements), as in `merge`.
  if (isUnknown(a) && !isDeclaredNode(a)) return b;
  if (isUnknown(b) && !isDeclaredNode(b)) return a;
  const isNull = (s: InferredSchema) => isTyped(s) && s.type === "null" && !isDeclaredNode(s);
  if (isNull(b) && membersOf(a).some(isNull)) return a;
  if (isNull(a) && membersOf(b).some(isNull)) return b;
  return { anyOf: [...membersOf(a), ...membersOf(b)] };
}

/** A union's members when nothing but its members says anything; otherwise the schema itself. */
function membersOf(schema: InferredSchema): readonly InferredSchema[] {
  return isUnion(schema) && Object.keys(schema).length === 1 ? schema.anyOf : [schema];
}

/** A leaf that merged with itself stays itself (`mergeSameKind`'s shortcut). */
function isSharedLeaf(schema: TypedSchema): boolean {
  return schema.type !== "object" && schema.type !== "array" && !("enum" in schema) && schema.description === undefined;
}

/** `mergeSameKind` over a list of schemas of one kind, as `mergeAll` needs it. */
function mergeKind(group: readonly TypedSchema[]): TypedSchema {
  const first = group[0]!;
  if (group.length === 1 || first.type === "null") return first;
  if (first.type === "object") return mergeAllObjects(group as readonly ObjectSchema[]);
  if (first.type === "array") return { type: "array", items: mergeAll(group.map((g) => (g as ArraySchema).items)) };
  // Leaves are small: merging them two at a time is linear.
  return group.reduce(mergeSameKind);
}

function mergeAllObjects(group: readonly ObjectSchema[]): ObjectSchema {
  // A Map, not an object: keys are user data (`__proto__`), and it keeps first-seen order.
  const byKey = new Map<string, InferredSchema[]>();
  const requiredIn = new Map<string, number>();
  const open: InferredSchema[] = [];
  for (const object of group) {
    for (const key of Object.keys(object.properties)) {
      const list = byKey.get(key);
      if (list === undefined) byKey.set(key, [object.properties[key]!]);
      else list.push(object.properties[key]!);
    }
    for (const key of object.required) requiredIn.set(key, (requiredIn.get(key) ?? 0) + 1);
    if (object.additionalProperties !== false) open.push(object.additionalProperties);
  }
  const properties: Record<string, InferredSchema> = {};
  for (const [key, list] of byKey) setOwn(properties, key, mergeAll(list));
  // Required where every element requires it, in the first element's order (as `mergeObjects`).
  const required = group[0]!.required.filter((key) => requiredIn.get(key) === group.length);
  return { type: "object", properties, required, additionalProperties: open.length === 0 ? false : mergeAll(open) };
}

/** Union members are listed in this order, whatever order the values came in. */
const KIND_ORDER = ["object", "array", "string", "number", "boolean", "null"] as const;
type Kind = (typeof KIND_ORDER)[number];

function variantsOf(schema: InferredSchema): readonly TypedSchema[] {
  if (isUnion(schema)) return schema.anyOf.flatMap(variantsOf);
  return isTyped(schema) ? [schema] : [];
}

/** Variants of one kind merge into one; integer and number are one kind. */
function kindOf(schema: TypedSchema): Kind {
  return schema.type === "integer" ? "number" : schema.type;
}

function mergeSameKind(a: TypedSchema, b: TypedSchema): TypedSchema {
  if (a.type === "object" && b.type === "object") return mergeObjects(a, b);
  if (a.type === "array" && b.type === "array") return { type: "array", items: merge(a.items, b.items) };
  if (a.type === "null" || b.type === "null" || a.type === "object" || b.type === "object") return a;
  if (a.type === "array" || b.type === "array") return a;
  // A shared leaf merged with itself (see LEAVES in sample.ts): what follows would copy it.
  if (a === b && isSharedLeaf(a)) return a;
  const type = a.type === b.type ? a.type : "number";
  const format = a.format !== undefined && a.format === b.format ? a.format : undefined;
  const literals =
    a.enum !== undefined && b.enum !== undefined
      ? [...new Set([...a.enum, ...b.enum])].sort(compareLiterals)
      : undefined;
  return { type, ...(format === undefined ? {} : { format }), ...(literals === undefined ? {} : { enum: literals }) };
}

function mergeObjects(a: ObjectSchema, b: ObjectSchema): ObjectSchema {
  const properties: Record<string, InferredSchema> = {};
  for (const key of Object.keys(a.properties)) {
    const other = getOwn(b.properties, key);
    setOwn(properties, key, other === undefined ? a.properties[key]! : merge(a.properties[key]!, other));
  }
  for (const key of Object.keys(b.properties)) {
    if (getOwn(a.properties, key) === undefined) setOwn(properties, key, b.properties[key]!);
  }
  const requiredInB = new Set(b.required);
  const required = a.required.filter((key) => requiredInB.has(key));
  const open =
    a.additionalProperties === false || b.additionalProperties === false
      ? a.additionalProperties || b.additionalProperties
      : merge(a.additionalProperties, b.additionalProperties);
  return { type: "object", properties, required, additionalProperties: open };
}

/**
 * Orders every object's keys as in `reference` (the sample's schema), then the keys the
 * reference lacks in code-unit order. Examples may come in any order; this makes the merged
 * schema, and so the generated types, the same bytes whatever that order was.
 */
export function orderLike(schema: InferredSchema, reference: InferredSchema | undefined): InferredSchema {
  if (isUnion(schema))
    return { ...schema, anyOf: schema.anyOf.map((v) => orderLike(v, matchingVariant(reference, v))) };
  if (!isTyped(schema)) return schema;
  if (schema.type === "array") {
    const items =
      reference !== undefined && isTyped(reference) && reference.type === "array" ? reference.items : undefined;
    return { ...schema, items: orderLike(schema.items, items) };
  }
  if (schema.type !== "object") return schema;
  const ref = reference !== undefined && isTyped(reference) && reference.type === "object" ? reference : undefined;
  const known =
    ref === undefined ? [] : Object.keys(ref.properties).filter((key) => getOwn(schema.properties, key) !== undefined);
  const rest = Object.keys(schema.properties)
    .filter((key) => ref === undefined || getOwn(ref.properties, key) === undefined)
    .sort(compareCodeUnits);
  const properties: Record<string, InferredSchema> = {};
  for (const key of [...known, ...rest]) {
    setOwn(
      properties,
      key,
      orderLike(schema.properties[key]!, ref === undefined ? undefined : getOwn(ref.properties, key)),
    );
  }
  const requiredKeys = new Set(schema.required);
  const required = [...known, ...rest].filter((key) => requiredKeys.has(key));
  return { ...schema, properties, required };
}

function matchingVariant(reference: InferredSchema | undefined, variant: InferredSchema): InferredSchema | undefined {
  if (reference === undefined || !isTyped(variant)) return undefined;
  return variantsOf(reference).find((r) => kindOf(r) === kindOf(variant));
}
