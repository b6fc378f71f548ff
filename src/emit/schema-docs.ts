import type { InferredSchema } from "../infer/index.js";
import { isTyped, isUnion, TS_ADDITIONAL_PROPERTIES } from "../infer/schema.js";
import type { JsonValue } from "../util/json.js";

/**
 * The JSDoc lines of a schema: for a property (`own: false`), its description; then its tags:
 * `@format`, `@default`, `@example` for each example, `@deprecated`, and every kept keyword as
 * `@<keyword> <value>` (`@minimum 0`, `@pattern ^[a-z]+$`: strings as written, other values as
 * JSON), `$comment` as `@remarks`, but a boolean `tsAdditionalProperties`, which the type
 * shows. With `own`, only the
 * tags: the description is written by the declaration itself. Most properties have none.
 * comment() escapes anything that would end the comment.
 */
export function schemaDocs(schema: InferredSchema, own: boolean): readonly string[] {
  const format = formatOf(schema);
  const description = own ? undefined : (schema.description ?? schema.title);
  if (schema.keywords === undefined && schema.default === undefined && schema.examples === undefined) {
    // What inference makes: a description, a format, both or neither.
    const tag = format === undefined ? undefined : `@format ${format}`;
    if (description === undefined) return tag === undefined ? NO_DOCS : [tag];
    return tag === undefined ? [description] : [description, tag];
  }
  const lines: string[] = description === undefined ? [] : [description];
  if (format !== undefined) lines.push(`@format ${format}`);
  if (schema.default !== undefined) lines.push(`@default ${valueText(schema.default)}`);
  for (const example of schema.examples ?? []) lines.push(`@example ${valueText(example)}`);
  const keywords = schema.keywords ?? {};
  for (const name of Object.keys(keywords)) {
    const value = keywords[name]!;
    if (name === "deprecated") {
      if (value === true) lines.push("@deprecated");
    } else if (name === TS_ADDITIONAL_PROPERTIES && typeof value === "boolean") {
      // Honoured by the type itself (see typesAdditional in event-declarations.ts).
    } else if (name === "$comment") {
      // A note to the schema's readers: a tag's name cannot hold `$`, and TSDoc's own is remarks.
      lines.push(`@remarks ${typeof value === "string" ? value : valueText(value)}`);
    } else lines.push(`@${name} ${typeof value === "string" ? value : valueText(value)}`);
  }
  return lines;
}

const NO_DOCS: readonly string[] = [];

function valueText(value: JsonValue): string {
  return JSON.stringify(value);
}

/** The format of a scalar schema, or of a union's first member with one: a nullable date is still a date. */
function formatOf(schema: InferredSchema): string | undefined {
  if (!isUnion(schema)) return isTyped(schema) && "format" in schema ? schema.format : undefined;
  for (const variant of schema.anyOf) {
    if (isTyped(variant) && "format" in variant && variant.format !== undefined) return variant.format;
  }
  return undefined;
}
