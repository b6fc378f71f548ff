import { suggest } from "../diagnostics/suggest.js";
import { Codes, diagnostic } from "../diagnostics/catalogue.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { locate } from "../extract/index.js";
import { getOwn, isJsonObject, setOwn, type JsonValue } from "../util/json.js";
import { formatPayloadPath, parsePayloadPath, type PathStep } from "../naming/payload-path.js";
import type { RefinementEntry, ValidEvent } from "../validate/index.js";
import { merge } from "./merge.js";
import { fromJsonSchema } from "./from-json-schema.js";
import {
  compareLiterals,
  literalType,
  isOneOf,
  isTyped,
  isUnion,
  kindOfSchema,
  type DefinitionTable,
  type InferredSchema,
  type RefSchema,
  type Literal,
  type ObjectSchema,
  type ScalarSchema,
  type TypedSchema,
} from "./schema.js";

/** A change to one field of the payload schema, at a path. */
interface Edit {
  readonly steps: readonly PathStep[];
  /** Rewrites the field's schema; `undefined` in means the key is not in the samples. */
  readonly apply: (current: InferredSchema | undefined) => InferredSchema | Problem;
  /**
   * Whether the key may be absent; unset leaves it as inferred. `false` makes it and every key on
   * its way required, so that a payload lacking it fails the check instead of loosening the type.
   */
  readonly optional?: boolean;
  /** Reported at this path of the definition when the edit fails. */
  readonly at: readonly (string | number)[];
  readonly label: string;
}

interface Problem {
  readonly problem: string;
  readonly code: "path" | "schema";
}

function isProblem(value: InferredSchema | Problem): value is Problem {
  return "problem" in value;
}

/**
 * The edits a definition's `refine` entries ask for; malformed ones become diagnostics, and so
 * do those that set the type of the selected field when the selector types it (`selected`:
 * every event of the webhook has a selector), which would override them.
 */
export function refinementEdits(event: ValidEvent, selected: boolean): { edits: Edit[]; diagnostics: Diagnostic[] } {
  const edits: Edit[] = [];
  const diagnostics: Diagnostic[] = [];
  // Each field's first refine key, by its path in one spelling (`a.b` and `a["b"]` are one field).
  const fields = new Map<string, string>();
  for (const entry of event.refine) {
    const at = ["refine", entry.path];
    const parsed = parsePayloadPath(entry.path);
    if (!parsed.ok) {
      const span = locate(event.definition, at, { key: true });
      diagnostics.push(
        diagnostic(Codes.InvalidRefinementPath, { path: entry.path, problem: parsed.problem }, { span }),
      );
      continue;
    }
    const field = formatPayloadPath(parsed.steps);
    const first = fields.get(field);
    if (first !== undefined) {
      const span = locate(event.definition, at, { key: true });
      const related = [
        {
          message: "the first refinement of the field",
          span: locate(event.definition, ["refine", first], { key: true }),
        },
      ];
      diagnostics.push(diagnostic(Codes.DuplicateRefinement, { path: entry.path, first }, { span, related }));
      continue;
    }
    fields.set(field, entry.path);
    const overridden = selected ? overriddenBySelector(event, entry, parsed.steps) : undefined;
    if (overridden !== undefined) {
      diagnostics.push(overridden);
      continue;
    }
    const converted = entry.refinement["schema"];
    const replacement = isJsonObject(converted) ? fromJsonSchema(converted) : undefined;
    if (replacement !== undefined && "problem" in replacement) {
      const span = locate(event.definition, [...at, "schema"]);
      diagnostics.push(
        diagnostic(Codes.UnsupportedRefinementSchema, { path: entry.path, problem: replacement.problem }, { span }),
      );
      continue;
    }
    const values = valuesAt(event, parsed.steps);
    edits.push({
      steps: parsed.steps,
      at,
      label: entry.path,
      ...(entry.refinement["optional"] === true ? { optional: true } : {}),
      apply: (current) => refineField(current, entry, replacement, values),
    });
  }
  return { edits, diagnostics };
}

