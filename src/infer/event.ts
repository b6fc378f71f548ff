import type { ItemResult } from "../cache/incremental.js";
import { Codes, diagnostic } from "../diagnostics/catalogue.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { formatKeyPath, locate, type KeyPath } from "../extract/index.js";
import { getOwn, isJsonObject, setOwn, type JsonObject, type JsonValue } from "../util/json.js";
import { PAYLOAD_PARTS } from "../naming/payload-path.js";
import type { ValidEvent } from "../validate/index.js";
import { rejections } from "./check.js";
import type { InferredEvent } from "./index.js";
import { merge, orderLike } from "./merge.js";
import { applyEdits, refinementEdits, selectorEdit, type Edit } from "./refine.js";
import { checkLimits } from "./limits.js";
import type { DeclaredModel } from "./declared.js";
import { declaredStage } from "./declared-stage.js";
import { inferObject } from "./sample.js";
import type { DefinitionTable, InferredSchema, ObjectSchema } from "./schema.js";
import { schemaWarnings } from "./warnings.js";

/** One event's inference: the event with its payload's schema, when every sample fits it, and the diagnostics. */
export function inferEvent(event: ValidEvent, discriminated: boolean): ItemResult<InferredEvent> {
  const declared =
    event.declared === undefined
      ? undefined
      : declaredStage().declaredModel(event.declared, event.definition, event.file);
  if (declared !== undefined && declared.diagnostics.length > 0) return { diagnostics: [...declared.diagnostics] };
  const { schema, diagnostics } = inferSchema(event, discriminated, declared);
  return schema === undefined
    ? { diagnostics }
    : { event: inferredEvent(event, schema, declared?.definitions), diagnostics };
}

/** The event without its literal tree and bundles (see InferredEvent), with its schema and the definitions it reaches. */
function inferredEvent(
  event: ValidEvent,
  schema: ObjectSchema,
  definitions: DefinitionTable | undefined,
): InferredEvent {
  const { definition, declared, ...rest } = event;
  return definitions === undefined || definitions.size === 0 ? { ...rest, schema } : { ...rest, schema, definitions };
}

function inferSchema(
  event: ValidEvent,
  discriminated: boolean,
  declared: DeclaredModel | undefined,
): { schema?: ObjectSchema; diagnostics: Diagnostic[] } {
  const payloads = [event.sample, ...event.examples];
  for (const [index, payload] of payloads.entries()) {
    const limit = checkLimits(event, payload, index === 0 ? ["sample"] : ["examples", index - 1]);
    if (limit !== undefined) return { diagnostics: [limit] };
  }
  const inferredSample = payloadSchema(event.sample);
  const definitions = declared?.definitions;
  // Examples may come in any order; ordering keys like the sample makes the output independent of
  // it. Without examples the schema is the sample's, already in its order (a property test holds
  // orderLike(s, s) to s), and copying it would only make garbage.
  const merged =
    event.examples.length === 0
      ? inferredSample
      : (orderLike(
          event.examples.map(payloadSchema).reduce<InferredSchema>(merge, inferredSample),
          inferredSample,
        ) as ObjectSchema);
  // A declared part takes its schema as declared: the samples were checked against it (DT4201).
  const ordered = declared === undefined ? merged : withParts(merged, declared.parts);

  const { edits, diagnostics } = refinementEdits(event, discriminated);
  const selector = discriminated ? selectorEdit(event) : undefined;
  const allEdits: Edit[] = selector === undefined ? edits : [...edits, selector];
  const refined = applyEdits(ordered, allEdits, event, definitions);
  diagnostics.push(...refined.diagnostics);
  if (diagnostics.length > 0) return { diagnostics };

  const schema: ObjectSchema = {
    ...refined.schema,
    title: event.typeName,
    description: event.description === "" ? event.name : `${event.name}: ${event.description}`,
  };
  // Inference alone accepts every sample by construction; refinements and selectors may not.
  if (allEdits.length > 0) {
    const refused = rejections(schema, payloads, ordered, definitions).map((r) =>
      rejectionDiagnostic(event, allEdits, r),
    );
    if (refused.length > 0) return { diagnostics: refused };
  }
  // Declared parts say what they mean: nothing there was learned from the samples, to warn about.
  const declaredParts = declared === undefined ? undefined : new Set(Object.keys(declared.parts));
  return { schema, diagnostics: schemaWarnings(event, schema, declaredParts) };
}

