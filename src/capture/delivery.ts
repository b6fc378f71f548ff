import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { Codes, diagnostic } from "../diagnostics/catalogue.js";
import { type Diagnostic, type Span } from "../diagnostics/diagnostic.js";
import { readDocument, type PathStep } from "../import/document.js";
import { whyUnreadable } from "../util/files.js";
import { pointerPath } from "../util/json-pointer.js";
import { getOwn, isJsonObject, setOwn, type JsonObject, type JsonValue } from "../util/json.js";

/** The parts of a delivery, in the order a sample writes them. */
export const PARTS = ["headers", "query", "body", "params"] as const;

/**
 * A captured delivery as read from its file: the payload to check (`{ headers, query, body,
 * params }`, headers as HTTP has them: names lower-cased, repeated values joined), and the way
 * back from a path in that payload to where the value is written in the file.
 */
export interface Capture {
  readonly file: string;
  readonly text: string;
  readonly payload: JsonObject;
  /** Where the value at a payload path is written (the closest written ancestor when it is not). */
  readonly locate: (path: readonly PathStep[]) => Span;
}

export type ReadCapture =
  | { readonly capture: Capture }
  /** The file's problems, and its text when it could be read (for code frames). */
  | { readonly diagnostics: readonly Diagnostic[]; readonly text?: string };

export interface ReadCaptureOptions {
  /** The file is the raw body: the payload is `{ headers: {}, query: {}, body: <file>, params: {} }`. */
  readonly body?: boolean | undefined;
  /**
   * The header names the event declares, as written there: a delivery's header matches one
   * whatever its case (HTTP names are case-insensitive) and takes its spelling; other names are
   * lower-cased, as Node gives them.
   */
  readonly headerNames?: readonly string[] | undefined;
  /** The path as the user gave it, for a file that cannot be read (which has no place to point at). Default: its name. */
  readonly given?: string | undefined;
}

/**
 * Reads a captured delivery: every problem of the file located in it, all at once (not JSON,
 * not shaped like a delivery, numbers that JSON.parse would round). Never throws for the file's
 * content.
 */
export async function readCapture(file: string, options: ReadCaptureOptions = {}): Promise<ReadCapture> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const params = { path: options.given ?? basename(file), reason: whyUnreadable(error) };
    return { diagnostics: [diagnostic(Codes.CaptureUnreadable, params, { cause: error })] };
  }
  // Always read as JSON, whatever the file is called: a capture is what a server received.
  const read = await readDocument(file.replace(/\.ya?ml$/i, ".json"), text);
  if ("syntaxError" in read) {
    const { message, span } = read.syntaxError;
    return {
      diagnostics: [diagnostic(Codes.CaptureSyntaxError, { reason: message }, { span: { ...span, file } })],
      text,
    };
  }
  const { document } = read;
  const at = (path: readonly PathStep[], key = false): Span => ({ ...document.locate(path, { key }), file });
  const diagnostics: Diagnostic[] = [];
  for (const [pointer, written] of document.lossyNumbers) {
    diagnostics.push(
      diagnostic(Codes.CaptureLossyNumber, { written }, { span: at(pathOfPointer(document.value, pointer)) }),
    );
  }
  const notADelivery = (problem: string, path: readonly PathStep[], key = false) =>
    diagnostics.push(diagnostic(Codes.CaptureNotADelivery, { problem }, { span: at(path, key) }));

  if (options.body === true) {
    if (!isJsonObject(document.value)) notADelivery("with --body, the file is the body, a JSON object", []);
    if (diagnostics.length > 0) return { diagnostics, text };
    const payload: JsonObject = { headers: {}, query: {}, body: document.value, params: {} };
    return { capture: { file, text, payload, locate: (path) => at(path.slice(1)) } };
  }
  const value = document.value;
  if (!isJsonObject(value)) {
    notADelivery("the file holds no JSON object at its top level", []);
    return { diagnostics, text };
  }
  // One problem for them all, at the first: a raw body given without --body has many such keys.
  const others = Object.keys(value).filter((key) => !(PARTS as readonly string[]).includes(key));
  if (others.length > 0) {
    const named = others.slice(0, 3).map((key) => JSON.stringify(key));
    const keys =
      others.length === 1
        ? `key ${named[0]!} is`
        : `keys ${named.join(", ")}${others.length > 3 ? ` and ${others.length - 3} more` : ""} are`;
    notADelivery(`its top-level ${keys} none of headers, query, body and params`, [others[0]!], true);
  }
  for (const part of PARTS) {
    const given = getOwn(value, part);
    if (given !== undefined && !isJsonObject(given)) notADelivery(`its ${part} is not an object`, [part]);
  }
  const headers = getOwn(value, "headers");
  const heard = httpHeaders(isJsonObject(headers) ? headers : {}, options.headerNames ?? []);
  for (const key of heard.invalid)
    notADelivery(`the header ${JSON.stringify(key)} is not a string or an array of strings`, ["headers", key]);
  if (diagnostics.length > 0) return { diagnostics, text };

  const payload: JsonObject = {};
  for (const part of PARTS) setOwn(payload, part, part === "headers" ? heard.headers : (getOwn(value, part) ?? {}));
  const written = heard.written;
  const locate = (path: readonly PathStep[]): Span => {
    if (path[0] !== "headers" || typeof path[1] !== "string") return at(path);
    return at(["headers", written.get(path[1]) ?? path[1], ...path.slice(2)]);
  };
  return { capture: { file, text, payload, locate } };
}

/**
 * Headers as a receiver reads them: names matched case-insensitively to the declared ones (else
 * lower-cased); a name given several times (in several cases, or as Node's array) has its values
 * joined by ", ", as HTTP combines repeated fields (RFC 9110, 5.3). `written` maps each name back
 * to the key in the file, `invalid` lists keys whose value is not text.
 */
export function httpHeaders(
  given: JsonObject,
  declared: readonly string[],
): { headers: JsonObject; written: Map<string, string>; invalid: string[] } {
  const spelling = new Map(declared.map((name) => [name.toLowerCase(), name]));
  const values = new Map<string, string[]>();
  const written = new Map<string, string>();
  const invalid: string[] = [];
  for (const key of Object.keys(given)) {
    const value = getOwn(given, key)!;
    const texts = typeof value === "string" ? [value] : Array.isArray(value) ? value : undefined;
    if (texts === undefined || !texts.every((t): t is string => typeof t === "string")) {
      invalid.push(key);
      continue;
    }
    const name = spelling.get(key.toLowerCase()) ?? key.toLowerCase();
    if (!written.has(name)) written.set(name, key);
    values.set(name, [...(values.get(name) ?? []), ...texts]);
  }
  const headers: JsonObject = {};
  for (const [name, texts] of values) setOwn(headers, name, texts.join(", "));
  return { headers, written, invalid };
}

/** A JSON Pointer (`/a/0/b`) as a key path into `document`. */
function pathOfPointer(document: JsonValue, pointer: string): PathStep[] {
  if (pointer === "") return [];
  const segments = pointer
    .slice(1)
    .split("/")
    .map((raw) => raw.replace(/~1/g, "/").replace(/~0/g, "~"));
  return pointerPath(document, segments);
}
