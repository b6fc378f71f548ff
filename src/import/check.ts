import { createRequire } from "node:module";
import type { ErrorObject } from "ajv";
import type { JsonValue } from "../util/json.js";
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
  // Each check runs a few times, and provider schemas are large: ajv's code optimisation costs
  // far more than it saves here.
  const options = { strict: false, logger: false, validateSchema: false, code: { optimize: false } };
  const Ajv = (openapi30 ? require("ajv").Ajv : require("ajv/dist/2020").Ajv2020) as new (o: object) => AjvLike;
  const ajv = new Ajv(options);
  (require("ajv-formats") as { default: (ajv: AjvLike) => void }).default(ajv);
  ajv.addSchema(document, DOCUMENT_ID);
  const compiled = new Map<string, ((value: unknown) => string | undefined) | undefined>();
  return {
    reject(path, value) {
      const pointer = pointerOf(path);
      if (!compiled.has(pointer)) compiled.set(pointer, compile(ajv, pointer));
      return compiled.get(pointer)?.(value);
    },
  };
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
