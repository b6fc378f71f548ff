// {{banner}}
//
// What the validators under ./ share: the results' types, a Standard Schema's types (written
// here, so that nothing is imported at run time), and small helpers the compiled checks call.
// Each is its own export, so that a bundler keeps only those an application reaches.

/** One way a delivery fails its event's schema: where (`["body", "data", "amount"]`) and what was expected. */
export interface Issue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** A place in a delivery: `["body", "items", 0, "sku"]`. */
export type Path = readonly (string | number)[];

/** A delivery that has the shape of event `T`: its payload, typed, and the unknown keys it carried. */
export type Parsed<P, T extends keyof P> = T extends keyof P
  ? {
      readonly ok: true;
      readonly tag: T;
      readonly payload: P[T];
      /** Keys that no schema declares, accepted and reported (`receive.unknownKeys: "accept"`). */
      readonly extra: readonly Path[];
    }
  : never;

/**
 * What `isEvent` can promise of a delivery as it was handed over: the body and params as event
 * `P` declares them, but the headers with their names in any case (matched case-insensitively;
 * typed as an object, to be indexed, even where a Fetch `Headers` was given) and the query
 * maybe a `URLSearchParams`. `parseEvent`'s payload has them as declared.
 */
export type Received<P> = P extends unknown
  ? {
      readonly [K in keyof P]: K extends "headers"
        ? { readonly [name: string]: unknown }
        : K extends "query"
          ? P[K] | SearchParams
          : P[K];
    }
  : never;

/** A delivery that is not event `T` (or whose event could not be told: `tag` undefined). */
export interface Failed<T> {
  readonly ok: false;
  readonly tag: T;
  readonly issues: readonly Issue[];
}

/** What `parseEvent(tag, input)` gives. */
export type ParseResult<P, T extends keyof P> = Parsed<P, T> | Failed<T>;

/** What `identifyEvent(webhook, input)` gives: on success a union over the webhook's events, discriminated by `tag`. */
export type Identified<P> = Parsed<P, keyof P> | Failed<keyof P | undefined>;

/** A handler per event (each optional), given the event's payload. */
export type Handlers<P, R> = { readonly [T in keyof P]?: (payload: P[T], delivery: Parsed<P, T>) => R };

/** Called for a delivery no handler takes: not identified, invalid, or an event without a handler. */
export type Fallback<P, R> = (result: Identified<P>) => R;

/**
 * A delivery as HTTP gives it: headers as Node's `IncomingHttpHeaders` (`string | string[]`) or
 * a Fetch `Headers`, the query as an object or a `URLSearchParams`, the body parsed from JSON,
 * the route's params.
 */
export interface Delivery {
  readonly headers?: HeaderList | Readonly<Record<string, string | readonly string[] | undefined>> | undefined;
  readonly query?: SearchParams | Readonly<Record<string, string | readonly string[] | undefined>> | undefined;
  readonly body?: unknown;
  readonly params?: Readonly<Record<string, string | undefined>> | undefined;
}

/** What of a Fetch `Headers` is used (named structurally, as SearchParams is). */
export interface HeaderList {
  forEach(callback: (value: string, key: string) => void): void;
  get(name: string): string | null;
}

/** What of `URLSearchParams` is used (named structurally: no DOM or Node types are needed). */
export interface SearchParams {
  forEach(callback: (value: string, key: string) => void): void;
  getAll(name: string): string[];
}

/** The Standard Schema v1 interface (https://standardschema.dev), written out so that nothing is imported. */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly "~standard": StandardSchemaV1Props<Input, Output>;
}

export interface StandardSchemaV1Props<Input = unknown, Output = Input> {
  readonly version: 1;
  readonly vendor: string;
  readonly validate: (value: unknown) => StandardSchemaV1Result<Output> | Promise<StandardSchemaV1Result<Output>>;
  readonly types?: StandardSchemaV1Types<Input, Output> | undefined;
}

export type StandardSchemaV1Result<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: readonly StandardSchemaV1Issue[] };

export interface StandardSchemaV1Issue {
  readonly message: string;
  readonly path?: readonly (PropertyKey | { readonly key: PropertyKey })[] | undefined;
}

