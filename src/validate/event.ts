import type { ErrorObject } from "ajv";
import type { ItemResult } from "../cache/incremental.js";
import { Codes, diagnostic } from "../diagnostics/catalogue.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { locate, objectToJson, type ExtractedEvent, type KeyPath } from "../extract/index.js";
import { instancePath } from "../util/json-pointer.js";
import { jsonTypeInWords, getOwn, isJsonObject, type JsonObject, type JsonValue } from "../util/json.js";
import { splitTag, typeNameForTag } from "../naming/index.js";
import { readAcknowledgement } from "../naming/acknowledgement.js";
import { isPlatformNotation, PAYLOAD_PARTS, parseSelector, type PathStep } from "../naming/payload-path.js";
// Compiled ahead of time from the definition schema: no ajv compile on any build.
import generated from "./definition-validator.generated.js";
import type { Selector, ValidEvent } from "./index.js";
import { faultyField, fromAjvError } from "./schema-errors.js";
import { tagProblem } from "./tag.js";

/** The precompiled validator's shape: ajv's, as generated from DEFINITION_AJV_OPTIONS. */
interface DefinitionValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

const validateDefinition = generated as DefinitionValidator;

function schemaErrors(data: JsonValue): readonly ErrorObject[] {
  return validateDefinition(data) ? [] : (validateDefinition.errors ?? []);
}

interface DefinitionJson {
  readonly name: string;
  readonly tag: string;
  readonly description: string;
  readonly sample: JsonObject;
  readonly examples?: readonly JsonObject[];
  readonly refine?: Readonly<Record<string, JsonObject>>;
  readonly selector?: string;
}

/**
 * Fields that no later check reads: a definition whose only problems are there (or unknown
 * fields) still goes on to inference and the checks across events, marked `incomplete`, so that
 * their problems are reported in the same build rather than after these are fixed.
 */
const TEXT_ONLY: ReadonlySet<string | null> = new Set(["name", "description", null]);

/** One definition's own checks: the event it declares, when they let it through, and their diagnostics. */
export function validateEvent(item: ExtractedEvent): ItemResult<ValidEvent> {
  const data = objectToJson(item.definition);
  const unread = item.unread ?? [];
  const errors = schemaErrors(data).filter((error) => !atUnread(error, data, unread));
  const diagnostics = errors.map((error) => fromAjvError(error, data, item.definition));
  const faults = new Set(errors.map(faultyField));
  // Like a field with errors: only name and description may be unread for the event to go on.
  for (const path of unread) faults.add(String(path[0]));
  const name = getOwn(data, "name");
  if (typeof name === "string" && name.trim() === "") {
    diagnostics.push(diagnostic(Codes.EmptyName, { keypath: "name" }, { span: locate(item.definition, ["name"]) }));
    faults.add("name");
  }
  const tag = getOwn(data, "tag");
  const problem = typeof tag === "string" ? tagProblem(tag) : undefined;
  if (typeof tag === "string" && problem !== undefined) {
    diagnostics.push(diagnostic(Codes.InvalidTag, { tag, ...problem }, { span: locate(item.definition, ["tag"]) }));
    faults.add("tag");
  }
  const unacknowledgeable = acknowledgementProblems(data, item, faults);
  // The selector is checked whenever it and the sample are well formed, so that its problem is
  // reported beside those of other fields.
  const written = getOwn(data, "selector");
  const sample = getOwn(data, "sample");
  const selector =
    typeof written === "string" && isJsonObject(sample) && !faults.has("selector") && !faults.has("sample")
      ? checkSelector(written, sample)
      : undefined;
  if (selector !== undefined && "problem" in selector) {
    const params = { selector: written as string, problem: selector.problem };
    diagnostics.push(diagnostic(Codes.InvalidSelector, params, { span: locate(item.definition, ["selector"]) }));
    return { diagnostics: [...diagnostics, ...unacknowledgeable] };
  }
  if ([...faults].some((field) => !TEXT_ONLY.has(field)))
    return { diagnostics: [...diagnostics, ...unacknowledgeable] };

  // The schema has proven these shapes, but for name and description when `incomplete`.
  const valid = data as unknown as DefinitionJson;
  const refine = valid.refine ?? {};
  return {
    diagnostics: [...diagnostics, ...unacknowledgeable],
    event: {
      file: item.file,
      tag: valid.tag,
      ...splitTag(valid.tag),
      name: typeof valid.name === "string" ? valid.name : "",
      description: typeof valid.description === "string" ? valid.description : "",
      incomplete: diagnostics.length > 0 || unread.length > 0,
      sample: valid.sample,
      examples: valid.examples ?? [],
      refine: Object.keys(refine).map((path) => ({ path, refinement: refine[path]! })),
      selector,
      typeName: typeNameForTag(valid.tag),
      definition: item.definition,
      ...(item.declared === undefined ? {} : { declared: item.declared }),
    },
  };
}

