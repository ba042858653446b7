// The MLIR text parser: generic operation syntax, builtin types and attributes,
// locations, aliases, the `{-# ... #-}` resource section, and the hooks through
// which ops with a custom (pretty) syntax parse themselves.
//
// The lexer is chevrotain's; the grammar is recursive descent over its tokens,
// because op syntax is decided at run time by each op's definition (custom
// assembly formats looked up in the registry), which a grammar fixed when the
// parser is built cannot express. This is also how MLIR's own parser works.

import type { IToken, TokenType } from 'chevrotain';
import {
  ArrayAttr,
  CallSiteLoc,
  DenseArrayAttr,
  DenseElementsAttr,
  DenseResourceAttr,
  DictionaryAttr,
  FileLineColLoc,
  FloatAttr,
  FusedLoc,
  IntegerAttr,
  NameLoc,
  OpaqueAttr,
  ResourceHandle,
  StringAttr,
  SymbolRefAttr,
  TypeAttr,
  UnitAttr,
  UnknownLoc,
  decodeStringBytes,
  elementByteWidth,
  type Attribute,
  type DenseShapedType,
  type Location,
} from './attributes.js';
import { Diagnostic, DiagnosticError } from './diagnostics.js';
import { bitsToFloat, floatByteWidth, floatToBits, roundToFloat } from './float-bits.js';
import {
  AtId,
  Arrow,
  BangSymbol,
  BareId,
  CaretId,
  ColonColon,
  DimensionList,
  FileMetadataBegin,
  FileMetadataEnd,
  FloatLiteral,
  HashSymbol,
  HexInteger,
  Integer,
  Punct,
  StarX,
  StringLiteral,
  ValueId,
  lineColumnOf,
  tokenize,
} from './lexer.js';
import { Block, Operation, Region, type Value } from './operation.js';
import { lookupOp } from './registry.js';
import {
  DYNAMIC,
  FloatType,
  FunctionType,
  IndexType,
  IntegerType,
  MAX_INTEGER_WIDTH,
  NoneType,
  OpaqueType,
  QuantUniformType,
  RankedTensorType,
  TupleType,
  UnrankedTensorType,
  VectorType,
  i64,
  type FloatKind,
  type Type,
} from './types.js';

export interface OperationState {
  name: string;
  loc: Location;
  operands: Value[];
  resultTypes: Type[];
  properties: Map<string, Attribute>;
  attributes: Map<string, Attribute>;
  regions: Region[];
}

/** A `%name#n` reference not yet resolved to a value (custom parsers resolve it with a type). */
export interface UnresolvedOperand {
  readonly name: string;
  readonly number: number;
  readonly loc: Location;
}

/** A region argument as written in a custom syntax: `%arg0: i32 {attrs} loc(...)`. */
export interface RegionArgument {
  readonly operand: UnresolvedOperand;
  type: Type;
  attrs: DictionaryAttr | null;
  loc: Location;
}

type PunctChar = '(' | ')' | '[' | ']' | '{' | '}' | '<' | '>' | '=' | ':' | ',' | '-' | '+' | '*' | '?' | '->' | '::';

/** Supplies a custom parser for the value of attribute `key`, or undefined for the default. */
export type AttrValueParser = (key: string) => ((p: OpAsmParser) => Attribute) | undefined;

/** What a custom op syntax may call, modelled on MLIR's OpAsmParser. */
export interface OpAsmParser {
  readonly currentLoc: Location;
  emitError(message: string, loc?: Location): never;
  parsePunct(p: PunctChar): void;
  parseOptionalPunct(p: PunctChar): boolean;
  parseKeyword(keyword: string): void;
  parseOptionalKeyword(keyword: string): boolean;
  peekKeyword(): string | null;
  parseOperand(): UnresolvedOperand;
  parseOptionalOperand(): UnresolvedOperand | null;
  parseOperandList(): UnresolvedOperand[];
  resolveOperand(operand: UnresolvedOperand, type: Type): Value;
  parseType(): Type;
  parseColonType(): Type;
  parseTypeList(): Type[];
  parseColonTypeList(): Type[];
  /** `(t, ...)` or a single bare type, as after `->`. */
  parseFunctionResultTypes(): Type[];
  parseAttribute(type?: Type): Attribute;
  /** `valueParser(key)` may supply a parser for a key's value (e.g. bare enum cases). */
  parseOptionalAttrDict(into: Map<string, Attribute>, valueParser?: AttrValueParser): void;
  parseOptionalAttrDictWithKeyword(into: Map<string, Attribute>, valueParser?: AttrValueParser): void;
  parseSymbolName(): string;
  parseOptionalSymbolName(): string | null;
  parseString(): string;
  /** `(%a: t {attrs} loc(...), ...)` as in a function signature; `allowTypesOnly` for declarations. */
  parseArgumentList(): RegionArgument[];
  parseOptionalLocation(): Location | null;
  /** Parses `{ ... }` into `region`, with `args` as the entry block's arguments. */
  parseRegion(region: Region, args: readonly RegionArgument[], isolated: boolean): void;
  parseOptionalRegion(region: Region, args: readonly RegionArgument[], isolated: boolean): boolean;
}

interface ValueGroup {
  values: Value[];
  loc: Location;
}

interface ForwardRef {
  placeholder: Operation;
  loc: Location;
}

/** SSA names visible in one IsolatedFromAbove scope, MLIR-style. */
class NameScope {
  readonly values = new Map<string, ValueGroup>();
  readonly forwardRefs = new Map<string, ForwardRef>();
  /** Names defined in each open region, removed again when the region closes. */
  readonly regionDefs: string[][] = [];
}

const FORWARD_REF = '<forward-ref>';

export interface ParseOptions {
  /** File name used in locations and diagnostics. */
  file?: string;
  /** Added to every line number (for `// -----` chunks of a larger file). */
  lineOffset?: number;
  /** Location of the implicit module when the text has no single module (default `file:0:0`). */
  implicitModuleLoc?: Location;
}

export class Parser implements OpAsmParser {
  private readonly tokens: IToken[];
  private readonly lineStarts: number[];
  private readonly text: string;
  private readonly implicitModuleLoc: Location | null;
  private pos = 0;
  private readonly file: string;
  private readonly lineOffset: number;
  private readonly eofLoc: Location;
  private readonly typeAliases = new Map<string, Type>();
  private readonly attrAliases = new Map<string, Attribute>();
  /**
   * Where each `#alias = ...` definition starts. MLIR prints location aliases
   * after the module that uses them, so a location alias may be used before its
   * definition: it is then parsed on demand from here.
   */
  private readonly aliasDefinitions = new Map<string, number>();
  private readonly aliasesInProgress = new Set<string>();
  readonly resources = new Map<string, ResourceHandle>();
  private readonly scopes: NameScope[] = [];
  /** Default dialect for unprefixed custom op names, per enclosing op (`return` in `func.func`). */
  private readonly defaultDialects: string[] = [];

  constructor(
    text: string,
    opts: ParseOptions = {},
  ) {
    this.file = opts.file ?? '<stdin>';
    this.lineOffset = opts.lineOffset ?? 0;
    this.implicitModuleLoc = opts.implicitModuleLoc ?? null;
    this.text = text;
    const { tokens, lineStarts, error } = tokenize(text);
    this.lineStarts = lineStarts;
    if (error) {
      throw new DiagnosticError(new Diagnostic('error', error.message, this.locAt(error.line, error.column)));
    }
    this.tokens = tokens;
    tokens.forEach((t, i) => {
      if (t.tokenType === HashSymbol && tokens[i + 1]?.tokenType === Punct['=']) this.aliasDefinitions.set(t.image.slice(1), i + 2);
    });
    const lines = text.split('\n');
    this.eofLoc = this.locAt(lines.length, (lines[lines.length - 1]?.length ?? 0) + 1);
  }