/**
 * The selector's field typed as this event's value, so that a webhook's payloads form a
 * discriminated union.
 */
export function selectorEdit(event: ValidEvent): Edit | undefined {
  const selector = event.selector;
  if (selector === undefined) return undefined;
  return {
    steps: selector.steps,
    at: ["selector"],
    label: selector.path,
    // A payload without the selected field cannot be told apart from the webhook's other events.
    optional: false,
    apply: (current) =>
      current === undefined ? { problem: "names no field", code: "path" } : literal(current, [selector.value]),
  };
}

/**
 * What a selector replaces of a refinement: everything that sets the field's type, and
 * `optional` and `nullable` (a payload without the event's value there is no event of the webhook).
 */
const OVERRIDDEN = ["schema", "enum", "literal", "optional", "nullable"] as const;

/** DT3012 when `entry` sets the type of the field the event's selector names (which wins). */
function overriddenBySelector(
  event: ValidEvent,
  entry: RefinementEntry,
  steps: readonly PathStep[],
): Diagnostic | undefined {
  const selector = event.selector;
  if (selector === undefined) return undefined;
  const field = formatPayloadPath(steps) === formatPayloadPath(selector.steps);
  // A field on the selector's way that may be absent or null takes the selected field with it.
  const onTheWay = !field && isPrefix(steps, selector.steps);
  if (!field && !onTheWay) return undefined;
  const keys = (onTheWay ? (["optional", "nullable"] as const) : OVERRIDDEN).filter((key) =>
    key === "literal" || key === "optional" || key === "nullable"
      ? entry.refinement[key] === true
      : getOwn(entry.refinement, key) !== undefined,
  );
  if (keys.length === 0) return undefined;
  const params = { path: entry.path, keys, selector: selector.path, value: JSON.stringify(selector.value), onTheWay };
  const span = locate(event.definition, ["refine", entry.path], { key: true });
  const related = [{ message: "the selector is declared here", span: locate(event.definition, ["selector"]) }];
  return diagnostic(Codes.SelectorOverridesRefinement, params, { span, related });
}

/** Whether `steps` are the first steps of `longer` (and fewer). */
function isPrefix(steps: readonly PathStep[], longer: readonly PathStep[]): boolean {
  return (
    steps.length < longer.length &&
    steps.every((step, i) => {
      const other = longer[i]!;
      return "each" in step ? "each" in other : "key" in other && other.key === step.key;
    })
  );
}

function refineField(
  current: InferredSchema | undefined,
  entry: RefinementEntry,
  replacement: InferredSchema | undefined,
  values: readonly JsonValue[],
): InferredSchema | Problem {
  const r = entry.refinement;
  if (current === undefined && replacement === undefined) {
    return { problem: "names no field of the sample; give a schema to declare a field the samples lack", code: "path" };
  }
  let schema: InferredSchema = replacement ?? current!;
  if (r["literal"] === true) {
    const literals = values.filter((v): v is Literal => v !== null && typeof v !== "object");
    if (literals.length !== values.length || literals.length === 0) {
      return {
        problem: "asks for a literal type, but the field holds objects, arrays or nothing in the samples",
        code: "schema",
      };
    }
    schema = literal(schema, literals);
  }
  const listed = r["enum"];
  if (Array.isArray(listed)) {
    const literals = listed.filter((v): v is Literal => v !== null && typeof v !== "object");
    // In the order written: a list someone wrote reads best as they wrote it.
    schema = literal(schema, literals, "as written");
    if (listed.includes(null)) schema = merge(schema, { type: "null" });
  }
  if (r["nullable"] === true) schema = merge(schema, { type: "null" });
  const description = r["description"];
  if (typeof description === "string") schema = { ...schema, description };
  return schema;
}

