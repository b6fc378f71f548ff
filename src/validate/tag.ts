import { SLUG, slugify } from "../naming/index.js";

/**
 * The longest webhook or event tag. A webhook tag names its output files (`<tag>.json`, and a
 * temporary file beside it while writing), which must stay well within file systems' 255 bytes.
 */
export const MAX_TAG_PART = 100;

/** Explains what is wrong with a tag, and suggests a slugged version of it. */
export function tagProblem(tag: string): { problem: string; suggestion: string | undefined } | undefined {
  const parts = tag.split(":");
  const suggestion = (webhook: string, event: string): string | undefined => {
    const candidate = `${slugify(webhook)}:${slugify(event)}`;
    return candidate !== tag && tagProblem(candidate) === undefined ? candidate : undefined;
  };
  if (parts.length === 1) {
    return { problem: "has no colon between the webhook tag and the event tag", suggestion: undefined };
  }
  if (parts.length > 2) {
    const [webhook = "", ...rest] = parts;
    return { problem: "has more than one colon", suggestion: suggestion(webhook, rest.join("-")) };
  }
  const [webhook = "", event = ""] = parts;
  for (const [side, value] of [
    ["webhook", webhook],
    ["event", event],
  ] as const) {
    if (value === "") return { problem: `has an empty ${side} tag`, suggestion: undefined };
    if (value.length > MAX_TAG_PART) {
      return {
        problem: `has ${side === "event" ? "an" : "a"} ${side} tag of ${value.length} characters, more than the ${MAX_TAG_PART} a tag may have`,
        suggestion: undefined,
      };
    }
    if (!SLUG.test(value)) {
      return {
        problem: `has ${side} tag ${JSON.stringify(value)}, which is not a lowercase slug`,
        suggestion: suggestion(webhook, event),
      };
    }
  }
  return undefined;
}
