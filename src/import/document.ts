import type { Span } from "../diagnostics/diagnostic.js";
import { numberLiteralDrift } from "../extract/number-literal.js";
import { rangeSpan } from "../extract/spans.js";
import { parseJsonModuleText } from "../syntax/parse.js";
import { lineStarts } from "../syntax/tree.js";
import type * as S from "../syntax/tree.js";
import { isJsonObject, setOwn, type JsonObject, type JsonValue } from "../util/json.js";
import { jsonSyntaxError } from "../util/json-syntax.js";

/** A step into a JSON value: an object's key or an array's index. */
export type PathStep = string | number;

/**
 * A document read for import, JSON or YAML, with what a diagnostic needs: where a value was
 * written, and which numbers lost digits on the way in (`JSON.parse` rounds them silently).
 */
export interface SourceDocument {
  readonly path: string;
  readonly value: JsonValue;
  /**
   * The span of the value at a path (the closest ancestor written when the path goes further);
   * with `key`, of the key of that value, in JSON (a message about the key points at it).
   */
  readonly locate: (path: readonly PathStep[], options?: { readonly key?: boolean }) => Span;
  /** Numbers whose digits a JavaScript number cannot hold, by JSON Pointer (`/a/0/b`). */
  readonly lossyNumbers: ReadonlyMap<string, string>;
}

export type ReadDocument =
  { readonly document: SourceDocument } | { readonly syntaxError: { readonly message: string; readonly span: Span } };

