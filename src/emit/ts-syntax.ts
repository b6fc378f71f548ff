/**
 * A key in an object literal: bare when a plain identifier, else a string. `__proto__` is
 * computed, `["__proto__"]`: written plain or quoted it would set the prototype, not a property.
 */
function objectKey(key: string): string {
  if (key === "__proto__") return `[${stringLiteral(key)}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : stringLiteral(key);
}

/**
 * A string literal. U+2028 and U+2029 are valid in string literals since ES2019, but escaped
 * anyway so that older tools reading the file never take them for line breaks.
 */
const LINE_SEPARATORS = /[\u2028\u2029]/;

export function stringLiteral(text: string): string {
  const json = JSON.stringify(text);
  if (!LINE_SEPARATORS.test(json)) return json;
  return json.replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

/** How a key continues a payload path in docs: `.customer`, `["x-sig"]`. */
export function pathStep(key: string): string {
  return spellingOf(key).pathStep;
}

/** `customer_id` -> `CustomerId`, `shippingAddress` -> `ShippingAddress`; never empty. */
export function pascal(key: string): string {
  return spellingOf(key).pascal;
}

/** A property name as TypeScript source: bare when it is a plain identifier, else quoted. */
export function propertyName(key: string): string {
  return spellingOf(key).propertyName;
}

/** The ways a payload key is written in a webhook's module (`webhooks/<webhook>.ts`). */
interface KeySpelling {
  readonly pascal: string;
  readonly pathStep: string;
  readonly propertyName: string;
  /** As a key of the registry's data, with its colon: `key: ` (see `objectKey`). */
  readonly dataKey: string;
  /** As an interface's field, indented, with its colon: `  key: `, and `  key?: ` when optional. */
  readonly field: string;
  readonly optionalField: string;
}

/**
 * Spellings by key. The same keys (`id`, `created_at`, `customer`) recur in nearly every
 * event, and each is spelled several times per use, so they are worked out once. Bounded, as
 * watch mode runs for hours: when full, it starts over.
 */
const SPELLINGS = new Map<string, KeySpelling>();
const MAX_SPELLINGS = 50_000;

export function spellingOf(key: string): KeySpelling {
  let spelling = SPELLINGS.get(key);
  if (spelling === undefined) {
    const identifier = /^[A-Za-z_$][\w$]*$/.test(key);
    const words = key.split(/[^A-Za-z0-9]+/).filter((w) => w !== "");
    const name = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
    const property = identifier && key !== "__proto__" ? key : JSON.stringify(key);
    spelling = {
      pascal: name === "" ? "Field" : name,
      pathStep: identifier ? `.${key}` : `[${JSON.stringify(key)}]`,
      propertyName: property,
      dataKey: `${objectKey(key)}: `,
      field: `  ${property}: `,
      optionalField: `  ${property}?: `,
    };
    if (SPELLINGS.size >= MAX_SPELLINGS) SPELLINGS.clear();
    SPELLINGS.set(key, spelling);
  }
  return spelling;
}

/** A JSDoc block; text that would end the comment early (`*\/`) is escaped. */
export function comment(lines: readonly string[], indent: string): string {
  // Most comments are one plain line; only text with breaks or `*/` needs the general case.
  if (lines.length === 1 && !NEEDS_CARE.test(lines[0]!)) return `${indent}/** ${lines[0]} */\n`;
  const body = lines.flatMap((line) => line.split(/\r\n|\r|\n|\u2028|\u2029/)).map((line) => safeComment(line));
  if (body.length === 1) return `${indent}/** ${body[0]} */\n`;
  return `${indent}/**\n${body.map((line) => `${indent} *${line === "" ? "" : ` ${line}`}`).join("\n")}\n${indent} */\n`;
}

/** Text that comment() must split into lines or escape. */
const NEEDS_CARE = /[\r\n\u2028\u2029]|\*\//;

export function safeComment(text: string): string {
  return text.replace(/\*\//g, "*\\/");
}
