// Declarative assembly formats: an op's custom syntax written as a string in its
// table entry, from which both its parser and its printer are derived, as
// MLIR's ODS `assemblyFormat` does. Supported directives:
//
//   $name                      an operand group or an attribute, by its declared name
//   operands / results         all operands (comma separated)
//   attr-dict                  the remaining attributes, `{...}`, omitted when empty
//   attr-dict-with-keyword     the same, introduced by `attributes`
//   type($x) / type(operands) / type(results)
//   functional-type(operands, results)
//   `lit`                      punctuation or a keyword
//
// Enum-valued attributes (AttrSpec.enumOf) print bare inside attr-dict
// (`rounding_mode = DOUBLE_ROUND`) and are stored as `#dialect.name<VALUE>`, the
// form upstream MLIR uses in generic syntax.

import { OpaqueAttr, type Attribute } from './attributes.js';
import type { AttrSpec, OpDef, OperandSpec, ResultSpec } from './op-def.js';
import type { Operation } from './operation.js';
import type { OpAsmParser, OperationState, UnresolvedOperand } from './parser.js';
import type { OpAsmPrinter } from './printer.js';
import { FunctionType, type Type } from './types.js';

type Element =
  | { kind: 'literal'; text: string }
  | { kind: 'operand'; index: number }
  | { kind: 'attribute'; name: string }
  | { kind: 'operands' }
  | { kind: 'attr-dict'; keyword: boolean }
  | { kind: 'type'; of: { operand: number } | 'operands' | 'results' | { result: number } }
  | { kind: 'functional-type' };

interface OpShape {
  readonly name: string;
  readonly operands: readonly OperandSpec[];
  readonly results: readonly ResultSpec[];
  readonly attributes?: readonly AttrSpec[];
}

/** `#tosa.rounding_mode<DOUBLE_ROUND>` -> `DOUBLE_ROUND`, or null if `a` is not that enum. */
export function enumCase(a: Attribute | undefined, enumOf: string): string | null {
  if (!(a instanceof OpaqueAttr)) return null;
  const prefix = `#${enumOf}<`;
  return a.text.startsWith(prefix) && a.text.endsWith('>') ? a.text.slice(prefix.length, -1) : null;
}

export function enumAttr(enumOf: string, value: string): OpaqueAttr {
  return new OpaqueAttr(`#${enumOf}<${value}>`);
}

function tokenizeFormat(format: string): string[] {
  const re = /`[^`]*`|\$[A-Za-z_][\w]*|[A-Za-z_][\w-]*|[(),]/g;
  const tokens = format.match(re) ?? [];
  const rest = format.replace(re, '').trim();
  if (rest) throw new Error(`unexpected '${rest}' in assembly format '${format}'`);
  return tokens;
}

function compile(format: string, shape: OpShape): Element[] {
  const tokens = tokenizeFormat(format);
  const out: Element[] = [];
  const fail = (msg: string): never => {
    throw new Error(`assembly format of ${shape.name}: ${msg}`);
  };
  const operandIndex = (name: string): number => shape.operands.findIndex((o) => o.name === name);
  const resultIndex = (name: string): number => shape.results.findIndex((r) => r.name === name);
  let i = 0;
  const expect = (t: string): void => {
    if (tokens[i++] !== t) fail(`expected '${t}'`);
  };
  while (i < tokens.length) {
    const t = tokens[i++]!;
    if (t.startsWith('`')) out.push({ kind: 'literal', text: t.slice(1, -1) });
    else if (t.startsWith('$')) {
      const name = t.slice(1);
      const oi = operandIndex(name);
      if (oi >= 0) out.push({ kind: 'operand', index: oi });
      else if (shape.attributes?.some((a) => a.name === name)) out.push({ kind: 'attribute', name });
      else fail(`'${name}' is neither an operand nor an attribute`);
    } else if (t === 'operands') out.push({ kind: 'operands' });
    else if (t === 'attr-dict') out.push({ kind: 'attr-dict', keyword: false });
    else if (t === 'attr-dict-with-keyword') out.push({ kind: 'attr-dict', keyword: true });
    else if (t === 'type') {
      expect('(');
      const arg = tokens[i++] ?? fail('expected type argument');
      expect(')');
      if (arg === 'operands' || arg === 'results') out.push({ kind: 'type', of: arg });
      else if (arg.startsWith('$') && operandIndex(arg.slice(1)) >= 0) out.push({ kind: 'type', of: { operand: operandIndex(arg.slice(1)) } });
      else if (arg.startsWith('$') && resultIndex(arg.slice(1)) >= 0) out.push({ kind: 'type', of: { result: resultIndex(arg.slice(1)) } });
      else fail(`unknown type() argument '${arg}'`);
    } else if (t === 'functional-type') {
      expect('(');
      expect('operands');
      expect(',');
      expect('results');
      expect(')');
      out.push({ kind: 'functional-type' });
    } else fail(`unknown directive '${t}'`);
  }
  return out;
}

const noSpaceBefore = new Set([',', ')', ']', '>']);
const noSpaceAfter = new Set(['(', '[', '<']);