/** The payload's schema with the declared parts in place of the inferred ones. */
function withParts(schema: ObjectSchema, parts: DeclaredModel["parts"]): ObjectSchema {
  const properties: Record<string, InferredSchema> = {};
  for (const part of PAYLOAD_PARTS) setOwn(properties, part, parts[part] ?? getOwn(schema.properties, part)!);
  return { ...schema, properties };
}

/** The schema of a whole payload: its four parts, with headers open to any other header. */
function payloadSchema(payload: JsonObject): ObjectSchema {
  const properties: Record<string, InferredSchema> = {};
  for (const part of PAYLOAD_PARTS) {
    const value = getOwn(payload, part);
    const schema = inferObject(isJsonObject(value) ? value : {});
    // Headers are open: a partner or proxy may add any header, and every header value is a string.
    setOwn(properties, part, part === "headers" ? { ...schema, additionalProperties: { type: "string" } } : schema);
  }
  return { type: "object", properties, required: [...PAYLOAD_PARTS], additionalProperties: false };
}

function rejectionDiagnostic(
  event: ValidEvent,
  edits: readonly Edit[],
  r: ReturnType<typeof rejections>[number],
): Diagnostic {
  const root: KeyPath = r.index === 0 ? ["sample"] : ["examples", r.index - 1];
  const steps = r.path;
  const keypath = formatKeyPath([...root, ...steps]);
  // Blame the edit whose path covers the rejected value most closely.
  const edit =
    [...edits].sort((a, b) => b.steps.length - a.steps.length).find((e) => covers(e, steps, r.value)) ?? edits[0]!;
  const which = r.index === 0 ? "the sample" : `examples[${r.index - 1}]`;
  const value = `${keypath} = ${excerpt(r.value)}`;
  const span = locate(event.definition, edit.at, { key: edit.at[0] === "refine" });
  if (edit.at[0] === "selector") {
    // The check stops at the object that lacks the field, short of the selector's path.
    const has = steps.length < edit.steps.length ? lacks(edit, steps, r.value) : `has ${excerpt(r.value)}`;
    const problem = `must be ${JSON.stringify(event.selector?.value)} in every example, since it identifies the event; ${which} ${has}`;
    return diagnostic(Codes.InvalidSelector, { selector: edit.label, problem }, { span });
  }
  return diagnostic(Codes.RefinementRejectsSample, { path: edit.label, which, value, reason: r.reason }, { span });
}

/**
 * Whether the edit's path leads to the rejected value: through it, or ending above it. A value
 * rejected above the edit's path (an object lacking a required key) is the edit's only when the
 * key it lacks is the edit's next step.
 */
function covers(edit: Edit, steps: readonly (string | number)[], value: JsonValue | undefined): boolean {
  const through = edit.steps.every((step, i) =>
    "each" in step
      ? typeof steps[i] === "number" || steps[i] === undefined
      : steps[i] === step.key || steps[i] === undefined,
  );
  if (!through || steps.length >= edit.steps.length) return through;
  const next = edit.steps[steps.length]!;
  return "key" in next && isJsonObject(value) && !Object.hasOwn(value, next.key);
}

/** What a payload lacking the selected field has instead: nothing, or the header in another case. */
function lacks(edit: Edit, steps: readonly (string | number)[], value: JsonValue | undefined): string {
  const next = edit.steps[steps.length];
  const first = edit.steps[0];
  if (next !== undefined && "key" in next && first !== undefined && "key" in first && first.key === "headers") {
    const spelled = isJsonObject(value)
      ? Object.keys(value).find((key) => key.toLowerCase() === next.key.toLowerCase())
      : undefined;
    if (spelled !== undefined)
      return `has it as ${JSON.stringify(spelled)}: write header names in lowercase, as receivers see them`;
  }
  return "lacks the field";
}

function excerpt(value: JsonValue | undefined): string {
  const text = value === undefined ? "nothing" : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
