import { Codes, diagnostic } from "../diagnostics/catalogue.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { slugify } from "../naming/index.js";
import { getOwn, isJsonObject, setOwn, type JsonObject, type JsonValue } from "../util/json.js";
import { tagProblem, MAX_TAG_PART } from "../validate/tag.js";
import type { ExampleChecker } from "./check.js";
import { pointerOf, type PathStep, type SourceDocument } from "./document.js";
import type { BodySchema, ImportedEvent, ImportedSample } from "./openapi.js";
import type { SourceOperation } from "./operations.js";
import { deref, fragmentSteps, resolveRef, valueAt } from "./refs.js";
import { sampleOf } from "./sample.js";

/**
 * One operation read into an event: its body's schema and samples, its parameters as headers
 * and query schemas, its tag, name and description. Problems are collected, never thrown.
 */
/** A name made a slug for one side of a tag (cut to the longest a tag may have). */
export function slugPart(name: string): string {
  return slugify(name).slice(0, MAX_TAG_PART).replace(/-+$/, "");
}

/** An event before tags are made unique. */
export interface Draft extends Omit<ImportedEvent, "event"> {
  readonly event: string;
  /** The operation's place in the document, which orders events whose tags collide. */
  readonly order: number;
}

/** The media type an operation's body is read from: JSON first. */
function mediaTypeOf(content: JsonObject): string | undefined {
  const types = Object.keys(content);
  return types.find((t) => t === "application/json") ?? types.find((t) => /json/i.test(t)) ?? types[0];
}

/** Reads one operation into an event draft, collecting its problems. */
export class OperationReader {
  private order = 0;

  constructor(
    private readonly doc: SourceDocument,
    private readonly checker: ExampleChecker,
    private readonly problems: Diagnostic[],
    /** Whether the document is ductape-events' own openapi.json (see `planImport`). */
    private readonly closed: boolean,
  ) {}

  read(op: SourceOperation, webhook: string): Draft | undefined {
    const before = this.problems.length;
    const body = this.body(op);
    if (body === "skip") return undefined;
    const parameters = this.parameters(op);
    if (this.problems.slice(before).some((d) => d.severity === "error")) return undefined;
    const id = getOwn(op.operation, "operationId");
    const event = eventTag(op, typeof id === "string" ? id : undefined);
    const headers = partSchema(
      parameters.filter((p) => p.in === "header"),
      true,
      this.closed,
    );
    const query = partSchema(
      parameters.filter((p) => p.in === "query"),
      false,
      this.closed,
    );
    const params = this.params(op);
    const built = params === undefined ? {} : sampleOf(params.schema, this.doc.value, "params");
    // Each body with the headers and query of the example of its name (see sampleParts).
    const payload = ({ value, name }: { value: JsonObject; name?: string | undefined }): ImportedSample => ({
      headers: sampleParts(parameters, "header", false, this.closed, name),
      query: sampleParts(parameters, "query", this.closed, this.closed, name),
      params: isJsonObject(built) ? built : {},
      body: value,
    });
    const selector = getOwn(op.operation, "x-ductape-selector");
    const selectorPath = isJsonObject(selector) ? getOwn(selector, "path") : undefined;
    const bodies = this.bodySamples(op, body);
    const [first, ...rest] = bodies;
    return {
      webhook,
      event,
      ...names(op, event),
      origin: op.label,
      body: body?.schema,
      headers: headers.properties === undefined ? undefined : headers.schema,
      query: query.properties === undefined ? undefined : query.schema,
      params: params?.schema,
      selector: typeof selectorPath === "string" ? selectorPath : undefined,
      sample: payload(first ?? { value: {} }),
      examples: rest.map(payload),
      order: this.order++,
    };
  }

  /** The params' schema of ductape-events' own `x-ductape-params`, when its references resolve. */
  private params(op: SourceOperation): { schema: JsonObject } | undefined {
    const schema = getOwn(op.operation, "x-ductape-params");
    if (!isJsonObject(schema) || !this.checkRefs(schema, [...op.path, "x-ductape-params"])) return undefined;
    return { schema };
  }

