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
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Text as element content (not an attribute): only `&`, `<` and `>` need escaping there, and JSON is full of quotes. */
export function escapeText(text: string): string {
  return text.replace(/[&<>]/g, (c) => ESCAPES[c]!);
}

/** A relative path as an `href`: each segment percent-encoded (a `#` or `?` in a file name is no fragment or query). */
export function pathHref(relative: string): string {
  return relative
    .split("/")
    .map((segment) => (segment === ".." || segment === "." ? segment : encodeURIComponent(segment)))
    .join("/");
}

/**
 * One token of `JSON.stringify(value, null, 2)`: a string (a key when a colon follows), a
 * number, a literal, or anything else (punctuation and white space). The text of the tokens is
 * the JSON text itself, so the highlighted block copies as exactly that.
 */
const TOKEN = /("(?:[^"\\]|\\.)*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(true|false|null)\b|([^"\-\dtfn]+|.)/gsy;

/**
 * `value` as `JSON.stringify(value, null, 2)` writes it, marked up for colour at generation time
 * (so that a page reads highlighted without JavaScript): `<span class="k">` keys, `s` strings,
 * `n` numbers, `l` true/false/null, everything escaped.
 */
export function highlightJson(value: JsonValue): string {
  const text = JSON.stringify(value, null, 2);
  let out = "";
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(text); match !== null; match = TOKEN.exec(text)) {
    const [, string, colon, number, literal, other] = match;
    if (string !== undefined) {
      out += `<span class="${colon === undefined ? "s" : "k"}">${escapeText(string)}</span>`;
      if (colon !== undefined) out += colon;
    } else if (number !== undefined) out += `<span class="n">${number}</span>`;
    else if (literal !== undefined) out += `<span class="l">${literal}</span>`;
    else out += escapeText(other ?? "");
  }
  return out;
}
