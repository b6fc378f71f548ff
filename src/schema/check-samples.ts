import { createRequire } from "node:module";
import type { ErrorObject, ValidateFunction } from "ajv";
import type Ajv2020Module from "ajv/dist/2020.js";
import { Codes, diagnostic } from "../diagnostics/catalogue.js";
import type { Diagnostic, Span } from "../diagnostics/diagnostic.js";
import { messageOf } from "../util/errors.js";
import { getOwn, isJsonObject, setOwn, type JsonObject, type JsonValue } from "../util/json.js";
import { refKey, type SchemaBundle } from "./bundle.js";
import { mapSubschemas, SUBSCHEMA_KEYWORDS } from "./dialect.js";
import { forAjv } from "../util/for-ajv.js";
import { instancePath, valueAtPath } from "../util/json-pointer.js";

/** Why a value does not match a declared schema, at a path inside the value. */
export interface SampleFailure {
  /** Keys and array indexes from the checked value to the offending one; `[]` for the value itself. */
  readonly path: readonly (string | number)[];
  /** Why, in plain words: `expected integer, got "12"`, `missing required field "id"`. */
  readonly message: string;
}

/**
 * The diagnostic of a sample (or example) that does not match its declared schema: `keypath` is
 * where the failure is in the user's terms (`sample.body.items[0].id`), `span` where that value
 * is written (in the event file, or the JSON file the sample came from).
 */
export function sampleRejected(failure: SampleFailure, keypath: string, span: Span | undefined): Diagnostic {
  return diagnostic(Codes.SampleRejectedBySchema, { keypath, reason: failure.message }, { span });
}

type Ajv2020 = InstanceType<typeof Ajv2020Module.Ajv2020>;

// CommonJS modules, loaded on first use: a build whose events declare no schema never pays for
// them (ajv's compiler is about a tenth of a second to load).
const require = createRequire(import.meta.url);

/**
 * Checks values against bundled schemas with ajv. Bundles are in the internal form (2020-12
 * spelling whatever their source dialect, see dialect.ts), so one ajv instance of the 2020-12
 * class checks them all; each schema of the bundles (by key) is added and compiled once per
 * checker, however many bundles reach it: keep one checker per build. Formats are checked
 * (ajv-formats); unknown keywords are kept in the schemas and ignored by validation.
 */
export class SampleChecker {
  private ajv: Ajv2020 | undefined;
  /** The schema object added under each key: a key bundled again from another object is replaced. */
  private readonly added = new Map<string, JsonValue>();
  /** Keys whose schema ajv refused to add (not a valid schema), with why. */
  private readonly refused = new Map<string, Diagnostic>();
  private readonly validators = new Map<string, ValidateFunction | { readonly problem: Diagnostic }>();
  /** The JSON text each key's schema was added as (its refs as ajv ids). */
  private readonly texts = new Map<string, string>();
  /**
   * Compiled roots by that text: many events' roots are the same schema under keys of their
   * own (`{ $ref: ... }` written in each event file), and validate alike.
   */
  private readonly byText = new Map<string, ValidateFunction>();
  private compilations = 0;

  /** How many schemas ajv has compiled so far: each schema of the bundles once, however many bundles reach it. */
  get compiledCount(): number {
    return this.compilations;
  }

  /**
   * Every reason `value` does not match the bundle's root schema (none: it matches), or the
   * diagnostic saying why the schema cannot be compiled (an invalid `pattern`, say).
   */
  check(
    bundle: SchemaBundle,
    value: JsonValue,
  ): { readonly failures: readonly SampleFailure[] } | { readonly problem: Diagnostic } {
    const validate = this.validatorOf(bundle);
    if ("problem" in validate) return validate;
    if (validate(value)) return { failures: [] };
    return { failures: describeErrors(validate.errors ?? [], value) };
  }

