import { createRequire } from "node:module";
import type { ErrorObject } from "ajv";
import { forAjv } from "../util/for-ajv.js";
import { isJsonObject, setOwn, type JsonObject, type JsonValue } from "../util/json.js";
import { pointerOf, type PathStep } from "./document.js";

const require = createRequire(import.meta.url);

/** Checks values against schemas of one document, with ajv in the document's dialect. */
export interface ExampleChecker {
  /** Why `value` does not satisfy the schema at `path` of the document, or undefined when it does (or cannot be checked). */
  readonly reject: (path: readonly PathStep[], value: JsonValue) => string | undefined;
}

const DOCUMENT_ID = "urn:ductape-events:import";

/**
 * The document is added to ajv whole, so that `#/components/schemas/...` references resolve as
 * written; each schema is compiled as a reference to its place in it. OpenAPI 3.0 documents are
 * draft-07 plus `nullable` (which ajv knows), 3.1 documents 2020-12. Unknown keywords and formats
 * are let through (strict off): a schema ajv cannot compile is not checked here, the build will.
 */
export function exampleChecker(document: JsonValue, openapi30: boolean): ExampleChecker {
  type AjvLike = {
    addSchema(schema: unknown, key: string): void;
    compile(schema: unknown): { (value: unknown): boolean; errors?: ErrorObject[] | null };
  };
  const options = {
    strict: false,
    logger: false,
    validateSchema: false,
    // An example's keys are its own: `required: ["toString"]` is not met by `{}`.
    ownProperties: true,
    // Each check runs a few times, and provider schemas are large: ajv's code optimisation
    // costs far more than it saves here.
    code: { optimize: false },
  };
  const Ajv = (openapi30 ? require("ajv").Ajv : require("ajv/dist/2020").Ajv2020) as new (o: object) => AjvLike;
  const ajv = new Ajv(options);
  (require("ajv-formats") as { default: (ajv: AjvLike) => void }).default(ajv);
  // A reference through a `__proto__` key would lose its target where forAjv moves it: such a
  // document is checked as written (its `__proto__` properties unchecked, as ajv reads them).
  ajv.addSchema(refersThroughProto(document) ? document : schemasForAjv(document, "document"), DOCUMENT_ID);
  const compiled = new Map<string, ((value: unknown) => string | undefined) | undefined>();
  return {
    reject(path, value) {
      const pointer = pointerOf(path);
      if (!compiled.has(pointer)) compiled.set(pointer, compile(ajv, pointer));
      return compiled.get(pointer)?.(value);
    },
  };
}

/**
 * The document with each schema in it as ajv must be given it (forAjv: a property named
 * `__proto__` checked like any other). A schema is a `schema` value or one of
 * `components.schemas`, the only place an import follows a `$ref` to (DT7003 refuses others);
 * everything else is walked through (a `schema` key inside an example or an `x-` extension is
 * rewritten too, harmlessly: only schemas are compiled). What needs no change is given back as
 * it is.
 */
function schemasForAjv(node: JsonValue, what: "document" | "components" | "schemas" | "schema" | "other"): JsonValue {
  if (what === "schema") return forAjv(node);
  if (Array.isArray(node)) {
    const items = node.map((item) => schemasForAjv(item, "other"));
    return items.some((item, i) => item !== node[i]) ? items : node;
  }
  if (!isJsonObject(node)) return node;
  let copy: JsonObject | undefined;
  for (const key of Object.keys(node)) {
    const value = node[key]!;
    const next = schemasForAjv(
      value,
      what === "schemas" || key === "schema"
        ? "schema"
        : what === "document" && key === "components"
          ? "components"
          : what === "components" && key === "schemas"
            ? "schemas"
            : "other",
    );
    if (next === value) continue;
    copy ??= { ...node };
    setOwn(copy, key, next);
  }
  return copy ?? node;
}

/** Whether a `$ref` of the document passes through a key `__proto__` (`#/components/schemas/A/properties/__proto__`). */
function refersThroughProto(node: JsonValue): boolean {
  if (Array.isArray(node)) return node.some(refersThroughProto);
  if (!isJsonObject(node)) return false;
  for (const key of Object.keys(node)) {
    const value = node[key]!;
    if (key === "$ref" ? typeof value === "string" && value.includes("/__proto__") : refersThroughProto(value))
      return true;
  }
  return false;
}

function compile(
  ajv: { compile(schema: unknown): { (value: unknown): boolean; errors?: ErrorObject[] | null } },
  pointer: string,
): ((value: unknown) => string | undefined) | undefined {
  try {
    const validate = ajv.compile({ $ref: `${DOCUMENT_ID}#${encodeURI(pointer)}` });
    return (value) => (validate(value) ? undefined : describe(validate.errors?.[0]));
  } catch {
    return undefined;
  }
}

function describe(error: ErrorObject | undefined): string {
  if (error === undefined) return "it does not satisfy the schema";
  const at = error.instancePath === "" ? "the value" : error.instancePath;
  return `${at} ${error.message ?? "is not valid"}`;
}