/** A JSON Pointer (RFC 6901) for a path. */
export function pointerOf(path: readonly PathStep[]): string {
  return path.map((step) => `/${String(step).replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");
}

/**
 * Reads a JSON or YAML document. YAML is parsed by the `yaml` package, loaded only for a YAML
 * file (its own positions locate values); JSON by our parser, which keeps positions, with
 * `JSON.parse` deciding what is valid.
 */
export async function readDocument(path: string, text: string): Promise<ReadDocument> {
  return /\.ya?ml$/i.test(path) ? readYaml(path, text) : readJson(path, text);
}

function readJson(path: string, text: string): ReadDocument {
  const source = { path, lineStarts: lineStarts(text) };
  const parsed = parseJsonModuleText(text);
  if (parsed !== undefined && "error" in parsed) {
    const { message, offset } = jsonSyntaxError(text)!;
    return { syntaxError: { message, span: rangeSpan(source, offset, offset) } };
  }
  if (parsed === undefined) {
    // Our parser declines very deep nesting and line separators: valid JSON, only without positions.
    const value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as JsonValue;
    return { document: { path, value, locate: () => rangeSpan(source, 0, 0), lossyNumbers: new Map() } };
  }
  const root = (parsed.file.statements[0] as S.ExportDefault).expression;
  const lossyNumbers = new Map<string, string>();
  const value = jsonOf(root, text, [], lossyNumbers);
  const locate = (at: readonly PathStep[], options?: { readonly key?: boolean }): Span => {
    const node = nodeAt(root, at, options?.key === true);
    return rangeSpan(source, node.start, node.end);
  };
  return { document: { path, value, locate, lossyNumbers } };
}

/** The value of a node of a JSON document as our parser builds it (objects, arrays, literals, `-n`). */
function jsonOf(node: S.Expression, text: string, at: PathStep[], lossy: Map<string, string>): JsonValue {
  switch (node.kind) {
    case "string":
    case "boolean":
      return node.value;
    case "null":
      return null;
    case "number":
      if (numberLiteralDrift(text, node.start, node.end) !== undefined)
        lossy.set(pointerOf(at), text.slice(node.start, node.end));
      return node.value;
    case "prefix": {
      const operand = node.operand as S.NumericLiteral;
      if (numberLiteralDrift(text, operand.start, operand.end) !== undefined)
        lossy.set(pointerOf(at), text.slice(node.start, node.end));
      return -operand.value;
    }
    case "array":
      return node.elements.map((element, i) => jsonOf(element as S.Expression, text, [...at, i], lossy));
    case "object": {
      const out: JsonObject = {};
      for (const member of node.members) {
        const keyed = member as S.KeyedMember;
        const key = (keyed.name as S.StringLiteral).value;
        setOwn(out, key, jsonOf(keyed.value, text, [...at, key], lossy));
      }
      return out;
    }
    default:
      // JSON.parse accepted the text, so our parser built nothing else.
      throw new Error(`unexpected ${node.kind} in a JSON document`);
  }
}

/** The node at a path, or the deepest one on the way there. */
function nodeAt(root: S.Expression, path: readonly PathStep[], key = false): S.Node {
  let node: S.Expression = root;
  for (const [i, step] of path.entries()) {
    let next: S.Expression | undefined;
    if (node.kind === "object") {
      // The last of a key written twice, as JSON.parse keeps it.
      const members = node.members.filter((m) => m.kind === "keyed" && (m.name as S.StringLiteral).value === step);
      const member = members.at(-1) as S.KeyedMember | undefined;
      if (key && member !== undefined && i === path.length - 1) return member.name;
      next = member?.value;
    } else if (node.kind === "array" && typeof step === "number") {
      next = node.elements[step] as S.Expression | undefined;
    }
    if (next === undefined) return node;
    node = next;
  }
  return node;
}

async function readYaml(path: string, text: string): Promise<ReadDocument> {
  const YAML = await import("yaml");
  const source = { path, lineStarts: lineStarts(text) };
  // Integers as bigints, so that one with more digits than a double holds can be told apart.
  const doc = YAML.parseDocument(text, { intAsBigInt: true, prettyErrors: false, uniqueKeys: false, merge: true });
  const error = doc.errors[0];
  if (error !== undefined) {
    const [start, end] = error.pos;
    return { syntaxError: { message: error.message.split("\n")[0]!, span: rangeSpan(source, start, end) } };
  }
  const lossyNumbers = new Map<string, string>();
  // Aliases being expanded: an alias inside its own anchor would expand forever.
  const expanding = new Set<unknown>();
  const toJson = (node: unknown, at: PathStep[]): JsonValue => {
    if (YAML.isAlias(node)) {
      const target = node.resolve(doc);
      if (expanding.has(target)) return null;
      expanding.add(target);
      const value = toJson(target, at);
      expanding.delete(target);
      return value;
    }
    if (YAML.isMap(node)) {
      const out: JsonObject = {};
      // Merge keys (`<<: *base`) first, the first source winning; then the map's own keys over them.
      const isMerge = (key: unknown) => YAML.isScalar(key) && typeof key.value === "symbol";
      for (const pair of node.items.filter((p) => isMerge(p.key))) {
        const merged = toJson(pair.value, at);
        for (const source of Array.isArray(merged) ? merged : [merged]) {
          if (!isJsonObject(source)) continue;
          for (const key of Object.keys(source)) if (!Object.hasOwn(out, key)) setOwn(out, key, source[key]!);
        }
      }
      for (const pair of node.items.filter((p) => !isMerge(p.key))) {
        const key = YAML.isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        setOwn(out, key, toJson(pair.value, [...at, key]));
      }
      return out;
    }
    if (YAML.isSeq(node)) return node.items.map((item, i) => toJson(item, [...at, i]));
    if (YAML.isScalar(node)) {
      const value = node.value;
      if (typeof value === "bigint" || typeof value === "number") {
        const written = node.range === undefined || node.range === null ? "" : text.slice(node.range[0], node.range[1]);
        const number = Number(value);
        const drift =
          typeof value === "bigint"
            ? !Number.isSafeInteger(number)
            : /^[+-]?[0-9.]/.test(written) && numberLiteralDrift(written.replace(/^[+-]/, "")) !== undefined;
        if (drift) lossyNumbers.set(pointerOf(at), written);
        return number;
      }
      if (value === null || typeof value === "string" || typeof value === "boolean") return value;
      return String(value);
    }
    return null;
  };
  const value = toJson(doc.contents, []);
  const locate = (at: readonly PathStep[]): Span => {
    let node: unknown = doc.contents;
    for (const step of at) {
      const next = YAML.isCollection(node) ? node.get(step, true) : undefined;
      if (next === undefined) break;
      node = YAML.isAlias(next) ? next.resolve(doc) : next;
    }
    const range = YAML.isNode(node) ? node.range : undefined;
    return range === undefined || range === null ? rangeSpan(source, 0, 0) : rangeSpan(source, range[0], range[1]);
  };
  return { document: { path, value, locate, lossyNumbers } };
}
