import type { JsonValue } from "../../util/json.js";
import { flatString } from "../flat.js";

const ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

// The escapes' expressions and replacer, made once: a regular expression literal or an arrow
// function is a new object each time it is evaluated, and these run for every text of a site.
const MARKUP = /[&<>"']/;
const MARKUP_ALL = /[&<>"']/g;
const TAGS = /[&<>]/;
const TAGS_ALL = /[&<>]/g;

function escapeCharacter(c: string): string {
  return ESCAPES[c]!;
}

/**
 * Text as HTML, for element content and quoted attribute values alike: names, descriptions and
 * keys come from event files and imported documents, and a `<script>` in one must show as text.
 */
export function escapeHtml(text: string): string {
  return MARKUP.test(text) ? text.replace(MARKUP_ALL, escapeCharacter) : text;
}

/** Text as element content (not an attribute): only `&`, `<` and `>` need escaping there, and JSON is full of quotes. */
export function escapeText(text: string): string {
  return TAGS.test(text) ? text.replace(TAGS_ALL, escapeCharacter) : text;
}

/** A relative path as an `href`: each segment percent-encoded (a `#` or `?` in a file name is no fragment or query). */
export function pathHref(relative: string): string {
  // encodeURIComponent leaves `.` as it is and writes `/` as `%2F`, which a path cannot hold otherwise (its `%` would be `%25`).
  return encodeURIComponent(relative).replaceAll("%2F", "/");
}

/** A string as JSON, escaped as element content (most strings need no escaping: tested first). */
function jsonString(text: string): string {
  // Most strings need neither JSON escapes nor HTML ones: quoted as they are.
  if (PLAIN_STRING.test(text)) return `"${text}"`;
  const json = JSON.stringify(text);
  return escapeText(json);
}

/** Text that JSON.stringify only quotes (no `"`, `\\`, control characters or lone surrogates) and HTML takes as it is. */
const PLAIN_STRING = /^[^"\\\u0000-\u001f\ud800-\udfff&<>]*$/;

/**
 * Marks up JSON values as `JSON.stringify(value, null, 2)` writes them, coloured at generation
 * time (so that a page reads highlighted without JavaScript): `<b class="k">` keys, `s` strings,
 * `n` numbers, `l` true/false/null, everything escaped. Written while walking the value, in the
 * order and spacing JSON.stringify uses (test/emit/docs.test.ts holds the two to one text). One
 * highlighter serves a whole site: it keeps each key's markup, since payloads share most keys
 * and every piece added to a string is work twice over (joined now, copied out later).
 */
export class JsonHighlighter {
  /**
   * Per key, its line up to its value at each depth (slot `2 * depth`, then with a comma first):
   * the line break, the indent and the key. Kept for one site (one highlighter).
   */
  private readonly keyLines = new Map<string, string[]>();
  /** A line break and the indent of each depth, made once. */
  private readonly lineBreaks: string[] = ["\n"];

  highlight(value: JsonValue): string {
    return this.write(value, 0);
  }

  /** The line of `key` at `depth` up to its value: `,\n    <b class="k">"id"</b>: ` (the comma unless it is the first). */
  private keyLine(key: string, depth: number, first: boolean): string {
    let lines = this.keyLines.get(key);
    if (lines === undefined) {
      lines = [];
      this.keyLines.set(key, lines);
    }
    const at = 2 * depth + (first ? 0 : 1);
    let line = lines[at];
    if (line === undefined) {
      line = flatString(`${first ? "" : ","}${this.lineBreak(depth)}<b class="k">${jsonString(key)}</b>: `);
      lines[at] = line;
    }
    return line;
  }

  /** One value at `depth`, by concatenation: a page takes each block as one piece (joining costs per piece). */
  private write(value: JsonValue, depth: number): string {
    if (value === null) return '<b class="l">null</b>';
    switch (typeof value) {
      case "string":
        // jsonString's test, here: most strings need no escaping, and are one piece fewer so.
        return PLAIN_STRING.test(value) ? `<b class="s">"${value}"</b>` : `<b class="s">${jsonString(value)}</b>`;
      case "number":
        return `<b class="n">${JSON.stringify(value)}</b>`;
      case "boolean":
        return value ? '<b class="l">true</b>' : '<b class="l">false</b>';
    }
    const inner = depth + 1;
    if (Array.isArray(value)) {
      if (value.length === 0) return "[]";
      const first = this.lineBreak(inner);
      const next = `,${first}`;
      let text = `[${first}${this.write(value[0]!, inner)}`;
      for (let i = 1; i < value.length; i++) text += next + this.write(value[i]!, inner);
      return `${text}${this.lineBreak(depth)}]`;
    }
    const keys = Object.keys(value);
    if (keys.length === 0) return "{}";
    let text = "{";
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      text += this.keyLine(key, inner, i === 0) + this.write(value[key]!, inner);
    }
    return `${text}${this.lineBreak(depth)}}`;
  }

  private lineBreak(depth: number): string {
    const known = this.lineBreaks;
    for (let d = known.length; d <= depth; d++) known.push(flatString(`${known[d - 1]!}  `));
    return known[depth]!;
  }
}
