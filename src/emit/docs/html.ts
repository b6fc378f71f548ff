import type { JsonValue } from "../../util/json.js";

const ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Text as HTML, for element content and quoted attribute values alike: names, descriptions and
 * keys come from event files and imported documents, and a `<script>` in one must show as text.
 */
export function escapeHtml(text: string): string {
  return /[&<>"']/.test(text) ? text.replace(/[&<>"']/g, (c) => ESCAPES[c]!) : text;
}

/** Text as element content (not an attribute): only `&`, `<` and `>` need escaping there, and JSON is full of quotes. */
export function escapeText(text: string): string {
  return /[&<>]/.test(text) ? text.replace(/[&<>]/g, (c) => ESCAPES[c]!) : text;
}

/** A relative path as an `href`: each segment percent-encoded (a `#` or `?` in a file name is no fragment or query). */
export function pathHref(relative: string): string {
  return relative
    .split("/")
    .map((segment) => (segment === ".." || segment === "." ? segment : encodeURIComponent(segment)))
    .join("/");
}

/** A string as JSON, escaped as element content (most strings need no escaping: tested first). */
function jsonString(text: string): string {
  // Most strings need neither JSON escapes nor HTML ones: quoted as they are.
  if (PLAIN_STRING.test(text)) return `"${text}"`;
  const json = JSON.stringify(text);
  return /[&<>]/.test(json) ? escapeText(json) : json;
}

/** Text that JSON.stringify only quotes (no `"`, `\\`, control characters or lone surrogates) and HTML takes as it is. */
const PLAIN_STRING = /^[^"\\\u0000-\u001f\ud800-\udfff&<>]*$/;

/**
 * `value` as `JSON.stringify(value, null, 2)` writes it, marked up for colour at generation time
 * (so that a page reads highlighted without JavaScript): `<b class="k">` keys, `s` strings, `n`
 * numbers, `l` true/false/null, everything escaped. Written while walking the value, in the
 * order and spacing JSON.stringify uses (test/emit/docs.test.ts holds the two to one text).
 */
export function highlightJson(value: JsonValue): string {
  return write(value, "\n");
}

/** One value, marked up, by concatenation: a page takes each block as one piece (joining a page costs per piece), and copies its rope once. */
function write(value: JsonValue, newline: string): string {
  if (value === null) return '<b class="l">null</b>';
  switch (typeof value) {
    case "string":
      return `<b class="s">${jsonString(value)}</b>`;
    case "number":
      return `<b class="n">${JSON.stringify(value)}</b>`;
    case "boolean":
      return value ? '<b class="l">true</b>' : '<b class="l">false</b>';
  }
  const inner = `${newline}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    let text = "[";
    for (let i = 0; i < value.length; i++) text += `${i === 0 ? inner : `,${inner}`}${write(value[i]!, inner)}`;
    return `${text}${newline}]`;
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return "{}";
  let text = "{";
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    text += `${i === 0 ? inner : `,${inner}`}<b class="k">${jsonString(key)}</b>: ${write(value[key]!, inner)}`;
  }
  return `${text}${newline}}`;
}
