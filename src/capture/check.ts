import { createRequire } from "node:module";
import type { ValidateFunction } from "ajv";
import type Ajv2020Module from "ajv/dist/2020.js";
import { mapSubschemas, SUBSCHEMA_KEYWORDS } from "../schema/dialect.js";
import { describeErrors } from "../schema/check-samples.js";
import { forAjv } from "../util/for-ajv.js";
import { getOwn, isJsonObject, setOwn, type JsonObject, type JsonValue } from "../util/json.js";

/** One reason a delivery does not match: where, in the payload, and why (`expected number, got "12"`). */
export interface DeliveryIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

export interface DeliveryCheck {
  /** Every reason the payload does not match, unknown fields aside; none: it matches. */
  readonly issues: readonly DeliveryIssue[];
  /** Paths of the object keys the schema does not declare where it closes the object, in document order. */
  readonly unknown: readonly (readonly (string | number)[])[];
}

type Ajv2020 = InstanceType<typeof Ajv2020Module.Ajv2020>;

const require = createRequire(import.meta.url);
const ID = "urn:ductape-delivery:event";

/**
 * Checks one payload against an event's payload schema (self-contained, as the manifest holds
 * it: 2020-12, shared definitions under `$defs`). The generated schemas are exact
 * (`additionalProperties: false`), but partners add fields without notice: the payload is
 * validated against the schema with every object left open, and the keys the exact schema would
 * refuse are listed apart, for the caller to accept or reject.
 *
 * A property named `__proto__` is checked as any other, as the build checks it (see
 * src/util/for-ajv.ts); and a key is unknown only within the branch of an `anyOf` / `oneOf`
 * that the value matches.
 */
export function checkDelivery(schema: JsonObject, payload: JsonValue, part?: "body"): DeliveryCheck {
  const exact = forAjv(schema);
  const ajv = createAjv();
  ajv.addSchema({ ...(openObjects(exact) as JsonObject), $id: ID });
  const at = part === undefined ? "" : `/properties/${part}`;
  const validate = ajv.getSchema(`${ID}#${at}`);
  if (validate === undefined) throw new Error(`the event's schema has no ${part ?? "root"}`);
  const data = part === undefined ? payload : (getOwn(payload as JsonObject, part) ?? {});
  const prefix = part === undefined ? [] : [part];
  const issues = validate(data) ? [] : describeErrors(validate.errors ?? [], data);
  const start = part === undefined ? exact : (getOwn(getOwn(exact, "properties") as JsonObject, part) ?? true);
  const walk = new UnknownKeys(ajv, exact);
  walk.visit(start, at, data, []);
  return {
    issues: issues.map((issue) => ({ path: [...prefix, ...issue.path], message: issue.message })),
    unknown: walk.found.map((path) => [...prefix, ...path]),
  };
}

function createAjv(): Ajv2020 {
  const { Ajv2020 } = require("ajv/dist/2020.js") as typeof Ajv2020Module;
  const addFormats = require("ajv-formats") as typeof import("ajv-formats").default;
  // Not strict: declared schemas keep keywords of their own (OpenAPI's `example`, `x-*`).
  const ajv = new Ajv2020({ strict: false, allErrors: true, ownProperties: true, logger: false });
  addFormats(ajv);
  return ajv;
}

/** Finds the keys of a payload that the exact schema does not declare, following the branches the payload matches. */
class UnknownKeys {
  readonly found: (string | number)[][] = [];
  /** The paths found, as JSON: a key under several schemas that apply to it (a property's and a pattern's) is found once. */
  private readonly seen = new Set<string>();

  constructor(
    private readonly ajv: Ajv2020,
    private readonly root: JsonObject,
  ) {}

  visit(schema: JsonValue, pointer: string, value: JsonValue, path: (string | number)[]): void {
    if (!isJsonObject(schema)) return;
    const ref = getOwn(schema, "$ref");
    if (typeof ref === "string" && ref.startsWith("#/")) {
      const target = this.resolve(ref);
      if (target !== undefined) this.visit(target, ref.slice(1), value, path);
    }
    for (const keyword of ["anyOf", "oneOf"]) {
      const branches = getOwn(schema, keyword);
      if (!Array.isArray(branches)) continue;
      const index = branches.findIndex((_, i) => this.matches(`${pointer}/${keyword}/${i}`, value));
      if (index >= 0) this.visit(branches[index]!, `${pointer}/${keyword}/${index}`, value, path);
    }
    const members = [{ schema, pointer }];
    const allOf = getOwn(schema, "allOf");
    if (Array.isArray(allOf))
      allOf.forEach((s, i) => members.push({ schema: s as JsonObject, pointer: `${pointer}/allOf/${i}` }));
    if (isJsonObject(value)) this.visitObject(members, value, path);
    else if (Array.isArray(value)) for (const m of members) this.visitArray(m.schema, m.pointer, value, path);
  }

