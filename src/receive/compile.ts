import { isJsonObject, type JsonObject, type JsonValue } from "../util/json.js";
import { formatChecks } from "./formats.js";

/**
 * The ahead-of-time compiler of the manifest's JSON Schemas (2020-12, as the build writes them)
 * into TypeScript functions, one per distinct schema node: `(v: unknown, c: Ctx) => boolean`,
 * which answer whether `v` matches and, when `c` collects, record every issue with its path (see
 * templates/receive/runtime.ts.tpl for the helpers they call). Every keyword ajv 2020 validates
 * is compiled with ajv's meaning (strict off: unknown keywords and formats are ignored), except
 * those the build never writes and that need ajv's evaluation tracking (`unevaluated*`, dynamic
 * references), which are refused as problems rather than checked differently.
 */

/** Something in a schema the compiler cannot check exactly: at a path of the schema, why. */
export interface CompileProblem {
  readonly at: readonly (string | number)[];
  readonly reason: string;
}

/** Keywords ajv validates that the generated code does not: a schema holding one is refused. */
const REFUSED: Readonly<Record<string, string>> = {
  unevaluatedProperties: "needs the keys every other keyword evaluated",
  unevaluatedItems: "needs the items every other keyword evaluated",
  $dynamicRef: "is a dynamic reference",
  $recursiveRef: "is a dynamic reference",
};

const TYPES = ["object", "array", "string", "integer", "number", "boolean", "null"] as const;
type JsonType = (typeof TYPES)[number];

/** Above this many declared keys, a `Set` tells a known key from an unknown one; below, comparisons. */
const SET_FROM = 8;

export interface CompilerOptions {
  /** Prefix of the functions' and constants' names (unique in the module). */
  readonly prefix: string;
  /** The function that checks the shared definition of this name (`#/$defs/<name>`); undefined if none. */
  readonly definition: (name: string) => string | undefined;
}

/** Compiles schemas into one module's functions, sharing a function between equal nodes. */
export class ValidatorCompiler {
  /** Function declarations and module constants, in the order made. */
  readonly declarations: string[] = [];
  readonly problems: CompileProblem[] = [];
  /** The runtime module's exports the code calls. */
  readonly runtime = new Set<string>(["Ctx"]);
  private readonly byText = new Map<string, string>();
  private serial = 0;

  constructor(private readonly options: CompilerOptions) {}

  /** The name of the function checking `schema` (compiled once per distinct node). */
  check(schema: JsonValue, at: readonly (string | number)[] = []): string {
    const text = JSON.stringify(schema);
    const known = this.byText.get(text);
    if (known !== undefined) return known;
    const name = `${this.options.prefix}${this.serial++}`;
    this.byText.set(text, name);
    const body = this.body(schema, at);
    // Parameters a body does not read are named so (`noUnusedParameters` in the application's tsconfig).
    const params =
      body[0] === "return true;"
        ? "_v: unknown, _c: Ctx"
        : schema === false
          ? "_v: unknown, c: Ctx"
          : "v: unknown, c: Ctx";
    this.declarations.push(`function ${name}(${params}): boolean {\n${body.map((l) => `  ${l}`).join("\n")}\n}`);
    return name;
  }

  private use(...names: string[]): void {
    for (const name of names) this.runtime.add(name);
  }

  private constant(prefix: string, expression: string): string {
    const name = `${this.options.prefix}${prefix}${this.serial++}`;
    this.declarations.push(`const ${name} = ${expression};`);
    return name;
  }

  private problem(at: readonly (string | number)[], reason: string): void {
    this.problems.push({ at, reason });
  }

