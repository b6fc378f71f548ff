/**
 * The scanner of our parser (parser.ts): characters to tokens. It holds the current token in
 * fields that the parser, its subclass, reads directly, so that taking a token costs no call
 * and no object; `next()` scans the one after it.
 */

/** Thrown (and caught in `parseModuleText`) on anything the parser does not fully understand. */
export const DECLINE: unique symbol = Symbol("declined");

export function decline(): never {
  throw DECLINE;
}

export type TokenKind = "word" | "string" | "template" | "number" | "punctuation" | "end";

/** Character codes the scanner tests. */
export const enum Char {
  Tab = 9,
  LineFeed = 10,
  VerticalTab = 11,
  FormFeed = 12,
  CarriageReturn = 13,
  Space = 32,
  Exclamation = 33,
  DoubleQuote = 34,
  Dollar = 36,
  Ampersand = 38,
  SingleQuote = 39,
  Asterisk = 42,
  Plus = 43,
  Minus = 45,
  Dot = 46,
  Slash = 47,
  Zero = 48,
  Nine = 57,
  LessThan = 60,
  Equals = 61,
  GreaterThan = 62,
  Question = 63,
  Colon = 58,
  UpperA = 65,
  UpperF = 70,
  UpperZ = 90,
  Backslash = 92,
  Underscore = 95,
  Backtick = 96,
  LowerA = 97,
  LowerB = 98,
  LowerE = 101,
  LowerF = 102,
  LowerO = 111,
  LowerU = 117,
  LowerX = 120,
  LowerZ = 122,
  OpenBrace = 123,
  Bar = 124,
  CloseBrace = 125,
  ByteOrderMark = 0xfeff,
}

/**
 * Sticky patterns (matched at `lastIndex`) for the runs of characters that most of a file is
 * made of: a native match is much faster than a loop over characters, above all before the
 * loop has been optimized, and a build parses each file once.
 */
const WORD_PART = /[A-Za-z0-9_$]*/y;
const PLAIN_DOUBLE_QUOTED = /[^"\\\n\r]*/y;
const PLAIN_SINGLE_QUOTED = /[^'\\\n\r]*/y;

/** Punctuation read as a single character, by character code (others are declined, or scanned specially). */
const SIMPLE_PUNCTUATION: readonly (string | undefined)[] = (() => {
  const table: (string | undefined)[] = [];
  for (const char of "{}()[],;:<>") table[char.charCodeAt(0)] = char;
  return table;
})();

function isWordStart(c: number): boolean {
  return (
    (c >= Char.LowerA && c <= Char.LowerZ) ||
    (c >= Char.UpperA && c <= Char.UpperZ) ||
    c === Char.Underscore ||
    c === Char.Dollar
  );
}

function isWordPart(c: number): boolean {
  return isWordStart(c) || isDigit(c);
}

function isDigit(c: number): boolean {
  return c >= Char.Zero && c <= Char.Nine;
}

function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= Char.LowerA && c <= Char.LowerF) || (c >= Char.UpperA && c <= Char.UpperF);
}

/** The digits of each radix prefix (`0x`, `0b`, `0o`, either case). */
const RADIX_DIGITS: ReadonlyMap<number, (c: number) => boolean> = new Map([
  [Char.LowerX, isHexDigit],
  [Char.LowerB, (c: number) => c === Char.Zero || c === Char.Zero + 1],
  [Char.LowerO, (c: number) => c >= Char.Zero && c <= Char.Zero + 7],
]);

/** The characters of the single-character escapes of strings. */
const ESCAPES: ReadonlyMap<string, string> = new Map([
  ["n", "\n"],
  ["t", "\t"],
  ["r", "\r"],
  ["b", "\b"],
  ["f", "\f"],
  ["v", "\v"],
  ["'", "'"],
  ['"', '"'],
  ["\\", "\\"],
  ["`", "`"],
  ["$", "$"],
  // JSON writes `\/` for "/" (PHP's json_encode always does); in JavaScript it is "/" too.
  ["/", "/"],
]);

type ScannerState = readonly [number, TokenKind, string, number, number, number, boolean, number];

export class Scanner {
  private readonly length: number;
  /** Where the scanner goes on from. */
  protected pos = 0;
  protected kind: TokenKind = "end";
  /** A word's name, a string's value after escapes, or the punctuation itself. */
  protected value = "";
  protected numberValue = 0;
  protected start = 0;
  protected end = 0;
  /** Whether a line break came between the previous token and this one. */
  protected newline = false;
  /** The end of the last token taken, where the parser ends its nodes. */
  protected previousEnd = 0;

  constructor(protected readonly text: string) {
    this.length = text.length;
  }

  /** The scanner's whole state, for a look ahead that is undone (`peekIs` in the parser). */
  protected save(): ScannerState {
    return [this.pos, this.kind, this.value, this.numberValue, this.start, this.end, this.newline, this.previousEnd];
  }

  protected restore(saved: ScannerState): void {
    [this.pos, this.kind, this.value, this.numberValue, this.start, this.end, this.newline, this.previousEnd] = saved;
  }