  /** The body's schema and media type, or "skip" for a body that is not an object. */
  private body(op: SourceOperation): ReadBody | undefined | "skip" {
    const requestBody = getOwn(op.operation, "requestBody");
    if (requestBody === undefined) return undefined;
    const resolved = deref(this.doc, { value: requestBody, path: [...op.path, "requestBody"] });
    if ("problem" in resolved) return this.fail(resolved.problem);
    const content = isJsonObject(resolved.value) ? getOwn(resolved.value, "content") : undefined;
    if (!isJsonObject(content)) return undefined;
    const type = mediaTypeOf(content);
    const media = type === undefined ? undefined : getOwn(content, type);
    if (!isJsonObject(media)) return undefined;
    const mediaPath = [...resolved.path, "content", type!];
    const schema = getOwn(media, "schema");
    if (schema === undefined) return { media, mediaPath, schema: undefined, schemaPath: undefined };
    const schemaPath = [...mediaPath, "schema"];
    if (!this.checkRefs(schema, schemaPath)) return this.fail();
    const kind = this.bodyType(schema, schemaPath);
    if (kind !== undefined && kind !== "object") {
      const reason = `its body is ${kind === "array" ? "an array" : `a ${kind}`}, and an event's body is an object`;
      this.problems.push(
        diagnostic(
          Codes.ImportOperationSkipped,
          { operation: op.label, reason },
          { span: this.doc.locate(schemaPath) },
        ),
      );
      return "skip";
    }
    const ref = isJsonObject(schema) ? getOwn(schema, "$ref") : undefined;
    const onlyRef = isJsonObject(schema) && Object.keys(schema).length === 1 && typeof ref === "string";
    const steps = onlyRef ? fragmentSteps(ref) : undefined;
    const bodySchema: BodySchema =
      steps !== undefined && steps[0] === "components" && steps[1] === "schemas" && steps.length >= 3
        ? { kind: "component", pointer: pointerOf(steps) }
        : { kind: "inline", schema };
    return { media, mediaPath, schema: bodySchema, schemaPath };
  }

  private fail(problem?: Diagnostic): "skip" {
    if (problem !== undefined) this.problems.push(problem);
    return "skip";
  }

  /** The type a body schema declares, after references ("object" when it says nothing). */
  private bodyType(schema: JsonValue, at: readonly PathStep[]): string | undefined {
    const resolved = deref(this.doc, { value: schema, path: at });
    if ("problem" in resolved || !isJsonObject(resolved.value)) return undefined;
    const type = getOwn(resolved.value, "type");
    if (typeof type === "string") return type;
    if (Array.isArray(type) && !type.includes("object")) return String(type.find((t) => t !== "null") ?? type[0]);
    return undefined;
  }

  /**
   * Whether every `$ref` a schema reaches resolves to a schema of this document that the import
   * keeps: one under `#/components/schemas`, or inside the schema itself. Each problem is reported.
   */
  private checkRefs(schema: JsonValue, at: readonly PathStep[], seen = new Set<string>()): boolean {
    let ok = true;
    visitRefs(schema, at, (ref, where) => {
      if (seen.has(ref)) return;
      seen.add(ref);
      const resolved = resolveRef(this.doc, ref, where);
      if ("problem" in resolved) {
        this.problems.push(resolved.problem);
        ok = false;
        return;
      }
      const [first, second] = resolved.path;
      if (first !== "components" || second !== "schemas") {
        const reason = "it points outside #/components/schemas, and an import keeps only those schemas";
        this.problems.push(
          diagnostic(Codes.ImportRefUnresolved, { ref, reason }, { span: this.doc.locate([...where, "$ref"]) }),
        );
        ok = false;
        return;
      }
      ok = this.checkRefs(resolved.value, resolved.path, seen) && ok;
    });
    return ok;
  }