  private body(schema: JsonValue, at: readonly (string | number)[]): string[] {
    if (schema === true) return ["return true;"];
    if (schema === false) {
      this.use("e");
      return ['e(c, "no value is allowed here");', "return false;"];
    }
    if (!isJsonObject(schema)) {
      this.problem(at, "is not a schema (an object or a boolean)");
      return ["return true;"];
    }
    const out: string[] = [];
    for (const keyword of Object.keys(REFUSED)) {
      if (Object.hasOwn(schema, keyword))
        this.problem([...at, keyword], `${REFUSED[keyword]}, which the generated validators do not track`);
    }
    const types = this.types(schema, at);
    if (types !== undefined) {
      this.use("e", "got");
      const test = types.map((t) => typeTest(t, "v", (n) => this.use(n))).join(" || ");
      out.push(
        `if (!(${test})) {`,
        `  e(c, ${str(`expected ${types.join(" or ")}, got `)} + got(v));`,
        "  return false;",
        "}",
      );
    }
    const rest: string[] = [];
    this.any(schema, at, rest);
    const numbers = this.numbers(schema, at);
    const strings = this.strings(schema, at);
    const arrays = this.arrays(schema, at);
    const objects = this.objects(schema, at);
    const guarded = (test: string, lines: string[]) => {
      if (lines.length > 0) rest.push(`if (${test}) {`, ...lines.map((l) => `  ${l}`), "}");
    };
    guarded('typeof v === "number"', numbers);
    guarded('typeof v === "string"', strings);
    guarded("Array.isArray(v)", arrays);
    if (objects.length > 0) this.use("isObject");
    guarded("isObject(v)", objects);
    if (rest.length === 0) return [...out, "return true;"];
    const counts = rest.some((line) => line.trimStart().startsWith("n = c.l === undefined"));
    return [...out, "let ok = true;", ...(counts ? ["let n = 0;"] : []), ...rest, "return ok;"];
  }

  private types(schema: JsonObject, at: readonly (string | number)[]): JsonType[] | undefined {
    const type = schema["type"];
    if (type === undefined) return undefined;
    const list = Array.isArray(type) ? type : [type];
    if (list.length === 0 || !list.every((t) => typeof t === "string" && (TYPES as readonly string[]).includes(t))) {
      this.problem([...at, "type"], "must be a JSON type or a list of them");
      return undefined;
    }
    return list as JsonType[];
  }

  /** Keywords for any value: enum, const, $ref, allOf, anyOf, oneOf, not, if/then/else. */
  private any(schema: JsonObject, at: readonly (string | number)[], out: string[]): void {
    const values = schema["enum"];
    if (values !== undefined) {
      if (!Array.isArray(values)) this.problem([...at, "enum"], "must be an array");
      else {
        const test = values.length === 0 ? "true" : values.map((value) => `!${this.equals(value)}`).join(" && ");
        const shown = values.map((value) => JSON.stringify(value)).join(", ");
        out.push(...fail(test, `${str(`expected one of ${shown}, got `)} + got(v)`, (n) => this.use(n)));
      }
    }
    if (Object.hasOwn(schema, "const")) {
      const value = schema["const"]!;
      out.push(
        ...fail(`!${this.equals(value)}`, `${str(`expected ${JSON.stringify(value)}, got `)} + got(v)`, (n) =>
          this.use(n),
        ),
      );
    }
    const ref = schema["$ref"];
    if (ref !== undefined) {
      const name = typeof ref === "string" ? definitionName(ref) : undefined;
      const target = name === undefined ? undefined : this.options.definition(name);
      if (target === undefined)
        this.problem([...at, "$ref"], `${JSON.stringify(ref)} is not a reference into the schema's $defs`);
      else out.push(...same(`${target}(v, c)`));
    }
    const list = (keyword: string): JsonValue[] | undefined => {
      const value = schema[keyword];
      if (value === undefined) return undefined;
      if (Array.isArray(value) && value.length > 0) return value;
      this.problem([...at, keyword], "must be a non-empty array of schemas");
      return undefined;
    };
    const allOf = list("allOf");
    allOf?.forEach((member, i) => out.push(...same(`${this.check(member, [...at, "allOf", i])}(v, c)`)));
    for (const keyword of ["anyOf", "oneOf"] as const) {
      const members = list(keyword);
      if (members === undefined) continue;
      const names = members.map((member, i) => this.check(member, [...at, keyword, i]));
      const array = this.constant("a", `[${names.join(", ")}] as const`);
      const helper = keyword === "anyOf" ? "any" : "one";
      this.use(helper);
      out.push(...same(`${helper}(c, v, ${array}, ${str(expectedOf(members))})`));
    }
    if (schema["not"] !== undefined) {
      const not = this.check(schema["not"], [...at, "not"]);
      this.use("q");
      out.push(...fail(`${not}(v, q(c))`, `"must not match the schema under not"`, (n) => this.use(n)));
    }
    if (schema["if"] !== undefined && (schema["then"] !== undefined || schema["else"] !== undefined)) {
      const test = this.check(schema["if"], [...at, "if"]);
      this.use("q");
      out.push(`if (${test}(v, q(c))) {`);
      if (schema["then"] !== undefined)
        out.push(...same(`${this.check(schema["then"], [...at, "then"])}(v, c)`).map(indent));
      out.push("} else {");
      if (schema["else"] !== undefined)
        out.push(...same(`${this.check(schema["else"], [...at, "else"])}(v, c)`).map(indent));
      out.push("}");
    }
  }

