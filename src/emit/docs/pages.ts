import type { ManifestEvent } from "../manifest.js";
import { BANNER } from "../templates.js";
import { flatString } from "../flat.js";
import { partName, PARTS, typeStem } from "../type-names.js";
import { eachField, FieldPaths, TRUNCATED, type FieldRow, type FieldSink } from "./fields.js";
import { escapeHtml, escapeText, JsonHighlighter, pathHref } from "./html.js";
import type { JsonObject } from "../../util/json.js";

/**
 * An event as the site shows it: as the manifest records it, nothing left out (no examples is
 * an empty list, no selector `undefined`), with its payload type's name as index.ts exports it.
 */
export interface DocsEvent extends Omit<ManifestEvent, "examples" | "selector"> {
  readonly selector: string | undefined;
  readonly examples: readonly JsonObject[];
  readonly typeName: string;
}

/**
 * The site's record of an event. Every one has the same keys in the same order: the pages read
 * them in code that V8 optimises for the shapes it has met, and a shape met later (the first
 * event with examples) throws that work away.
 */
export function docsEvent(record: ManifestEvent, typeName: string): DocsEvent {
  return {
    tag: record.tag,
    webhook: record.webhook,
    event: record.event,
    name: record.name,
    description: record.description,
    source: record.source,
    selector: record.selector,
    typeName,
    sample: record.sample,
    examples: record.examples ?? [],
    schema: record.schema,
  };
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
 * One site as it is rendered (one putDocs call): what search gathers from the pages for the
 * index, and markup made once and met again. A site's payloads share most of their keys and
 * types, and every piece a page is built from is work twice over (added, then flattened when the
 * page is joined).
 */
export class SiteRendering implements FieldSink {
  /** Each field line search looks through (see searchLine), lower-cased, once per site: payloads share most fields. */
  readonly fieldLines: string[] = [];
  /** Per event, its field lines (indexes into fieldLines), gathered as its page is written. */
  readonly eventFields = new Map<DocsEvent, number[]>();
  private readonly fieldLineIndex = new Map<string, number>();
  readonly json = new JsonHighlighter();
  /** Each field path, made once for the site. */
  readonly paths = new FieldPaths();
  /** Per field path, the last row written for it: most fields are met again, alike, in other events. */
  private readonly rows = new Map<string, FieldRowText>();
  /** The field table being written (see writeFields): its rows' markup, and their search lines. */
  private table: string[] = [];
  private tableLines: number[] = [];

  constructor(readonly links: SiteLinks) {}

  /** The index of a field's search line in fieldLines, lower-cased as search compares it, added if it is new. */
  indexOfFieldLine(line: string): number {
    const lower = line.toLowerCase();
    let at = this.fieldLineIndex.get(lower);
    if (at === undefined) {
      at = this.fieldLines.length;
      this.fieldLineIndex.set(lower, at);
      this.fieldLines.push(lower);
    }
    return at;
  }

  /**
   * Adds the rows of a payload's field table to `out`; returns its fields' search lines (indexes
   * into fieldLines), one per row but the one that says the table stops short: none when the
   * payload has no fields. The site takes the rows from the walk itself (see field), rather than
   * a function made for each table: one function fewer that V8 compiles, and compiles again
   * into the walk.
   */
  writeFields(out: string[], schema: JsonObject): number[] {
    const lines: number[] = [];
    this.table = out;
    this.tableLines = lines;
    eachField(schema, this, this.paths);
    return lines;
  }

  /**
   * One row of the table being written: the last one made for its path when the field is as it
   * was then (a look, and a few comparisons of strings most fields share), else a new one.
   */
  field(
    path: string,
    depth: number,
    type: string,
    required: boolean,
    nullable: boolean,
    format: string,
    description: string,
    rules: string,
  ): void {
    if (path === TRUNCATED) {
      this.table.push(`<tr class=d0><th>${TRUNCATED}<td><td><td><td><td>${escapeText(description)}</tr>\n`);
      return;
    }
    let row = this.rows.get(path);
    if (
      row === undefined ||
      row.depth !== depth ||
      row.type !== type ||
      row.required !== required ||
      row.nullable !== nullable ||
      row.format !== format ||
      row.description !== description ||
      row.rules !== rules
    )
      row = this.newRow({ path, depth, type, required, nullable, format, description, rules });
    this.tableLines.push(row.line);
    this.table.push(row.html);
  }

  /** A field's row and search line, made and kept for its path. */
  private newRow(field: FieldRow): FieldRowText {
    const { path, depth, type, required, nullable, format, description, rules } = field;
    const html = flatString(rowHtml(field));
    const line = this.indexOfFieldLine(searchLine(field));
    // Written out, not spread: V8 builds `{ ...field, html, line }` through its runtime, about
    // ten times slower (docs/benchmark.md, what docs costs).
    const row: FieldRowText = { path, depth, type, required, nullable, format, description, rules, html, line };
    this.rows.set(path, row);
    return row;
  }
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

/** What search looks through for one event besides its fields, lower-cased: its tag, name, description and payload type name. */
function searchHead(event: DocsEvent): string {
  return `${event.tag}\n${event.name}\n${event.description}\n${event.typeName}`.toLowerCase();
}

/**
 * The search index inline, as JSON the page's script reads (a page opened from disk cannot
 * fetch a file beside it): the site's field lines once, then each event's head and the indexes
 * of its field lines, in the order of the list. `<` is escaped so that no text in it can close
 * the script element.
 */
function searchData(fieldLines: readonly string[], events: readonly (readonly [string, readonly number[]])[]): string {
  return JSON.stringify({ fields: fieldLines, events }).replace(/</g, "\\u003c");
}

/**
 * index.html: every webhook and its events, readable as a plain list; search (by tag, name,
 * description, type name and each field's path, type name, format and description) needs the
 * script, so its box is shown only by it.
 */
export function renderIndex(groups: ReadonlyMap<string, readonly DocsEvent[]>, site: SiteRendering): string {
  const { eventFields, links } = site;
  const count = [...groups.values()].reduce((n, g) => n + g.length, 0);
  const summary = `${count} ${count === 1 ? "event" : "events"} in ${groups.size} ${groups.size === 1 ? "webhook" : "webhooks"}`;
  const entries: [string, readonly number[]][] = [];
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
      entries.push([searchHead(event), eventFields.get(event) ?? []]);
    }
    out.push(`</ul>
</section>
`);
  }
  out.push(`<p class="empty" hidden>No event matches.</p>
</main>
<script type="application/json" id="search-data">${searchData(site.fieldLines, entries)}</script>
</body>
</html>
`);
  return out.join("");
}