/**
 * DT8207 for each `acknowledge` entry that names nothing (see docs/diff.md). Only diff reads
 * them, but such an entry is a mistake in the file now, not when a break comes to need it. The
 * event stays whole (they are apart from `incomplete`): the entries change no output, and diff
 * reads a base's events past them.
 */
function acknowledgementProblems(
  data: JsonObject,
  item: ExtractedEvent,
  faults: ReadonlySet<string | null>,
): Diagnostic[] {
  const entries = getOwn(data, "acknowledge");
  if (!Array.isArray(entries) || faults.has("acknowledge")) return [];
  return entries.flatMap((entry, i) => {
    const read = typeof entry === "string" ? readAcknowledgement(entry) : undefined;
    if (read === undefined || !("problem" in read)) return [];
    const span = locate(item.definition, ["acknowledge", i]);
    return [diagnostic(Codes.AcknowledgementInvalid, { entry: entry as string, problem: read.problem }, { span })];
  });
}

/**
 * Whether an error is about a value that could not be read (null in the data, at or under an
 * unread path): extraction has said why, and what was written there is unknown. The schema's
 * keywords about a parent (`required`, `additionalProperties`) read its keys only, and every key
 * of a definition read in part is known: their errors stand.
 */
function atUnread(error: ErrorObject, data: JsonObject, unread: readonly KeyPath[]): boolean {
  if (unread.length === 0) return false;
  const path = instancePath(error.instancePath, data);
  return unread.some((hole) => hole.length <= path.length && hole.every((step, i) => String(step) === String(path[i])));
}

/**
 * A selector must name a string or number field of the sample (no `[]`: one value per payload),
 * in either notation (see parseSelector).
 */
function checkSelector(path: string, sample: JsonObject): Selector | { problem: string } {
  const parsed = parseSelector(path);
  if (!parsed.ok) return { problem: parsed.problem };
  let node: JsonValue | undefined = sample;
  for (const step of parsed.steps) {
    if ("each" in step) return { problem: "goes into array elements ([]); it must name one field" };
    node = isJsonObject(node) ? getOwn(node, step.key) : undefined;
    if (node === undefined) return { problem: `names no field of the sample${notationNote(path, parsed.steps)}` };
  }
  if (typeof node !== "string" && typeof node !== "number") {
    return {
      problem: `names a field holding ${jsonTypeInWords(node)}, not a string or number`,
    };
  }
  return { path, steps: parsed.steps, value: node };
}

/** For `$Event{body.event}`: the platform's notation starts inside the body already. */
function notationNote(path: string, steps: readonly PathStep[]): string {
  const inside = steps[1];
  if (!isPlatformNotation(path) || inside === undefined || !("key" in inside)) return "";
  if (!(PAYLOAD_PARTS as readonly string[]).includes(inside.key)) return "";
  return ` ($Event{...} is a path into the body: $Event{event} is body.event)`;
}