  private visitObject(
    members: readonly { readonly schema: JsonValue; readonly pointer: string }[],
    value: JsonObject,
    path: (string | number)[],
  ): void {
    const objects = members.filter((m): m is { schema: JsonObject; pointer: string } => isJsonObject(m.schema));
    const closed = objects.some(
      (m) => getOwn(m.schema, "additionalProperties") === false || getOwn(m.schema, "unevaluatedProperties") === false,
    );
    for (const key of Object.keys(value)) {
      let declared = false;
      for (const { schema, pointer } of objects) {
        const properties = getOwn(schema, "properties");
        const property = isJsonObject(properties) ? getOwn(properties, key) : undefined;
        const patterns = getOwn(schema, "patternProperties");
        const matching = isJsonObject(patterns) ? Object.keys(patterns).filter((p) => safeTest(p, key)) : [];
        const additional = getOwn(schema, "additionalProperties");
        const at = [...path, key];
        if (property !== undefined) this.visit(property, `${pointer}/properties/${escape(key)}`, value[key]!, at);
        // The patterns' schemas apply beside the property's (a `__proto__` property is one: see forAjv).
        for (const p of matching) {
          this.visit(getOwn(patterns as JsonObject, p)!, `${pointer}/patternProperties/${escape(p)}`, value[key]!, at);
        }
        if (property !== undefined || matching.length > 0) declared = true;
        else if (isJsonObject(additional)) {
          declared = true;
          this.visit(additional, `${pointer}/additionalProperties`, value[key]!, at);
        }
      }
      if (!declared && closed) this.add([...path, key]);
    }
  }

  private add(path: (string | number)[]): void {
    const text = JSON.stringify(path);
    if (this.seen.has(text)) return;
    this.seen.add(text);
    this.found.push(path);
  }

  private visitArray(schema: JsonValue, pointer: string, value: JsonValue[], path: (string | number)[]): void {
    if (!isJsonObject(schema)) return;
    const prefix = getOwn(schema, "prefixItems");
    const tuple = Array.isArray(prefix) ? prefix : [];
    const items = getOwn(schema, "items");
    value.forEach((item, i) => {
      if (i < tuple.length) this.visit(tuple[i]!, `${pointer}/prefixItems/${i}`, item, [...path, i]);
      else if (items !== undefined) this.visit(items, `${pointer}/items`, item, [...path, i]);
    });
  }

  /** Whether the value matches the (open) schema at a pointer of the root. */
  private matches(pointer: string, value: JsonValue): boolean {
    let validate: ValidateFunction | undefined;
    try {
      validate = this.ajv.getSchema(`${ID}#${pointer}`);
    } catch {
      return false;
    }
    return validate !== undefined && validate(value) === true;
  }

  private resolve(ref: string): JsonValue | undefined {
    let node: JsonValue | undefined = this.root;
    for (const raw of ref.slice(2).split("/")) {
      const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
      node = Array.isArray(node) ? node[Number(key)] : isJsonObject(node) ? getOwn(node, key) : undefined;
    }
    return node;
  }
}

/** A JSON Pointer segment as a URI fragment holds it. */
function escape(key: string): string {
  return encodeURIComponent(key.replace(/~/g, "~0").replace(/\//g, "~1"));
}

function safeTest(pattern: string, key: string): boolean {
  try {
    return new RegExp(pattern, "u").test(key);
  } catch {
    return false;
  }
}

/** The schema with no object closed: `additionalProperties: false` and `unevaluatedProperties: false` left out. */
function openObjects(schema: JsonValue): JsonValue {
  if (!isJsonObject(schema)) return schema;
  const out: JsonObject = {};
  for (const keyword of Object.keys(schema)) {
    const value = getOwn(schema, keyword)!;
    if ((keyword === "additionalProperties" || keyword === "unevaluatedProperties") && value === false) continue;
    const shape = SUBSCHEMA_KEYWORDS.get(keyword);
    setOwn(out, keyword, shape === undefined ? value : mapSubschemas(value, shape, [], "2020-12", openObjects));
  }
  return out;
}
