import { Ajv, type ErrorObject } from "ajv";
import { Codes, diagnostic } from "../diagnostics/catalogue.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { suggest } from "../diagnostics/suggest.js";
import { formatKeyPath, locate, objectToJson, type KeyPath } from "../extract/literal.js";
import type { ExtractedEvent, LiteralObject } from "../extract/types.js";
import { describeJsonType, getOwn, isJsonObject, type JsonObject, type JsonValue } from "../json.js";
import { SLUG, slugify, splitTag, typeNameForTag } from "../naming/index.js";
import { definitionSchema, FIELD_EXAMPLES, FIELDS } from "./definition-schema.js";

/** A definition that passed every check, with its tag split and its sample as plain JSON. */
export interface ValidEvent {
  /** Absolute path of the event file. */
  readonly file: string;
  readonly tag: string;
  readonly webhook: string;
  readonly event: string;
  readonly name: string;
  readonly description: string;
  /** `{ headers, query, body, params }` exactly as declared. */
  readonly sample: JsonObject;
  /** Name of the generated payload interface. */
  readonly typeName: string;
  /** The definition as extracted, for locating later diagnostics in the user's file. */
  readonly definition: LiteralObject;
}

export interface ValidateResult {
  /** Events that passed their own checks, sorted by tag (duplicates are reported, not dropped). */
  readonly events: readonly ValidEvent[];
  readonly diagnostics: readonly Diagnostic[];
}

let compiled: ReturnType<Ajv["compile"]> | undefined;

function validateDefinitionSchema(data: JsonValue): readonly ErrorObject[] {
  compiled ??= new Ajv({ allErrors: true, strict: true, ownProperties: true }).compile(definitionSchema);
  return compiled(data) ? [] : (compiled.errors ?? []);
}

/** Checks every definition on its own, then all of them together (tags and type names). */
export function validate(extracted: readonly ExtractedEvent[]): ValidateResult {
  const diagnostics: Diagnostic[] = [];
  const events: ValidEvent[] = [];
  for (const item of extracted) {
    const result = validateOne(item);
    diagnostics.push(...result.diagnostics);
    if (result.event !== undefined) events.push(result.event);
  }
  diagnostics.push(...findDuplicateTags(events), ...findTypeNameCollisions(events));
  // Sorted by tag here, once, so the manifest and the types never depend on file order.
  events.sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  return { events, diagnostics };
}

function validateOne(item: ExtractedEvent): { event?: ValidEvent; diagnostics: Diagnostic[] } {
  const data = objectToJson(item.definition);
  const diagnostics = validateDefinitionSchema(data).map((error) => fromAjvError(error, data, item));
  const name = getOwn(data, "name");
  if (typeof name === "string" && name.trim() === "") {
    const span = locate(item.definition, ["name"]);
    diagnostics.push(diagnostic(Codes.EmptyName, { keypath: "name" }, { span }));
  }
  const tag = getOwn(data, "tag");
  if (typeof tag === "string") {
    const problem = tagProblem(tag);
    if (problem !== undefined) {
      const span = locate(item.definition, ["tag"]);
      diagnostics.push(diagnostic(Codes.InvalidTag, { tag, ...problem }, { span }));
    }
  }
  if (diagnostics.length > 0) return { diagnostics };
  // The schema has proven these shapes; the casts only restate it.
  const valid = data as { name: string; tag: string; description: string; sample: JsonObject };
  return {
    diagnostics,
    event: {
      file: item.file,
      tag: valid.tag,
      ...splitTag(valid.tag),
      name: valid.name,
      description: valid.description,
      sample: valid.sample,
      typeName: typeNameForTag(valid.tag),
      definition: item.definition,
    },
  };
}

