import { Codes, diagnostic } from "../diagnostics/catalogue.js";
import type { Diagnostic, Span } from "../diagnostics/diagnostic.js";
import { formatKeyPath, locate, type KeyPath } from "../extract/index.js";
import { getOwn, isJsonObject, type JsonObject, type JsonValue } from "../util/json.js";
import { findSecrets } from "../secrets/index.js";
import { formatPayloadPath, type PathStep } from "../naming/payload-path.js";
import type { ValidEvent } from "../validate/index.js";
import { groupFindings } from "./group.js";
import { locateAllInSamples } from "./locate.js";
import { isDeclaredNode, isTyped, isUnion, isUnknown, type InferredSchema, type ObjectSchema } from "./schema.js";

/** The step into an array's elements (shared: steps are never changed). */
const EACH: PathStep = { each: true };

/**
 * Warnings about what the final schema could not learn from the samples: fields that are null
 * in every sample, arrays that are empty in every sample, header names that receivers will not
 * spell as written, and query or params values that cannot arrive as written; and sample values
 * that look like live credentials. One warning per code (and file, see groupFindings) lists
 * every place.
 */
export function schemaWarnings(
  event: ValidEvent,
  schema: ObjectSchema,
  declaredParts: ReadonlySet<string> = NONE,
): Diagnostic[] {
  const { nulls, empties } = unlearned(schema, declaredParts);
  // One walk of the definition finds every path: a large sample may have many.
  const places = locateAllInSamples(event.definition, [...nulls, ...empties]);
  const findingAt = (steps: readonly PathStep[], index: number) => {
    const found = places[index];
    const path = formatPayloadPath(steps);
    return { keypath: found?.keypath ?? path, span: found?.span, path };
  };
  const nullFindings = nulls.map((steps, i) => findingAt(steps, i));
  const emptyFindings = empties.map((steps, i) => findingAt(steps, nulls.length + i));
  return [
    ...groupFindings(nullFindings, (group) => {
      const { keypath, path, span } = group[0]!;
      return diagnostic(Codes.NullInSample, { keypath, path, others: group.length - 1 }, { span });
    }),
    ...groupFindings(emptyFindings, (group) => {
      const { keypath, span } = group[0]!;
      return diagnostic(Codes.EmptyArray, { keypath, others: group.length - 1 }, { span });
    }),
    ...secretWarnings(event),
    ...headerWarnings(event, schema),
    ...textWarnings(event, declaredParts),
  ];
}

/**
 * Numbers and booleans in a payload's query or params: both arrive as text, so a type and a
 * validator made from `page: 2` would reject every real `?page=2`. Parts with a declared schema
 * say what they mean, and are left alone.
 */
function textWarnings(event: ValidEvent, declaredParts: ReadonlySet<string>): Diagnostic[] {
  const findings: {
    keypath: string;
    span: Span | undefined;
    part: "query" | "params";
    value: string;
    type: "a number" | "a boolean";
  }[] = [];
  const visit = (value: JsonValue | undefined, path: KeyPath, part: "query" | "params"): void => {
    if (typeof value === "number" || typeof value === "boolean") {
      const span = locate(event.definition, path);
      const type = typeof value === "number" ? "a number" : "a boolean";
      findings.push({ keypath: formatKeyPath(path), span, part, value: String(value), type });
    } else if (Array.isArray(value)) value.forEach((item, i) => visit(item, [...path, i], part));
    else if (isJsonObject(value)) for (const key of Object.keys(value)) visit(getOwn(value, key), [...path, key], part);
  };
  for (const part of ["query", "params"] as const) {
    if (declaredParts.has(part)) continue;
    for (const { value, root } of payloadsOf(event)) visit(getOwn(value, part), [...root, part], part);
  }
  return groupFindings(findings, (group) => {
    const { keypath, part, value, type, span } = group[0]!;
    return diagnostic(Codes.ValueNotText, { keypath, part, value, type, others: group.length - 1 }, { span });
  });
}