  /** A test that `v` equals a JSON value (deeply for arrays and objects). */
  private equals(value: JsonValue): string {
    if (value === null || typeof value !== "object") return `(v === ${JSON.stringify(value)})`;
    this.use("eq");
    const constant = this.constant("k", `/* @__PURE__ */ JSON.parse(${str(JSON.stringify(value))}) as unknown`);
    return `eq(v, ${constant})`;
  }

  private numbers(schema: JsonObject, at: readonly (string | number)[]): string[] {
    const out: string[] = [];
    const number = (keyword: string): number | undefined => {
      const value = schema[keyword];
      if (value === undefined) return undefined;
      if (typeof value === "number" && Number.isFinite(value)) return value;
      this.problem([...at, keyword], "must be a number");
      return undefined;
    };
    const limits: [string, string, string][] = [
      ["minimum", "<", ">="],
      ["maximum", ">", "<="],
      ["exclusiveMinimum", "<=", ">"],
      ["exclusiveMaximum", ">=", "<"],
    ];
    for (const [keyword, op, words] of limits) {
      const limit = number(keyword);
      if (limit !== undefined)
        out.push(
          ...fail(`v ${op} ${limit}`, `${str(`expected a number ${words} ${limit}, got `)} + v`, (n) => this.use(n)),
        );
    }
    const divisor = number("multipleOf");
    if (divisor !== undefined) {
      if (divisor <= 0) this.problem([...at, "multipleOf"], "must be greater than 0");
      else {
        this.use("notMultiple");
        out.push(
          ...fail(`notMultiple(v, ${divisor})`, `${str(`expected a multiple of ${divisor}, got `)} + v`, (n) =>
            this.use(n),
          ),
        );
      }
    }
    out.push(...this.format(schema, at, "number"));
    return out;
  }

  private count(schema: JsonObject, at: readonly (string | number)[], keyword: string): number | undefined {
    const value = schema[keyword];
    if (value === undefined) return undefined;
    if (typeof value === "number" && Number.isInteger(value) && value >= 0) return value;
    this.problem([...at, keyword], "must be a whole number from 0");
    return undefined;
  }

  private strings(schema: JsonObject, at: readonly (string | number)[]): string[] {
    const out: string[] = [];
    const min = this.count(schema, at, "minLength");
    const max = this.count(schema, at, "maxLength");
    if (min !== undefined || max !== undefined) {
      this.use("len");
      out.push(`const chars = len(v);`);
      if (min !== undefined)
        out.push(
          ...fail(`chars < ${min}`, `${str(`expected at least ${min} characters, got `)} + chars`, (n) => this.use(n)),
        );
      if (max !== undefined)
        out.push(
          ...fail(`chars > ${max}`, `${str(`expected at most ${max} characters, got `)} + chars`, (n) => this.use(n)),
        );
    }
    const pattern = schema["pattern"];
    if (pattern !== undefined) {
      const regex = this.regex(pattern, [...at, "pattern"]);
      if (regex !== undefined) {
        this.use("got");
        out.push(
          ...fail(
            `!${regex}.test(v)`,
            `${str(`expected a string matching /${String(pattern)}/, got `)} + got(v)`,
            (n) => this.use(n),
          ),
        );
      }
    }
    out.push(...this.format(schema, at, "string"));
    return out;
  }

  /** A module constant holding `new RegExp(pattern, "u")`, as ajv makes it. */
  private regex(pattern: JsonValue, at: readonly (string | number)[]): string | undefined {
    if (typeof pattern !== "string") {
      this.problem(at, "must be a string");
      return undefined;
    }
    try {
      new RegExp(pattern, "u");
    } catch (error) {
      this.problem(at, `is no regular expression with the u flag: ${(error as Error).message}`);
      return undefined;
    }
    return this.constant("r", `/* @__PURE__ */ new RegExp(${str(pattern)}, "u")`);
  }