  // -------------------------------------------------------------------------
  // Token helpers.

  private locAt(line: number, col: number): FileLineColLoc {
    return new FileLineColLoc(this.file, line + this.lineOffset, col);
  }
  private get tok(): IToken | undefined {
    return this.tokens[this.pos];
  }
  get currentLoc(): Location {
    const t = this.tok;
    return t ? this.locOfOffset(t.startOffset) : this.eofLoc;
  }
  private locOfOffset(offset: number): FileLineColLoc {
    const { line, column } = lineColumnOf(this.lineStarts, offset);
    return this.locAt(line, column);
  }
  private is(type: TokenType, offset = 0): boolean {
    return this.tokens[this.pos + offset]?.tokenType === type;
  }
  private isPunct(p: string, offset = 0): boolean {
    const t = this.tokens[this.pos + offset];
    if (!t) return false;
    if (p === '->') return t.tokenType === Arrow;
    if (p === '::') return t.tokenType === ColonColon;
    return t.tokenType === Punct[p];
  }
  private isKeyword(kw: string, offset = 0): boolean {
    const t = this.tokens[this.pos + offset];
    return t !== undefined && t.tokenType === BareId && t.image === kw;
  }
  private describe(): string {
    const t = this.tok;
    return t ? `'${t.image.length > 40 ? t.image.slice(0, 40) + '...' : t.image}'` : 'end of file';
  }
  emitError(message: string, loc: Location = this.currentLoc): never {
    throw new DiagnosticError(new Diagnostic('error', message, loc));
  }
  private expected(what: string): never {
    this.emitError(`expected ${what}, found ${this.describe()}`, this.wrongTokenLoc());
  }

