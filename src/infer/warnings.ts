import { Codes, diagnostic } from "../diagnostics/catalogue.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { formatKeyPath, locate, type KeyPath } from "../extract/index.js";
import { getOwn, type JsonObject } from "../json.js";
import { findSecrets } from "../secrets/index.js";
import { formatPayloadPath, type PathStep } from "../payload-path.js";
import type { ValidEvent } from "../validate/index.js";
import { locateInSamples } from "./locate.js";
import { isTyped, isUnion, isUnknown, type InferredSchema, type ObjectSchema } from "./schema.js";

/** The step into an array's elements (shared: steps are never changed). */
const EACH: PathStep = { each: true };

/**
 * Warnings about what the final schema could not learn from the samples: fields that are null
 * in every sample, arrays that are empty in every sample, and header names that receivers
 * will not spell as written.
 */
export function schemaWarnings(event: ValidEvent, schema: ObjectSchema): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  // The path of the node being visited, extended and shortened in place; copied only to report.
  const steps: PathStep[] = [];
  const visit = (node: InferredSchema): void => {
    if (isUnion(node)) {
      // `null` beside another type is a nullable field, not one the samples left unknown.
      for (const variant of node.anyOf) if (!isTyped(variant) || variant.type !== "null") visit(variant);
      return;
    }
    if (!isTyped(node)) return;
    if (node.type === "null") {
      const at = [...steps];
      const found = locateInSamples(event.definition, at);
      const path = formatPayloadPath(at);
      diagnostics.push(
        diagnostic(Codes.NullInSample, { keypath: found?.keypath ?? path, path }, { span: found?.span }),
      );
    } else if (node.type === "array") {
      if (isUnknown(node.items)) {
        const at = [...steps];
        const found = locateInSamples(event.definition, at);
        diagnostics.push(
          diagnostic(Codes.EmptyArray, { keypath: found?.keypath ?? formatPayloadPath(at) }, { span: found?.span }),
        );
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
    steps.push({ key: part });
    visit(schema.properties[part]!);
    steps.pop();
  }

  diagnostics.push(...secretWarnings(event));

  const headers = getOwn(schema.properties, "headers");
  if (headers !== undefined && isTyped(headers) && headers.type === "object") {
    for (const name of Object.keys(headers.properties)) {
      if (name === name.toLowerCase()) continue;
      const span = locate(event.definition, ["sample", "headers", name], { key: true });
      diagnostics.push(diagnostic(Codes.HeaderNotLowercase, { name }, { span }));
    }
  }
  return diagnostics;
}

/**
 * Samples are committed to git and sent to the platform, and examples are committed too: a
 * value that looks like a live credential gets a warning (and push refuses it).
 */
function secretWarnings(event: ValidEvent): Diagnostic[] {
  const payloads: { value: JsonObject; root: KeyPath }[] = [
    { value: event.sample, root: ["sample"] },
    ...event.examples.map((value, i) => ({ value, root: ["examples", i] as KeyPath })),
  ];
  return payloads.flatMap(({ value, root }) =>
    findSecrets(value).map((finding) => {
      const path = [...root, ...finding.path];
      const params = {
        keypath: formatKeyPath(path),
        kind: finding.kind,
        placeholder: finding.placeholder,
        sent: root[0] === "sample",
      };
      return diagnostic(Codes.SampleLooksLikeSecret, params, { span: locate(event.definition, path) });
    }),
  );
}
