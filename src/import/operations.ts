import { Codes, diagnostic } from "../diagnostics/catalogue.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { getOwn, isJsonObject, type JsonObject } from "../util/json.js";
import type { PathStep, SourceDocument } from "./document.js";
import { deref, valueAt } from "./refs.js";

/** The HTTP methods a Path Item may hold an operation for, in the order OpenAPI lists them. */
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

/** One operation to import: a webhook's, or a callback's of a path's operation. */
export interface SourceOperation {
  /** The webhook's name (its key in `webhooks`), or the callback's. */
  readonly name: string;
  readonly method: string;
  readonly operation: JsonObject;
  /** Where the operation is in the document. */
  readonly path: readonly PathStep[];
  /** The Path Item's own parameters, which the operation's override. */
  readonly pathParameters: readonly { readonly value: unknown; readonly path: readonly PathStep[] }[];
  /** How a message names it: `webhooks["push"].post`. */
  readonly label: string;
}

/**
 * The operations of the document's `webhooks` (OpenAPI 3.1), or, when it has none, of every
 * callback of its paths' operations (3.0 and 3.1), in the order written.
 */
export function sourceOperations(
  doc: SourceDocument,
  root: JsonObject,
): { operations: SourceOperation[]; problems: Diagnostic[] } {
  const problems: Diagnostic[] = [];
  const operations: SourceOperation[] = [];
  const webhooks = getOwn(root, "webhooks");
  if (isJsonObject(webhooks) && Object.keys(webhooks).length > 0) {
    for (const name of Object.keys(webhooks)) {
      pathItemOperations(doc, name, ["webhooks", name], `webhooks[${JSON.stringify(name)}]`, operations, problems);
    }
    return { operations, problems };
  }
  const paths = getOwn(root, "paths");
  for (const route of isJsonObject(paths) ? Object.keys(paths) : []) {
    const item = deref(doc, { value: getOwn(paths as JsonObject, route)!, path: ["paths", route] });
    if ("problem" in item) {
      problems.push(item.problem);
      continue;
    }
    if (!isJsonObject(item.value)) continue;
    for (const method of METHODS) {
      const operation = getOwn(item.value, method);
      const callbacks = isJsonObject(operation) ? getOwn(operation, "callbacks") : undefined;
      if (!isJsonObject(callbacks)) continue;
      for (const name of Object.keys(callbacks)) {
        const callback = deref(doc, { value: callbacks[name]!, path: [...item.path, method, "callbacks", name] });
        if ("problem" in callback) {
          problems.push(callback.problem);
          continue;
        }
        if (!isJsonObject(callback.value)) continue;
        for (const expression of Object.keys(callback.value)) {
          const label = `the callback ${JSON.stringify(name)} of ${method.toUpperCase()} ${route}`;
          pathItemOperations(doc, name, [...callback.path, expression], label, operations, problems);
        }
      }
    }
  }
  return { operations, problems };
}

function pathItemOperations(
  doc: SourceDocument,
  name: string,
  at: readonly PathStep[],
  label: string,
  operations: SourceOperation[],
  problems: Diagnostic[],
): void {
  const item = deref(doc, { value: valueAt(doc.value, at) ?? null, path: at });
  if ("problem" in item) {
    problems.push(item.problem);
    return;
  }
  if (!isJsonObject(item.value)) return;
  const shared = getOwn(item.value, "parameters");
  const pathParameters = Array.isArray(shared)
    ? shared.map((value, i) => ({ value, path: [...item.path, "parameters", i] }))
    : [];
  for (const method of METHODS) {
    const operation = getOwn(item.value, method);
    if (!isJsonObject(operation)) continue;
    operations.push({
      name,
      method,
      operation,
      path: [...item.path, method],
      pathParameters,
      label: `${label}.${method}`,
    });
  }
}

/** The document's root, if it is an OpenAPI 3 document; otherwise the problem. */
export function openApiRoot(doc: SourceDocument): { root: JsonObject; version: string } | { problem: Diagnostic } {
  const root = doc.value;
  const whole = doc.locate([]);
  if (!isJsonObject(root))
    return { problem: diagnostic(Codes.ImportNotOpenApi, { got: "its root is not an object" }, { span: whole }) };
  const openapi = getOwn(root, "openapi");
  if (typeof openapi === "string" && /^3\.\d+(\.\d+)?/.test(openapi)) return { root, version: openapi };
  const swagger = getOwn(root, "swagger");
  if (swagger !== undefined) {
    const got = `it is a Swagger ${String(swagger)} document`;
    return { problem: diagnostic(Codes.ImportNotOpenApi, { got }, { span: doc.locate(["swagger"]) }) };
  }
  const got = openapi === undefined ? 'its root has no "openapi"' : `"openapi" is ${JSON.stringify(openapi)}`;
  const span = openapi === undefined ? whole : doc.locate(["openapi"]);
  return { problem: diagnostic(Codes.ImportNotOpenApi, { got }, { span }) };
}

/** Problem when a document has no operation to import. */
export function noOperations(doc: SourceDocument, root: JsonObject): Diagnostic {
  const webhooks = getOwn(root, "webhooks");
  const reason =
    webhooks !== undefined
      ? "its webhooks section is empty, and no path has callbacks"
      : "it has no webhooks section, and no path has callbacks";
  return diagnostic(
    Codes.ImportNoOperations,
    { reason },
    { span: doc.locate(webhooks !== undefined ? ["webhooks"] : []) },
  );
}