  private format(schema: JsonObject, at: readonly (string | number)[], kind: "string" | "number"): string[] {
    const format = schema["format"];
    if (format === undefined) return [];
    if (typeof format !== "string") {
      this.problem([...at, "format"], "must be a string");
      return [];
    }
    const check = formatChecks().get(format);
    // An unknown format is ignored, as ajv does with strict off.
    if (check === undefined || check.kind !== kind) return [];
    this.use(check.name);
    const shown = kind === "string" ? "got(v)" : "v";
    if (kind === "string") this.use("got");
    const article = /^[aeiou]/i.test(format) ? "an" : "a";
    return fail(`!${check.name}(v)`, `${str(`expected ${article} ${format} ${kind}, got `)} + ${shown}`, (n) =>
      this.use(n),
    );
  }

  private arrays(schema: JsonObject, at: readonly (string | number)[]): string[] {
    const out: string[] = [];
    const min = this.count(schema, at, "minItems");
    const max = this.count(schema, at, "maxItems");
    if (min !== undefined)
      out.push(
        ...fail(`v.length < ${min}`, `${str(`expected at least ${min} items, got `)} + v.length`, (n) => this.use(n)),
      );
    if (max !== undefined)
      out.push(
        ...fail(`v.length > ${max}`, `${str(`expected at most ${max} items, got `)} + v.length`, (n) => this.use(n)),
      );
    if (schema["uniqueItems"] === true) {
      this.use("duplicate", "e");
      out.push(
        "const d = duplicate(v);",
        "if (d !== undefined) {",
        '  if (!e(c, "expected unique items, but items " + d[0] + " and " + d[1] + " are equal")) return false;',
        "  ok = false;",
        "}",
      );
    }
    const prefix = schema["prefixItems"];
    let first = 0;
    if (prefix !== undefined) {
      if (!Array.isArray(prefix)) this.problem([...at, "prefixItems"], "must be an array of schemas");
      else {
        first = prefix.length;
        prefix.forEach((member, i) => {
          const check = this.check(member, [...at, "prefixItems", i]);
          out.push(
            `if (v.length > ${i}) {`,
            ...child(`${check}(v[${i}], c)`, String(i), (n) => this.use(n)).map(indent),
            "}",
          );
        });
      }
    }
    const items = schema["items"];
    if (items === false) {
      out.push(
        ...fail(`v.length > ${first}`, `${str(`expected at most ${first} items, got `)} + v.length`, (n) =>
          this.use(n),
        ),
      );
    } else if (items !== undefined && items !== true) {
      const check = this.check(items, [...at, "items"]);
      out.push(
        `for (let i = ${first}; i < v.length; i++) {`,
        ...child(`${check}(v[i], c)`, "i", (n) => this.use(n)).map(indent),
        "}",
      );
    }
    const contains = schema["contains"];
    if (contains !== undefined) {
      const check = this.check(contains, [...at, "contains"]);
      const least = this.count(schema, at, "minContains") ?? 1;
      const most = this.count(schema, at, "maxContains");
      this.use("q");
      out.push("let found = 0;", `for (const item of v) if (${check}(item, q(c))) found++;`);
      out.push(
        ...fail(`found < ${least}`, `${str(`expected at least ${least} items matching contains, got `)} + found`, (n) =>
          this.use(n),
        ),
      );
      if (most !== undefined)
        out.push(
          ...fail(`found > ${most}`, `${str(`expected at most ${most} items matching contains, got `)} + found`, (n) =>
            this.use(n),
          ),
        );
    }
    return out;
  }

