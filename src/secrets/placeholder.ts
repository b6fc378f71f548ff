/**
 * Telling a stand-in from a real credential. Samples are committed to git, so users are expected
 * to write `Bearer <token>` or `sk_live_xxx` there; reporting those would teach them to ignore
 * the check. A value is a placeholder, never reported, when it is blank, has a template hole
 * (`<...>`, `{{`, `${`) or a masking run (`xxx`, `***`, `...`, `…`), says so (`redacted`,
 * `example`, `your_`… see MARKERS), has `test` as a word (`sk_test_…`, not `latest`), is one
 * character repeated, or is shorter than {@link MIN_SECRET_LENGTH} (after the caller strips a
 * scheme such as `Bearer `). A random secret matches by chance rarely; missing it is cheaper than
 * crying wolf on every documented sample.
 */
export const MIN_SECRET_LENGTH = 8;

const MARKERS: readonly RegExp[] = [
  /<[^<>]*>/, // <token>, <your key here>
  /\{\{|\$\{/, // {{token}}, ${API_KEY}
  /x{3}/i, // xxxx-xxxx, sk_live_XXXX
  /\*{3}|\.{3}|…/, // ***, sk_live_..., truncated in docs
  /redacted|placeholder|example|change[-_]?me|dummy|fake|your[-_]/i,
  /(?<![a-z])test(?![a-z])/i,
];

/** One character repeated: `00000000`, `aaaaaaaaaaaaaaaa`. */
const REPEATED = /^(.)\1*$/su;

/**
 * Whether `text` is a stand-in rather than a credential (see the rules above). `minLength` is
 * lowered by rules whose shape already proves a credential, such as a URL's password, where
 * `https://user:pass@host` must still count.
 */
export function isPlaceholder(text: string, options: { readonly minLength?: number } = {}): boolean {
  const trimmed = text.trim();
  if (trimmed.length < (options.minLength ?? MIN_SECRET_LENGTH)) return true;
  return trimmed === "" || REPEATED.test(trimmed) || MARKERS.some((marker) => marker.test(trimmed));
}

/** Minimum length for the "mixed alphabet" test: API keys and tokens are 16 to 64+ characters. */
export const RANDOM_MIN_LENGTH = 16;

/**
 * Bits per character above which a value reads as random. Base62 noise of 16+ characters scores
 * about 3.8 to 4.5; English words and identifiers about 2.5 to 3.3. Reaching 3.5 takes at least
 * 12 distinct characters (log2 12 = 3.58), so this never fires on short values.
 */
export const ENTROPY_THRESHOLD = 3.5;

/**
 * Whether a value found under a credential-named key (`password`, `x-api-key`) looks machine
 * generated rather than like a word: at least {@link RANDOM_MIN_LENGTH} characters mixing two of
 * letters, digits and symbols, or a Shannon entropy above {@link ENTROPY_THRESHOLD}. Values with
 * whitespace are prose ("not a real token"), never a token, so they do not count.
 */
export function looksRandom(text: string): boolean {
  if (/\s/.test(text)) return false;
  return (text.length >= RANDOM_MIN_LENGTH && characterClasses(text) >= 2) || shannonEntropy(text) > ENTROPY_THRESHOLD;
}

/** How many of letters, digits and symbols (anything else that is not whitespace) `text` uses. */
function characterClasses(text: string): number {
  return [/\p{L}/u, /\d/, /[^\p{L}\d\s]/u].filter((pattern) => pattern.test(text)).length;
}

/** Shannon entropy of `text` in bits per character (0 for empty or one repeated character). */
export function shannonEntropy(text: string): number {
  const characters = [...text];
  const counts = new Map<string, number>();
  for (const character of characters) counts.set(character, (counts.get(character) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / characters.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}
