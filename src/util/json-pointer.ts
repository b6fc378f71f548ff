import { getOwn, isJsonObject, type JsonValue } from "./json.js";

/**
 * A JSON Pointer's decoded segments as a key path into `document`: a segment is an array index
 * (a number) where the document holds an array there, else a key. For locating values in files.
 */
export function pointerPath(document: JsonValue, segments: readonly string[]): (string | number)[] {
  const path: (string | number)[] = [];
  let node: JsonValue | undefined = document;
  for (const segment of segments) {
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

/** An instance path as ajv reports it (`/items/0/a~1b`, not percent-encoded) as a key path into `data`. */
export function instancePath(pointer: string, data: JsonValue): (string | number)[] {
  if (pointer === "") return [];
  const segments = pointer
    .slice(1)
    .split("/")
    .map((raw) => raw.replace(/~1/g, "/").replace(/~0/g, "~"));
  return pointerPath(data, segments);
}

/** The value at a key path, or undefined where the path leads nowhere. */
export function valueAtPath(data: JsonValue, path: readonly (string | number)[]): JsonValue | undefined {
  let node: JsonValue | undefined = data;
  for (const step of path) {
    if (Array.isArray(node) && typeof step === "number") node = node[step];
    else if (isJsonObject(node)) node = getOwn(node, String(step));
    else return undefined;
  }
  return node;
}