  /**
   * Where MLIR reports a wrong or missing token (Parser::emitWrongTokenError):
   * just after the last thing before it, backing up over blanks, line breaks
   * and `//` comments, so a missing `}` at the end of a file is reported on
   * the last line with code rather than at the end of the file.
   */
  private wrongTokenLoc(): Location {
    const text = this.text;
    const t = this.tok;
    const original = t ? t.startOffset : Math.max(0, text.length - 1);
    let end = original;
    for (;;) {
      while (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
      if (end === 0) return this.locOfOffset(original);
      const c = text[end - 1];
      if (c !== '\n' && c !== '\r') return this.locOfOffset(end);
      end--;
      const lineStart = Math.max(text.lastIndexOf('\n', end - 1), text.lastIndexOf('\r', end - 1), 0);
      const comment = end > 0 ? text.slice(lineStart, end).indexOf('//') : -1;
      if (comment >= 0) end = lineStart + comment;
    }
  }
  private consume(type: TokenType, what: string): IToken {
    const t = this.tok;
    if (!t || t.tokenType !== type) this.expected(what);
    this.pos++;
    return t;
  }

  parsePunct(p: PunctChar): void {
    if (!this.parseOptionalPunct(p)) this.expected(`'${p}'`);
  }
  parseOptionalPunct(p: PunctChar): boolean {
    if (!this.isPunct(p)) return false;
    this.pos++;
    return true;
  }
  parseKeyword(keyword: string): void {
    if (!this.parseOptionalKeyword(keyword)) this.expected(`'${keyword}'`);
  }
  parseOptionalKeyword(keyword: string): boolean {
    if (!this.isKeyword(keyword)) return false;
    this.pos++;
    return true;
  }
  peekKeyword(): string | null {
    return this.is(BareId) ? this.tok!.image : null;
  }
  /** Parses `elem (, elem)*` inside `open ... close`; an empty list is allowed. */
  private parseCommaList(open: PunctChar, close: PunctChar, elem: () => void): void {
    this.parsePunct(open);
    if (this.parseOptionalPunct(close)) return;
    do elem();
    while (this.parseOptionalPunct(','));
    this.parsePunct(close);
  }

  // -------------------------------------------------------------------------
  // Top level.

  /** Parses a whole file into a `builtin.module` (implicit when the file has no single module). */
  parseTopLevel(): Operation {
    const topOps: Operation[] = [];
    this.scopes.push(new NameScope());
    this.scopes[0]!.regionDefs.push([]);
    try {
      while (this.tok) {
        if (this.is(HashSymbol) && this.isPunct('=', 1)) this.parseAttributeAliasDef();
        else if (this.is(BangSymbol) && this.isPunct('=', 1)) this.parseTypeAliasDef();
        else if (this.is(FileMetadataBegin)) this.parseFileMetadata();
        else topOps.push(this.parseOperation());
      }
    } catch (e) {
      // The grammar is recursive; input nested deeper than the JS stack allows
      // (hundreds of regions, thousands of brackets) is reported where it got to.
      if (e instanceof RangeError && /call stack/i.test(e.message)) this.emitError('nesting is too deep to parse');
      throw e;
    }
    this.finishScope();
    if (topOps.length === 1 && topOps[0]!.name === 'builtin.module') return topOps[0]!;
    // MLIR places the implicit module at `file:0:0`.
    const loc = this.implicitModuleLoc ?? new FileLineColLoc(this.file, 0, 0);
    const module = new Operation({ name: 'builtin.module', regions: 1, loc });
    const body = module.regions[0]!.addBlock();
    for (const op of topOps) body.append(op);
    return module;
  }

  private parseAttributeAliasDef(): void {
    const loc = this.currentLoc;
    const tok = this.consume(HashSymbol, 'attribute alias');
    const name = tok.image.slice(1);
    if (name.includes('<') || name.includes('.')) this.emitError(`invalid attribute alias name '${name}'`);
    this.parsePunct('=');
    const valueStart = this.pos;
    const attr = this.parseAttribute();
    const prior = this.attrAliases.get(name);
    // A location alias parsed earlier on demand is the same definition, met again.
    if (prior && this.aliasDefinitions.get(name) !== valueStart) {
      this.emitError(`redefinition of attribute alias id '${name}'`, loc);
    }
    if (!prior) this.attrAliases.set(name, attr);
  }

  /** Parses a location alias's definition out of order, the first time it is used. */
  private resolveLocationAliasOnDemand(name: string, at: Location): Location | null {
    const start = this.aliasDefinitions.get(name);
    if (start === undefined || !this.isKeyword('loc', start - this.pos)) return null;
    if (this.aliasesInProgress.has(name)) this.emitError(`location alias '#${name}' refers to itself`, at);
    this.aliasesInProgress.add(name);
    const saved = this.pos;
    this.pos = start;
    try {
      const loc = this.parseLocation();
      this.attrAliases.set(name, loc);
      return loc;
    } finally {
      this.pos = saved;
      this.aliasesInProgress.delete(name);
    }
  }

  private parseTypeAliasDef(): void {
    const loc = this.currentLoc;
    const tok = this.consume(BangSymbol, 'type alias');
    const name = tok.image.slice(1);
    if (name.includes('<') || name.includes('.')) this.emitError(`invalid type alias name '${name}'`, loc);
    this.parsePunct('=');
    if (this.typeAliases.has(name)) this.emitError(`redefinition of type alias id '${name}'`, loc);
    this.typeAliases.set(name, this.parseType());
  }

  /** `{-# dialect_resources: { builtin: { key: "0x..." } }, external_resources: {...} #-}` */
  private parseFileMetadata(): void {
    this.consume(FileMetadataBegin, "'{-#'");
    const parseEntries = (entry: (key: string, keyLoc: Location) => void): void => {
      this.parseCommaList('{', '}', () => {
        const keyLoc = this.currentLoc;
        const key = this.is(StringLiteral) ? this.parseString() : this.consume(BareId, 'resource key').image;
        this.parsePunct(':');
        entry(key, keyLoc);
      });
    };
    do {
      const section = this.consume(BareId, "'dialect_resources' or 'external_resources'").image;
      this.parsePunct(':');
      if (section === 'dialect_resources') {
        parseEntries((dialect) => {
          parseEntries((key, keyLoc) => {
            if (dialect !== 'builtin') {
              this.parseAttribute(); // another dialect's resource: not ours to interpret
              return;
            }
            const valueLoc = this.currentLoc;
            const hex = this.parseString();
            const bytes = decodeHex(hex);
            if (!bytes || bytes.length < 4) {
              this.emitError(`expected hex string blob for key '${key}'`, valueLoc);
            }
            const alignment = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
            if (alignment === 0 || (alignment & (alignment - 1)) !== 0) {
              this.emitError(
                `expected hex string blob for key '${key}' to encode alignment in first 4 bytes, but got non-power-of-2 value: ${alignment}`,
                valueLoc,
              );
            }
            const handle = this.resources.get(key);
            if (!handle) return; // unused blobs are dropped, as MLIR does
            if (handle.data) this.emitError(`duplicate resource key '${key}'`, keyLoc);
            handle.alignment = alignment;
            handle.data = bytes.subarray(4);
          });
        });
      } else if (section === 'external_resources') {
        parseEntries(() => {
          parseEntries(() => void this.parseAttribute());
        });
      } else {
        this.emitError(`unknown file metadata section '${section}'`);
      }
    } while (this.parseOptionalPunct(','));
    this.consume(FileMetadataEnd, "'#-}'");
  }

  // -------------------------------------------------------------------------
  // SSA name scopes.

  private get scope(): NameScope {
    return this.scopes[this.scopes.length - 1]!;
  }

  private finishScope(): void {
    const scope = this.scopes.pop()!;
    for (const [name, ref] of scope.forwardRefs) {
      this.emitError(`use of undeclared SSA value name '${name.replace(/#0$/, '')}'`, ref.loc);
    }
  }

  private pushRegionNames(isolated: boolean): void {
    if (isolated) this.scopes.push(new NameScope());
    this.scope.regionDefs.push([]);
  }

  private popRegionNames(isolated: boolean): void {
    const names = this.scope.regionDefs.pop()!;
    for (const n of names) this.scope.values.delete(n);
    if (isolated) this.finishScope();
  }

  private splitValueId(image: string): { name: string; number: number } {
    const hash = image.indexOf('#');
    if (hash < 0) return { name: image, number: 0 };
    return { name: image.slice(0, hash), number: Number(image.slice(hash + 1)) };
  }

  private defineValues(name: string, values: Value[], loc: Location): void {
    const scope = this.scope;
    const prior = scope.values.get(name);
    if (prior) {
      throw new DiagnosticError(
        (() => {
          const d = new Diagnostic('error', `redefinition of SSA value '${name}'`, loc);
          d.attachNote('previously defined here', prior.loc);
          return d;
        })(),
      );
    }
    scope.values.set(name, { values, loc });
    scope.regionDefs[scope.regionDefs.length - 1]!.push(name);
    values.forEach((v, i) => {
      const key = `${name}#${i}`;
      const ref = scope.forwardRefs.get(key);
      if (!ref) return;
      const placeholderValue = ref.placeholder.result(0);
      if (placeholderValue.type !== v.type) {
        this.emitError(
          `definition of SSA value '${name}#${i}' has type ${v.type}, but it was used with type ${placeholderValue.type}`,
          ref.loc,
        );
      }
      placeholderValue.replaceAllUsesWith(v);
      scope.forwardRefs.delete(key);
    });
    for (const key of scope.forwardRefs.keys()) {
      const [n, idx] = key.split('#');
      if (n === name && Number(idx) >= values.length) {
        this.emitError(`reference to invalid result number '${key}'`, scope.forwardRefs.get(key)!.loc);
      }
    }
  }

  resolveOperand(operand: UnresolvedOperand, type: Type): Value {
    const scope = this.scope;
    const group = scope.values.get(operand.name);
    if (group) {
      const v = group.values[operand.number];
      if (!v) this.emitError(`reference to invalid result number '${operand.name}#${operand.number}'`, operand.loc);
      if (v.type !== type) {
        this.emitError(`use of value '${operand.name}' expects different type than prior uses: '${type}' vs '${v.type}'`, operand.loc);
      }
      return v;
    }
    const key = `${operand.name}#${operand.number}`;
    const ref = scope.forwardRefs.get(key);
    if (ref) {
      const v = ref.placeholder.result(0);
      if (v.type !== type) {
        this.emitError(`use of value '${operand.name}' expects different type than prior uses: '${type}' vs '${v.type}'`, operand.loc);
      }
      return v;
    }
    const placeholder = new Operation({ name: FORWARD_REF, resultTypes: [type], loc: operand.loc });
    scope.forwardRefs.set(key, { placeholder, loc: operand.loc });
    return placeholder.result(0);
  }

  // -------------------------------------------------------------------------
  // Operations.

  parseOperand(): UnresolvedOperand {
    const tok = this.consume(ValueId, 'SSA operand');
    const { name, number } = this.splitValueId(tok.image);
    // The location is only needed for errors: compute it on demand.
    const self = this;
    return {
      name,
      number,
      get loc(): Location {
        return self.locOfOffset(tok.startOffset);
      },
    };
  }
  parseOptionalOperand(): UnresolvedOperand | null {
    return this.is(ValueId) ? this.parseOperand() : null;
  }
  parseOperandList(): UnresolvedOperand[] {
    const list: UnresolvedOperand[] = [];
    if (!this.is(ValueId)) return list;
    do list.push(this.parseOperand());
    while (this.parseOptionalPunct(','));
    return list;
  }

  /** `%a, %b:2 = op...`: result names and the number of results each binds. */
  private parseResultNames(): { name: string; count: number; loc: Location }[] {
    const names: { name: string; count: number; loc: Location }[] = [];
    if (!this.is(ValueId)) return names;
    do {
      const loc = this.currentLoc;
      const tok = this.consume(ValueId, 'SSA result name');
      if (tok.image.includes('#')) this.emitError(`expected SSA result name without '#', found '${tok.image}'`, loc);
      let count = 1;
      if (this.parseOptionalPunct(':')) {
        const n = this.consume(Integer, 'result count');
        count = Number(n.image);
        if (count < 1) this.emitError('expected a result count of at least 1', loc);
      }
      names.push({ name: tok.image, count, loc });
    } while (this.parseOptionalPunct(','));
    this.parsePunct('=');
    return names;
  }

  parseOperation(): Operation {
    const startLoc = this.currentLoc;
    const resultNames = this.parseResultNames();
    const opLoc = this.currentLoc;
    let op: Operation;
    if (this.is(StringLiteral)) op = this.parseGenericOperation(opLoc);
    else if (this.is(BareId)) op = this.parseCustomOperation(opLoc);
    else this.expected('operation name');

    const expectedResults = resultNames.reduce((n, r) => n + r.count, 0);
    if (resultNames.length > 0 && expectedResults !== op.results.length) {
      this.emitError(
        `operation defines ${op.results.length} results but was provided ${expectedResults} to bind`,
        startLoc,
      );
    }
    let next = 0;
    for (const r of resultNames) {
      this.defineValues(r.name, op.results.slice(next, next + r.count), r.loc);
      next += r.count;
    }
    return op;
  }

  private newState(name: string, loc: Location): OperationState {
    return { name, loc, operands: [], resultTypes: [], properties: new Map(), attributes: new Map(), regions: [] };
  }

  private buildOperation(state: OperationState): Operation {
    const op = new Operation({
      name: state.name,
      operands: state.operands,
      resultTypes: state.resultTypes,
      properties: state.properties,
      attributes: state.attributes,
      regions: state.regions,
      loc: state.loc,
    });
    return op;
  }

  private parseGenericOperation(loc: Location): Operation {
    const name = this.parseString();
    if (name.length === 0) this.emitError('empty operation name is invalid', loc);
    const state = this.newState(name, loc);
    const def = lookupOp(name);
    const isolated = def?.traits?.includes('IsolatedFromAbove') ?? false;

    const operands: UnresolvedOperand[] = [];
    this.parseCommaList('(', ')', () => operands.push(this.parseOperand()));
    if (this.isPunct('[')) this.emitError('successors are not supported: npuc regions are single-block graphs');
    if (this.parseOptionalPunct('<')) {
      if (!this.isPunct('{')) this.expected("'{' to start properties");
      this.parseAttrDictInto(state.properties);
      this.parsePunct('>');
    }
    if (this.isPunct('(')) {
      this.parseCommaList('(', ')', () => {
        const region = new Region();
        this.parseRegion(region, [], isolated);
        state.regions.push(region);
      });
    }
    if (this.isPunct('{')) this.parseAttrDictInto(state.attributes);
    const typeLoc = this.currentLoc;
    this.parsePunct(':');
    const fnType = this.parseType();
    if (!(fnType instanceof FunctionType)) this.emitError('expected function type', typeLoc);
    if (fnType.inputs.length !== operands.length) {
      this.emitError(`expected ${operands.length} operand type(s) but had ${fnType.inputs.length}`, typeLoc);
    }
    state.operands = operands.map((o, i) => this.resolveOperand(o, fnType.inputs[i]!));
    state.resultTypes = [...fnType.results];
    state.loc = this.parseOptionalLocation() ?? loc;
    return this.buildOperation(state);
  }

  private parseCustomOperation(loc: Location): Operation {
    const nameTok = this.consume(BareId, 'operation name');
    let name = nameTok.image;
    let def = lookupOp(name);
    if (!def && !name.includes('.')) {
      // Unprefixed names resolve in the enclosing op's dialect, then in builtin.
      const dialect = this.defaultDialects[this.defaultDialects.length - 1];
      def = (dialect ? lookupOp(`${dialect}.${name}`) : undefined) ?? lookupOp(`builtin.${name}`);
      if (def) name = def.name;
    }
    if (!def) this.emitError(`custom op '${nameTok.image}' is unknown`, loc);
    if (!def.assembly) this.emitError(`op '${name}' has no custom syntax; write it in generic form "${name}"(...)`, loc);
    const state = this.newState(name, loc);
    this.defaultDialects.push(name.slice(0, name.indexOf('.')));
    try {
      def.assembly.parse(this, state);
    } finally {
      this.defaultDialects.pop();
    }
    state.loc = this.parseOptionalLocation() ?? loc;
    return this.buildOperation(state);
  }

  // -------------------------------------------------------------------------
  // Regions and blocks.

  parseOptionalRegion(region: Region, args: readonly RegionArgument[], isolated: boolean): boolean {
    if (!this.isPunct('{')) return false;
    this.parseRegion(region, args, isolated);
    return true;
  }

  parseRegion(region: Region, args: readonly RegionArgument[], isolated: boolean): void {
    this.parsePunct('{');
    this.pushRegionNames(isolated);
    try {
      if (this.parseOptionalPunct('}')) {
        if (args.length > 0) this.emitError('expected non-empty region body: it has arguments');
        return;
      }
      const blocks = new Map<string, { block: Block; loc: Location }>();
      let entry: Block;
      if (args.length > 0 || !this.is(CaretId)) {
        entry = region.addBlock();
        for (const a of args) {
          const v = entry.addArgument(a.type, a.loc);
          this.defineValues(a.operand.name, [v], a.operand.loc);
        }
        if (args.length > 0 && this.is(CaretId)) this.emitError('invalid block name in region with named arguments');
        this.parseBlockBody(entry);
      }
      while (this.is(CaretId)) {
        const loc = this.currentLoc;
        const label = this.consume(CaretId, 'block label').image;
        if (blocks.has(label)) this.emitError(`redefinition of block '${label}'`, loc);
        const block = region.addBlock();
        blocks.set(label, { block, loc });
        if (this.isPunct('(')) {
          this.parseCommaList('(', ')', () => {
            const operand = this.parseOperand();
            this.parsePunct(':');
            const type = this.parseType();
            const argLoc = this.parseOptionalLocation() ?? operand.loc;
            this.defineValues(operand.name, [block.addArgument(type, argLoc)], operand.loc);
          });
        }
        this.parsePunct(':');
        this.parseBlockBody(block);
      }
      this.parsePunct('}');
    } finally {
      this.popRegionNames(isolated);
    }
  }

  private parseBlockBody(block: Block): void {
    while (!this.isPunct('}') && !this.is(CaretId)) {
      if (!this.tok) this.expected("'}' to close the region");
      block.append(this.parseOperation());
    }
  }

  parseArgumentList(): RegionArgument[] {
    const args: RegionArgument[] = [];
    this.parseCommaList('(', ')', () => {
      const operand = this.parseOperand();
      this.parsePunct(':');
      const type = this.parseType();
      let attrs: DictionaryAttr | null = null;
      if (this.isPunct('{')) {
        const m = new Map<string, Attribute>();
        this.parseAttrDictInto(m);
        attrs = new DictionaryAttr(m);
      }
      const loc = this.parseOptionalLocation() ?? operand.loc;
      args.push({ operand, type, attrs, loc });
    });
    return args;
  }

  // -------------------------------------------------------------------------
  // Attribute dictionaries.

  parseOptionalAttrDict(into: Map<string, Attribute>, valueParser?: AttrValueParser): void {
    if (this.isPunct('{')) this.parseAttrDictInto(into, valueParser);
  }
  parseOptionalAttrDictWithKeyword(into: Map<string, Attribute>, valueParser?: AttrValueParser): void {
    if (this.parseOptionalKeyword('attributes')) this.parseAttrDictInto(into, valueParser);
  }

  private parseAttrDictInto(into: Map<string, Attribute>, valueParser?: AttrValueParser): void {
    this.parseCommaList('{', '}', () => {
      const loc = this.currentLoc;
      let name: string;
      if (this.is(StringLiteral)) name = this.parseString();
      else if (this.is(BareId)) name = this.consume(BareId, 'attribute name').image;
      else this.expected('attribute name');
      if (name.length === 0) this.emitError('expected valid attribute name', loc);
      if (into.has(name)) this.emitError(`duplicate key '${name}' in dictionary attribute`, loc);
      const custom = valueParser?.(name);
      into.set(name, this.parseOptionalPunct('=') ? (custom ? custom(this) : this.parseAttribute()) : UnitAttr.instance);
    });
  }

  parseSymbolName(): string {
    const name = this.parseOptionalSymbolName();
    if (name === null) this.expected('symbol name');
    return name;
  }
  parseOptionalSymbolName(): string | null {
    if (!this.is(AtId)) return null;
    const image = this.consume(AtId, 'symbol').image.slice(1);
    return image.startsWith('"') ? unescapeString(image, (m) => this.emitError(m)) : image;
  }
  parseString(): string {
    const tok = this.consume(StringLiteral, 'string');
    return unescapeString(tok.image, (m) => this.emitError(m));
  }

  // -------------------------------------------------------------------------
  // Types.

  parseColonType(): Type {
    this.parsePunct(':');
    return this.parseType();
  }
  parseTypeList(): Type[] {
    const types = [this.parseType()];
    while (this.parseOptionalPunct(',')) types.push(this.parseType());
    return types;
  }
  parseColonTypeList(): Type[] {
    this.parsePunct(':');
    return this.parseTypeList();
  }
  parseFunctionResultTypes(): Type[] {
    if (this.isPunct('(')) {
      const types: Type[] = [];
      this.parseCommaList('(', ')', () => types.push(this.parseType()));
      return types;
    }
    return [this.parseType()];
  }

  parseType(): Type {
    const t = this.parseOptionalType();
    if (!t) this.expected('type');
    return t;
  }

  private parseOptionalType(): Type | null {
    const tok = this.tok;
    if (!tok) return null;
    if (tok.tokenType === Punct['(']!) {
      const inputs: Type[] = [];
      this.parseCommaList('(', ')', () => inputs.push(this.parseType()));
      this.parsePunct('->');
      return FunctionType.get(inputs, this.parseFunctionResultTypes());
    }
    if (tok.tokenType === BangSymbol) return this.parseBangType();
    if (tok.tokenType !== BareId) return null;
    const word = tok.image;
    const m = /^(si|ui|i)(\d+)$/.exec(word);
    if (m) {
      const loc = this.currentLoc;
      this.pos++;
      const width = Number(m[2]);
      if (width > MAX_INTEGER_WIDTH) this.emitError(`integer bitwidth is limited to ${MAX_INTEGER_WIDTH} bits`, loc);
      if (width < 1) this.emitError(`zero-width integer types are not supported`, loc);
      return IntegerType.get(width, m[1] === 'si' ? 'signed' : m[1] === 'ui' ? 'unsigned' : 'signless');
    }
    switch (word) {
      case 'f16':
      case 'bf16':
      case 'f32':
      case 'f64':
      case 'tf32':
        this.pos++;
        return FloatType.get(word as FloatKind);
      case 'index':
        this.pos++;
        return IndexType.get();
      case 'none':
        this.pos++;
        return NoneType.get();
      case 'tensor':
        return this.parseTensorType();
      case 'vector': {
        this.pos++;
        this.parsePunct('<');
        const shape = this.parseDimensionList(false);
        const elt = this.parseType();
        this.parsePunct('>');
        return VectorType.get(shape, elt);
      }
      case 'tuple': {
        this.pos++;
        const types: Type[] = [];
        this.parseCommaList('<', '>', () => types.push(this.parseType()));
        return TupleType.get(types);
      }
      default:
        return null;
    }
  }

  private parseDimensionList(allowDynamic: boolean): number[] {
    if (!this.is(DimensionList)) return [];
    const loc = this.currentLoc;
    const image = this.consume(DimensionList, 'dimension list').image;
    const dims = image.slice(0, -1).split('x').map((d) => (d === '?' ? DYNAMIC : Number(d)));
    for (const d of dims) {
      if (d === DYNAMIC && !allowDynamic) this.emitError('dynamic dimensions are not allowed here', loc);
      if (d !== DYNAMIC && !Number.isSafeInteger(d)) this.emitError('dimension is too large', loc);
    }
    return dims;
  }

  private parseTensorType(): Type {
    this.pos++;
    this.parsePunct('<');
    if (this.is(StarX)) {
      this.pos++;
      const elt = this.parseType();
      this.parsePunct('>');
      return UnrankedTensorType.get(elt);
    }
    const shape = this.parseDimensionList(true);
    const eltLoc = this.currentLoc;
    const elt = this.parseType();
    if (elt instanceof FunctionType || elt instanceof RankedTensorType || elt instanceof UnrankedTensorType) {
      this.emitError(`invalid tensor element type ${elt}`, eltLoc);
    }
    let encoding: string | null = null;
    if (this.parseOptionalPunct(',')) encoding = this.parseAttribute().toString();
    this.parsePunct('>');
    return RankedTensorType.get(shape, elt, encoding);
  }

  /** `!alias`, `!quant.uniform<...>` or an opaque dialect type. */
  private parseBangType(): Type {
    const loc = this.currentLoc;
    const image = this.consume(BangSymbol, 'type').image;
    const lt = image.indexOf('<');
    const head = lt < 0 ? image.slice(1) : image.slice(1, lt);
    const dot = head.indexOf('.');
    if (dot < 0 && lt < 0) {
      const alias = this.typeAliases.get(head);
      if (!alias) this.emitError(`undefined symbol alias id '${head}'`, loc);
      return alias;
    }
    const dialect = dot < 0 ? head : head.slice(0, dot);
    if (head === 'quant.uniform') return this.parseQuantUniformBody(image.slice(lt), loc);
    // The quant dialect is known: other names in it are errors, not opaque types
    // (`any` and `calibrated` are upstream's other quant types, kept as text).
    if (dialect === 'quant' && head !== 'quant.any' && head !== 'quant.calibrated') {
      this.emitError(`unknown quantized type ${head.slice('quant.'.length)}`, loc);
    }
    // `!foo.bar<...>` keeps `bar<...>`; `!foo<...>` (no dot) keeps `<...>`.
    return OpaqueType.get(dialect, image.slice(dialect.length + (dot < 0 ? 1 : 2)));
  }

  /**
   * The `<...>` body of `!quant.uniform`, parsed with a sub-parser over its text,
   * with MLIR's checks and messages. Storage types are `iN` (signed; `siN` is
   * the same) or `uN`/`uiN` (unsigned), 1 to 32 bits wide. Unlike upstream, a
   * zero point outside the storage range is an error: no integer kernel can
   * represent it.
   */
  private parseQuantUniformBody(body: string, loc: Location): Type {
    const bodyLoc = loc instanceof FileLineColLoc ? new FileLineColLoc(loc.file, loc.line, loc.col + '!quant.uniform'.length) : loc;
    const sub: Parser = this.subParser(body, loc);
    return sub.withErrorsAt(bodyLoc, () => {
      // Invariant violations are reported at `uniform`, as MLIR does.
      const typeNameLoc = new FileLineColLoc(this.file, 1, 1 - 'uniform'.length);
      sub.parsePunct('<');
      const storageLoc = sub.currentLoc;
      let storage: IntegerType;
      const word = sub.peekKeyword();
      const unsignedWord = word === null ? null : /^ui?(\d+)$/.exec(word);
      if (unsignedWord) {
        sub.pos++;
        const width = Number(unsignedWord[1]);
        if (width === 0 || width > 32) sub.emitError(`illegal storage type size: ${width}`, storageLoc);
        storage = IntegerType.get(width, 'unsigned');
      } else {
        const t = sub.parseOptionalType();
        if (!(t instanceof IntegerType)) {
          sub.emitError(t ? `illegal storage type: ${t} is not an integer type` : 'illegal storage type prefix', storageLoc);
        }
        if (t.width > 32) sub.emitError(`illegal storage type size: ${t.width}`, storageLoc);
        storage = t.isUnsigned ? t : IntegerType.get(t.width);
      }
      let storageMin: bigint | undefined;
      let storageMax: bigint | undefined;
      if (sub.parseOptionalPunct('<')) {
        const minLoc = sub.currentLoc;
        storageMin = sub.parseSignedInteger();
        sub.parsePunct(':');
        const maxLoc = sub.currentLoc;
        storageMax = sub.parseSignedInteger();
        sub.parsePunct('>');
        if (storageMin < storage.minValue) sub.emitError(`illegal storage type minimum: ${storageMin}`, minLoc);
        if (storageMax > storage.maxValue) sub.emitError(`illegal storage type maximum: ${storageMax}`, maxLoc);
        if (storageMin > storageMax) {
          sub.emitError(`illegal storage min and storage max: (${storageMin}:${storageMax})`, typeNameLoc);
        }
      }
      sub.parsePunct(':');
      const expressedLoc = sub.currentLoc;
      const expressed = sub.parseType();
      if (!(expressed instanceof FloatType)) sub.emitError('invalid kind of type specified', expressedLoc);
      let axis: number | null = null;
      if (sub.parseOptionalPunct(':')) {
        const a = sub.parseSignedInteger();
        if (a < 0n || a > 0x7fffffffn) sub.emitError(`illegal quantized dimension: ${a}`, typeNameLoc);
        axis = Number(a);
      }
      sub.parsePunct(',');
      const scales: number[] = [];
      const zps: bigint[] = [];
      const [minScale, maxScale] = scaleRange(expressed.name);
      const param = (): void => {
        const scale = sub.parseSignedNumber();
        const scaleLoc = sub.currentLoc;
        if (!(scale >= minScale && scale <= maxScale)) {
          sub.emitError(`scale ${printfE(scale)} out of expressed type range [${printfE(minScale)}, ${printfE(maxScale)}]`, scaleLoc);
        }
        scales.push(scale);
        if (sub.parseOptionalPunct(':')) {
          const zpLoc = sub.currentLoc;
          const zp = sub.parseSignedInteger();
          const lo = storageMin ?? storage.minValue;
          const hi = storageMax ?? storage.maxValue;
          if (zp < lo || zp > hi) sub.emitError(`zero point ${zp} is outside the storage range [${lo}:${hi}]`, zpLoc);
          zps.push(zp);
        } else {
          zps.push(0n);
        }
      };
      if (axis === null) param();
      else sub.parseCommaList('{', '}', param);
      sub.parsePunct('>');
      return QuantUniformType.get({
        storageType: storage,
        expressedType: expressed,
        scales,
        zeroPoints: zps,
        axis,
        storageMin,
        storageMax,
      });
    });
  }

  private subParser(body: string, _loc: Location): Parser {
    return new Parser(body, { file: this.file });
  }
  /**
   * Runs `fn` on this sub-parser, moving any error from the sub-parser's own
   * text to where that text starts in the file (`loc`, the body's first character).
   */
  private withErrorsAt<T>(loc: Location, fn: () => T): T {
    try {
      const r = fn();
      if (this.tok) this.expected("'>' to end the type");
      return r;
    } catch (e) {
      if (!(e instanceof DiagnosticError)) throw e;
      const move = (at: Location): Location => {
        if (!(loc instanceof FileLineColLoc && at instanceof FileLineColLoc && at.line >= 1)) return loc;
        return at.line === 1
          ? new FileLineColLoc(loc.file, loc.line, loc.col + at.col - 1)
          : new FileLineColLoc(loc.file, loc.line + at.line - 1, at.col);
      };
      const d = new Diagnostic('error', e.diagnostic.message, move(e.diagnostic.loc));
      for (const n of e.diagnostic.notes) d.attachNote(n.message, move(n.loc));
      throw new DiagnosticError(d);
    }
  }

  private parseSignedInteger(): bigint {
    const neg = this.parseOptionalPunct('-');
    const tok = this.consume(Integer, 'integer');
    const v = BigInt(tok.image);
    return neg ? -v : v;
  }
  /** A float literal as MLIR's parseFloat reads it: decimal float, or hex bits of an f64. */
  private parseSignedNumber(): number {
    const neg = this.parseOptionalPunct('-');
    const tok = this.tok;
    if (tok?.tokenType === Integer) this.decimalIntegerForFloat();
    if (!tok || (tok.tokenType !== FloatLiteral && tok.tokenType !== HexInteger)) this.expected('floating point value');
    this.pos++;
    const v = tok.tokenType === HexInteger ? bitsToFloat(BigInt(tok.image), 'f64') : Number(tok.image);
    return neg ? -v : v;
  }

  /** MLIR's error for `2 : f32`: a float needs a '.' (or hex bits). */
  private decimalIntegerForFloat(loc: Location = this.currentLoc): never {
    const d = new Diagnostic('error', 'unexpected decimal integer literal for a floating point value', loc);
    d.attachNote('add a trailing dot to make the literal a float', loc);
    throw new DiagnosticError(d);
  }


  // -------------------------------------------------------------------------
  // Attributes.

  parseAttribute(type?: Type): Attribute {
    const loc = this.currentLoc;
    const tok = this.tok;
    if (!tok) this.expected('attribute value');
    const tt = tok.tokenType;
    if (tt === BareId) {
      switch (tok.image) {
        case 'true':
        case 'false':
          this.pos++; // MLIR gives `true`/`false` no type suffix: they are always i1
          return IntegerAttr.bool(tok.image === 'true');
        case 'unit':
          this.pos++;
          return UnitAttr.instance;
        case 'dense':
          return this.parseDenseElements();
        case 'dense_resource':
          return this.parseDenseResource();
        case 'array':
          return this.parseDenseArray();
        case 'loc':
          return this.parseLocation();
        case 'affine_map':
        case 'affine_set':
        case 'strided':
        case 'sparse':
        case 'distinct':
          this.emitError(`'${tok.image}' attributes are not supported`);
      }
      const t = this.parseOptionalType();
      if (!t) this.emitError(`expected attribute value, found '${tok.image}'`);
      return new TypeAttr(t);
    }
    if (tt === Integer || tt === FloatLiteral || tt === HexInteger || tt === Punct['-']!) {
      return this.parseNumberAttr(type);
    }
    if (tt === StringLiteral) {
      const s = this.parseString();
      return new StringAttr(s, this.parseOptionalPunct(':') ? this.parseType() : null);
    }
    if (tt === Punct['[']!) {
      const elems: Attribute[] = [];
      this.parseCommaList('[', ']', () => elems.push(this.parseAttribute()));
      return new ArrayAttr(elems);
    }
    if (tt === Punct['{']!) {
      const m = new Map<string, Attribute>();
      this.parseAttrDictInto(m);
      return new DictionaryAttr(m);
    }
    if (tt === AtId) {
      const root = this.parseSymbolName();
      const nested: string[] = [];
      while (this.parseOptionalPunct('::')) nested.push(this.parseSymbolName());
      return new SymbolRefAttr(root, nested);
    }
    if (tt === HashSymbol) {
      this.pos++;
      const image = tok.image;
      if (!image.includes('<') && !image.includes('.')) {
        const alias = this.attrAliases.get(image.slice(1));
        if (!alias) this.emitError(`undefined symbol alias id '${image.slice(1)}'`, loc);
        return alias;
      }
      return new OpaqueAttr(image);
    }
    if (tt === Punct['(']! || tt === BangSymbol) return new TypeAttr(this.parseType());
    this.expected('attribute value');
  }

  /** An integer or float literal, optionally typed: `4 : i32`, `-1.5 : f32`, `0x7FC00000 : f32`. */
  private parseNumberAttr(type?: Type): Attribute {
    const loc = this.currentLoc;
    const neg = this.parseOptionalPunct('-');
    const tok = this.tok;
    if (!tok || (tok.tokenType !== Integer && tok.tokenType !== FloatLiteral && tok.tokenType !== HexInteger)) {
      this.expected('number');
    }
    const numberLoc = this.currentLoc;
    this.pos++;
    let t = type;
    if (this.parseOptionalPunct(':')) t = this.parseType();
    if (tok.tokenType === Integer && t instanceof FloatType) this.decimalIntegerForFloat(numberLoc);
    if (tok.tokenType === FloatLiteral) {
      const ft = t ?? FloatType.get('f64');
      if (!(ft instanceof FloatType)) this.emitError(`floating point value not valid for specified type ${ft}`, loc);
      const v = Number(tok.image);
      return new FloatAttr(roundToFloat(neg ? -v : v, ft.name), ft);
    }
    const v = BigInt(tok.image);
    if (t instanceof FloatType) {
      if (tok.tokenType === HexInteger) {
        if (neg) this.emitError('hexadecimal float literal should not have a leading minus', loc);
        if (v >= 1n << BigInt(floatByteWidth(t.name) * 8)) this.emitError('hexadecimal float constant out of range for type', numberLoc);
        return new FloatAttr(bitsToFloat(v, t.name), t);
      }
      return new FloatAttr(roundToFloat(Number(neg ? -v : v), t.name), t);
    }
    const it = t ?? i64;
    if (!(it instanceof IntegerType || it instanceof IndexType)) {
      this.emitError(`integer literal not valid for specified type ${it}`, loc);
    }
    const value = neg ? -v : v;
    this.checkIntegerFits(value, it, loc);
    return new IntegerAttr(value, it);
  }

  private checkIntegerFits(value: bigint, t: IntegerType | IndexType, loc: Location): void {
    if (!this.integerFits(value, t)) this.emitError(`integer constant out of range for attribute of type ${t}`, loc);
  }

  /** MLIR accepts any bit pattern that fits the width, signed or unsigned (signless types both). */
  private integerFits(value: bigint, t: IntegerType | IndexType): boolean {
    if (t instanceof IndexType) t = i64;
    const lo = t.isUnsigned ? 0n : -(1n << BigInt(t.width - 1));
    const hi = t.signedness === 'signed' ? (1n << BigInt(t.width - 1)) - 1n : (1n << BigInt(t.width)) - 1n;
    return value >= lo && value <= hi;
  }

  private parseDenseArray(): Attribute {
    this.consume(BareId, "'array'");
    this.parsePunct('<');
    const typeLoc = this.currentLoc;
    const et = this.parseType();
    if (!(et instanceof IntegerType || et instanceof FloatType)) this.emitError(`expected integer or float type, got ${et}`, typeLoc);
    if (et instanceof IntegerType && et.width !== 1 && et.width % 8 !== 0) this.emitError('element type bitwidth must be a multiple of 8', typeLoc);
    const values: number[] = [];
    if (this.parseOptionalPunct(':')) {
      do {
        const loc = this.currentLoc;
        if (et instanceof IntegerType && et.width === 1 && (this.isKeyword('true') || this.isKeyword('false'))) {
          values.push(this.consume(BareId, 'bool').image === 'true' ? 1 : 0);
          continue;
        }
        const a = this.parseNumberAttr(et);
        if (a instanceof IntegerAttr) {
          if (a.value > BigInt(Number.MAX_SAFE_INTEGER) || a.value < BigInt(Number.MIN_SAFE_INTEGER)) {
            this.emitError('dense array element does not fit in a safe integer', loc);
          }
          values.push(Number(a.value));
        } else if (a instanceof FloatAttr) values.push(a.value);
      } while (this.parseOptionalPunct(','));
    }
    this.parsePunct('>');
    return new DenseArrayAttr(et, values);
  }

  private parseDenseResource(): Attribute {
    this.consume(BareId, "'dense_resource'");
    this.parsePunct('<');
    const key = this.is(StringLiteral) ? this.parseString() : this.consume(BareId, 'resource handle').image;
    this.parsePunct('>');
    const typeLoc = this.currentLoc;
    const type = this.parseColonType();
    if (!(type instanceof RankedTensorType || type instanceof VectorType) || !isStatic(type)) {
      this.emitError('dense_resource requires a statically shaped tensor or vector type', typeLoc);
    }
    let handle = this.resources.get(key);
    if (!handle) {
      handle = new ResourceHandle(key);
      this.resources.set(key, handle);
    }
    return new DenseResourceAttr(type, handle);
  }

  /** `dense<...> : tensor<...>`: a literal tree, a splat, or a hex string of raw bytes. */
  private parseDenseElements(): Attribute {
    const denseLoc = this.currentLoc;
    this.consume(BareId, "'dense'");
    this.parsePunct('<');
    const bodyLoc = this.currentLoc;
    type Lit = ({ kind: 'int'; v: bigint; hex: boolean; neg: boolean } | { kind: 'float'; v: number } | { kind: 'bool'; v: boolean }) & {
      loc: Location;
    };
    type Tree = Lit | { kind: 'list'; items: Tree[]; loc: Location };
    let hex: Uint8Array | null = null;
    let tree: Tree | null = null;
    const parseLit = (): Lit => {
      if (this.isKeyword('true') || this.isKeyword('false')) {
        const loc = this.currentLoc;
        return { kind: 'bool', v: this.consume(BareId, 'bool').image === 'true', loc };
      }
      const neg = this.parseOptionalPunct('-');
      const tok = this.tok;
      const loc = this.currentLoc;
      if (tok?.tokenType === FloatLiteral) {
        this.pos++;
        return { kind: 'float', v: neg ? -Number(tok.image) : Number(tok.image), loc };
      }
      if (tok?.tokenType === Integer || tok?.tokenType === HexInteger) {
        this.pos++;
        const v = BigInt(tok.image);
        return { kind: 'int', v: neg ? -v : v, hex: tok.tokenType === HexInteger, neg, loc };
      }
      this.expected('element literal');
    };
    const parseTree = (): Tree => {
      if (!this.isPunct('[')) return parseLit();
      const loc = this.currentLoc;
      const items: Tree[] = [];
      this.parseCommaList('[', ']', () => items.push(parseTree()));
      return { kind: 'list', items, loc };
    };
    if (this.is(StringLiteral)) {
      const s = this.parseString();
      hex = decodeHex(s);
      if (!hex) this.emitError('expected string containing hex digits starting with `0x`', bodyLoc);
    } else if (!this.isPunct('>')) {
      tree = parseTree();
    }
    this.parsePunct('>');
    const type = this.parseColonType();
    if (!(type instanceof RankedTensorType || type instanceof VectorType)) {
      this.emitError('elements literal must be a shaped type', denseLoc);
    }
    if (!isStatic(type)) this.emitError('elements literal type must have static shape', denseLoc);
    const et = type.elementType;
    if (!(et instanceof IntegerType || et instanceof FloatType || et instanceof IndexType)) {
      this.emitError(`dense elements of element type ${et} are not supported`, denseLoc);
    }
    const count = type.shape.reduce((a, b) => a * b, 1);
    const width = elementByteWidth(et);
    if (hex) {
      if (hex.length === width && count !== 1) return new DenseElementsAttr(type, hex, true);
      if (hex.length !== width * count) this.emitError(`elements hex data size is invalid for provided type: '${type}'`, denseLoc);
      return new DenseElementsAttr(type, hex, false);
    }
    if (!tree) {
      if (count !== 0) this.emitError(`parsed zero elements, but type ('${type}') expected at least 1`, denseLoc);
      return new DenseElementsAttr(type, new Uint8Array(0), false);
    }
    // Flatten the literal tree, checking it is rectangular and matches the type's shape.
    const flat: Lit[] = [];
    const shapeOf = (t: Tree, depth: number, dims: number[]): void => {
      if (t.kind !== 'list') {
        if (depth !== dims.length) this.emitError('tensor literal is invalid; ranks are not consistent between elements', t.loc);
        flat.push(t);
        return;
      }
      if (depth === dims.length && flat.length === 0) dims.push(t.items.length);
      else if (depth >= dims.length || dims[depth] !== t.items.length) {
        this.emitError('tensor literal is invalid; ranks are not consistent between elements', t.loc);
      }
      for (const item of t.items) shapeOf(item, depth + 1, dims);
    };
    const dims: number[] = [];
    if (tree.kind === 'list') shapeOf(tree, 0, dims);
    else flat.push(tree);
    const splat = tree.kind !== 'list';
    if (!splat && (dims.length !== type.shape.length || dims.some((d, i) => d !== type.shape[i]))) {
      this.emitError(`inferred shape of elements literal ([${dims.join(', ')}]) does not match type ([${type.shape.join(', ')}])`, denseLoc);
    }
    const raw = new Uint8Array(flat.length * width);
    const view = new DataView(raw.buffer);
    flat.forEach((lit, i) => {
      let bits: bigint;
      if (et instanceof FloatType) {
        if (lit.kind === 'bool') this.emitError('expected floating point literal', lit.loc);
        if (lit.kind === 'int') {
          if (!lit.hex) this.decimalIntegerForFloat(lit.loc);
          if (lit.neg) this.emitError('hexadecimal float literal should not have a leading minus', lit.loc);
          if (lit.v >= 1n << BigInt(width * 8)) this.emitError('hexadecimal float constant out of range for type', lit.loc);
          bits = lit.v;
        } else {
          bits = floatToBits(roundToFloat(lit.v, et.name), et.name);
        }
      } else {
        if (lit.kind === 'float') this.emitError('expected integer elements, but parsed floating-point', lit.loc);
        if (lit.kind === 'bool' && !(et instanceof IntegerType && et.width === 1)) {
          this.emitError("expected i1 type for 'true' or 'false' values", lit.loc);
        }
        const v = lit.kind === 'bool' ? (lit.v ? 1n : 0n) : lit.v;
        if (et instanceof IntegerType && et.isUnsigned && v < 0n) {
          this.emitError('expected unsigned integer elements, but parsed negative value', lit.loc);
        }
        if (!this.integerFits(v, et instanceof IndexType ? i64 : et)) this.emitError('integer constant out of range for type', lit.loc);
        bits = v;
      }
      let u = BigInt.asUintN(width * 8, bits);
      for (let b = 0; b < width; b++) {
        view.setUint8(i * width + b, Number(u & 0xffn));
        u >>= 8n;
      }
    });
    return new DenseElementsAttr(type, raw, splat && count !== 1);
  }

  // -------------------------------------------------------------------------
  // Locations.

  parseOptionalLocation(): Location | null {
    if (!this.isKeyword('loc')) return null;
    return this.parseLocation();
  }

  private parseLocation(): Location {
    this.parseKeyword('loc');
    this.parsePunct('(');
    const loc = this.parseLocationBody();
    this.parsePunct(')');
    return loc;
  }

  private parseLocationBody(): Location {
    const at = this.currentLoc;
    if (this.is(HashSymbol)) {
      const name = this.consume(HashSymbol, 'location alias').image.slice(1);
      const alias = this.attrAliases.get(name) ?? this.resolveLocationAliasOnDemand(name, at);
      if (!alias) this.emitError(`undefined symbol alias id '${name}'`, at);
      if (!isLocation(alias)) this.emitError(`expected location, but '#${name}' is not one`, at);
      return alias;
    }
    if (this.parseOptionalKeyword('unknown')) return UnknownLoc.instance;
    if (this.parseOptionalKeyword('fused')) {
      let metadata: Attribute | null = null;
      if (this.parseOptionalPunct('<')) {
        metadata = this.parseAttribute();
        this.parsePunct('>');
      }
      const locs: Location[] = [];
      this.parseCommaList('[', ']', () => locs.push(this.parseLocationBody()));
      return FusedLoc.get(locs, metadata);
    }
    if (this.parseOptionalKeyword('callsite')) {
      this.parsePunct('(');
      const callee = this.parseLocationBody();
      this.parseKeyword('at');
      const caller = this.parseLocationBody();
      this.parsePunct(')');
      return new CallSiteLoc(callee, caller);
    }
    if (!this.is(StringLiteral)) this.expected('location');
    const str = this.parseString();
    if (this.parseOptionalPunct(':')) {
      // `"f":line`, `"f":line:col`, or a range `"f":1:2 to 3:4` / `to :4`.
      const line = Number(this.consume(Integer, 'line number').image);
      const col = this.parseOptionalPunct(':') ? Number(this.consume(Integer, 'column number').image) : 0;
      if (this.parseOptionalKeyword('to')) {
        const endLine = this.is(Integer) ? Number(this.consume(Integer, 'line number').image) : line;
        this.parsePunct(':');
        const endCol = Number(this.consume(Integer, 'column number').image);
        return new FileLineColLoc(str, line, col, endLine, endCol);
      }
      return new FileLineColLoc(str, line, col);
    }
    if (this.parseOptionalPunct('(')) {
      const child = this.parseLocationBody();
      this.parsePunct(')');
      return new NameLoc(str, child);
    }
    return new NameLoc(str);
  }
}

/** Smallest positive (subnormal) and largest finite value of a float type, as MLIR bounds quant scales. */
function scaleRange(kind: FloatKind): [number, number] {
  switch (kind) {
    case 'f16':
      return [2 ** -24, 65504];
    case 'bf16':
      return [2 ** -133, bitsToFloat(0x7f7fn, 'bf16')];
    case 'f64':
      return [Number.MIN_VALUE, Number.MAX_VALUE];
    default:
      return [2 ** -149, bitsToFloat(0x7f7fffffn, 'f32')];
  }
}

/** A double as C's `%e` prints it (raw_ostream << double), used in MLIR's quant messages. */
function printfE(x: number): string {
  if (!Number.isFinite(x)) return String(x).toLowerCase();
  return x.toExponential(6).replace(/e([+-])(\d)$/, 'e$10$2');
}

function isLocation(a: Attribute): a is Location {
  return a.kind.startsWith('loc_');
}

function isStatic(t: DenseShapedType): boolean {
  return t.shape.every((d) => d !== DYNAMIC);
}

/** Decodes `0x...` hex text into bytes; null if malformed. */
export function decodeHex(s: string): Uint8Array | null {
  if (!s.startsWith('0x') || s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s.slice(2))) return null;
  return Uint8Array.from(Buffer.from(s.slice(2), 'hex'));
}