/** Explains what is wrong with a tag, and suggests a slugged version of it. */
export function tagProblem(tag: string): { problem: string; suggestion: string | undefined } | undefined {
  const parts = tag.split(":");
  const suggestion = (webhook: string, event: string): string | undefined => {
    const candidate = `${slugify(webhook)}:${slugify(event)}`;
    return candidate !== tag && tagProblem(candidate) === undefined ? candidate : undefined;
  };
  if (parts.length === 1) {
    return { problem: "has no colon between the webhook tag and the event tag", suggestion: undefined };
  }
  if (parts.length > 2) {
    const [webhook = "", ...rest] = parts;
    return { problem: "has more than one colon", suggestion: suggestion(webhook, rest.join("-")) };
  }
  const [webhook = "", event = ""] = parts;
  for (const [side, value] of [
    ["webhook", webhook],
    ["event", event],
  ] as const) {
    if (value === "") return { problem: `has an empty ${side} tag`, suggestion: undefined };
    if (!SLUG.test(value)) {
      return {
        problem: `has ${side} tag ${JSON.stringify(value)}, which is not a lowercase slug`,
        suggestion: suggestion(webhook, event),
      };
    }
  }
  return undefined;
}

function fromAjvError(error: ErrorObject, data: JsonObject, item: ExtractedEvent): Diagnostic {
  const path = toKeyPath(error.instancePath, data);
  const keypath = formatKeyPath(path);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required": {
      const field = String(params["missingProperty"]);
      const example = FIELD_EXAMPLES[field] ?? "{}";
      const span = locate(item.definition, path);
      return diagnostic(Codes.MissingField, { keypath, field, example }, { span });
    }
    case "additionalProperties": {
      const field = String(params["additionalProperty"]);
      const known = FIELDS[path.join(".")] ?? [];
      const span = locate(item.definition, [...path, field], { key: true });
      return diagnostic(Codes.UnknownField, { keypath, field, suggestion: suggest(field, known), known }, { span });
    }
    case "type": {
      const value = valueAt(data, path);
      const got = value === undefined ? "nothing" : describeJsonType(value);
      const expected = typeWords(String(params["type"]));
      return diagnostic(Codes.WrongType, { keypath, expected, got }, { span: locate(item.definition, path) });
    }
    default: {
      const reason = `unexpected schema error ${error.keyword} at ${keypath}: ${error.message ?? ""}`;
      return diagnostic(Codes.InternalError, { reason }, { span: locate(item.definition, path) });
    }
  }
}

function typeWords(type: string): string {
  return type === "object" ? "an object" : type === "array" ? "an array" : `a ${type}`;
}

/** Decodes an ajv instance path (a JSON pointer) into keys and array indexes. */
function toKeyPath(pointer: string, data: JsonValue): KeyPath {
  if (pointer === "") return [];
  const path: (string | number)[] = [];
  let node: JsonValue | undefined = data;
  for (const raw of pointer.slice(1).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(node)) {
      path.push(Number(key));
      node = node[Number(key)];
    } else {
      path.push(key);
      node = isJsonObject(node) ? getOwn(node, key) : undefined;
    }
  }
  return path;
}

function valueAt(data: JsonValue, path: KeyPath): JsonValue | undefined {
  let node: JsonValue | undefined = data;
  for (const step of path) {
    if (Array.isArray(node) && typeof step === "number") node = node[step];
    else if (isJsonObject(node)) node = getOwn(node, String(step));
    else return undefined;
  }
  return node;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return groups;
}

/** One diagnostic per duplicated tag, pointing at its first definition and naming every other. */
function findDuplicateTags(events: readonly ValidEvent[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const [tag, group] of groupBy(events, (e) => e.tag)) {
    if (group.length < 2) continue;
    const [first, ...others] = group.map((e) => locate(e.definition, ["tag"]));
    diagnostics.push(
      diagnostic(
        Codes.DuplicateTag,
        { tag, count: group.length },
        { span: first, related: others.map((span) => ({ message: `"${tag}" is also defined here`, span })) },
      ),
    );
  }
  return diagnostics;
}

function findTypeNameCollisions(events: readonly ValidEvent[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const firstPerTag = [...groupBy(events, (e) => e.tag).values()].map((group) => group[0]!);
  for (const [typeName, group] of groupBy(firstPerTag, (e) => e.typeName)) {
    if (group.length < 2) continue;
    const [first, ...others] = group;
    diagnostics.push(
      diagnostic(
        Codes.TypeNameCollision,
        { typeName, tags: group.map((e) => e.tag) },
        {
          span: locate(first!.definition, ["tag"]),
          related: others.map((e) => ({ message: `"${e.tag}" is defined here`, span: locate(e.definition, ["tag"]) })),
        },
      ),
    );
  }
  return diagnostics;
}