  private objects(schema: JsonObject, at: readonly (string | number)[]): string[] {
    const out: string[] = [];
    const required = schema["required"];
    let wanted: string[] = [];
    if (required !== undefined) {
      if (!Array.isArray(required) || !required.every((key) => typeof key === "string")) {
        this.problem([...at, "required"], "must be an array of names");
      } else wanted = [...new Set(required as string[])];
    }
    const properties = this.schemaMap(schema, at, "properties");
    const declared = new Set(properties.map(([key]) => key));
    for (const key of wanted.filter((key) => !declared.has(key))) {
      this.use("m");
      out.push(
        `if (${this.read(key)} === undefined) {`,
        `  if (!m(c, ${str(key)})) return false;`,
        "  ok = false;",
        "}",
      );
    }
    properties.forEach(([key, member], i) => {
      const check = this.check(member, [...at, "properties", key]);
      const value = `p${i}`;
      const test = child(`${check}(${value}, c)`, str(key), (n) => this.use(n)).map(indent);
      out.push(`const ${value} = ${this.read(key)};`);
      if (wanted.includes(key)) {
        this.use("m");
        out.push(
          `if (${value} === undefined) {`,
          `  if (!m(c, ${str(key)})) return false;`,
          "  ok = false;",
          "} else {",
          ...test,
          "}",
        );
      } else out.push(`if (${value} !== undefined) {`, ...test, "}");
    });
    const min = this.count(schema, at, "minProperties");
    const max = this.count(schema, at, "maxProperties");
    if (min !== undefined || max !== undefined) {
      out.push("const keys = Object.keys(v).length;");
      if (min !== undefined)
        out.push(...fail(`keys < ${min}`, `${str(`expected at least ${min} keys, got `)} + keys`, (n) => this.use(n)));
      if (max !== undefined)
        out.push(...fail(`keys > ${max}`, `${str(`expected at most ${max} keys, got `)} + keys`, (n) => this.use(n)));
    }
    out.push(...this.dependencies(schema, at));
    const patterns = this.schemaMap(schema, at, "patternProperties");
    const additional = schema["additionalProperties"];
    const names = schema["propertyNames"];
    const checksAdditional = additional !== undefined && additional !== true;
    if (patterns.length === 0 && !checksAdditional && names === undefined) return out;
    const loop: string[] = [];
    if (names !== undefined) {
      const check = this.check(names, [...at, "propertyNames"]);
      loop.push(...child(`${check}(key, c)`, "key", (n) => this.use(n)));
    }
    const known = knownTest(
      properties.map(([key]) => key),
      (e) => this.constant("s", e),
    );
    if (checksAdditional) loop.push(`${patterns.length > 0 ? "let" : "const"} known = ${known};`);
    patterns.forEach(([pattern, member]) => {
      const regex = this.regex(pattern, [...at, "patternProperties", pattern]);
      if (regex === undefined) return;
      const check = this.check(member, [...at, "patternProperties", pattern]);
      loop.push(`if (${regex}.test(key)) {`);
      if (checksAdditional) loop.push("  known = true;");
      loop.push(...child(`${check}(v[key], c)`, "key", (n) => this.use(n)).map(indent), "}");
    });
    if (additional === false) {
      this.use("u");
      loop.push("if (!known && !u(c, key)) {", "  if (c.l === undefined) return false;", "  ok = false;", "}");
    } else if (checksAdditional) {
      const check = this.check(additional, [...at, "additionalProperties"]);
      loop.push("if (!known) {", ...child(`${check}(v[key], c)`, "key", (n) => this.use(n)).map(indent), "}");
    }
    // for-in, not Object.keys: no array per object (a JSON value has no inherited enumerable keys).
    out.push("for (const key in v) {", ...loop.map(indent), "}");
    return out;
  }

  /** `dependentRequired`, `dependentSchemas`, and draft-07's `dependencies` (both in one), which ajv 2020 still checks. */
  private dependencies(schema: JsonObject, at: readonly (string | number)[]): string[] {
    const out: string[] = [];
    const entries = (keyword: string): [string, JsonValue][] => {
      const value = schema[keyword];
      if (value === undefined) return [];
      if (!isJsonObject(value)) {
        this.problem([...at, keyword], "must be an object");
        return [];
      }
      return Object.keys(value).map((key) => [key, value[key]!]);
    };
    const requires = (keyword: string, key: string, names: JsonValue) => {
      if (!Array.isArray(names) || !names.every((name) => typeof name === "string")) {
        this.problem([...at, keyword, key], "must be an array of names");
        return;
      }
      this.use("h", "m");
      out.push(`if (h(v, ${str(key)})) {`);
      for (const name of names as string[]) {
        out.push(
          `  if (!h(v, ${str(name)})) {`,
          `    if (!m(c, ${str(name)})) return false;`,
          "    ok = false;",
          "  }",
        );
      }
      out.push("}");
    };
    const applies = (keyword: string, key: string, member: JsonValue) => {
      const check = this.check(member, [...at, keyword, key]);
      this.use("h");
      out.push(`if (h(v, ${str(key)})) {`, ...same(`${check}(v, c)`).map(indent), "}");
    };
    for (const [key, names] of entries("dependentRequired")) requires("dependentRequired", key, names);
    for (const [key, member] of entries("dependentSchemas")) applies("dependentSchemas", key, member);
    for (const [key, value] of entries("dependencies")) {
      if (Array.isArray(value)) requires("dependencies", key, value);
      else applies("dependencies", key, value);
    }
    return out;
  }

