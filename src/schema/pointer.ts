import { getOwn, isJsonObject, type JsonValue } from "../util/json.js";

/**
 * JSON Pointers (RFC 6901) as `$ref` fragments write them: `#/definitions/push$event`,
 * `#/paths/~1orders/post`, `#/$defs/caf%C3%A9`. A pointer is kept as its decoded segments;
 * the text form is made only for keys and messages.
 */
export type Pointer = readonly string[];

/**
 * The segments of a URI fragment holding a JSON Pointer (without the `#`): percent-decoded
 * first, as a fragment is part of a URI, then `~1` and `~0` unescaped. Undefined when the
 * fragment is not a pointer (it does not start with `/`, or its percent-encoding is broken).
 */
export function parseFragmentPointer(fragment: string): Pointer | undefined {
  if (fragment === "") return [];
  if (!fragment.startsWith("/")) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(fragment);
  } catch {
    return undefined;
  }
  return decoded
    .slice(1)
    .split("/")
    .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** The pointer as text, `/definitions/a~1b`; "" for the whole document. Only `~` and `/` are escaped. */
export function formatPointer(pointer: Pointer): string {
  return pointer.map((segment) => `/${escapeSegment(segment)}`).join("");
}

/** One segment escaped for a JSON Pointer. */
export function escapeSegment(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

/**
 * The value at `pointer` in `document`, or where the walk stopped: the number of segments
 * that did lead somewhere. Array indexes are written as decimal numbers without leading zeros.
 */
export function valueAt(
  document: JsonValue,
  pointer: Pointer,
): { readonly value: JsonValue } | { readonly missingAt: number } {
  let node: JsonValue = document;
  for (const [index, segment] of pointer.entries()) {
    let next: JsonValue | undefined;
    if (Array.isArray(node)) next = /^(0|[1-9]\d*)$/.test(segment) ? node[Number(segment)] : undefined;
    else if (isJsonObject(node)) next = getOwn(node, segment);
    if (next === undefined) return { missingAt: index };
    node = next;
  }
  return { value: node };
}

/** A pointer's segments as a key path (array indexes as numbers), for locating values in a file. */
export function pointerPath(document: JsonValue, pointer: Pointer): (string | number)[] {
  const path: (string | number)[] = [];
  let node: JsonValue | undefined = document;
  for (const segment of pointer) {
    if (Array.isArray(node)) {
      path.push(Number(segment));
      node = node[Number(segment)];
    } else {
      path.push(segment);
      node = isJsonObject(node) ? getOwn(node, segment) : undefined;
    }
  }
  return path;
}
