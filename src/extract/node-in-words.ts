import type * as S from "../syntax/tree.js";

/** Longest source excerpt quoted in a message; longer code is cut with an ellipsis. */
const MAX_EXCERPT_LENGTH = 40;

/** The nodes a message can name. */
type Describable = S.Expression | S.ObjectMember | S.PropertyName | S.SpreadElement;

/** How each kind of node is named in messages; `other` nodes carry their own noun. */
export const NODE_NOUNS: Readonly<Record<Exclude<Describable["kind"], "other" | "other-member">, string>> = {
  call: "a function call",
  prefix: "a unary expression",
  object: "an object literal",
  array: "an array literal",
  string: "a string",
  number: "a number",
  boolean: "a boolean",
  null: "the value",
  identifier: "the name",
  "property-access": "the property access",
  "element-access": "the element access",
  wrapper: "the expression",
  computed: "the expression",
  keyed: "the expression",
  shorthand: "the expression",
  spread: "the expression",
  "spread-element": "the expression",
};

/**
 * Names a piece of code in words for a message, quoting a short excerpt of it:
 * "a function call `makeHeaders()`", "a binary expression `a + b`".
 */
export function nodeInWords(node: Describable, text: string): string {
  const noun = node.kind === "other" || node.kind === "other-member" ? node.noun : NODE_NOUNS[node.kind];
  const code = quotedExcerpt(node, text);
  return code === "" ? noun : `${noun} ${code}`;
}

/** The node's source text on one line, cut to a readable length and quoted as code. */
export function quotedExcerpt(node: S.Node, fileText: string): string {
  // Only the beginning can be shown, so never copy the whole text of a huge node.
  const start = node.start;
  const end = Math.min(node.end, start + 4 * MAX_EXCERPT_LENGTH);
  const text = fileText.slice(start, end).replace(/\s+/g, " ").trim();
  if (text === "") return "";
  const codePoints = Array.from(text);
  const shown =
    codePoints.length > MAX_EXCERPT_LENGTH || end < node.end
      ? `${codePoints.slice(0, MAX_EXCERPT_LENGTH - 1).join("")}…`
      : text;
  return quoteCode(shown);
}

/** Quotes code as Markdown does, so that code containing a backtick (a template) stays readable. */
function quoteCode(code: string): string {
  return code.includes("`") ? `\`\` ${code} \`\`` : `\`${code}\``;
}