  private parameters(op: SourceOperation): Parameter[] {
    const own = getOwn(op.operation, "parameters");
    const list = [
      ...op.pathParameters,
      ...(Array.isArray(own) ? own.map((value, i) => ({ value, path: [...op.path, "parameters", i] })) : []),
    ];
    const byKey = new Map<string, Parameter>();
    for (const entry of list) {
      const resolved = deref(this.doc, { value: entry.value as JsonValue, path: entry.path });
      if ("problem" in resolved) {
        this.problems.push(resolved.problem);
        continue;
      }
      const p = resolved.value;
      if (!isJsonObject(p)) continue;
      const name = getOwn(p, "name");
      const where = getOwn(p, "in");
      if (typeof name !== "string" || (where !== "header" && where !== "query")) continue;
      const schema = getOwn(p, "schema") ?? {};
      if (!this.checkRefs(schema, [...resolved.path, "schema"])) continue;
      // An operation's parameter replaces the Path Item's of the same name and place.
      // Header names in lowercase, as receivers such as Node.js deliver them (DT4103 otherwise);
      // ductape-events' own documents keep the samples' spelling.
      const key = where === "header" && !this.closed ? name.toLowerCase() : name;
      byKey.set(`${where}:${where === "header" ? name.toLowerCase() : name}`, {
        name: key,
        in: where,
        required: getOwn(p, "required") === true,
        schema,
        description: getOwn(p, "description"),
        ...parameterExamples(this.doc, p, resolved.path),
      });
    }
    return [...byKey.values()];
  }

  /**
   * Body values: the usable examples, in the order written (with their names, those of the
   * media type's `examples`), or one built from the schema.
   */
  private bodySamples(op: SourceOperation, body: ReadBody | undefined): { value: JsonObject; name?: string }[] {
    if (body === undefined) return [];
    const found: { value: JsonObject; name?: string }[] = [];
    for (const candidate of this.bodyExamples(body)) {
      const reason = this.unusable(candidate.value, candidate.path, body.schemaPath);
      if (reason === undefined)
        found.push({
          value: candidate.value as JsonObject,
          ...(candidate.name === undefined ? {} : { name: candidate.name }),
        });
      else {
        const where = `at ${pointerOf(candidate.path) || "/"}`;
        this.problems.push(
          diagnostic(Codes.ImportExampleUnused, { where, reason }, { span: this.doc.locate(candidate.path) }),
        );
      }
    }
    if (found.length > 0 || body.schema === undefined) return found;
    const built = sampleOf(
      body.schemaPath === undefined ? {} : (valueAt(this.doc.value, body.schemaPath) ?? {}),
      this.doc.value,
      "value",
    );
    const value = isJsonObject(built) ? built : {};
    const reason = body.schemaPath === undefined ? undefined : this.reject(body.schemaPath, value);
    if (reason !== undefined) {
      this.problems.push(
        diagnostic(
          Codes.ImportSampleInvalid,
          { operation: op.label, reason },
          { span: this.doc.locate(body.schemaPath!) },
        ),
      );
    }
    return [{ value }];
  }

  /** The examples a body gives: the media type's `example`, its `examples`, then the schema's. */
  private *bodyExamples(body: ReadBody): Generator<{ value: JsonValue; path: PathStep[]; name?: string }> {
    const { media, mediaPath } = body;
    const example = getOwn(media, "example");
    if (example !== undefined) yield { value: example, path: [...mediaPath, "example"] };
    const examples = getOwn(media, "examples");
    if (isJsonObject(examples)) {
      for (const name of Object.keys(examples)) {
        const resolved = deref(this.doc, { value: examples[name]!, path: [...mediaPath, "examples", name] });
        if ("problem" in resolved) {
          this.problems.push({ ...resolved.problem, severity: "warning" });
          continue;
        }
        if (!isJsonObject(resolved.value)) continue;
        const value = getOwn(resolved.value, "value");
        if (value !== undefined) yield { value, path: [...resolved.path, "value"], name };
        else if (getOwn(resolved.value, "externalValue") !== undefined) {
          const reason = "it is an externalValue, and nothing is fetched";
          const where = `${JSON.stringify(name)}`;
          const span = this.doc.locate([...resolved.path, "externalValue"]);
          this.problems.push(diagnostic(Codes.ImportExampleUnused, { where, reason }, { span }));
        }
      }
    }
    if (body.schemaPath === undefined) return;
    const schema = deref(this.doc, { value: valueAt(this.doc.value, body.schemaPath) ?? {}, path: body.schemaPath });
    if ("problem" in schema || !isJsonObject(schema.value)) return;
    const own = getOwn(schema.value, "example");
    if (own !== undefined) yield { value: own, path: [...schema.path, "example"] };
    const list = getOwn(schema.value, "examples");
    if (Array.isArray(list))
      for (let i = 0; i < list.length; i++) yield { value: list[i]!, path: [...schema.path, "examples", i] };
  }

