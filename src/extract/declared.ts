/**
 * The schemas an event declares for its payload's parts (`schema: { body, ... }`), read with the
 * rest of the event: each part's schema resolved with everything it reaches through `$ref`
 * (src/schema/), and every sample and example checked against it. Both depend only on files,
 * which extraction's reader reads: so the disk cache records them as inputs, and watch mode's
 * cache extracts an event again when a schema file it reaches changes.
 */
import { pathToFileURL } from "node:url";
import { fileSpan, type Diagnostic, type Span } from "../diagnostics/diagnostic.js";
import { PAYLOAD_PARTS } from "../naming/payload-path.js";
import {
  SampleChecker,
  sampleRejected,
  SchemaResolver,
  SUBSCHEMA_KEYWORDS,
  type DeclaredSchema,
  type SchemaBundle,
} from "../schema/index.js";
import type { Expression } from "../syntax/tree.js";
import { getOwn, isJsonObject, setOwn, type JsonObject, type JsonValue } from "../util/json.js";
import { formatKeyPath, type KeyPath } from "./key-path.js";
import { literalToJson } from "./literal-to-json.js";
import type { ModuleLoader } from "./loader.js";
import type { FileReader } from "./reader.js";
import type { SchemaTools } from "./schema-stage.js";
import type { DeclaredParts, ExtractedEvent, LiteralObject, LiteralValue } from "./types.js";
import { locate } from "./values.js";

export type { SchemaTools } from "./schema-stage.js";

/** Tools reading files through `readFile`; `root` is the project root, which names files in definition keys. */
export function createSchemaTools(root: string, readFile: (path: string) => string): SchemaTools {
  return { resolver: new SchemaResolver({ root, readFile }), checker: new SampleChecker() };
}

/** The event with its declared parts resolved, the problems met, and every file that was read to resolve them. */
export interface DeclaredOutcome {
  readonly event: ExtractedEvent;
  readonly diagnostics: readonly Diagnostic[];
  /** Paths read (documents, package.json files, candidates): the event's outcome depends on them. */
  readonly files: readonly string[];
}

/**
 * Resolves the event's declared schemas and checks its samples against them. A part whose
 * schema has an error is left out of `declared` (the error fails the build anyway, and the
 * part's inferred type keeps later checks from reporting more about it).
 */
export function withDeclaredSchemas(
  event: ExtractedEvent,
  tools: SchemaTools,
  loader: ModuleLoader,
  reader: FileReader,
): DeclaredOutcome {
  const schema = property(event.definition, "schema");
  if (schema?.kind !== "object") return { event, diagnostics: [], files: [] };
  const diagnostics: Diagnostic[] = [];
  const files = new Set<string>();
  const declared: { -readonly [Part in keyof DeclaredParts]: SchemaBundle } = {};
  for (const part of PAYLOAD_PARTS) {
    const value = property(schema, part);
    // Anything but a schema (an object or a boolean) is validation's to report.
    if (value === undefined || (value.kind !== "object" && value.kind !== "boolean")) continue;
    const bundle = tools.resolver.resolve(declaredSchema(event.file, part, value, loader));
    // Through the reader, so that the reads are extraction's: its `reads`, sources and cache.
    for (const path of bundle.reads.keys()) {
      reader.read(path);
      files.add(path);
    }
    let failed = false;
    for (const problem of bundle.problems) {
      failed ||= problem.diagnostic.severity === "error";
      diagnostics.push(placed(problem.diagnostic, problem.file, problem.path, event.file, value));
    }
    if (!failed) declared[part] = bundle;
  }
  const payloads = Object.keys(declared).length === 0 ? [] : payloadsOf(event.definition);
  for (const part of PAYLOAD_PARTS) {
    const bundle = declared[part];
    if (bundle !== undefined)
      diagnostics.push(...checkSamples(event.definition, payloads, part, bundle, tools.checker));
  }
  const parts = Object.keys(declared).length === 0 ? {} : { declared };
  return { event: { ...event, ...parts }, diagnostics, files: [...files].sort() };
}

/**
 * The part's schema as the resolver takes it: a value read from a JSON file (a default import,
 * or a part of one) is that document at its pointer, so that every event using the file shares
 * its definitions; anything else is a schema written in the event file.
 */
function declaredSchema(file: string, part: string, value: LiteralValue, loader: ModuleLoader): DeclaredSchema {
  const source = value.source.path;
  if (source.endsWith(".json")) {
    const pointer = pointerInJson(source, value, loader);
    if (pointer !== undefined) return { kind: "document", file: source, pointer };
  }
  return {
    kind: "inline",
    file,
    label: `schema.${part}`,
    schema: inlineSchema(value, loader),
    locate: (path) => locate(value, path),
  };
}

/** Keywords whose values hold schemas, in any dialect read here (see SUBSCHEMA_KEYWORDS). */
const SCHEMA_KEYWORDS = new Map<string, "schema" | "schema-list" | "schema-map">([
  ...SUBSCHEMA_KEYWORDS,
  ["definitions", "schema-map"],
  ["additionalItems", "schema"],
  ["dependencies", "schema-map"],
]);

