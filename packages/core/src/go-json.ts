/**
 * Go encoding/json's field matching, shared by every reader that must decode JSON the
 * way a Go server does (the plugin manifest, the Marketplace's plugins.json).
 *
 * encoding/json (decode.go, `(*decodeState).object`) looks a key up among the struct's
 * fields by exact name first, then by `foldName` equality: ASCII letters fold to one case,
 * and the two non-ASCII letters that fold to ASCII ones, U+017F LATIN SMALL LETTER LONG S
 * (to `s`) and U+212A KELVIN SIGN (to `k`), match too. Unknown keys are ignored. A key
 * that appears twice sets the field twice, so the last value wins.
 */
export function goFold(key: string): string {
  let out = '';
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    if (code >= 65 && code <= 90) out += String.fromCharCode(code + 32);
    else if (code === 0x017f) out += 's';
    else if (code === 0x212a) out += 'k';
    else out += key[i];
  }
  return out;
}

/** The field among `names` a JSON key sets, as encoding/json matches it, or undefined (ignored). */
export function goFieldFor(key: string, names: readonly string[]): string | undefined {
  if (names.includes(key)) return key;
  const folded = goFold(key);
  return names.find((name) => goFold(name) === folded);
}

/** encoding/json refuses input nested deeper than this (decode.go, `maxNestingDepth`). */
export const GO_MAX_NESTING = 10000;
