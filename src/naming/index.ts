/**
 * Names shared by validation (which must reject colliding names) and emission (which writes
 * them). Kept in one place so the two can never disagree.
 */

/** The slug rule for each side of a tag. */
export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Splits a valid tag into its webhook and event parts. */
export function splitTag(tag: string): { webhook: string; event: string } {
  const colon = tag.indexOf(":");
  return { webhook: tag.slice(0, colon), event: tag.slice(colon + 1) };
}

/**
 * The payload interface name for a tag: `new-webhook:new-event` -> `NewWebhookNewEventPayload`.
 * A letter after digits starts a new word (`v2-order:3ds-check` -> `V2Order3DsCheckPayload`),
 * and a name that would start with a digit gets the prefix `Event`.
 */
export function typeNameForTag(tag: string): string {
  const words = tag.split(/[^A-Za-z0-9]+/).filter((word) => word !== "");
  const name = words
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join("")
    .replace(/(\d+)([a-z])/g, (_, digits: string, letter: string) => digits + letter.toUpperCase());
  return (/^\d/.test(name) ? "Event" : "") + name + "Payload";
}

/** Turns free text into a slug, for suggesting a valid tag. */
export function slugify(text: string): string {
  return (
    text
      .normalize("NFKD")
      // Accents apart, then dropped: "Ünïcode" is "unicode", not "n-code".
      .replace(/\p{M}+/gu, "")
      .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
  );
}