const NONE: ReadonlySet<string> = new Set();

/**
 * The paths of fields typed null, and of arrays typed `unknown[]`, in schema order. Declared
 * schemas say what they mean: the parts in `declaredParts`, and declared nodes inside refined
 * ones (see `isDeclaredNode`), learned nothing from the samples, so they are not looked into.
 */
function unlearned(
  schema: ObjectSchema,
  declaredParts: ReadonlySet<string>,
): { nulls: PathStep[][]; empties: PathStep[][] } {
  const nulls: PathStep[][] = [];
  const empties: PathStep[][] = [];
  // The path of the node being visited, extended and shortened in place; copied only to report.
  const steps: PathStep[] = [];
  const visit = (node: InferredSchema): void => {
    if (isDeclaredNode(node)) return;
    if (isUnion(node)) {
      // `null` beside another type is a nullable field, not one the samples left unknown.
      for (const variant of node.anyOf) if (!isTyped(variant) || variant.type !== "null") visit(variant);
      return;
    }
    if (!isTyped(node)) return;
    if (node.type === "null") {
      nulls.push([...steps]);
    } else if (node.type === "array") {
      if (isUnknown(node.items)) {
        empties.push([...steps]);
      } else {
        steps.push(EACH);
        visit(node.items);
        steps.pop();
      }
    } else if (node.type === "object") {
      for (const key of Object.keys(node.properties)) {
        steps.push({ key });
        // An own key (from Object.keys): indexing reads the own property, `__proto__` too.
        visit(node.properties[key]!);
        steps.pop();
      }
    }
  };
  for (const part of Object.keys(schema.properties)) {
    if (declaredParts.has(part)) continue;
    steps.push({ key: part });
    visit(schema.properties[part]!);
    steps.pop();
  }
  return { nulls, empties };
}

/** Header names with capitals, which receivers such as Node.js deliver in lowercase. */
function headerWarnings(event: ValidEvent, schema: ObjectSchema): Diagnostic[] {
  const headers = getOwn(schema.properties, "headers");
  if (headers === undefined || !isTyped(headers) || headers.type !== "object") return [];
  const findings = Object.keys(headers.properties)
    .filter((name) => name !== name.toLowerCase())
    .map((name) => ({
      name,
      keypath: formatKeyPath(["sample", "headers", name]),
      span: locate(event.definition, ["sample", "headers", name], { key: true }),
    }));
  return groupFindings(findings, (group) => {
    const { name, span } = group[0]!;
    return diagnostic(Codes.HeaderNotLowercase, { name, others: group.length - 1 }, { span });
  });
}

/**
 * Samples are committed to git and sent to the platform, and examples are committed too: a
 * value that looks like a live credential gets a warning (and push refuses it).
 */
function secretWarnings(event: ValidEvent): Diagnostic[] {
  const findings = payloadsOf(event).flatMap(({ value, root }) =>
    findSecrets(value).map((finding) => {
      const path = [...root, ...finding.path];
      const sent = root[0] === "sample";
      return {
        keypath: formatKeyPath(path),
        span: locate(event.definition, path),
        variant: sent ? "sample" : "example",
        kind: finding.kind,
        placeholder: finding.placeholder,
        sent,
      };
    }),
  );
  return groupFindings(findings, (group) => {
    const { keypath, kind, placeholder, sent, span } = group[0]!;
    return diagnostic(
      Codes.SampleLooksLikeSecret,
      { keypath, kind, placeholder, sent, others: group.length - 1 },
      { span },
    );
  });
}

/** The sample and each example, with where each is written in the definition. */
function payloadsOf(event: ValidEvent): { value: JsonObject; root: KeyPath }[] {
  return [
    { value: event.sample, root: ["sample"] },
    ...event.examples.map((value, i) => ({ value, root: ["examples", i] as KeyPath })),
  ];
}