/** Builds an op's custom parse and print functions from its declarative format. */
export function declarativeAssembly(format: string, shape: OpShape): NonNullable<OpDef['assembly']> {
  const elements = compile(format, shape);
  const variadic = shape.operands.map((o) => (o.arity ?? 'single') !== 'single');
  const enums = new Map((shape.attributes ?? []).filter((a) => a.enumOf).map((a) => [a.name, a.enumOf!]));
  const defaults = new Map((shape.attributes ?? []).filter((a) => a.default).map((a) => [a.name, a.default!]));

  /** Operand values of group `index` (a variadic group takes what the others leave). */
  const groupOf = (op: Operation, index: number): import('./operation.js').Value[] => {
    const fixed = variadic.filter((v) => !v).length;
    const extra = op.numOperands - fixed;
    let start = 0;
    for (let g = 0; g < index; g++) start += variadic[g] ? extra : 1;
    return op.operands.slice(start, start + (variadic[index] ? extra : 1));
  };

  const print = (p: OpAsmPrinter, op: Operation): void => {
    let previous = 'name';
    const space = (next: string): void => {
      if (!noSpaceBefore.has(next) && !noSpaceAfter.has(previous)) p.print(' ');
      previous = next;
    };
    const printed = new Set<string>();
    for (const e of elements) {
      switch (e.kind) {
        case 'literal':
          space(e.text);
          p.print(e.text);
          break;
        case 'operand': {
          const vs = groupOf(op, e.index);
          if (vs.length === 0) break;
          space('%');
          p.printOperands(vs);
          break;
        }
        case 'operands':
          if (op.numOperands === 0) break;
          space('%');
          p.printOperands(op.operands);
          break;
        case 'attribute':
          space('attr');
          printed.add(e.name);
          p.printAttribute(op.attr(e.name)!);
          break;
        case 'attr-dict': {
          const entries = [...op.properties, ...op.attributes]
            .filter(([k, v]) => !printed.has(k) && !(defaults.get(k)?.equals(v) ?? false))
            .map(([k, v]): [string, Attribute] => {
              const enumOf = enums.get(k);
              const c = enumOf ? enumCase(v, enumOf) : null;
              return [k, c !== null ? new OpaqueAttr(c) : v];
            });
          if (entries.length) previous = '}';
          if (e.keyword) p.printOptionalAttrDictWithKeyword(entries);
          else p.printOptionalAttrDict(entries);
          break;
        }
        case 'type': {
          space('type');
          if (e.of === 'operands') p.printTypes(op.operands.map((v) => v.type));
          else if (e.of === 'results') p.printTypes(op.results.map((v) => v.type));
          else if ('operand' in e.of) p.printTypes(groupOf(op, e.of.operand).map((v) => v.type));
          else p.printType(op.results[e.of.result]!.type);
          break;
        }
        case 'functional-type':
          space('type');
          p.printType(FunctionType.get(op.operands.map((v) => v.type), op.results.map((v) => v.type)));
          break;
      }
    }
  };

  const parse = (p: OpAsmParser, state: OperationState): void => {
    const groups: UnresolvedOperand[][] = shape.operands.map(() => []);
    let all: UnresolvedOperand[] | null = null;
    const groupTypes: (Type[] | null)[] = shape.operands.map(() => null);
    let allTypes: Type[] | null = null;
    let resultTypes: Type[] | null = null;
    const singleResultTypes: (Type | null)[] = shape.results.map(() => null);
    for (const e of elements) {
      switch (e.kind) {
        case 'literal':
          if (/^[A-Za-z_]/.test(e.text)) p.parseKeyword(e.text);
          else p.parsePunct(e.text as Parameters<OpAsmParser['parsePunct']>[0]);
          break;
        case 'operand':
          if (variadic[e.index]) groups[e.index] = p.parseOperandList();
          else groups[e.index] = [p.parseOperand()];
          break;
        case 'operands':
          all = p.parseOperandList();
          break;
        case 'attribute':
          state.properties.set(e.name, p.parseAttribute());
          break;
        case 'attr-dict': {
          const parsed = new Map<string, Attribute>();
          const bareEnum = (key: string): ((q: OpAsmParser) => Attribute) | undefined => {
            const enumOf = enums.get(key);
            if (!enumOf) return undefined;
            return (q) => {
              const word = q.peekKeyword();
              if (word === null) return q.parseAttribute();
              q.parseKeyword(word);
              return enumAttr(enumOf, word);
            };
          };
          if (e.keyword) p.parseOptionalAttrDictWithKeyword(parsed, bareEnum);
          else p.parseOptionalAttrDict(parsed, bareEnum);
          for (const [k, v] of parsed) {
            if (shape.attributes?.some((a) => a.name === k)) state.properties.set(k, v);
            else state.attributes.set(k, v);
          }
          break;
        }
        case 'type':
          if (e.of === 'operands') allTypes = p.parseTypeList();
          else if (e.of === 'results') resultTypes = p.parseTypeList();
          else if ('operand' in e.of) groupTypes[e.of.operand] = variadic[e.of.operand] ? p.parseTypeList() : [p.parseType()];
          else singleResultTypes[e.of.result] = p.parseType();
          break;
        case 'functional-type': {
          const loc = p.currentLoc;
          const t = p.parseType();
          if (!(t instanceof FunctionType)) return p.emitError(`expected function type, got ${t}`, loc);
          allTypes = [...t.inputs];
          resultTypes = [...t.results];
          break;
        }
      }
    }
    const operands = all ?? groups.flat();
    const types = allTypes ?? groupTypes.flatMap((g, i) => g ?? p.emitError(`missing type for operand '${shape.operands[i]!.name}'`));
    if (types.length !== operands.length) {
      p.emitError(`${shape.name} has ${operands.length} operands but ${types.length} operand types`);
    }
    state.operands = operands.map((o, i) => p.resolveOperand(o, types[i]!));
    if (resultTypes) state.resultTypes = resultTypes;
    else if (singleResultTypes.every((t) => t !== null)) state.resultTypes = singleResultTypes as Type[];
    else p.emitError(`${shape.name}: the format gives no result types`);
  };

  return { parse, print };
}