  /** Scans the next token, skipping whitespace and comments. */
  protected next(): void {
    this.previousEnd = this.end;
    this.newline = false;
    this.skipTrivia();
    const { text, pos } = this;
    this.start = pos;
    if (pos >= this.length) {
      this.kind = "end";
      this.end = pos;
      return;
    }
    const c = text.charCodeAt(pos);
    if (isWordStart(c)) return this.scanWord(pos);
    if (isDigit(c) || (c === Char.Dot && isDigit(text.charCodeAt(pos + 1)))) return this.scanNumber(pos);
    if (c === Char.DoubleQuote || c === Char.SingleQuote) return this.scanString(pos, c);
    if (c === Char.Backtick) return this.scanTemplate(pos);
    this.scanPunctuation(pos, c);
  }

  /** Skips whitespace and comments, noting whether a line break was among them. */
  private skipTrivia(): void {
    const text = this.text;
    let pos = this.pos;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === Char.Space || c === Char.Tab || c === Char.VerticalTab || c === Char.FormFeed) {
        pos += 1;
      } else if (c === Char.LineFeed || c === Char.CarriageReturn) {
        this.newline = true;
        pos += 1;
      } else if (c === Char.Slash && text.charCodeAt(pos + 1) === Char.Slash) {
        pos += 2;
        while (pos < this.length) {
          const d = text.charCodeAt(pos);
          if (d === Char.LineFeed || d === Char.CarriageReturn) break;
          pos += 1;
        }
      } else if (c === Char.Slash && text.charCodeAt(pos + 1) === Char.Asterisk) {
        const close = text.indexOf("*/", pos + 2);
        if (close < 0) decline();
        const comment = text.slice(pos + 2, close);
        if (comment.includes("\n") || comment.includes("\r")) this.newline = true;
        pos = close + 2;
      } else {
        break;
      }
    }
    this.pos = pos;
  }

  private scanWord(start: number): void {
    const text = this.text;
    WORD_PART.lastIndex = start + 1;
    WORD_PART.test(text);
    const pos = WORD_PART.lastIndex;
    // Unicode escapes and non-ASCII letters in names are left to TypeScript.
    const after = text.charCodeAt(pos);
    if (after === Char.Backslash || after >= 0x80) decline();
    this.token("word", pos, text.slice(start, pos));
  }

  /**
   * Numbers as JavaScript writes them: decimal with fraction and exponent, `0x`, `0b`, `0o`, and
   * `_` between digits. Legacy octals, leading zeros and bigints are declined, and so is a number
   * followed directly by a letter, digit or dot. The value is what `Number` gives for the text
   * without separators, which is the value TypeScript's `text` gives too.
   */
  private scanNumber(start: number): void {
    const text = this.text;
    let pos = start;
    const first = text.charCodeAt(pos);
    const radix = first === Char.Zero ? RADIX_DIGITS.get(text.charCodeAt(pos + 1) | 0x20) : undefined;
    if (radix !== undefined) {
      pos = this.digits(pos + 2, radix, true);
    } else {
      if (first === Char.Zero && (isDigit(text.charCodeAt(pos + 1)) || text.charCodeAt(pos + 1) === Char.Underscore)) {
        decline();
      }
      if (first !== Char.Dot) pos = this.digits(pos, isDigit, true);
      if (text.charCodeAt(pos) === Char.Dot) pos = this.digits(pos + 1, isDigit, first === Char.Dot);
      if ((text.charCodeAt(pos) | 0x20) === Char.LowerE) {
        pos += 1;
        const sign = text.charCodeAt(pos);
        if (sign === Char.Plus || sign === Char.Minus) pos += 1;
        pos = this.digits(pos, isDigit, true);
      }
    }
    const after = text.charCodeAt(pos);
    if (isWordPart(after) || after === Char.Dot || after === Char.Backslash || after >= 0x80) decline();
    const literal = text.slice(start, pos);
    this.token("number", pos, literal);
    this.numberValue = Number(literal.includes("_") ? literal.replaceAll("_", "") : literal);
  }

  /** Skips digits with `_` only between two of them; declines when `required` and there are none. */
  private digits(start: number, isDigitOf: (c: number) => boolean, required: boolean): number {
    const text = this.text;
    let pos = start;
    while (isDigitOf(text.charCodeAt(pos))) {
      pos += 1;
      if (text.charCodeAt(pos) === Char.Underscore) {
        if (!isDigitOf(text.charCodeAt(pos + 1))) decline();
        pos += 1;
      }
    }
    if (text.charCodeAt(pos) === Char.Underscore || (required && pos === start)) decline();
    return pos;
  }

  /** A quoted string, unescaped; line breaks, octal escapes and unusual escapes are declined. */
  private scanString(start: number, quote: number): void {
    const text = this.text;
    // Most strings hold no escape and no line break: one native match finds their end.
    const plain = quote === Char.DoubleQuote ? PLAIN_DOUBLE_QUOTED : PLAIN_SINGLE_QUOTED;
    plain.lastIndex = start + 1;
    plain.test(text);
    let pos = plain.lastIndex;
    if (text.charCodeAt(pos) === quote) return this.token("string", pos + 1, text.slice(start + 1, pos));
    let value = "";
    let chunk = start + 1;
    for (;;) {
      if (pos >= this.length) decline();
      const c = text.charCodeAt(pos);
      if (c === quote) break;
      if (c === Char.LineFeed || c === Char.CarriageReturn) decline();
      if (c !== Char.Backslash) {
        pos += 1;
        continue;
      }
      value += text.slice(chunk, pos);
      pos = this.escape(pos + 1, (unescaped) => (value += unescaped));
      chunk = pos;
    }
    value += text.slice(chunk, pos);
    this.token("string", pos + 1, value);
  }

  /** Reads the escape after a backslash at `pos`; returns where the string goes on. */
  private escape(pos: number, add: (text: string) => void): number {
    const text = this.text;
    const c = text.charCodeAt(pos);
    const simple = ESCAPES.get(text[pos] ?? "");
    if (simple !== undefined) {
      add(simple);
      return pos + 1;
    }
    if (c === Char.Zero) {
      // `\0` is the null character, but `\01` is a legacy octal escape.
      if (isDigit(text.charCodeAt(pos + 1))) decline();
      add("\0");
      return pos + 1;
    }
    if (c === Char.LowerX) {
      const hex = text.slice(pos + 1, pos + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) decline();
      add(String.fromCharCode(parseInt(hex, 16)));
      return pos + 3;
    }
    if (c === Char.LowerU && text.charCodeAt(pos + 1) === Char.OpenBrace) {
      const close = text.indexOf("}", pos + 2);
      const hex = close < 0 ? "" : text.slice(pos + 2, close);
      if (!/^[0-9a-fA-F]{1,8}$/.test(hex)) decline();
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) decline();
      add(String.fromCodePoint(code));
      return close + 1;
    }
    if (c === Char.LowerU) {
      const hex = text.slice(pos + 1, pos + 5);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) decline();
      add(String.fromCharCode(parseInt(hex, 16)));
      return pos + 5;
    }
    // A line continuation: the backslash and the line break add nothing.
    if (c === Char.LineFeed) return pos + 1;
    if (c === Char.CarriageReturn) return text.charCodeAt(pos + 1) === Char.LineFeed ? pos + 2 : pos + 1;
    return decline();
  }

  /**
   * A template without substitutions, unescaped as a string is. Carriage returns, which templates
   * turn into line feeds, are declined.
   */
  private scanTemplate(start: number): void {
    const text = this.text;
    let pos = start + 1;
    let value = "";
    let chunk = pos;
    for (;;) {
      if (pos >= this.length) decline();
      const c = text.charCodeAt(pos);
      if (c === Char.Backtick) break;
      if (c === Char.CarriageReturn) decline();
      if (c === Char.Dollar && text.charCodeAt(pos + 1) === Char.OpenBrace) decline();
      if (c !== Char.Backslash) {
        pos += 1;
        continue;
      }
      value += text.slice(chunk, pos);
      pos = this.escape(pos + 1, (unescaped) => (value += unescaped));
      chunk = pos;
    }
    value += text.slice(chunk, pos);
    this.token("template", pos + 1, value);
  }

  /**
   * The punctuation the grammar above uses. Operators that merely begin with one of these
   * (`=>`, `==`, `--`, `!=`, `||`, `**`, ...) are declined here, as is any other character.
   */
  private scanPunctuation(pos: number, c: number): void {
    const text = this.text;
    const d = text.charCodeAt(pos + 1);
    const simple = SIMPLE_PUNCTUATION[c];
    if (simple !== undefined) {
      // `<<` and `<=` are no part of a type argument list.
      if (c === Char.LessThan && (d === Char.LessThan || d === Char.Equals)) decline();
      return this.token("punctuation", pos + 1, simple);
    }
    const char = text[pos]!;
    switch (c) {
      case Char.Dot:
        if (d !== Char.Dot) return this.token("punctuation", pos + 1, ".");
        if (text.charCodeAt(pos + 2) !== Char.Dot) decline();
        return this.token("punctuation", pos + 3, "...");
      case Char.Equals:
      case Char.Exclamation:
        if (d === Char.Equals || d === Char.GreaterThan) decline();
        return this.token("punctuation", pos + 1, char);
      case Char.Question:
        // Only as in `a?: T`; `?.`, `??` and `a ? b : c` are declined.
        if (d !== Char.Colon) decline();
        return this.token("punctuation", pos + 1, "?");
      case Char.Plus:
      case Char.Minus:
      case Char.Asterisk:
      case Char.Bar:
      case Char.Ampersand:
        if (d === c || d === Char.Equals) decline();
        return this.token("punctuation", pos + 1, char);
      default:
        return decline();
    }
  }

  private token(kind: TokenKind, end: number, value: string): void {
    this.kind = kind;
    this.end = end;
    this.pos = end;
    this.value = value;
  }
}