export interface StandardSchemaV1Types<Input = unknown, Output = Input> {
  readonly input: Input;
  readonly output: Output;
}

/** What the compiled checks record: an issue, or (without `m`) an unknown key accepted. */
export interface Rec {
  readonly p: (string | number)[];
  readonly m: string | undefined;
}

/**
 * A check's context: `l` collects records (undefined: only the answer is wanted), `r` rejects
 * unknown keys, `x` says an unknown key was met (so that a valid delivery without any needs one
 * quiet run only).
 */
export interface Ctx {
  readonly l: Rec[] | undefined;
  readonly r: boolean;
  x: boolean;
}

/** A compiled check of one schema: whether `v` matches it, recording why not into `c`. */
export type Check = (v: unknown, c: Ctx) => boolean;

/** One event as the validators know it. */
export interface EventCheck {
  readonly check: Check;
  /** The declared header names: a delivery's are matched to them case-insensitively. */
  readonly headers: HeaderNames;
}

/** Declared header names, as written and by their lower-case form. */
export interface HeaderNames {
  readonly exact: ReadonlySet<string>;
  readonly lower: ReadonlyMap<string, string>;
}

export function headerNames(names: readonly string[]): HeaderNames {
  return { exact: new Set(names), lower: new Map(names.map((name) => [name.toLowerCase(), name])) };
}

/** How a webhook's events are told apart: the selected field, and the event of each of its values. */
export interface Selector {
  readonly path: readonly string[];
  readonly tags: ReadonlyMap<string | number, string>;
}

/** The events and webhooks that a module validates. */
export interface Receiver {
  readonly events: ReadonlyMap<string, EventCheck>;
  /** Each webhook's event tags, in order, and its selector if every event has one. */
  readonly webhooks: ReadonlyMap<string, { readonly tags: readonly string[]; readonly selector: Selector | undefined }>;
  readonly reject: boolean;
}

const QUIET_ACCEPT: Ctx = { l: undefined, r: false, x: false };
const QUIET_REJECT: Ctx = { l: undefined, r: true, x: false };

/** The same rules as `c`, answering only. */
export function q(c: Ctx): Ctx {
  return c.r ? QUIET_REJECT : QUIET_ACCEPT;
}

/** Records an issue at the current place; whether to go on looking for more. */
export function e(c: Ctx, message: string): boolean {
  if (c.l === undefined) return false;
  c.l.push({ p: [], m: message });
  return true;
}

/** Records a missing required key `key`; whether to go on. */
export function m(c: Ctx, key: string): boolean {
  if (c.l === undefined) return false;
  c.l.push({ p: [key], m: "missing (required)" });
  return true;
}

/** A key that no schema declares: an issue when they are rejected, else reported; whether the value is still valid. */
export function u(c: Ctx, key: string): boolean {
  if (c.r) {
    if (c.l !== undefined) c.l.push({ p: [key], m: "unknown key (not declared for this event)" });
    return false;
  }
  c.x = true;
  if (c.l !== undefined) c.l.push({ p: [key], m: undefined });
  return true;
}

/** Puts `key` in front of the paths recorded since `n` (by the check of the child at `key`). */
export function at(l: Rec[], n: number, key: string | number): void {
  for (let i = n; i < l.length; i++) l[i]!.p.unshift(key);
}

export function h(o: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A value as an issue's message shows it: `"12"`, `12`, `null`, `an object`. */
export function got(v: unknown): string {
  if (v === undefined) return "nothing";
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
  if (Array.isArray(v)) return "an array";
  if (typeof v === "function") return "a function";
  if (typeof v === "object" && v !== null) return "an object";
  return String(v);
}

/** A string's length in code points, as JSON Schema counts it (ajv too). */
export function len(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    n++;
    const code = s.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1);
      if ((next & 0xfc00) === 0xdc00) i++;
    }
  }
  return n;
}

/** Whether `v` is not a multiple of `d`, computed as ajv does (the quotient is an integer). */
export function notMultiple(v: number, d: number): boolean {
  const r = v / d;
  return r !== parseInt(String(r));
}