  /** The compiled validator of the bundle's root, adding what is new in the bundle. */
  validatorOf(bundle: SchemaBundle): ValidateFunction | { readonly problem: Diagnostic } {
    const ajv = (this.ajv ??= this.createAjv());
    for (const [key, definition] of bundle.definitions) {
      const known = this.added.get(key);
      if (known === definition.schema) continue;
      if (known !== undefined) {
        ajv.removeSchema(idOf(key));
        // A schema replaced under a key invalidates what was compiled against the old one.
        this.validators.clear();
        this.byText.clear();
      }
      this.refused.delete(key);
      this.added.set(key, definition.schema);
      try {
        const json = forAjv(withIds(definition.schema));
        this.texts.set(key, JSON.stringify(json));
        ajv.addSchema(json as object, idOf(key));
      } catch (error) {
        const params = { key, reason: messageOf(error) };
        this.refused.set(key, diagnostic(Codes.SchemaDoesNotCompile, params, { cause: error }));
      }
    }
    for (const key of bundle.definitions.keys()) {
      const refused = this.refused.get(key);
      if (refused !== undefined) return { problem: refused };
    }
    let validate = this.validators.get(bundle.root);
    if (validate === undefined) {
      const text = this.texts.get(bundle.root);
      try {
        const compiled = (text === undefined ? undefined : this.byText.get(text)) ?? ajv.getSchema(idOf(bundle.root));
        if (compiled !== undefined && text !== undefined) this.byText.set(text, compiled);
        validate = compiled ?? { problem: diagnostic(Codes.InternalError, { reason: `no schema ${bundle.root}` }) };
      } catch (error) {
        const reason = messageOf(error);
        validate = { problem: diagnostic(Codes.SchemaDoesNotCompile, { key: bundle.root, reason }, { cause: error }) };
      }
      this.validators.set(bundle.root, validate);
    }
    return validate;
  }

  private createAjv(): Ajv2020 {
    const { Ajv2020 } = require("ajv/dist/2020.js") as typeof Ajv2020Module;
    const addFormats = require("ajv-formats") as typeof import("ajv-formats").default;
    const ajv = new Ajv2020({
      // Provider documents carry keywords of their own (OpenAPI's `example`, `x-*`): kept, ignored.
      strict: false,
      allErrors: true,
      // A sample's own keys only: `required: ["toString"]` or `["__proto__"]` is not met by `{}`.
      ownProperties: true,
      // Not inlined, a schema that many others refer to is compiled once, as its own function.
      inlineRefs: false,
      validateFormats: true,
      code: {
        // Each validator checks a few payloads: optimising its code costs more than it saves.
        optimize: false,
        process: (code, env) => {
          // Meta-schemas are compiled too (to check the schemas added); only ours count.
          if (env?.baseId.startsWith(ID_PREFIX) === true) this.compilations += 1;
          return code;
        },
      },
    });
    addFormats(ajv);
    return ajv;
  }
}

/** The ajv id of a bundled schema: a URN, since keys hold `#` and `/`. */
function idOf(key: string): string {
  // A URN may not hold `~` (which keys do: a pointer escapes `/` as `~1`), and ajv decodes `%7E`
  // back: `~` is written `*`, and `*` itself `%2A`, which stays as it is.
  return `${ID_PREFIX}${encodeURIComponent(key).replace(/\*/g, "%2A").replace(/~/g, "*")}`;
}

const ID_PREFIX = "urn:ductape-schema:";

/** The schema with its bundle `$ref`s (`#/$defs/<key>`) made ajv ids. */
function withIds(schema: JsonValue): JsonValue {
  const visit = (node: JsonValue): JsonValue => {
    if (!isJsonObject(node)) return node;
    const out: JsonObject = {};
    for (const keyword of Object.keys(node)) {
      const value = getOwn(node, keyword)!;
      const shape = SUBSCHEMA_KEYWORDS.get(keyword);
      if (keyword === "$ref" && typeof value === "string") {
        const key = refKey(value);
        setOwn(out, keyword, key === undefined ? value : idOf(key));
      } else setOwn(out, keyword, shape === undefined ? value : mapSubschemas(value, shape, [], "2020-12", visit));
    }
    return out;
  };
  return visit(schema);
}

/** One ajv error as a failure, with the instance path it is at (to group union branches by). */
interface Reason extends SampleFailure {
  readonly at: string;
  /** The types a branch expected, when it failed only for the value's type. */
  readonly expected?: readonly string[];
}

/**
 * ajv's errors in plain words. The branches of a failed `anyOf`/`oneOf` come before its own
 * error: branches that failed only on the value's type (the branch for `null` when the value is
 * an object) are dropped, since the others say what is wrong; when all failed on type, one
 * failure says which types were expected.
 */
