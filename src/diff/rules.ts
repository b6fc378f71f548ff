/**
 * The kinds of change `diff` reports, and what each means for the two audiences of an event:
 * receivers (applications that handle the payloads, written against the base) and senders
 * (code that produces payloads to the base's contract: mocks, fixtures, a relay). docs/diff.md
 * shows this table; test/diff/rules.test.ts holds the page to it.
 */

/** Whether a change can make code written against the base fail. */
export type Impact = "breaking" | "safe";

/** Whose code a classification is for (`--for`). */
export type Audience = "receivers" | "senders" | "both";

export const AUDIENCES: readonly Audience[] = ["receivers", "senders", "both"];

export interface Rule {
  readonly receivers: Impact;
  readonly senders: Impact;
  /** Why, in a line: shown in docs/diff.md. */
  readonly why: string;
}

/**
 * Receivers are taken to be tolerant readers (a field they do not know is ignored), which is
 * what makes an added field safe; `additionalProperties: false` in an inferred schema describes
 * the sample, not a promise that nothing will ever be added.
 */
export const RULES = {
  "field-removed": {
    receivers: "breaking",
    senders: "safe",
    why: "a receiver that reads the field gets nothing; a sender that still sends it is ignored",
  },
  "field-added-optional": {
    receivers: "safe",
    senders: "safe",
    why: "receivers ignore fields they do not know; senders may leave it out",
  },
  "field-added-required": {
    receivers: "safe",
    senders: "breaking",
    why: "receivers ignore it; payloads made to the base lack it",
  },
  "made-required": {
    receivers: "safe",
    senders: "breaking",
    why: "receivers now always get it; payloads made to the base may lack it",
  },
  "made-optional": {
    receivers: "breaking",
    senders: "safe",
    why: "a receiver that reads it may now find it missing",
  },
  "type-narrowed": {
    receivers: "safe",
    senders: "breaking",
    why: "every value receivers get was already allowed (`string | null` -> `string`); senders may send a value no longer allowed",
  },
  "type-widened": {
    receivers: "breaking",
    senders: "safe",
    why: "receivers may get a value they never handled (`string` -> `string | null`); everything senders send stays allowed",
  },
  "type-changed": {
    receivers: "breaking",
    senders: "breaking",
    why: "neither side's values fit the other's (`string` -> `number`)",
  },
  "item-type-changed": {
    receivers: "breaking",
    senders: "breaking",
    why: "an array's elements changed type (neither narrower nor wider)",
  },
  "enum-value-added": {
    receivers: "breaking",
    senders: "safe",
    why: "a receiver's exhaustive switch meets a value it has no case for",
  },
  "enum-value-removed": {
    receivers: "safe",
    senders: "breaking",
    why: "receivers never get it again; a sender that sends it sends a value no longer allowed",
  },
  "const-changed": {
    receivers: "breaking",
    senders: "breaking",
    why: "the one value changed: code that compares with it fails on both sides",
  },
  "constraint-changed": {
    receivers: "breaking",
    senders: "breaking",
    why: "a declared constraint (length, range, pattern...) changed; its direction is not worked out, so it counts for both",
  },
  "schema-changed": {
    receivers: "breaking",
    senders: "breaking",
    why: "a change the classifier cannot take apart (several variants of one type, allOf): counted as breaking for both",
  },
  "description-changed": {
    receivers: "safe",
    senders: "safe",
    why: "documentation only (an event's or a field's description)",
  },
  "name-changed": { receivers: "safe", senders: "safe", why: "documentation only" },
  "example-added": {
    receivers: "safe",
    senders: "safe",
    why: "a further example; what it changes in the schema is reported on its own",
  },
  "example-removed": { receivers: "safe", senders: "safe", why: "as example-added" },
  "example-changed": {
    receivers: "safe",
    senders: "safe",
    why: "as example-added: an example edited in place (the one at its index differs)",
  },
  "tag-added": { receivers: "safe", senders: "safe", why: "nobody subscribes to it yet" },
  "tag-removed": {
    receivers: "breaking",
    senders: "breaking",
    why: "a receiver's handler never fires again; a sender's event is no longer declared",
  },
  "tag-renamed": {
    receivers: "breaking",
    senders: "breaking",
    why: "a removed and an added tag with the same payload: subscriptions and dispatch use the tag",
  },
  "selector-changed": {
    receivers: "breaking",
    senders: "breaking",
    why: "receivers dispatch on the selector's field and value; senders must send the new one",
  },
} as const satisfies Record<string, Rule>;

export type ChangeKind = keyof typeof RULES;

/** A change's impact for an audience; for `both`, breaking when it breaks either. */
export function impactFor(kind: ChangeKind, audience: Audience): Impact {
  const rule: Rule = RULES[kind];
  if (audience === "both") return rule.receivers === "breaking" || rule.senders === "breaking" ? "breaking" : "safe";
  return rule[audience];
}
