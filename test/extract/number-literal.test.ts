import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { numberLiteralDrift } from "../../src/extract/number-literal.js";

// A literal survives when its exact decimal value is that of the text JavaScript prints for its
// double (String(value), which JSON.stringify writes too); an integer literal must also be safe.

/** The exact value of a decimal text as a fraction's numerator and a power of ten: `1.5e2` is [15n, 1]. */
function exactDecimal(text: string): readonly [bigint, number] {
  const [mantissa = "", exponent = "0"] = text.toLowerCase().split("e");
  const [whole = "", fraction = ""] = mantissa.split(".");
  return [BigInt(`${whole}${fraction}` || "0"), Number(exponent) - fraction.length];
}

/** Whether two decimal texts have the same exact value, by scaling both to one power of ten (an oracle independent of the implementation's normal form). */
function sameValue(a: string, b: string): boolean {
  const [m, e] = exactDecimal(a);
  const [n, f] = exactDecimal(b);
  const low = Math.min(e, f);
  return m * 10n ** BigInt(e - low) === n * 10n ** BigInt(f - low);
}

const digits = (min: number, max: number): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(..."0123456789"), { minLength: min, maxLength: max }).map((d) => d.join(""));

/** Decimal literals as the scanners read them: no leading zero, optional fraction and exponent. */
const decimalLiteral = fc
  .tuple(
    fc.oneof(
      fc.constant("0"),
      fc.tuple(fc.constantFrom(..."123456789"), digits(0, 30)).map(([a, b]) => a + b),
    ),
    fc.option(digits(1, 30), { nil: undefined }),
    fc.option(fc.tuple(fc.constantFrom("e", "E", "e+", "e-"), fc.integer({ min: 0, max: 400 })), { nil: undefined }),
  )
  .map(([whole, fraction, exponent]) => {
    let text = whole;
    if (fraction !== undefined) text += `.${fraction}`;
    if (exponent !== undefined) text += `${exponent[0]}${exponent[1]}`;
    return text;
  });

describe("numberLiteralDrift", () => {
  it("lets spellings of a number through: fractions, exponents, radixes, separators, zeros", () => {
    const fine = ["0", "1.0", "1.", ".5", "0.1", "1e3", "1E-3", "0x10", "0XfF", "0b101", "0o17", "1_000", "0.0"];
    const long = ["1.7976931348623157e308", "5e-324", "0.30000000000000004", "123456789012345.6", "1e21", "1e+21"];
    const safe = ["9007199254740991", "0x1fffffffffffff", "9_007_199_254_740_991", "1_000_000_000_000_000"];
    for (const text of [...fine, ...long, ...safe]) expect(numberLiteralDrift(text), text).toBeUndefined();
  });

  it("names what an integer beyond 2^53 - 1 would become, and its digits", () => {
    expect(numberLiteralDrift("820982911946154508")).toEqual({
      written: "820982911946154500",
      integer: "820982911946154508",
    });
    expect(numberLiteralDrift("123456789012345678901234567890")).toEqual({
      written: "1.2345678901234568e+29",
      integer: "123456789012345678901234567890",
    });
    expect(numberLiteralDrift("9007199254740993")).toEqual({
      written: "9007199254740992",
      integer: "9007199254740993",
    });
    expect(numberLiteralDrift("0x1fffffffffffff1")).toEqual({
      written: "144115188075855860",
      integer: "144115188075855857",
    });
    expect(numberLiteralDrift("820_982_911_946_154_508")?.integer).toBe("820982911946154508");
  });

  it("refuses an integer literal beyond 2^53 - 1 even when its double holds it", () => {
    for (const [text, integer] of [
      ["9007199254740992", "9007199254740992"],
      ["100000000000000000000", "100000000000000000000"],
      ["0x20000000000000", "9007199254740992"],
    ]) {
      expect(numberLiteralDrift(text!), text).toEqual({ written: undefined, integer });
    }
  });

  it("names what a fraction with too many digits, or out of range, would become", () => {
    expect(numberLiteralDrift("0.1000000000000000055511151231257827")).toEqual({ written: "0.1", integer: undefined });
    expect(numberLiteralDrift("1.00000000000000011")).toEqual({ written: "1", integer: undefined });
    expect(numberLiteralDrift("1e-400")).toEqual({ written: "0", integer: undefined });
    expect(numberLiteralDrift("1.23456789e-320")).toEqual({ written: "1.2347e-320", integer: undefined });
    // Infinity is DT2012's: it cannot be written at all.
    expect(numberLiteralDrift("1e400")).toBeUndefined();
  });

  it("reads a literal in place, within a larger text", () => {
    const source = "const a = { id: 820982911946154508, n: 1 };";
    const start = source.indexOf("820");
    expect(numberLiteralDrift(source, start, start + 18)?.written).toBe("820982911946154500");
    expect(numberLiteralDrift(source, source.indexOf("1 }"), source.indexOf("1 }") + 1)).toBeUndefined();
  });

  it("agrees with exact arithmetic on every decimal literal", () => {
    fc.assert(
      fc.property(decimalLiteral, (text) => {
        const value = Number(text);
        fc.pre(Number.isFinite(value));
        const integer = /^\d+$/.test(text);
        const survives = sameValue(text, String(value)) && !(integer && value > Number.MAX_SAFE_INTEGER);
        const drift = numberLiteralDrift(text);
        expect(drift === undefined, text).toBe(survives);
        if (drift !== undefined) {
          expect(drift.integer).toBe(integer ? String(BigInt(text)) : undefined);
          expect(drift.written).toBe(sameValue(text, String(value)) ? undefined : String(value));
        }
      }),
      { numRuns: 5000 },
    );
  });

  it("lets through every number as JavaScript prints it, but integers past 2^53 - 1", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }), (value) => {
        const text = String(value);
        const unsafeInteger = /^\d+$/.test(text) && value > Number.MAX_SAFE_INTEGER;
        expect(numberLiteralDrift(text), text).toEqual(
          unsafeInteger ? { written: undefined, integer: String(BigInt(text)) } : undefined,
        );
      }),
      { numRuns: 5000 },
    );
  });

  it("judges integers alike in every radix and with separators", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 80n }), (n) => {
        const decimal = numberLiteralDrift(String(n));
        expect(numberLiteralDrift(`0x${n.toString(16)}`)).toEqual(decimal);
        expect(numberLiteralDrift(`0b${n.toString(2)}`)).toEqual(decimal);
        expect(numberLiteralDrift(`0o${n.toString(8)}`)).toEqual(decimal);
        expect(numberLiteralDrift(String(n).replace(/\B(?=(\d{3})+$)/g, "_"))).toEqual(decimal);
        expect(decimal === undefined).toBe(n <= BigInt(Number.MAX_SAFE_INTEGER));
      }),
      { numRuns: 2000 },
    );
  });
});