/** A webhook's page: every event of it, each with its facts, field table, sample and examples. */
export function renderWebhookPage(webhook: string, events: readonly DocsEvent[], site: SiteRendering): string {
  const { links } = site;
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
  const context = headContext(up, links);
  for (const event of events) site.eventFields.set(event, renderEvent(out, event, context, site));
  out.push(`</main>
</body>
</html>
`);
  return out.join("");
}

/**
 * Ids within a page: an event's tag is a slug (no `--`), so `<event>--<what>` never meets another
 * event's, and the page's own ids (`page--main`) are of that form with a `<what>` no event uses.
 * Returns the event's field lines for search (indexes into the site's fieldLines).
 */
function renderEvent(out: string[], event: DocsEvent, context: HeadContext, site: SiteRendering): number[] {
  const id = event.event;
  out.push(eventHead(event, context));
  const fields = fieldTable(out, id, event, site);
  codeBlock(out, `${id}--sample`, "Sample", site.json.highlight(event.sample));
  const { examples } = event;
  for (let i = 0; i < examples.length; i++)
    codeBlock(out, `${id}--example-${i + 1}`, `Example ${i + 1}`, site.json.highlight(examples[i]!));
  out.push("</article>\n");
  return fields;
}

/** What the headings of a page's events share, worked out once for the page. */
interface HeadContext {
  /** The project's folder from the page, as an `href` ending in `/` (or empty). */
  readonly sourceHref: string;
  /** Each import line after the type name, escaped: ` } from "./generated/index.js";` as HTML. */
  readonly importFrom: string;
}

function headContext(up: string, links: SiteLinks): HeadContext {
  return {
    sourceHref: pathHref(`${up}${links.root === "" ? "" : `${links.root}/`}`),
    importFrom: escapeHtml(` } from ${JSON.stringify(links.importPath)};`),
  };
}

/** The payload part types' names after the event's stem: `Headers`, `Query`, `Body`, `Params` (see partName). */
const PART_SUFFIXES = PARTS.map((part) => partName("", part));

/**
 * An event's heading and description, then its facts and import line (eventFacts). Two small
 * functions rather than one large: each runs once per event, and V8 compiles a function whose
 * runs add up to enough bytecode, which a large one per event reaches near the end of a site of
 * a thousand events, too late to pay back.
 */
function eventHead(event: DocsEvent, context: HeadContext): string {
  const id = event.event;
  return `<article class="event" id="${id}" aria-labelledby="${id}--title">
<h2 id="${id}--title"><a class="anchor" href="#${id}">${escapeHtml(event.name)}</a></h2>
${event.description === "" ? "" : `<p class="description">${escapeHtml(event.description)}</p>\n`}${eventFacts(event, context)}`;
}

