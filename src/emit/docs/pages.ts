import type { ManifestEvent } from "../manifest.js";
import { BANNER } from "../templates.js";
import { partName, PARTS } from "../type-names.js";
import { eachField, TRUNCATED } from "./fields.js";
import { escapeHtml, escapeText, highlightJson, pathHref } from "./html.js";
import type { JsonValue } from "../../util/json.js";

/** An event as the site shows it: as the manifest records it, with its payload type's name as index.ts exports it. */
export interface DocsEvent extends ManifestEvent {
  readonly typeName: string;
}

/** Where the pages link to, as posix paths relative to the site's folder. */
export interface SiteLinks {
  /** The project's folder (the manifest's `source` paths are relative to it). */
  readonly root: string;
  /** The generated index.ts, as a project imports it: `./generated/index.js`. */
  readonly importPath: string;
  /** A webhook's page. */
  readonly page: (webhook: string) => string;
  readonly css: string;
  readonly js: string;
  /** The site's title, as text (escaped where it is written). */
  readonly title: string;
}

/**
 * The page head. The notice comes right after the doctype (a comment before it is allowed, but
 * some tools read it as quirks mode). The policy forbids every fetch but the site's own files:
 * a page that escaped nothing would still run no script and load nothing from elsewhere.
 */
function head(title: string, up: string, links: SiteLinks): string {
  return `<!DOCTYPE html>
<!-- ${BANNER.replaceAll("--", "- -")} -->
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${up}${links.css}">
<script src="${up}${links.js}" defer></script>
</head>
`;
}

/** Tags group by webhook; events come sorted by tag, so each webhook's are contiguous. */
export function byWebhook(events: readonly DocsEvent[]): Map<string, DocsEvent[]> {
  const groups = new Map<string, DocsEvent[]>();
  for (const event of events) {
    const group = groups.get(event.webhook);
    if (group === undefined) groups.set(event.webhook, [event]);
    else group.push(event);
  }
  return groups;
}

/**
 * What search looks through for one event, lower-cased: its tag, name, description, payload type
 * name, and each field's path, type, format and description (`fields`, one line each).
 */
function haystack(event: DocsEvent, fields: readonly string[]): string {
  return `${event.tag}\n${event.name}\n${event.description}\n${event.typeName}\n${fields.join("\n")}`.toLowerCase();
}

/**
 * The search index inline, as JSON the page's script reads (a page opened from disk cannot
 * fetch a file beside it). `<` is escaped so that no text in it can close the script element.
 */
function searchData(entries: readonly string[]): string {
  return JSON.stringify(entries).replace(/</g, "\\u003c");
}

/**
 * index.html: every webhook and its events, readable as a plain list; search (by tag, name,
 * description, type name and each field's path, type name, format and description) needs the
 * script, so its box is shown only by it.
 */
export function renderIndex(
  groups: ReadonlyMap<string, readonly DocsEvent[]>,
  haystacks: ReadonlyMap<DocsEvent, string>,
  links: SiteLinks,
): string {
  const count = [...groups.values()].reduce((n, g) => n + g.length, 0);
  const summary = `${count} ${count === 1 ? "event" : "events"} in ${groups.size} ${groups.size === 1 ? "webhook" : "webhooks"}`;
  const entries: string[] = [];
  let html = head(links.title, "", links);
  html += `<body class="index">
<a class="skip" href="#results">Skip to the events</a>
<header class="top">
<h1>${escapeHtml(links.title)}</h1>
<p class="summary">${summary}</p>
<div class="search" role="search" hidden>
<label for="q">Search events</label>
<input id="q" type="search" autocomplete="off" spellcheck="false" placeholder="Tag, name, description or field" aria-describedby="search-help" aria-controls="results">
<p id="search-help" class="help">Press / to search; type to filter; &darr; and &uarr; move through the results, Enter opens one, Esc clears.</p>
<p id="search-count" class="count" aria-live="polite"></p>
</div>
</header>
<main id="results" tabindex="-1">
`;
  const out = [html];
  for (const [webhook, events] of groups) {
    const page = pathHref(links.page(webhook));
    out.push(`<section class="webhook" aria-labelledby="w-${webhook}">
<h2 id="w-${webhook}"><a href="${page}">${escapeHtml(webhook)}</a> <span class="n">${events.length}</span></h2>
<ul class="events">
`);
    for (const event of events) {
      out.push(`<li class="event" data-i="${entries.length}"><a href="${page}#${event.event}"><span class="name">${escapeHtml(event.name)}</span> <code class="tag">${escapeHtml(event.tag)}</code></a>${
        event.description === "" ? "" : `<p class="description">${escapeHtml(event.description)}</p>`
      }</li>
`);
      entries.push(haystacks.get(event) ?? haystack(event, []));
    }
    out.push(`</ul>
</section>
`);
  }
  out.push(`<p class="empty" hidden>No event matches.</p>
</main>
<script type="application/json" id="search-data">${searchData(entries)}</script>
</body>
</html>
`);
  return out.join("");
}