/** Deep equality of JSON values, as `enum`, `const` and `uniqueItems` compare them. */
export function eq(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return a !== a && b !== b;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!eq(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const key of ka) {
    if (!h(b, key) || !eq((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/** The index of an item equal to a later one, and that one's; undefined when all are unique. */
export function duplicate(items: readonly unknown[]): [number, number] | undefined {
  for (let j = items.length - 1; j > 0; j--) {
    for (let i = j - 1; i >= 0; i--) if (eq(items[i], items[j])) return [i, j];
  }
  return undefined;
}

/** `anyOf`: some check passes. Otherwise the issues of the alternative that got furthest, or one saying what was expected. */
export function any(c: Ctx, v: unknown, checks: readonly Check[], expected: string): boolean {
  const l = c.l;
  if (l === undefined) {
    for (const check of checks) if (check(v, c)) return true;
    return false;
  }
  const n = l.length;
  let best: Rec[] = [];
  let depth = 0;
  for (const check of checks) {
    if (check(v, c)) return true;
    const recs = l.splice(n);
    const depths = recs.filter((r) => r.m !== undefined).map((r) => r.p.length);
    const deepest = depths.length === 0 ? 0 : Math.min(...depths);
    if (deepest > depth) [best, depth] = [recs, deepest];
  }
  if (depth > 0) l.push(...best);
  else l.push({ p: [], m: `expected ${expected}, got ${got(v)}` });
  return false;
}

/** `oneOf`: exactly one check passes. */
export function one(c: Ctx, v: unknown, checks: readonly Check[], expected: string): boolean {
  const l = c.l;
  const n = l === undefined ? 0 : l.length;
  let passed = 0;
  let kept: Rec[] = [];
  for (const check of checks) {
    if (check(v, c)) {
      passed++;
      if (l !== undefined && passed === 1) kept = l.slice(n);
    }
    if (l !== undefined) l.length = n;
  }
  if (passed === 1) {
    if (l !== undefined) l.push(...kept);
    return true;
  }
  return e(c, passed === 0 ? `expected ${expected}, got ${got(v)}` : `matches ${passed} alternatives of a oneOf, not exactly one`) && false;
}

/** The delivery as the checks see it: header names as declared (matched case-insensitively), the query as an object. */
export function prepare(input: unknown, names: HeaderNames): unknown {
  if (!isObject(input)) return input;
  let headers = input["headers"];
  let query = input["query"];
  const changed = { any: false };
  if (isHeaderList(headers)) {
    headers = respell(headerObject(headers), names);
    changed.any = true;
  } else if (isObject(headers) && unlikeDeclared(headers, names)) {
    headers = respell(headers, names);
    changed.any = true;
  }
  if (typeof query === "object" && query !== null && typeof (query as Partial<SearchParams>).getAll === "function") {
    query = queryObject(query as SearchParams);
    changed.any = true;
  }
  return changed.any ? { ...input, headers, query } : input;
}

/**
 * Whether a header is named otherwise than declared (Node's are lower-case, as declared ones
 * mostly are), or repeated (Node gives some as a list of values).
 */
function unlikeDeclared(headers: Record<string, unknown>, names: HeaderNames): boolean {
  for (const key in headers) {
    if (Array.isArray(headers[key])) return true;
    if (names.exact.has(key)) continue;
    const name = names.lower.get(key.toLowerCase());
    if (name !== undefined && name !== key) return true;
  }
  return false;
}

/**
 * The headers named as declared, a repeated one's values joined by ", " as HTTP combines them
 * (and `check` does): given as a list, or under two spellings of the declared name.
 */
function respell(headers: Record<string, unknown>, names: HeaderNames): unknown {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(headers)) {
    const name = names.exact.has(key) ? key : (names.lower.get(key.toLowerCase()) ?? key);
    const given = headers[key];
    let value = Array.isArray(given) && given.every((v) => typeof v === "string") ? given.join(", ") : given;
    const before = h(out, name) ? out[name] : undefined;
    if (typeof before === "string" && typeof value === "string") value = `${before}, ${value}`;
    Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Whether `v` is a Fetch `Headers` (Hono, Next.js and other Fetch-based servers hand one over). */
function isHeaderList(v: unknown): v is HeaderList {
  return (
    typeof v === "object" &&
    v !== null &&
    typeof (v as Partial<HeaderList>).forEach === "function" &&
    typeof (v as Partial<HeaderList>).get === "function"
  );
}

/** A Fetch `Headers` as an object: its names lower-case, a repeated one's values (set-cookie) joined by ", ". */
function headerObject(list: HeaderList): Record<string, string> {
  const out: Record<string, string> = {};
  list.forEach((value, key) => {
    const joined = h(out, key) ? `${out[key]}, ${value}` : value;
    Object.defineProperty(out, key, { value: joined, enumerable: true, writable: true, configurable: true });
  });
  return out;
}

function queryObject(params: SearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  params.forEach((_, key) => {
    if (h(out, key)) return;
    const all = params.getAll(key);
    Object.defineProperty(out, key, {
      value: all.length === 1 ? all[0] : all,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  });
  return out;
}

/**
 * The value at `path` in a delivery (a header's name matched case-insensitively, its first value
 * taken), `at` the path's length; or, where the path meets something other than an object, that
 * value and how many steps led to it.
 */
function selected(input: unknown, path: readonly string[]): { readonly at: number; readonly value: unknown } {
  let value: unknown = input;
  for (let i = 0; i < path.length; i++) {
    if (!isObject(value)) return { at: i, value };
    const key = path[i]!;
    if (i === 1 && path[0] === "headers" && isHeaderList(value)) {
      value = value.get(key) ?? undefined;
    } else if (i === 1 && path[0] === "headers") {
      const lower = key.toLowerCase();
      const name = Object.keys(value).find((name) => name.toLowerCase() === lower);
      value = name === undefined ? undefined : value[name];
      if (Array.isArray(value)) value = value[0];
    } else value = h(value, key) ? value[key] : undefined;
  }
  return { at: path.length, value };
}

/** `path` as the issues' messages write it: `body.items[0].id`, `headers["x-github-event"]`. */
export function formatPath(path: Path): string {
  let out = "";
  for (const step of path) {
    if (typeof step === "number") out += `[${step}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(step)) out += out === "" ? step : `.${step}`;
    else out += `[${JSON.stringify(step)}]`;
  }
  return out;
}

/** An issue as one line: `body.data.amount: expected number, got "12"`. */
export function formatIssue(issue: Issue): string {
  return issue.path.length === 0 ? issue.message : `${formatPath(issue.path)}: ${issue.message}`;
}

function unknownTag(tag: unknown, what: string): Issue[] {
  return [{ path: [], message: `${JSON.stringify(tag) ?? String(tag)} is not a declared ${what}` }];
}

/** Runs an event's check over a delivery: the payload, or every issue. */
export function parse<P, T extends keyof P>(receiver: Receiver, tag: T, input: unknown): ParseResult<P, T> {
  const event = typeof tag === "string" ? receiver.events.get(tag) : undefined;
  if (event === undefined) return { ok: false, tag, issues: unknownTag(tag, "event") };
  const payload = prepare(input, event.headers);
  // The common case first: valid, no unknown key. Otherwise once more, collecting.
  const quiet = receiver.reject ? QUIET_REJECT : QUIET_ACCEPT;
  quiet.x = false;
  if (event.check(payload, quiet) && !quiet.x) return { ok: true, tag, payload, extra: [] } as unknown as Parsed<P, T>;
  const l: Rec[] = [];
  const ok = event.check(payload, { l, r: receiver.reject, x: false });
  const issues: Issue[] = [];
  const extra: Path[] = [];
  for (const rec of l) {
    if (rec.m === undefined) extra.push(rec.p);
    else issues.push({ path: rec.p, message: rec.m });
  }
  if (!ok || issues.length > 0) return { ok: false, tag, issues };
  return { ok: true, tag, payload, extra } as unknown as Parsed<P, T>;
}

/** Whether `input` is a valid delivery of the event: `parse`'s verdict, without its payload or issues. */
export function test(receiver: Receiver, tag: unknown, input: unknown): boolean {
  const event = typeof tag === "string" ? receiver.events.get(tag) : undefined;
  return event !== undefined && event.check(prepare(input, event.headers), receiver.reject ? QUIET_REJECT : QUIET_ACCEPT);
}

/** Which event of a webhook a delivery is: by its selector, or else the first event whose schema it matches. */
export function identify<P>(receiver: Receiver, webhook: unknown, input: unknown): Identified<P> {
  const route = typeof webhook === "string" ? receiver.webhooks.get(webhook) : undefined;
  if (route === undefined) return { ok: false, tag: undefined, issues: unknownTag(webhook, "webhook") };
  const { selector } = route;
  if (selector !== undefined) {
    const { at, value } = selected(input, selector.path);
    if (at < selector.path.length) {
      // The delivery, or a part on the way to the selected field, is missing or no object.
      const message =
        value === undefined && at > 0
          ? `missing (the events of webhook ${JSON.stringify(webhook)} are told apart by ${formatPath(selector.path)})`
          : `expected object, got ${got(value)}`;
      return { ok: false, tag: undefined, issues: [{ path: selector.path.slice(0, at), message }] };
    }
    // A header sent twice counts by its first value; a Fetch Headers gives them joined by ", ".
    // Only a header: a body's text is its own.
    const first =
      selector.path[0] === "headers" && typeof value === "string" && value.includes(", ")
        ? value.slice(0, value.indexOf(", "))
        : undefined;
    const tag =
      typeof value === "string" || typeof value === "number"
        ? (selector.tags.get(value) ?? (first === undefined ? undefined : selector.tags.get(first)))
        : undefined;
    if (tag !== undefined) return parse<P, keyof P>(receiver, tag as keyof P, input) as Identified<P>;
    const known = [...selector.tags.keys()].map((v) => JSON.stringify(v)).join(", ");
    const message = `expected one of ${known} (the events of webhook ${JSON.stringify(webhook)}), got ${got(value)}`;
    return { ok: false, tag: undefined, issues: [{ path: [...selector.path], message }] };
  }
  let closest: { readonly tag: string; readonly issues: readonly Issue[] } | undefined;
  for (const tag of route.tags) {
    const result = parse<P, keyof P>(receiver, tag as keyof P, input);
    if (result.ok) return result as Identified<P>;
    const { issues } = result as Failed<unknown>;
    if (closest === undefined || issues.length < closest.issues.length) closest = { tag, issues };
  }
  const message = `matches none of the events of webhook ${JSON.stringify(webhook)} (${route.tags.join(", ")})`;
  const near = (closest?.issues ?? []).map((i) => ({ path: i.path, message: `(as ${closest!.tag}) ${i.message}` }));
  return { ok: false, tag: undefined, issues: [{ path: [], message }, ...near] };
}

/** An event's schema as a Standard Schema v1 object. */
export function standard<P, T extends keyof P>(receiver: Receiver, tag: T): StandardSchemaV1<unknown, P[T]> {
  return {
    "~standard": {
      version: 1,
      vendor: "ductape-events",
      validate: (value: unknown): StandardSchemaV1Result<P[T]> => {
        const result = parse<P, T>(receiver, tag, value) as ParseResult<P, T>;
        return result.ok
          ? { value: (result as unknown as { payload: P[T] }).payload }
          : { issues: (result as Failed<T>).issues };
      },
    },
  };
}

/** A function that identifies a delivery of a webhook and hands it to its event's handler, or to `fallback`. */
export function route<P, R>(
  receiver: Receiver,
  handlers: Handlers<P, R>,
  fallback: Fallback<P, R>,
): (webhook: string, input: unknown) => R {
  return (webhook, input) => {
    const result = identify<P>(receiver, webhook, input);
    if (result.ok) {
      const tag = result.tag as keyof P;
      const handler = h(handlers, tag as string) ? handlers[tag] : undefined;
      if (handler !== undefined) return handler(result.payload as P[keyof P], result as Parsed<P, keyof P>);
    }
    return fallback(result);
  };
}

/** The receivers of several modules as one (receive.ts joins the webhooks'). */
export function join(receivers: readonly Receiver[], reject: boolean): Receiver {
  return {
    events: new Map(receivers.flatMap((r) => [...r.events])),
    webhooks: new Map(receivers.flatMap((r) => [...r.webhooks])),
    reject,
  };
}
{{formats}}
