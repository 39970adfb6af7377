/**
 * JSON from clients, bounded in depth before anything walks it.
 *
 * V8's `JSON.parse` does not recurse, so it reads `[[[[…]]]]` ten thousand
 * levels deep without trouble; but everything that walks the value afterwards
 * does recurse (`JSON.stringify`, `String()` of an array, a merge patch, a
 * structured clone) and overflows the stack at a few thousand levels. A few
 * kilobytes of brackets would then throw from wherever the value is next
 * touched. So the depth is counted on the text first, in one pass without
 * allocating, and a text nested deeper than the bound is refused before it is
 * parsed at all.
 */

/**
 * Whether a JSON text nests arrays and objects more than `maxDepth` levels
 * deep. Brackets inside strings do not count. Stops at the first level past
 * the bound. The text need not be valid JSON: the parser judges that after.
 */
export function nestsDeeperThan(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i += 1;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      depth += 1;
      if (depth > maxDepth) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth -= 1;
    }
  }
  return false;
}

export type ParsedJson = {ok: true; value: unknown} | {ok: false; tooDeep: boolean; detail: string};

/**
 * Parses a client's JSON text, refusing one nested deeper than `maxDepth`
 * (arrays and objects; a bare value is depth 0). The detail says what was
 * wrong in words a client can act on.
 */
export function parseClientJson(text: string, maxDepth: number): ParsedJson {
  if (nestsDeeperThan(text, maxDepth)) {
    return {ok: false, tooDeep: true, detail: `The JSON nests arrays and objects more than ${maxDepth} levels deep`};
  }
  try {
    return {ok: true, value: JSON.parse(text)};
  } catch (error) {
    return {ok: false, tooDeep: false, detail: error instanceof Error ? error.message : 'not JSON'};
  }
}