  /** Why an example cannot be an event's body, if it cannot. */
  private unusable(value: JsonValue, path: readonly PathStep[], schemaPath: readonly PathStep[] | undefined) {
    if (!isJsonObject(value)) return "it is not a JSON object, as an event's body is";
    const pointer = pointerOf(path);
    for (const [at, written] of this.doc.lossyNumbers) {
      if (at === pointer || at.startsWith(`${pointer}/`))
        return `${written} has more digits than a JavaScript number holds`;
    }
    return schemaPath === undefined ? undefined : this.reject(schemaPath, value);
  }

  /**
   * Checks against the schema where its references lead: a component is compiled once, however
   * many operations refer to it (ajv compiles each place it is asked for anew).
   */
  private reject(schemaPath: readonly PathStep[], value: JsonValue): string | undefined {
    const resolved = deref(this.doc, { value: valueAt(this.doc.value, schemaPath) ?? {}, path: schemaPath });
    return this.checker.reject("problem" in resolved ? schemaPath : resolved.path, value);
  }
}

interface ReadBody {
  readonly media: JsonObject;
  readonly mediaPath: readonly PathStep[];
  readonly schema: BodySchema | undefined;
  readonly schemaPath: readonly PathStep[] | undefined;
}

interface Parameter {
  readonly name: string;
  readonly in: "header" | "query";
  readonly required: boolean;
  readonly schema: JsonValue;
  readonly description: JsonValue | undefined;
  /** Its own example: `example`, else the first of `examples`. */
  readonly example: JsonValue | undefined;
  /** The values of its `examples`, by name. */
  readonly named: ReadonlyMap<string, JsonValue>;
}

/** A parameter's examples (see Parameter.example and Parameter.named). */
function parameterExamples(
  doc: SourceDocument,
  p: JsonObject,
  at: readonly PathStep[],
): Pick<Parameter, "example" | "named"> {
  const named = new Map<string, JsonValue>();
  const examples = getOwn(p, "examples");
  if (isJsonObject(examples)) {
    for (const name of Object.keys(examples)) {
      const resolved = deref(doc, { value: examples[name]!, path: [...at, "examples", name] });
      const value =
        !("problem" in resolved) && isJsonObject(resolved.value) ? getOwn(resolved.value, "value") : undefined;
      if (value !== undefined) named.set(name, value);
    }
  }
  return { example: getOwn(p, "example") ?? named.values().next().value, named };
}

/**
 * The headers' or query's schema: an object of the parameters, required where they are. Header
 * and query values are strings on the wire (`?attempt=2` gives `"2"`), so a parameter whose
 * schema says another type is a string there (see `onTheWire`); other headers are allowed, as
 * strings. ductape-events' own openapi.json (closed) keeps its query as the samples had it.
 */
function partSchema(
  parameters: readonly Parameter[],
  headers: boolean,
  closed: boolean,
): { schema: JsonObject; properties: JsonObject | undefined } {
  if (parameters.length === 0) return { schema: {}, properties: undefined };
  const properties: JsonObject = {};
  for (const p of parameters) {
    let schema = p.schema;
    if ((headers || !closed) && !isStringSchema(schema)) schema = onTheWire(schema);
    if (typeof p.description === "string" && isJsonObject(schema) && getOwn(schema, "description") === undefined) {
      schema = { description: p.description, ...schema };
    }
    setOwn(properties, p.name, schema);
  }
  const required = parameters.filter((p) => p.required).map((p) => p.name);
  const schema: JsonObject = { type: "object", properties, ...(required.length > 0 ? { required } : {}) };
  // A delivery carries more headers than a document lists, each a string.
  if (headers) schema["additionalProperties"] = { type: "string" };
  else if (closed) schema["additionalProperties"] = false;
  return { schema, properties };
}

/**
 * A parameter's schema as its value arrives, a string: an integer or number is one written in
 * decimal (a `pattern`), a boolean `"true"` or `"false"`, an enum its values' text. The schema
 * the document wrote stays beside it, as a `$comment`, since bounds such as `minimum` have no
 * string form.
 */