/**
 * A schema written in the event file as JSON, where each schema inside it that was read from a
 * JSON file (`{ allOf: [shop.definitions.order, {...}] }`) becomes a `$ref` to its place in that
 * file: its own `$ref`s are relative to that file, and its definitions are shared with every
 * other event that reaches them. Data (`enum`, `const`, `default`, ...) stays as it is.
 */
function inlineSchema(value: LiteralValue, loader: ModuleLoader): JsonValue {
  const schema = (node: LiteralValue, root: boolean): JsonValue => {
    if (node.kind !== "object") return literalToJson(node);
    if (!root && node.source.path.endsWith(".json")) {
      const pointer = pointerInJson(node.source.path, node, loader);
      const fragment = pointer?.split("/").map(encodeURIComponent).join("/");
      if (fragment !== undefined) return { $ref: `${pathToFileURL(node.source.path).href}#${fragment}` };
    }
    const out: JsonObject = {};
    for (const { key, value: child } of node.properties) {
      const shape = SCHEMA_KEYWORDS.get(key);
      let json: JsonValue;
      if (shape === undefined) json = literalToJson(child);
      else if (child.kind === "array") json = child.elements.map((element) => schema(element, false));
      else if (shape === "schema-map" && child.kind === "object") {
        const map: JsonObject = {};
        for (const entry of child.properties) setOwn(map, entry.key, schema(entry.value, false));
        json = map;
      } else json = schema(child, false);
      setOwn(out, key, json);
    }
    return out;
  };
  return schema(value, true);
}

/** The JSON Pointer of a value read from a JSON module, found by where it was written. */
function pointerInJson(file: string, value: LiteralValue, loader: ModuleLoader): string | undefined {
  const loaded = loader.load(file);
  if (loaded.kind !== "loaded") return undefined;
  const statement = loaded.module.statements[0];
  if (statement?.kind !== "export-default") return undefined;
  let node: Expression = statement.expression;
  let pointer = "";
  while (node.start !== value.start || node.end !== value.end) {
    let next: { expression: Expression; step: string } | undefined;
    if (node.kind === "object") {
      for (const member of node.members) {
        if (member.kind !== "keyed" || member.name.kind !== "string") continue;
        if (member.value.start <= value.start && value.end <= member.value.end)
          next = { expression: member.value, step: member.name.value };
      }
    } else if (node.kind === "array") {
      node.elements.forEach((element, index) => {
        if (element.kind !== "spread-element" && element.start <= value.start && value.end <= element.end)
          next = { expression: element, step: String(index) };
      });
    }
    if (next === undefined) return undefined;
    node = next.expression;
    pointer += `/${next.step.replace(/~/g, "~0").replace(/\//g, "~1")}`;
  }
  return pointer;
}

/** A resolver's diagnostic with a span: where it placed it, else in the event file's schema, else the file. */
function placed(
  made: Diagnostic,
  file: string,
  path: readonly (string | number)[],
  eventFile: string,
  value: LiteralValue,
): Diagnostic {
  if (made.span !== undefined) return made;
  const span: Span = file === eventFile ? locate(value, path) : fileSpan(file);
  return { ...made, span };
}

/** The sample and each example, as JSON, with where they are in the definition. */
interface Payload {
  readonly at: KeyPath;
  readonly json: JsonValue;
}

function payloadsOf(definition: LiteralObject): Payload[] {
  const payloads: Payload[] = [];
  const sample = property(definition, "sample");
  if (sample !== undefined) payloads.push({ at: ["sample"], json: literalToJson(sample) });
  const examples = property(definition, "examples");
  if (examples?.kind === "array") {
    examples.elements.forEach((value, i) => payloads.push({ at: ["examples", i], json: literalToJson(value) }));
  }
  return payloads;
}

/**
 * Every failure of the sample's and each example's part against its declared schema, at the
 * failing value (in the event file, or the JSON file the sample came from). A payload without
 * the part is left to validation, which reports it.
 */
function checkSamples(
  definition: LiteralObject,
  payloads: readonly Payload[],
  part: string,
  bundle: SchemaBundle,
  checker: SampleChecker,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const payload of payloads) {
    const value = isJsonObject(payload.json) ? getOwn(payload.json, part) : undefined;
    if (value === undefined) continue;
    const checked = checker.check(bundle, value);
    if ("problem" in checked) {
      const span = locate(definition, ["schema", part]);
      return [{ ...checked.problem, span: checked.problem.span ?? span }];
    }
    for (const failure of checked.failures) {
      const path = [...payload.at, part, ...failure.path];
      diagnostics.push(sampleRejected(failure, formatKeyPath(path), locate(definition, path)));
    }
  }
  return diagnostics;
}

function property(object: LiteralObject, key: string): LiteralValue | undefined {
  return object.properties.find((p) => p.key === key)?.value;
}