/** A webhook's page: every event of it, each with its facts, field table, sample and examples. */
export function renderWebhookPage(
  webhook: string,
  events: readonly DocsEvent[],
  haystacks: Map<DocsEvent, string>,
  links: SiteLinks,
): string {
  const up = "../".repeat(links.page(webhook).split("/").length - 1);
  let html = head(`${webhook}: ${links.title}`, up, links);
  html += `<body class="webhook-page">
<a class="skip" href="#page--main">Skip to the events</a>
<header class="top">
<p class="crumbs"><a href="${up}index.html">All webhooks</a></p>
<h1><span class="kind">Webhook</span> ${escapeHtml(webhook)}</h1>
<nav aria-label="Events of ${escapeHtml(webhook)}"><ul class="toc">
${events.map((e) => `<li><a href="#${e.event}">${escapeHtml(e.name)}</a></li>`).join("\n")}
</ul></nav>
</header>
<main id="page--main" tabindex="-1">
`;
  // Pieces joined once: `+=` would leave a rope of thousands of pieces to flatten on writing.
  const out = [html];
  for (const event of events) haystacks.set(event, renderEvent(out, event, up, links));
  out.push(`</main>
</body>
</html>
`);
  return out.join("");
}

/**
 * Ids within a page: an event's tag is a slug (no `--`), so `<event>--<what>` never meets another
 * event's, and the page's own ids (`page--main`) are of that form with a `<what>` no event uses.
 */
function renderEvent(out: string[], event: DocsEvent, up: string, links: SiteLinks): string {
  const id = event.event;
  const prefix = event.typeName.replace(/Payload$/, "");
  const parts = PARTS.map((part) => partName(prefix, part));
  const source = `${up}${links.root === "" ? "" : `${links.root}/`}${event.source}`;
  const importLine = `import type { ${event.typeName} } from ${JSON.stringify(links.importPath)};`;
  out.push(`<article class="event" id="${id}" aria-labelledby="${id}--title">
<h2 id="${id}--title"><a class="anchor" href="#${id}">${escapeHtml(event.name)}</a></h2>
${event.description === "" ? "" : `<p class="description">${escapeHtml(event.description)}</p>\n`}<dl class="facts">
<dt>Tag</dt><dd><code>${escapeHtml(event.tag)}</code></dd>
<dt>Source</dt><dd><a href="${pathHref(source)}"><code>${escapeHtml(event.source)}</code></a></dd>
${event.selector === undefined ? "" : `<dt>Selector</dt><dd><code>${escapeHtml(event.selector)}</code></dd>\n`}<dt>Type</dt><dd><code>${escapeHtml(event.typeName)}</code> <span class="parts">(parts: ${parts.map((p) => `<code>${escapeHtml(p)}</code>`).join(", ")})</span></dd>
</dl>
<pre class="import" id="${id}--import" tabindex="0"><code>${escapeHtml(importLine)}</code></pre>
`);
  const fields = fieldTable(out, id, event);
  codeBlock(out, `${id}--sample`, "Sample", event.sample);
  (event.examples ?? []).forEach((example, i) =>
    codeBlock(out, `${id}--example-${i + 1}`, `Example ${i + 1}`, example),
  );
  out.push(`</article>
`);
  return haystack(event, fields);
}