/** A union of literal types for `values`, one scalar schema per JavaScript type. */
function literal(
  base: InferredSchema,
  values: readonly Literal[],
  order: "sorted" | "as written" = "sorted",
): InferredSchema {
  const byType = new Map<ScalarSchema["type"], Literal[]>();
  for (const value of values) {
    const type = literalType(value);
    byType.set(type, [...(byType.get(type) ?? []), value]);
  }
  const format = isTyped(base) && base.type === "string" ? base.format : undefined;
  const variants: InferredSchema[] = [...byType].map(([type, list]) => ({
    type,
    ...(type === "string" && format !== undefined ? { format } : {}),
    enum: order === "sorted" ? [...new Set(list)].sort(compareLiterals) : [...new Set(list)],
  }));
  const nullable = isUnion(base) ? base.anyOf.some((v) => isTyped(v) && v.type === "null") : false;
  const merged = variants.reduce<InferredSchema>(merge, nullable ? { type: "null" } : {});
  return base.description === undefined ? merged : { ...merged, description: base.description };
}

/** The candidate closest to `path`, unless that is the path itself (it names a field the schema lacks). */
function closestOther(path: string, candidates: readonly string[]): string | undefined {
  const closest = suggest(path, candidates);
  return closest === path ? undefined : closest;
}

/** The paths of the fields of the sample and the examples (`[]` for array elements), for "did you mean". */
function samplePaths(event: ValidEvent): string[] {
  const paths = new Set<string>();
  const visit = (value: JsonValue, steps: PathStep[]): void => {
    if (steps.length > 0) paths.add(formatPayloadPath(steps));
    if (Array.isArray(value)) for (const element of value) visit(element, [...steps, { each: true }]);
    else if (isJsonObject(value)) for (const key of Object.keys(value)) visit(value[key]!, [...steps, { key }]);
  };
  for (const sample of [event.sample, ...event.examples]) visit(sample, []);
  return [...paths];
}

/** Every value at the path across the sample and the examples (`[]` visits each element). */
function valuesAt(event: ValidEvent, steps: readonly PathStep[]): JsonValue[] {
  const out: JsonValue[] = [];
  const visit = (value: JsonValue | undefined, index: number): void => {
    if (value === undefined) return;
    const step = steps[index];
    if (step === undefined) out.push(value);
    else if ("each" in step) {
      if (Array.isArray(value)) for (const element of value) visit(element, index + 1);
    } else if (isJsonObject(value)) visit(getOwn(value, step.key), index + 1);
  };
  for (const sample of [event.sample, ...event.examples]) visit(sample, 0);
  return out;
}

/**
 * Applies edits to the payload schema. Each edit walks its path (into object properties, and
 * into array elements for `[]`, through unions) and rewrites the field it reaches.
 */
export function applyEdits(
  schema: ObjectSchema,
  edits: readonly Edit[],
  event: ValidEvent,
  definitions?: DefinitionTable,
): { schema: ObjectSchema; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  let result: ObjectSchema = schema;
  for (const edit of edits) {
    const updated = update(result, edit, 0, definitions);
    if (isProblem(updated)) {
      const span = locate(event.definition, edit.at, { key: edit.at[0] === "refine" });
      const problem = `${updated.problem} (at ${formatPayloadPath(edit.steps)})`;
      diagnostics.push(
        updated.code === "path"
          ? diagnostic(
              Codes.InvalidRefinementPath,
              {
                path: edit.label,
                problem,
                suggestion: closestOther(formatPayloadPath(edit.steps), samplePaths(event)),
              },
              { span },
            )
          : diagnostic(Codes.UnsupportedRefinementSchema, { path: edit.label, problem }, { span }),
      );
    } else {
      result = updated as ObjectSchema;
    }
  }
  return { schema: result, diagnostics };
}

/**
 * Applies `edit` at its path from `edit.steps[stepIndex]` on (the steps before lead to `schema`).
 * Through `anyOf`, `oneOf` and `allOf` it edits every member where the path leads (an inferred
 * union has one member per kind). A path through a `$ref` edits a copy of the definition made
 * for this event at that place (the definition itself is shared by every schema that refers to
 * it, and stays as it is; the refs inside the copy stay refs): so a selector can type a field of
 * a body declared by `$ref`. Without the definitions at hand, such a path is refused.
 */
