// The MLIR token set, as a chevrotain lexer.
//
// Two MLIR lexing quirks are handled here rather than in the parser:
//  - dimension lists: `1x224x3xi8` lexes as one `DimensionList` token (`1x224x3x`)
//    followed by the element type, instead of `1` and an identifier `x224x3xi8`;
//  - dialect types and attributes (`!quant.uniform<...>`, `#foo.bar<...>`) lex as
//    one token that includes their balanced `<...>` body, which is handed to the
//    dialect's own parser, as MLIR does.

import { createToken, Lexer, type CustomPatternMatcherReturn, type IToken, type TokenType } from 'chevrotain';
import { computeLineStarts } from './diagnostics.js';

/** Matches a balanced `<...>` starting at `offset`; returns the end offset or -1. */
export function matchBalancedAngles(text: string, offset: number): number {
  if (text[offset] !== '<') return -1;
  const stack: string[] = [];
  const closing: Record<string, string> = { '<': '>', '(': ')', '[': ']', '{': '}' };
  let i = offset;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      // Skip a string literal, honouring escapes.
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\n') return -1;
        i += text[i] === '\\' ? 2 : 1;
      }
      if (i >= text.length) return -1;
    } else if (c === '-' && text[i + 1] === '>') {
      i++; // `->` inside a body is an arrow, not a closing bracket
    } else if (c in closing) {
      stack.push(closing[c]!);
    } else if (c === '>' || c === ')' || c === ']' || c === '}') {
      if (stack.pop() !== c) return -1;
      if (stack.length === 0) return i + 1;
    }
    i++;
  }
  return -1;
}

const symbolBody = /[A-Za-z_$.][\w$.\-]*/y;

/** `!name` or `#name`, with an optional adjacent `<...>` body. */
function dialectSymbol(sigil: string) {
  return (text: string, offset: number): CustomPatternMatcherReturn | null => {
    if (text[offset] !== sigil) return null;
    symbolBody.lastIndex = offset + 1;
    const m = symbolBody.exec(text);
    if (!m) return null;
    let end = offset + 1 + m[0].length;
    if (text[end] === '<') {
      const close = matchBalancedAngles(text, end);
      if (close < 0) return null;
      end = close;
    }
    return [text.slice(offset, end)] as CustomPatternMatcherReturn;
  };
}