function onTheWire(schema: JsonValue): JsonObject {
  const source = isJsonObject(schema) ? schema : {};
  const type = getOwn(source, "type");
  const values = getOwn(source, "enum");
  const wire: JsonObject = { type: "string" };
  if (Array.isArray(values)) wire["enum"] = [...new Set(values.map(headerText))];
  else if (type === "integer") wire["pattern"] = "^-?(0|[1-9][0-9]*)$";
  else if (type === "number") wire["pattern"] = "^-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?$";
  else if (type === "boolean") wire["enum"] = ["true", "false"];
  if (Object.keys(source).length > 0) wire["$comment"] = `As the document writes it: ${JSON.stringify(schema)}.`;
  return wire;
}

function isStringSchema(schema: JsonValue): boolean {
  return isJsonObject(schema) && (getOwn(schema, "type") === "string" || typeof getOwn(schema, "$ref") === "string");
}

/**
 * The headers or query of the payload whose body is the example `name` (none for a body that is
 * no named example): each parameter's example of that name, else its own example, else a value
 * built from its schema. ductape-events' own openapi.json (`closed`) writes each parameter's value
 * in every payload that had one, under the names of the body's examples (or, without examples,
 * as its `example`): a parameter with no value there was not in that payload, and is left out.
 */
function sampleParts(
  parameters: readonly Parameter[],
  where: "header" | "query",
  keepTypes: boolean,
  closed: boolean,
  name: string | undefined,
): JsonObject {
  const out: JsonObject = {};
  for (const p of parameters) {
    if (p.in !== where) continue;
    const named = name === undefined ? undefined : p.named.get(name);
    let value: JsonValue | undefined;
    if (closed) value = p.named.size > 0 ? named : p.example;
    else value = named ?? p.example ?? sampleOf(p.schema, {}, p.name.toLowerCase());
    if (value === undefined) continue;
    // Values are strings on the wire: an example written as a number is that number's text.
    setOwn(out, p.name, keepTypes ? value : headerText(value));
  }
  return out;
}

function headerText(value: JsonValue): string {
  return typeof value === "string"
    ? value
    : value === null
      ? ""
      : typeof value === "object"
        ? JSON.stringify(value)
        : String(value);
}

/**
 * The event's tag: the webhook's name (a webhook) or the operationId, else the callback's name,
 * slugged. A name written as a whole tag (`payments:charge-succeeded`, as ductape-events' own
 * openapi.json keys its webhooks) gives its event part. An operation beside others of the same
 * Path Item gets its method after the name.
 */
export function eventTag(op: SourceOperation, operationId: string | undefined): string {
  const isWebhook = op.path[0] === "webhooks";
  const name = isWebhook ? op.name : (operationId ?? op.name);
  const part = name.includes(":") && tagProblem(name) === undefined ? name.slice(name.indexOf(":") + 1) : name;
  return slugPart(part) || slugPart(op.method) || "event";
}

/**
 * The event's name and description: the summary is the name when it is one short line (as
 * ductape-events writes it), else the name is made from the tag; the description is the
 * operation's, else the long summary.
 */
function names(op: SourceOperation, event: string): { name: string; description: string } {
  const summary = getOwn(op.operation, "summary");
  const description = getOwn(op.operation, "description");
  const short = typeof summary === "string" && summary.trim() !== "" && !summary.includes("\n") && summary.length <= 80;
  const name = short ? summary.trim() : event.charAt(0).toUpperCase() + event.slice(1).replaceAll("-", " ");
  const text = typeof description === "string" ? description : !short && typeof summary === "string" ? summary : "";
  return { name, description: text };
}

/** Steps of every `$ref` in a schema, with where each is written; values of data keywords are not schemas. */
export function visitRefs(
  schema: JsonValue,
  at: readonly PathStep[],
  visit: (ref: string, at: readonly PathStep[]) => void,
) {
  if (Array.isArray(schema)) {
    schema.forEach((item, i) => visitRefs(item, [...at, i], visit));
    return;
  }
  if (!isJsonObject(schema)) return;
  const ref = getOwn(schema, "$ref");
  if (typeof ref === "string") visit(ref, at);
  for (const key of Object.keys(schema)) {
    if (DATA_KEYWORDS.has(key)) continue;
    visitRefs(schema[key]!, [...at, key], visit);
  }
}

export const DATA_KEYWORDS = new Set([
  "example",
  "examples",
  "enum",
  "const",
  "default",
  "$ref",
  "xml",
  "externalDocs",
]);
