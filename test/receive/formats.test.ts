import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { formatChecks } from "../../src/receive/formats.js";
import { fileScratchDir } from "../helpers/tmp.js";
import { loadReceive } from "./load.js";

/**
 * Every format check of the runtime module against ajv-formats' own (the build's): the same
 * answer for each string (or number) of a generator biased to each format's alphabet, and for
 * hand-picked edge cases. The regular-expression formats are taken from ajv-formats' object when
 * the module is generated; the others are ours, and this is what holds them to the library.
 */

const { fullFormats } = createRequire(import.meta.url)("ajv-formats/dist/formats.js") as {
  fullFormats: Record<string, unknown>;
};

function libraryAccepts(format: string, value: unknown): boolean {
  const definition = fullFormats[format];
  if (definition === true) return true;
  const validate =
    definition instanceof RegExp || typeof definition === "function"
      ? definition
      : (definition as { validate: unknown }).validate;
  if (validate instanceof RegExp) return validate.test(value as string);
  return Boolean((validate as (v: unknown) => boolean)(value));
}

const EDGES = [
  "",
  "2024-02-29",
  "2023-02-29",
  "2000-02-29",
  "1900-02-29",
  "2024-04-31",
  "2024-00-10",
  "2024-1-01",
  "23:59:60Z",
  "23:59:60+00:00",
  "00:59:60+01:00",
  "23:59:59.999z",
  "12:00:00",
  "12:00:00+2400",
  "12:00:00+05",
  "24:00:00Z",
  "2024-02-29T23:59:60Z",
  "2024-02-29t12:00:00z",
  "2024-02-29 12:00:00Z",
  "2024-02-29T12:00:00",
  "https://example.com/a?b=c#d",
  "urn:isbn:0451450523",
  "mailto:a@b.c",
  "http://[::1]:80/",
  "a:b",
  "/relative",
  "//host",
  "x",
  'http://a.b/"q"',
  "http://a b",
  "HTTP://A.B",
  "QUJD",
  "QUI=",
  "QQ==",
  "Q",
  "ab\nQUJD",
  "ab\r\ncd",
  "a\\Z",
  "(",
  "[a-",
  "\\p{L}",
  "^a$",
  "550e8400-e29b-41d4-a716-446655440000",
  "urn:uuid:550e8400-e29b-41d4-a716-446655440000",
  "a@b.co",
  "a@b",
  "1.2.3.4",
  "256.1.1.1",
  "::",
  "1::",
  "P1Y2M",
  "PT",
  "P1W",
  "/a~0b",
  "/a~2",
  "#/a",
  "0#",
  "1/a",
  "host-name.example",
  "-host",
  "{x}",
  "{+x,y}",
  "%zz",
  "😀",
  "a\u2028b",
];

const alphabet = fc.constantFrom(..."0123456789-:.TtZz+/ aAbBeExX@#?=[]{}~%PYMDWHS\\\n\r=+".split(""));
const strings = fc.oneof(
  fc.constantFrom(...EDGES),
  fc.string({ unit: alphabet, maxLength: 30 }),
  fc.string({ maxLength: 20 }),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.webUrl(),
  fc.emailAddress(),
  fc.uuid(),
  fc.ipV4(),
  fc.ipV6(),
  fc.base64String(),
  fc
    .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
    .map(([y, m, d]) => `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`),
  fc
    .tuple(
      fc.integer({ min: 0, max: 25 }),
      fc.integer({ min: 0, max: 61 }),
      fc.integer({ min: 0, max: 61 }),
      fc.constantFrom("Z", "+01:30", "-23:59", "+24:00", "", "+0130"),
    )
    .map(
      ([h, m, s, z]) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}${z}`,
    ),
);
const numbers = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(2 ** 31, -(2 ** 31), 2 ** 31 - 1, -(2 ** 31) - 1, 2 ** 53, 0.5),
);

const dir = fileScratchDir("receive-formats");
let runtime: Record<string, (value: unknown) => boolean>;

beforeAll(async () => {
  await loadReceive(dir, [{ tag: "w:e", webhook: "w", schema: {}, selector: undefined }]);
  runtime = (await import(pathToFileURL(join(dir, "receive", "_runtime.js")).href)) as typeof runtime;
}, 60_000);

describe("format checks agree with ajv-formats", () => {
  it("knows every format ajv-formats does", () => {
    expect([...formatChecks().keys()].sort()).toEqual(Object.keys(fullFormats).sort());
  });

  for (const [format, check] of formatChecks()) {
    it(`format ${format}`, () => {
      const values: fc.Arbitrary<unknown> = check.kind === "number" ? numbers : strings;
      fc.assert(
        fc.property(values, (value) => {
          const ours = runtime[check.name]!(value);
          if (ours !== libraryAccepts(format, value)) {
            throw new Error(`${format}: ours ${ours} for ${JSON.stringify(value)}`);
          }
        }),
        { numRuns: 3000, seed: 18, examples: (check.kind === "string" ? EDGES : []).map((edge): [unknown] => [edge]) },
      );
    });
  }
});