/** An event's facts (tag, source, selector, type names) and its import line. */
function eventFacts(event: DocsEvent, context: HeadContext): string {
  // The tag is slugs and the type names identifiers (both checked before anything is written):
  // nothing in them to escape.
  const { event: id, tag, typeName } = event;
  const stem = typeStem(typeName);
  // `<code>XHeaders</code>, <code>XQuery</code>, ...`, in one call.
  const parts = `<code>${stem}${PART_SUFFIXES.join(`</code>, <code>${stem}`)}</code>`;
  return `<dl class="facts">
<dt>Tag</dt><dd><code>${tag}</code></dd>
<dt>Source</dt><dd><a href="${context.sourceHref}${pathHref(event.source)}"><code>${escapeHtml(event.source)}</code></a></dd>
${event.selector === undefined ? "" : `<dt>Selector</dt><dd><code>${escapeHtml(event.selector)}</code></dd>\n`}<dt>Type</dt><dd><code>${typeName}</code> <span class="parts">(parts: ${parts})</span></dd>
</dl>
<pre class="import" id="${id}--import" tabindex="0"><code>import type { ${typeName}${context.importFrom}</code></pre>
`;
}

/**
 * The field table. Its rows are most of a page's bytes, so they are written short: end tags of
 * cells left out (HTML infers them; the row's is kept, so that the line break is no cell's text), the path and type shown in monospace by the
 * stylesheet rather than by a `<code>` each, the depth as a class for indenting.
 */
function fieldTable(out: string[], id: string, event: DocsEvent, site: SiteRendering): number[] {
  const at = out.length;
  out.push(`<h3 id="${id}--fields">Fields</h3>
<div class="table" role="region" aria-labelledby="${id}--fields" tabindex="0">
<table class="fields">
<thead><tr><th scope="col">Path</th><th scope="col">Type</th><th scope="col">Required</th><th scope="col">Nullable</th><th scope="col">Format</th><th scope="col">Description</th></tr></thead>
<tbody>
`);
  const fields = site.writeFields(out, event.schema);
  if (fields.length === 0) out.splice(at, 1, `<h3>Fields</h3>\n<p class="none">The payload has no fields.</p>\n`);
  else
    out.push(`</tbody>
</table>
</div>
`);
  return fields;
}

/** A field, with its row's markup and its search line (an index into the site's fieldLines). */
interface FieldRowText extends FieldRow {
  /** The row's markup, one flat string: joining a page costs per piece, and a flat piece is copied as it is. */
  readonly html: string;
  readonly line: number;
}

/** A field's row of the table. */
function rowHtml({ path, depth, type, required, nullable, format, description, rules }: FieldRow): string {
  // An element of an array (`items[]`) is there whenever the array is: neither required nor not.
  const kind = (path.endsWith("[]") ? ELEMENT : required ? REQUIRED : 0) + (nullable ? NULLABLE : 0);
  const text = rules === "" ? description : description === "" ? rules : `${description} ${rules}`;
  const tail = format === "" && text === "" ? EMPTY_TAIL : `${escapeText(format)}<td>${escapeText(text)}</tr>\n`;
  return `${ROW_STARTS[depth > 9 ? 9 : depth]!}${escapeText(path)}<td>${escapeText(type)}${CELLS[kind]!}${tail}`;
}

/** A row's start by depth (indented by class). */
const ROW_STARTS = Array.from({ length: 10 }, (_, depth) => `<tr class=d${depth}><th>`);
/** A row's kind, the index of its cells in CELLS: REQUIRED, not, or ELEMENT, plus NULLABLE. */
const REQUIRED = 2;
const ELEMENT = 4;
const NULLABLE = 1;
/** The required and nullable cells of a row, by its kind. */
const CELLS = [
  "<td>no<td>no<td>",
  "<td>no<td>yes<td>",
  "<td>yes<td>no<td>",
  "<td>yes<td>yes<td>",
  "<td><td>no<td>",
  "<td><td>yes<td>",
];
/** The end of a row with no format, description or rules. */
const EMPTY_TAIL = "<td></tr>\n";
/** Type words that every payload has: searching for them finds nothing in particular. */
const PLAIN_TYPES = new Set(["string", "integer", "number", "boolean", "null", "object", "unknown"]);

/** A field as search sees it: its path, then what else names it (a definition's type, a format, a description). */
function searchLine({ path, type, format, description }: FieldRow): string {
  let line = path;
  if (!PLAIN_TYPES.has(type)) line += ` ${type}`;
  if (format !== "") line += ` ${format}`;
  if (description !== "") line += ` ${description}`;
  return line;
}

/** A highlighted JSON block; its copy button is shown by the script (it cannot work without it). */
function codeBlock(out: string[], id: string, title: string, highlighted: string): void {
  out.push(`<div class="code">
<h3 id="${id}--title">${title}</h3>
<button type="button" class="copy" data-copy="${id}" aria-describedby="${id}--title" hidden>Copy</button>
<pre id="${id}" class="json" tabindex="0" aria-labelledby="${id}--title"><code>`);
  out.push(highlighted);
  out.push(`</code></pre>
</div>
`);
}