/**
 * The field table. Its rows are most of a page's bytes, so they are written short: end tags of
 * cells left out (HTML infers them; the row's is kept, so that the line break is no cell's text), the path and type shown in monospace by the
 * stylesheet rather than by a `<code>` each, the depth as a class for indenting.
 */
function fieldTable(out: string[], id: string, event: DocsEvent): string[] {
  const at = out.length;
  out.push(`<h3 id="${id}--fields">Fields</h3>
<div class="table" role="region" aria-labelledby="${id}--fields" tabindex="0">
<table class="fields">
<thead><tr><th scope="col">Path</th><th scope="col">Type</th><th scope="col">Required</th><th scope="col">Nullable</th><th scope="col">Format</th><th scope="col">Description</th></tr></thead>
<tbody>
`);
  const fields: string[] = [];
  const count = eachField(event.schema, (path, depth, type, required, nullable, format, description, rules) => {
    if (path === TRUNCATED) {
      out.push(`<tr class=d0><th>${TRUNCATED}<td><td><td><td><td>${escapeText(description)}</tr>\n`);
      return;
    }
    fields.push(searchLine(path, type, format, description));
    // An element of an array (`items[]`) is there whenever the array is: neither required nor not.
    const cells = (path.endsWith("[]") ? ELEMENT_CELLS : CELLS[required ? 1 : 0]!)[nullable ? 1 : 0]!;
    const text = rules === "" ? description : description === "" ? rules : `${description} ${rules}`;
    // One string per row: joining a page costs per piece, more than building the row does.
    out.push(
      `${ROW_STARTS[depth > 9 ? 9 : depth]!}${escapeText(path)}<td>${escapeText(type)}${cells}${format === "" ? "" : escapeText(format)}<td>${text === "" ? "" : escapeText(text)}</tr>\n`,
    );
  });
  if (count === 0) out.splice(at, 1, `<h3>Fields</h3>\n<p class="none">The payload has no fields.</p>\n`);
  else
    out.push(`</tbody>
</table>
</div>
`);
  return fields;
}

/** A row's start by depth (indented by class), and its required and nullable cells. */
const ROW_STARTS = Array.from({ length: 10 }, (_, depth) => `<tr class=d${depth}><th>`);
const CELLS = [
  ["<td>no<td>no<td>", "<td>no<td>yes<td>"],
  ["<td>yes<td>no<td>", "<td>yes<td>yes<td>"],
];
const ELEMENT_CELLS = ["<td><td>no<td>", "<td><td>yes<td>"];
/** Type words that every payload has: searching for them finds nothing in particular. */
const PLAIN_TYPES = new Set(["string", "integer", "number", "boolean", "null", "object", "unknown"]);

/** A field as search sees it: its path, then what else names it (a definition's type, a format, a description). */
function searchLine(path: string, type: string, format: string, description: string): string {
  let line = path;
  if (!PLAIN_TYPES.has(type)) line += ` ${type}`;
  if (format !== "") line += ` ${format}`;
  if (description !== "") line += ` ${description}`;
  return line;
}

/** A highlighted JSON block; its copy button is shown by the script (it cannot work without it). */
function codeBlock(out: string[], id: string, title: string, value: JsonValue): void {
  out.push(`<div class="code">
<h3 id="${id}--title">${title}</h3>
<button type="button" class="copy" data-copy="${id}" aria-describedby="${id}--title" hidden>Copy</button>
<pre id="${id}" class="json" tabindex="0" aria-labelledby="${id}--title"><code>`);
  out.push(highlightJson(value));
  out.push(`</code></pre>
</div>
`);
}
