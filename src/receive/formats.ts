import { createRequire } from "node:module";

/**
 * The `format` checks of the generated validators. They must accept exactly what the build's
 * ajv (ajv-formats' full formats) accepts, without importing it at the application's run time:
 * formats that ajv-formats defines as a regular expression are taken from its very object when
 * the module is generated; the others, functions in ajv-formats, are written here, from their
 * RFCs, and test/receive/formats.test.ts holds each to ajv-formats over generated strings.
 */

// A CommonJS module (see infer/formats.ts): read once, when a receive module is rendered.
const library = (): Readonly<Record<string, unknown>> =>
  (createRequire(import.meta.url)("ajv-formats/dist/formats.js") as { fullFormats: Record<string, unknown> })
    .fullFormats;

/** Which kind of value a format applies to (ajv checks a format only on values of its kind). */
export type FormatKind = "string" | "number";

export interface FormatCheck {
  /** The exported function's name in the runtime module. */
  readonly name: string;
  readonly kind: FormatKind;
}

/** Formats written as functions here: their text in the runtime module (helpers after them). */
const WRITTEN: Readonly<Record<string, { readonly kind: FormatKind; readonly body: string }>> = {
  date: { kind: "string", body: "return isDate(s);" },
  time: { kind: "string", body: "return isTime(s, true);" },
  "date-time": { kind: "string", body: "return isDateTime(s, true);" },
  "iso-time": { kind: "string", body: "return isTime(s, false);" },
  "iso-date-time": { kind: "string", body: "return isDateTime(s, false);" },
  uri: { kind: "string", body: "return URI_MARK.test(s) && URI.test(s);" },
  regex: {
    kind: "string",
    // `\Z` is no anchor in JavaScript: a pattern written for another engine is refused.
    body: "if (Z_ANCHOR.test(s)) return false;\n  try {\n    new RegExp(s);\n    return true;\n  } catch {\n    return false;\n  }",
  },
  byte: {
    kind: "string",
    // Base64 in lines: every line a whole number of 4-character groups, the last maybe padded.
    body: "return s.split(LINE_BREAK).some((line) => BASE64_LINE.test(line));",
  },
  int32: { kind: "number", body: "return Number.isInteger(s) && s <= 2147483647 && s >= -2147483648;" },
  int64: { kind: "number", body: "return Number.isInteger(s);" },
  float: { kind: "number", body: 'return typeof s === "number";' },
  double: { kind: "number", body: 'return typeof s === "number";' },
};

/** Calendar and clock rules shared by the date and time formats (RFC 3339, section 5.6). */
// Regular expressions at module level: a literal in a function body is a new object on every call.
const DATE_TIME_HELPERS = `
const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const DATE = /^(\\d{4})-(\\d{2})-(\\d{2})$/;
const TIME = /^(\\d{2}):(\\d{2}):(\\d{2}(?:\\.\\d+)?)(z|([+-])(\\d{2})(?::?(\\d{2}))?)?$/i;
const DATE_TIME_SEPARATOR = /t|\\s/i;
const URI_MARK = /\\/|:/;
const LINE_BREAK = /[\\r\\n\\u2028\\u2029]/;
const BASE64_LINE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const Z_ANCHOR = /[^\\\\]\\\\Z/;

function isDate(s: string): boolean {
  const match = DATE.exec(s);
  if (match === null) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month >= 1 && month <= 12 && day >= 1 && day <= (month === 2 && leap ? 29 : DAYS[month]!);
}

function isTime(s: string, zoned: boolean): boolean {
  const match = TIME.exec(s);
  if (match === null) return false;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  const seconds = Number(match[3]);
  const offsetHours = Number(match[6] ?? 0);
  const offsetMinutes = Number(match[7] ?? 0);
  if (offsetHours > 23 || offsetMinutes > 59 || (zoned && match[4] === undefined)) return false;
  if (hours <= 23 && minutes <= 59 && seconds < 60) return true;
  // A leap second: 23:59:60 in UTC, wherever the offset puts it.
  const direction = match[5] === "-" ? -1 : 1;
  const utcMinutes = minutes - offsetMinutes * direction;
  const utcHours = hours - offsetHours * direction - (utcMinutes < 0 ? 1 : 0);
  return (utcHours === 23 || utcHours === -1) && (utcMinutes === 59 || utcMinutes === -1) && seconds < 61;
}

function isDateTime(s: string, zoned: boolean): boolean {
  const parts = s.split(DATE_TIME_SEPARATOR);
  return parts.length === 2 && isDate(parts[0]!) && isTime(parts[1]!, zoned);
}
`;

