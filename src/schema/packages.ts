import { basename, dirname, join } from "node:path";
import { isMissingFile } from "../util/files.js";
import { getOwn, isJsonObject, type JsonValue } from "../util/json.js";

/** What reading a path gave, as the schema loader records it. */
export type ReadResult = { readonly text: string } | { readonly error: unknown };

/** Where a package specifier (`pkg/file.json`, `@scope/pkg/dir/file.json`) led. */
export type PackageResolution =
  | {
      readonly kind: "found";
      readonly file: string;
      /**
       * The package has an `exports` map that does not list the file, so Node would refuse it
       * (ERR_PACKAGE_PATH_NOT_EXPORTED); the file was taken from the package's folder instead.
       */
      readonly notExported: boolean;
    }
  | { readonly kind: "not-a-package"; readonly reason: string }
  | { readonly kind: "missing"; readonly packageName: string; readonly tried: readonly string[] };

/** A specifier split into its package name and the path inside the package (no leading `./`). */
export function splitPackageSpecifier(
  specifier: string,
): { readonly name: string; readonly subpath: string } | undefined {
  const parts = specifier.split("/");
  const count = specifier.startsWith("@") ? 2 : 1;
  if (parts.length < count || parts.slice(0, count).some((p) => p === "" || p === "." || p === "..")) return undefined;
  if (count === 2 && parts[0] === "@") return undefined;
  return { name: parts.slice(0, count).join("/"), subpath: parts.slice(count).join("/") };
}

/** The conditions `require` resolves an `exports` map with, as `createRequire(file).resolve` does. */
const CONDITIONS: ReadonlySet<string> = new Set(["node", "require", "default"]);

/**
 * Finds a JSON file of an installed package from the folder of `fromFile` as Node's `require`
 * does: each `node_modules` folder from there up to the root, the package's `exports` map when
 * it has one. Every path it looks at goes through `read`, so a caller that records reads knows
 * all the files the answer depends on (including the package.json files that were not there).
 * A package whose `exports` map omits the file is read from its folder anyway, and said so.
 */
export function resolvePackageFile(
  specifier: string,
  fromFile: string,
  read: (path: string) => ReadResult,
): PackageResolution {
  const split = splitPackageSpecifier(specifier);
  if (split === undefined) return { kind: "not-a-package", reason: `"${specifier}" is not a package name and path` };
  const tried: string[] = [];
  for (let folder = dirname(fromFile); ; folder = dirname(folder)) {
    // Node never looks in node_modules/node_modules.
    if (basename(folder) !== "node_modules") {
      const found = inPackageFolder(join(folder, "node_modules", split.name), split.subpath, read, tried);
      if (found !== undefined) return found;
    }
    if (dirname(folder) === folder) break;
  }
  return { kind: "missing", packageName: split.name, tried };
}

function inPackageFolder(
  packageFolder: string,
  subpath: string,
  read: (path: string) => ReadResult,
  tried: string[],
): PackageResolution | undefined {
  const manifestPath = join(packageFolder, "package.json");
  tried.push(manifestPath);
  const manifest = read(manifestPath);
  if ("error" in manifest) {
    if (!isMissingFile(manifest.error) || subpath === "") return undefined;
    // A folder without package.json still holds files that `require` finds by path.
    const file = join(packageFolder, subpath);
    tried.push(file);
    return "text" in read(file) ? { kind: "found", file, notExported: false } : undefined;
  }
  let parsed: JsonValue;
  try {
    parsed = JSON.parse(manifest.text) as JsonValue;
  } catch {
    return { kind: "not-a-package", reason: `${manifestPath} is not valid JSON` };
  }
  const pkg = isJsonObject(parsed) ? parsed : {};
  const exportsField = getOwn(pkg, "exports");
  if (exportsField !== undefined && exportsField !== null) {
    const target = exportTarget(exportsField, subpath === "" ? "." : `./${subpath}`);
    if (target !== undefined) return { kind: "found", file: join(packageFolder, target), notExported: false };
    const file = join(packageFolder, subpath === "" ? mainOf(pkg) : subpath);
    return { kind: "found", file, notExported: true };
  }
  return { kind: "found", file: join(packageFolder, subpath === "" ? mainOf(pkg) : subpath), notExported: false };
}

/** The package's main file for a specifier that names only the package (`index.json` without one). */
function mainOf(pkg: Readonly<Record<string, JsonValue>>): string {
  const main = getOwn(pkg, "main");
  return typeof main === "string" && main !== "" ? main : "index.json";
}

/**
 * The file an `exports` map gives for `subpath` (`./x.json`, or `.`), relative to the package
 * folder; undefined when the map does not export it. Exact keys first, then patterns with one
 * `*`, the one with the longest prefix winning, as Node's PATTERN_KEY_COMPARE orders them.
 */
export function exportTarget(exportsField: JsonValue, subpath: string): string | undefined {
  const isSubpathMap = isJsonObject(exportsField) && Object.keys(exportsField).some((key) => key.startsWith("."));
  if (!isSubpathMap) return subpath === "." ? conditionalTarget(exportsField, undefined) : undefined;
  const map = exportsField;
  const exact = getOwn(map, subpath);
  if (exact !== undefined && !subpath.includes("*")) return conditionalTarget(exact, undefined);
  let best: { key: string; match: string } | undefined;
  for (const key of Object.keys(map)) {
    const star = key.indexOf("*");
    if (star === -1 || key.indexOf("*", star + 1) !== -1) continue;
    const prefix = key.slice(0, star);
    const suffix = key.slice(star + 1);
    if (!subpath.startsWith(prefix) || !subpath.endsWith(suffix) || subpath.length < key.length) continue;
    if (
      best === undefined ||
      prefix.length > best.key.indexOf("*") ||
      (prefix.length === best.key.indexOf("*") && key.length > best.key.length)
    )
      best = { key, match: subpath.slice(prefix.length, subpath.length - suffix.length) };
  }
  return best === undefined ? undefined : conditionalTarget(getOwn(map, best.key)!, best.match);
}

/** A target (string, fallback list, or conditions) with `*` replaced by `match`; undefined for `null` or no match. */
function conditionalTarget(target: JsonValue, match: string | undefined): string | undefined {
  if (typeof target === "string") {
    if (!target.startsWith("./")) return undefined;
    return match === undefined ? target.slice(2) : target.slice(2).replaceAll("*", match);
  }
  if (Array.isArray(target)) {
    for (const candidate of target) {
      const found = conditionalTarget(candidate, match);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (isJsonObject(target)) {
    for (const condition of Object.keys(target)) {
      if (CONDITIONS.has(condition)) return conditionalTarget(getOwn(target, condition)!, match);
    }
  }
  return undefined;
}