/** Unescapes a quoted MLIR string literal (`\"`, `\\`, `\n`, `\t`, `\XX`). */
export function unescapeString(quoted: string, fail: (msg: string) => never): string {
  const s = quoted.slice(1, -1);
  if (!s.includes('\\')) return s;
  const bytes: number[] = [];
  const enc = new TextEncoder();
  let plainStart = 0;
  const flushPlain = (end: number): void => {
    if (end > plainStart) for (const b of enc.encode(s.slice(plainStart, end))) bytes.push(b);
  };
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '\\') continue;
    flushPlain(i);
    const n = s[++i];
    if (n === '"' || n === '\\') bytes.push(n.charCodeAt(0));
    else if (n === 'n') bytes.push(10);
    else if (n === 't') bytes.push(9);
    else if (n !== undefined && /[0-9a-fA-F]/.test(n) && /[0-9a-fA-F]/.test(s[i + 1] ?? '')) {
      bytes.push(parseInt(s.slice(i, i + 2), 16));
      i++;
    } else fail(`unknown escape in string literal: '\\${n ?? ''}'`);
    plainStart = i + 1;
  }
  flushPlain(s.length);
  return decodeStringBytes(Uint8Array.from(bytes));
}

/** Parses MLIR text into a module; throws DiagnosticError on the first error. */
export function parseModule(text: string, opts: ParseOptions = {}): Operation {
  return new Parser(text, opts).parseTopLevel();
}

/** Parses a single type from text (for tests and tools). */
export function parseType(text: string): Type {
  const p = new Parser(text, { file: '<type>' });
  const t = p.parseType();
  return t;
}

/** Parses a single attribute from text. */
export function parseAttribute(text: string): Attribute {
  return new Parser(text, { file: '<attribute>' }).parseAttribute();
}
