// The part of micromatch (fast-glob's matcher, which ships no types) that discovery uses.
declare module "micromatch" {
  interface Options {
    readonly dot?: boolean;
    readonly nocase?: boolean;
    readonly posix?: boolean;
    readonly strictSlashes?: boolean;
    readonly expand?: boolean;
    readonly nodupes?: boolean;
    readonly keepEscaping?: boolean;
  }
  const micromatch: {
    braces(pattern: string, options?: Options): string[];
    makeRe(pattern: string, options?: Options): RegExp;
  };
  export default micromatch;
}
