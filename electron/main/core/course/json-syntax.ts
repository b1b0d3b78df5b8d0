import { printParseErrorCode, visit, type ParseErrorCode } from 'jsonc-parser';

/**
 * Explains why a text is not JSON, in our own words and at a character offset, so the message is the
 * same on every Node (V8's wording and whether it gives a position change between versions). Also
 * bounds nesting first: jsonc-parser (and our locator built on it) recurse once per level.
 */

/** A course is ~5 levels deep; anything near this is a broken or hostile file. */
export const MAX_JSON_DEPTH = 64;

export interface JsonSyntaxProblem {
  readonly offset: number;
  readonly problem: string;
  readonly hint: string;
}

/** The offset where nesting first goes past `MAX_JSON_DEPTH`, skipping brackets inside strings. */
export function tooDeepAt(text: string, maxDepth = MAX_JSON_DEPTH): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c)
        i++; // backslash: skip the escaped character
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) inString = true;
    else if (code === 0x5b || code === 0x7b) {
      if (++depth > maxDepth) return i;
    } else if (code === 0x5d || code === 0x7d) depth--;
  }
  return undefined;
}

/** Nesting past `MAX_JSON_DEPTH`, which valid JSON can have too: check before building a tree. */
export function jsonNestingProblem(text: string): JsonSyntaxProblem | undefined {
  const deep = tooDeepAt(text);
  return deep === undefined
    ? undefined
    : { offset: deep, problem: `the JSON nests deeper than ${MAX_JSON_DEPTH} levels`, hint: 'A course is an object of lists of objects: look for runaway brackets.' };
}

/** The first syntax error in `text` (which JSON.parse already refused), or undefined if none is found. */
export function findJsonSyntaxProblem(text: string): JsonSyntaxProblem | undefined {
  const deep = jsonNestingProblem(text);
  if (deep) return deep;
  // visit() builds no values, so a 40 MB broken file costs no more memory than its text.
  let first: { error: ParseErrorCode; offset: number; length: number } | undefined;
  visit(text, { onError: (error, offset, length) => void (first ??= { error, offset, length }) }, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  return first ? describe(first, text) : undefined;
}

function describe(error: { error: ParseErrorCode; offset: number; length: number }, text: string): JsonSyntaxProblem {
  const { offset, length } = error;
  const token = text.slice(offset, offset + Math.min(length, 40));
  const before = /,\s*$/.exec(text.slice(Math.max(0, offset - 200), offset));
  const closer = text[offset];
  if (before && (closer === '}' || closer === ']')) {
    const comma = offset - before[0].length;
    return { offset: comma, problem: `a trailing comma before "${closer}"`, hint: 'JSON allows no comma after the last item: remove it.' };
  }
  const code = printParseErrorCode(error.error);
  switch (code) {
    case 'InvalidSymbol':
      if (token.startsWith("'")) return { offset, problem: `single quotes (${token})`, hint: 'JSON strings and names need double quotes.' };
      if (/^(NaN|-?Infinity|undefined)$/.test(token)) return { offset, problem: `${token} is not a JSON value`, hint: 'Write a number such as 1.0 instead.' };
      return { offset, problem: `unexpected ${quoteToken(token)}`, hint: 'Put text in double quotes; a missing comma or quote just before is the usual cause.' };
    case 'InvalidCommentToken':
      return { offset, problem: 'a comment', hint: 'JSON has no comments: remove it (keep notes in a "notes" field).' };
    case 'PropertyNameExpected':
      return { offset, problem: `expected a property name in double quotes, found ${quoteToken(token)}`, hint: 'Check the quotes and commas around here.' };
    case 'ValueExpected':
      return offset >= text.length
        ? { offset, problem: 'the text ends where a value was expected', hint: 'The file is cut short or empty: complete it.' }
        : { offset, problem: `expected a value, found ${quoteToken(token)}`, hint: 'Check the quotes and commas around here.' };
    case 'ColonExpected':
      return { offset, problem: `expected ":" after the property name, found ${quoteToken(token)}`, hint: 'Write "name": value.' };
    case 'CommaExpected':
      return { offset, problem: `expected a comma, found ${quoteToken(token)}`, hint: 'Add the missing comma between the two items.' };
    case 'CloseBraceExpected':
    case 'CloseBracketExpected':
      return offset >= text.length
        ? {
            offset,
            problem: `the text ends before the closing "${code === 'CloseBraceExpected' ? '}' : ']'}"`,
            hint: 'The file is cut short: complete it or add the missing bracket.',
          }
        : { offset, problem: `expected "${code === 'CloseBraceExpected' ? '}' : ']'}" or a comma, found ${quoteToken(token)}`, hint: 'Add the missing comma or bracket.' };
    case 'EndOfFileExpected':
      return { offset, problem: `text after the end of the JSON document: ${quoteToken(token)}`, hint: 'Remove it, or put everything inside the one top-level object.' };
    case 'UnexpectedEndOfString':
      return { offset, problem: 'a string that is never closed', hint: 'Add the closing double quote (a string cannot span lines; write \\n).' };
    case 'UnexpectedEndOfNumber':
    case 'InvalidNumberFormat':
      return { offset, problem: `a malformed number ${quoteToken(token)}`, hint: 'Write numbers such as 0.7 or 1.' };
    case 'InvalidUnicode':
    case 'InvalidEscapeCharacter':
      return { offset, problem: `an invalid escape in the string ${quoteToken(token)}`, hint: 'Valid escapes are \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX.' };
    case 'InvalidCharacter':
      return { offset, problem: 'a control character (a raw tab, newline or NUL) inside a string', hint: 'Write it as an escape (\\t, \\n) or remove it.' };
    default:
      return { offset, problem: 'invalid JSON', hint: 'Fix the syntax there (a missing comma, quote or bracket is the usual cause).' };
  }
}

function quoteToken(token: string): string {
  if (!token) return 'the end of the text';
  const shown = token.replace(/[\u0000-\u001f\u007f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return shown.startsWith('"') ? shown : `"${shown}"`;
}