/**
 * RFC 3986's absolute URI: ajv-formats' \`uri-reference\` expression with the scheme required,
 * no \`"\` in a path, and the part after the scheme not optional. Derived from the library's
 * object so that both follow one grammar; each edit must apply once, or generation stops.
 */
function uriSource(reference: RegExp): string {
  const edits: [string, string][] = [
    ["^(?:[a-z][a-z0-9+\\-.]*:)?", "^(?:[a-z][a-z0-9+\\-.]*:)"],
    ["%[0-9a-f]{2})*)*)?(?:\\?", "%[0-9a-f]{2})*)*)(?:\\?"],
  ];
  let source = reference.source;
  for (const [from, to] of edits) {
    if (source.split(from).length !== 2) throw new Error(`ajv-formats' uri-reference changed: ${from} not found once`);
    source = source.replace(from, to);
  }
  return source.replaceAll("&'\"()", "&'()");
}

/** A format's function name: `format_date_time`. */
function functionName(format: string): string {
  return `format_${format.replace(/[^A-Za-z0-9]/g, "_")}`;
}

let known: Map<string, FormatCheck> | undefined;
let text: string | undefined;

/** The formats the validators check, by name: the rest are ignored, as ajv ignores unknown formats. */
export function formatChecks(): ReadonlyMap<string, FormatCheck> {
  known ??= new Map(
    Object.keys(library())
      .sort()
      .map((format) => {
        const kind = WRITTEN[format]?.kind ?? (isNumberFormat(library()[format]) ? "number" : "string");
        return [format, { name: functionName(format), kind }];
      }),
  );
  return known;
}

function isNumberFormat(definition: unknown): boolean {
  return typeof definition === "object" && definition !== null && (definition as { type?: unknown }).type === "number";
}

/** The format functions of the runtime module, each exported on its own (a bundler keeps the used ones). */
export function renderFormats(): string {
  if (text !== undefined) return text;
  const formats = library();
  const out: string[] = ["", "// ---- formats, as the build's ajv (ajv-formats) checks them ----"];
  const reference = formats["uri-reference"];
  if (!(reference instanceof RegExp)) throw new Error("ajv-formats has no uri-reference expression");
  out.push(
    "",
    `const URI = /* @__PURE__ */ new RegExp(${JSON.stringify(uriSource(reference))}, ${JSON.stringify(reference.flags)});`,
  );
  out.push(DATE_TIME_HELPERS.trimEnd());
  for (const [format, check] of formatChecks()) {
    const definition = formats[format];
    const written = WRITTEN[format];
    const param = check.kind === "number" ? "s: number" : "s: string";
    let body: string;
    if (written !== undefined) body = written.body;
    else if (definition === true) body = "return s === s;";
    else {
      const expression = definition instanceof RegExp ? definition : (definition as { validate?: unknown }).validate;
      if (!(expression instanceof RegExp))
        throw new Error(`ajv-formats' ${format} is neither an expression nor written here`);
      const constant = `${functionName(format).toUpperCase()}_PATTERN`;
      out.push(
        "",
        `const ${constant} = /* @__PURE__ */ new RegExp(${JSON.stringify(expression.source)}, ${JSON.stringify(expression.flags)});`,
      );
      body = `return ${constant}.test(s);`;
    }
    out.push(
      "",
      `/** \`format: ${JSON.stringify(format)}\`. */`,
      `export function ${check.name}(${param}): boolean {`,
      `  ${body}`,
      "}",
    );
  }
  text = `${out.join("\n")}\n`;
  return text;
}