export function describeErrors(errors: readonly ErrorObject[], value: JsonValue): SampleFailure[] {
  const reasons: Reason[] = [];
  for (const error of errors) {
    const at = error.instancePath;
    if (error.keyword === "anyOf" || error.keyword === "oneOf") {
      const params = error.params as { passingSchemas?: unknown };
      if (error.keyword === "oneOf" && Array.isArray(params.passingSchemas)) {
        reasons.push(reason(at, value, "matches more than one of the alternatives, and oneOf allows exactly one"));
        continue;
      }
      let first = reasons.length;
      while (first > 0 && isWithin(reasons[first - 1]!.at, at)) first -= 1;
      const branches = reasons.splice(first);
      const telling = branches.filter((b) => b.expected === undefined || b.at !== at);
      if (telling.length > 0) reasons.push(...telling);
      else {
        const expected = [...new Set(branches.flatMap((b) => b.expected ?? []))];
        const got = preview(valueAtPath(value, instancePath(at, value)));
        reasons.push({ ...reason(at, value, `expected ${orList(expected)}, got ${got}`), expected });
      }
      continue;
    }
    // The branch errors of if/then/else say what is wrong; the `if` error only that one failed.
    if (error.keyword === "if") continue;
    reasons.push(describe(error, value));
  }
  const seen = new Set<string>();
  return reasons
    .map(({ path, message }) => ({ path, message }))
    .filter((failure) => {
      const key = JSON.stringify(failure);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

function describe(error: ErrorObject, value: JsonValue): Reason {
  const at = error.instancePath;
  const path = instancePath(at, value);
  const here = valueAtPath(value, path);
  const params = error.params as Record<string, unknown>;
  const got = preview(here);
  switch (error.keyword) {
    case "type": {
      const expected = String(params["type"]).split(",");
      return { at, path, message: `expected ${orList(expected)}, got ${got}`, expected };
    }
    case "required":
      return { at, path, message: `missing required field ${JSON.stringify(params["missingProperty"])}` };
    case "dependentRequired":
      return {
        at,
        path,
        message: `missing field ${JSON.stringify(params["missingProperty"])}, required when ${JSON.stringify(params["property"])} is present`,
      };
    case "additionalProperties":
    case "unevaluatedProperties": {
      const field = String(params["additionalProperty"] ?? params["unevaluatedProperty"]);
      return { at, path: [...path, field], message: `unexpected field ${JSON.stringify(field)}` };
    }
    case "enum": {
      const allowed = Array.isArray(params["allowedValues"]) ? (params["allowedValues"] as unknown[]) : [];
      return { at, path, message: `${got} is not one of ${allowed.map((v) => JSON.stringify(v)).join(", ")}` };
    }
    case "const":
      return { at, path, message: `expected ${JSON.stringify(params["allowedValue"])}, got ${got}` };
    case "format":
      return { at, path, message: `${got} is not a valid ${String(params["format"])}` };
    case "pattern":
      return { at, path, message: `${got} does not match the pattern ${String(params["pattern"])}` };
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return { at, path, message: `${got} ${boundWords(error.keyword, params)}` };
    case "minLength":
    case "maxLength":
      return {
        at,
        path,
        message: `${got} is ${error.keyword === "minLength" ? "shorter" : "longer"} than ${String(params["limit"])} characters`,
      };
    case "items":
    case "additionalItems":
    case "unevaluatedItems":
      // Only a `false` after a tuple fails here: any other schema's failures are its own.
      return { at, path, message: `has more than ${String(params["limit"])} items` };
    case "minItems":
    case "maxItems":
      return {
        at,
        path,
        message: `has ${error.keyword === "minItems" ? "fewer" : "more"} than ${String(params["limit"])} items`,
      };
    case "minProperties":
    case "maxProperties":
      return {
        at,
        path,
        message: `has ${error.keyword === "minProperties" ? "fewer" : "more"} than ${String(params["limit"])} fields`,
      };
    case "uniqueItems":
      return {
        at,
        path,
        message: `items ${String(params["j"])} and ${String(params["i"])} are the same, and items must be unique`,
      };
    case "multipleOf":
      return { at, path, message: `${got} is not a multiple of ${String(params["multipleOf"])}` };
    case "not":
      return { at, path, message: `${got} matches a schema it must not match` };
    case "false schema":
      return { at, path, message: `${got} is not allowed here` };
    default:
      return { at, path, message: `${got} fails ${error.keyword}: ${error.message ?? "does not match"}` };
  }
}

function reason(at: string, value: JsonValue, message: string): Reason {
  return { at, path: instancePath(at, value), message };
}

function boundWords(keyword: string, params: Record<string, unknown>): string {
  const limit = String(params["limit"]);
  switch (keyword) {
    case "minimum":
      return `is less than the minimum ${limit}`;
    case "maximum":
      return `is more than the maximum ${limit}`;
    case "exclusiveMinimum":
      return `is not more than ${limit}`;
    default:
      return `is not less than ${limit}`;
  }
}

/** Whether instance path `inner` is `outer` or below it. */
function isWithin(inner: string, outer: string): boolean {
  return inner === outer || inner.startsWith(`${outer}/`);
}

/** "integer", "string or null", "object, array or null". */
function orList(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? "nothing") : `${words.slice(0, -1).join(", ")} or ${words.at(-1)!}`;
}

/** A value as a message shows it: strings and scalars as JSON (long strings cut), containers by kind. */
function preview(value: JsonValue | undefined): string {
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "an array";
  if (isJsonObject(value)) return "an object";
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 56)}..."` : text;
}