function update(
  schema: InferredSchema,
  edit: Edit,
  stepIndex: number,
  definitions: DefinitionTable | undefined,
): InferredSchema | Problem {
  const step = edit.steps[stepIndex];
  if (step === undefined) return edit.apply(schema);
  switch (kindOfSchema(schema)) {
    case "anyOf":
    case "oneOf":
    case "allOf": {
      const key = isUnion(schema) ? "anyOf" : isOneOf(schema) ? "oneOf" : "allOf";
      const members = (schema as Record<typeof key, readonly InferredSchema[]>)[key];
      let first: Problem | undefined;
      let edited = false;
      const updated = members.map((member) => {
        if (!leadsInto(member, step)) return member;
        const next = update(member, edit, stepIndex, definitions);
        if (!isProblem(next)) {
          edited = true;
          return next;
        }
        first ??= next;
        return member;
      });
      if (!edited) return first ?? noSuchField(step);
      return { ...schema, [key]: updated } as InferredSchema;
    }
    case "ref": {
      const { $ref, ...docs } = schema as RefSchema;
      const definition = definitions?.get($ref);
      if (definition !== undefined) {
        // The ref's own documentation (a description beside it) wins over the definition's.
        return update({ ...definition.schema, ...docs } as InferredSchema, edit, stepIndex, definitions);
      }
      return {
        problem: `goes through $ref to the shared definition ${JSON.stringify($ref)}, which is not at hand here`,
        code: "path",
      };
    }
    default:
      break;
  }
  if ("each" in step) {
    if (!isTyped(schema) || schema.type !== "array") return noSuchField(step);
    if (schema.prefixItems !== undefined) {
      return { problem: "expects one type for every element, but the schema there is a tuple", code: "path" };
    }
    const items = update(schema.items, edit, stepIndex + 1, definitions);
    return isProblem(items) ? items : { ...schema, items };
  }
  if (!isTyped(schema) || schema.type !== "object") return noSuchField(step);
  return updateProperty(schema, step.key, edit, stepIndex + 1, definitions);
}

/** Whether a member of a union or intersection may hold the path's next step: the kind it needs, or a ref or composition to look into. */
function leadsInto(member: InferredSchema, step: PathStep): boolean {
  if (!isTyped(member)) return kindOfSchema(member) !== "unknown" && kindOfSchema(member) !== "never";
  return member.type === ("each" in step ? "array" : "object");
}

/** `update` for the property `key` of `schema`; the steps into its value start at `stepIndex`. */
function updateProperty(
  schema: ObjectSchema,
  key: string,
  edit: Edit,
  stepIndex: number,
  definitions: DefinitionTable | undefined,
): InferredSchema | Problem {
  const isLast = stepIndex === edit.steps.length;
  const current = getOwn(schema.properties, key);
  let next: InferredSchema | Problem;
  if (current === undefined) {
    // Only the last step may name a key the samples lack: a field declared by its schema.
    if (!isLast) return noSuchField({ key });
    next = edit.apply(undefined);
  } else {
    next = update(current, edit, stepIndex, definitions);
  }
  if (isProblem(next)) return next;
  const properties: Record<string, InferredSchema> = {};
  for (const k of Object.keys(schema.properties)) setOwn(properties, k, k === key ? next : schema.properties[k]!);
  if (current === undefined) setOwn(properties, key, next);
  let required = schema.required;
  if (isLast && (edit.optional === true || current === undefined)) required = required.filter((k) => k !== key);
  else if (edit.optional === false && !required.includes(key)) {
    const wasRequired = new Set(schema.required);
    required = Object.keys(properties).filter((k) => k === key || wasRequired.has(k));
  }
  return { ...schema, properties, required };
}

function noSuchField(step: PathStep): Problem {
  return {
    problem:
      "each" in step ? "expects an array where the samples have none" : `names no field "${step.key}" of the samples`,
    code: "path",
  };
}

export type { Edit, TypedSchema };
