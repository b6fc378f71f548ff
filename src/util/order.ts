/**
 * The one order of strings that every output and listing uses: by UTF-16 code unit, as `<`
 * compares them. It is the same on every machine and in every locale (`localeCompare` is not),
 * so outputs never depend on where the build ran.
 */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compares items by their `tag`, in code-unit order. */
export function byTag(a: { readonly tag: string }, b: { readonly tag: string }): number {
  return compareCodeUnits(a.tag, b.tag);
}
