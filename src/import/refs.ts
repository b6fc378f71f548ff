import { Codes, diagnostic } from "../diagnostics/catalogue.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { getOwn, isJsonObject, type JsonValue } from "../util/json.js";
import type { PathStep, SourceDocument } from "./document.js";

/** A value of the document, with the path it was found at (after following `$ref`s). */
export interface Located {
  readonly value: JsonValue;
  readonly path: readonly PathStep[];
}

export type Resolved = Located | { readonly problem: Diagnostic };

/** Steps of a `#/...` JSON Pointer fragment, or undefined when the reference is not one. */
export function fragmentSteps(ref: string): string[] | undefined {
  if (ref === "#") return [];
  if (!ref.startsWith("#/")) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(ref.slice(2));
  } catch {
    return undefined;
  }
  return decoded.split("/").map((step) => step.replaceAll("~1", "/").replaceAll("~0", "~"));
}

/** The value at a path of a JSON value, or undefined. */
export function valueAt(root: JsonValue, steps: readonly PathStep[]): JsonValue | undefined {
  let node: JsonValue | undefined = root;
  for (const step of steps) {
    if (Array.isArray(node)) node = /^\d+$/.test(String(step)) ? node[Number(step)] : undefined;
    else if (isJsonObject(node)) node = getOwn(node, String(step));
    else return undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

/**
 * What a reference in the document points to: only fragments of the document itself are read.
 * `at` is where the `$ref` was written (the object holding it), for the diagnostic's place.
 */
export function resolveRef(doc: SourceDocument, ref: string, at: readonly PathStep[]): Resolved {
  const span = doc.locate([...at, "$ref"]);
  if (/^https?:\/\//i.test(ref)) return { problem: diagnostic(Codes.ImportNetworkRef, { ref }, { span }) };
  const steps = fragmentSteps(ref);
  if (steps === undefined) {
    const reason = ref.startsWith("#") ? "it is not a JSON Pointer (#/...)" : "it points into another file";
    return { problem: diagnostic(Codes.ImportRefUnresolved, { ref, reason }, { span }) };
  }
  const value = valueAt(doc.value, steps);
  if (value === undefined) {
    return {
      problem: diagnostic(Codes.ImportRefUnresolved, { ref, reason: "the document has nothing there" }, { span }),
    };
  }
  return { value, path: steps };
}

/**
 * Follows `$ref`s until a value that is not one (Path Item, Parameter, Request Body, Example and
 * Callback objects may be references in OpenAPI 3). A cycle of references is a problem.
 */
export function deref(doc: SourceDocument, located: Located): Resolved {
  let current = located;
  const seen = new Set<string>();
  for (;;) {
    const ref = isJsonObject(current.value) ? getOwn(current.value, "$ref") : undefined;
    if (typeof ref !== "string") return current;
    if (seen.has(ref)) {
      const span = doc.locate([...current.path, "$ref"]);
      return { problem: diagnostic(Codes.ImportRefUnresolved, { ref, reason: "it refers to itself" }, { span }) };
    }
    seen.add(ref);
    const next = resolveRef(doc, ref, current.path);
    if ("problem" in next) return next;
    current = next;
  }
}