  /** The value of own key `key` of `v`, or undefined; `h` only for names Object.prototype has, which `v[key]` would find there. */
  private read(key: string): string {
    if (!(key in Object.prototype) && key !== "__proto__") return `v[${str(key)}]`;
    this.use("h");
    return `(h(v, ${str(key)}) ? v[${str(key)}] : undefined)`;
  }

  private schemaMap(schema: JsonObject, at: readonly (string | number)[], keyword: string): [string, JsonValue][] {
    const value = schema[keyword];
    if (value === undefined) return [];
    if (!isJsonObject(value)) {
      this.problem([...at, keyword], "must be an object of schemas");
      return [];
    }
    return Object.keys(value).map((key) => [key, value[key]!]);
  }
}

/** A string as a TypeScript literal. */
function str(text: string): string {
  return JSON.stringify(text);
}

function indent(line: string): string {
  return `  ${line}`;
}

/** Lines that record an issue at the current place when `test` holds. */
function fail(test: string, message: string, use: (name: string) => void): string[] {
  use("e");
  return [`if (${test}) {`, `  if (!e(c, ${message})) return false;`, "  ok = false;", "}"];
}

/** Lines for a check of the same value (allOf, $ref, then...): its issues are at the same place. */
function same(call: string): string[] {
  return [`if (!${call}) {`, "  if (c.l === undefined) return false;", "  ok = false;", "}"];
}

/** Lines for a check of a child at `key` (an expression): its issues get the key in front. */
function child(call: string, key: string, use: (name: string) => void): string[] {
  use("at");
  return [
    "n = c.l === undefined ? 0 : c.l.length;",
    `if (!${call}) {`,
    "  if (c.l === undefined) return false;",
    "  ok = false;",
    "}",
    `if (c.l !== undefined && c.l.length > n) at(c.l, n, ${key});`,
  ];
}

/** A test that `key` is declared under `properties`: comparisons, or a Set for many keys. */
function knownTest(keys: readonly string[], constant: (expression: string) => string): string {
  if (keys.length === 0) return "false";
  if (keys.length < SET_FROM) return keys.map((key) => `key === ${str(key)}`).join(" || ");
  const set = constant(`/* @__PURE__ */ new Set<string>(${JSON.stringify(keys)})`);
  return `${set}.has(key)`;
}

function typeTest(type: JsonType, v: string, use: (name: string) => void): string {
  switch (type) {
    case "object":
      use("isObject");
      return `isObject(${v})`;
    case "array":
      return `Array.isArray(${v})`;
    case "integer":
      // As ajv tests it (with strict off, so not `isFinite`).
      return `(typeof ${v} === "number" && !(${v} % 1) && !Number.isNaN(${v}))`;
    case "null":
      return `${v} === null`;
    default:
      return `typeof ${v} === "${type}"`;
  }
}

/** What an anyOf or oneOf expects, in words: `string or null`, when each member names its type. */
function expectedOf(members: readonly JsonValue[]): string {
  const types: string[] = [];
  for (const member of members) {
    const type = isJsonObject(member) ? member["type"] : undefined;
    if (typeof type === "string") types.push(type);
    else if (Array.isArray(type) && type.every((t) => typeof t === "string")) types.push(...(type as string[]));
    else return "a value matching one of the alternatives";
  }
  return [...new Set(types)].join(" or ");
}

/** The definition a `$ref` of a self-contained schema names: `#/$defs/<name>` (a pointer token, URI-encoded). */
export function definitionName(ref: string): string | undefined {
  const match = /^#\/\$defs\/([^/]+)$/.exec(ref);
  if (match === null) return undefined;
  try {
    return decodeURIComponent(match[1]!).replace(/~1/g, "/").replace(/~0/g, "~");
  } catch {
    return undefined;
  }
}