// The element type that may follow a dimension list; keeps hex literals such as
// `0x7FC00000` from lexing as dimensions.
const dimensionList = /(?:(?:\d+|\?)x)+(?=[iuf]\d|si\d|ui\d|bf16|tf32|f8|index|none|complex<|tensor<|vector<|memref<|tuple<|!|\?)/y;

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n]+/, group: Lexer.SKIPPED, line_breaks: true });
export const Comment = createToken({ name: 'Comment', pattern: /\/\/[^\n]*/, group: Lexer.SKIPPED });
export const FileMetadataBegin = createToken({ name: 'FileMetadataBegin', pattern: /\{-#/, label: "'{-#'" });
export const FileMetadataEnd = createToken({ name: 'FileMetadataEnd', pattern: /#-\}/, label: "'#-}'" });
export const ValueId = createToken({ name: 'ValueId', pattern: /%(?:\d+|[A-Za-z_$.\-][\w$.\-]*)(?:#\d+)?/, label: 'SSA value' });
export const CaretId = createToken({ name: 'CaretId', pattern: /\^[\w$.\-]+/, label: 'block label' });
// MLIR's `@` identifiers: a letter or `_`, then letters, digits, `_`, `$`, `.`; or a quoted string.
export const AtId = createToken({ name: 'AtId', pattern: /@(?:[A-Za-z_][\w$.]*|"(?:[^"\\\n]|\\.)*")/, label: 'symbol' });
export const HashSymbol = createToken({
  name: 'HashSymbol',
  pattern: { exec: dialectSymbol('#') },
  start_chars_hint: ['#'],
  line_breaks: true,
  label: 'attribute alias or dialect attribute',
});
export const BangSymbol = createToken({
  name: 'BangSymbol',
  pattern: { exec: dialectSymbol('!') },
  start_chars_hint: ['!'],
  line_breaks: true,
  label: 'type alias or dialect type',
});
const stringSpecial = /["\\\n]/g;

/**
 * A string literal on one line, honouring `\` escapes. Scans with indexOf-like
 * searches rather than a regular expression with an alternation in a loop,
 * which overflows V8's backtracking stack on multi-megabyte hex strings.
 */
function matchString(text: string, offset: number): CustomPatternMatcherReturn | null {
  if (text.charCodeAt(offset) !== 0x22) return null;
  let i = offset + 1;
  for (;;) {
    stringSpecial.lastIndex = i;
    const m = stringSpecial.exec(text);
    if (!m) return null;
    const c = text[m.index];
    if (c === '"') return [text.slice(offset, m.index + 1)] as CustomPatternMatcherReturn;
    if (c === '\n') return null;
    const next = text[m.index + 1];
    if (next === undefined || next === '\n') return null;
    i = m.index + 2;
  }
}

export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: { exec: matchString },
  start_chars_hint: ['"'],
  line_breaks: false,
  label: 'string',
});
/** Recognised only to report it: a string with no closing quote on its line. */
export const UnterminatedString = createToken({ name: 'UnterminatedString', pattern: /"[^\n]*/ });
export const DimensionList = createToken({
  name: 'DimensionList',
  pattern: { exec: (text, offset) => ((dimensionList.lastIndex = offset), dimensionList.exec(text)) },
  start_chars_hint: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '?'],
  line_breaks: false,
  label: 'dimension list',
});
export const FloatLiteral = createToken({ name: 'FloatLiteral', pattern: /\d+\.\d*(?:[eE][-+]?\d+)?/, label: 'float' });
export const HexInteger = createToken({ name: 'HexInteger', pattern: /0x[0-9a-fA-F]+/, label: 'hexadecimal integer' });
export const Integer = createToken({ name: 'Integer', pattern: /\d+/, label: 'integer' });
export const BareId = createToken({ name: 'BareId', pattern: /[A-Za-z_][\w$.]*/, label: 'identifier' });
export const Arrow = createToken({ name: 'Arrow', pattern: /->/, label: "'->'" });
export const ColonColon = createToken({ name: 'ColonColon', pattern: /::/, label: "'::'" });
export const StarX = createToken({ name: 'StarX', pattern: /\*x/, label: "'*x'" });

const punctuation = ['(', ')', '[', ']', '{', '}', '<', '>', '=', ':', ',', '-', '+', '*', '?'] as const;
export const Punct: Record<string, TokenType> = Object.fromEntries(
  punctuation.map((p) => [p, createToken({ name: `Punct${p.charCodeAt(0)}`, pattern: p, label: `'${p}'` })]),
);

export const allTokens: TokenType[] = [
  WhiteSpace,
  Comment,
  FileMetadataBegin,
  FileMetadataEnd,
  ValueId,
  CaretId,
  AtId,
  HashSymbol,
  BangSymbol,
  StringLiteral,
  UnterminatedString,
  DimensionList,
  FloatLiteral,
  HexInteger,
  Integer,
  BareId,
  Arrow,
  ColonColon,
  StarX,
  ...punctuation.map((p) => Punct[p]!),
];

let lexer: Lexer | null = null;

export interface LexError {
  offset: number;
  line: number;
  column: number;
  message: string;
}

/** Tokenizes MLIR text. Returns the tokens, or the first lexing error. */
export function tokenize(text: string): { tokens: IToken[]; lineStarts: number[]; error: LexError | null } {
  // Tokens carry offsets only; line and column are computed on demand from
  // `lineStarts`, which keeps a million-token file's token objects small.
  lexer ??= new Lexer(allTokens, { positionTracking: 'onlyOffset', ensureOptimizations: false });
  const result = lexer.tokenize(text);
  const lineStarts = computeLineStarts(text);
  const errorAt = (offset: number, message: string): LexError => {
    const { line, column } = lineColumnOf(lineStarts, offset);
    return { offset, line, column, message };
  };
  const unterminated = result.tokens.find((t) => t.tokenType === UnterminatedString);
  if (unterminated) {
    return { tokens: [], lineStarts, error: errorAt(unterminated.startOffset, 'expected \'"\' in string literal') };
  }
  const e = result.errors[0];
  if (e) {
    const ch = text[e.offset]!;
    // Control characters show as `\XX`, so the message itself stays printable.
    const shown = ch < ' ' || ch === '\x7f' ? `\\${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}` : ch;
    const what =
      ch === '!' || ch === '#'
        ? `malformed '${ch}' symbol (unbalanced '<...>'?)`
        : ch === '@'
          ? "@ identifier expected to start with letter or '_'"
          : `unexpected character '${shown}'`;
    return { tokens: [], lineStarts, error: errorAt(e.offset, what) };
  }
  return { tokens: result.tokens, lineStarts, error: null };
}

/** 1-based line and column of `offset`, by binary search over line start offsets. */
export function lineColumnOf(lineStarts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
}
