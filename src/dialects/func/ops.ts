// The `func` dialect: functions, calls and returns, in MLIR's pretty syntax.

import { ArrayAttr, DictionaryAttr, StringAttr, SymbolRefAttr, TypeAttr, type Attribute } from '../../ir/attributes.js';
import { anyType, arrayOf, dictionaryAttr, enumString, flatSymbolRefAttr, functionTypeAttr, stringAttr } from '../../ir/constraints.js';
import { evalFunction } from '../../ir/interpreter.js';
import type { DialectDef, OpDef } from '../../ir/op-def.js';
import { Region, type Operation } from '../../ir/operation.js';
import type { OpAsmParser, RegionArgument } from '../../ir/parser.js';
import type { OpAsmPrinter } from '../../ir/printer.js';
import { FunctionType, type Type } from '../../ir/types.js';

/** The function type of a `func.func`. */
export function functionTypeOf(op: Operation): FunctionType {
  const t = op.attr('function_type');
  if (!(t instanceof TypeAttr) || !(t.type instanceof FunctionType)) throw new Error(`${op.name} has no function_type`);
  return t.type;
}

/** The function type of a `func.func`, or null when its `function_type` is missing or malformed (reported by its own verifier). */
function functionTypeOrNull(op: Operation): FunctionType | null {
  const t = op.attr('function_type');
  return t instanceof TypeAttr && t.type instanceof FunctionType ? t.type : null;
}

/** The symbol name of a symbol op (`sym_name`). */
export function symbolNameOf(op: Operation): string | null {
  const n = op.attr('sym_name');
  return n instanceof StringAttr ? n.value : null;
}

function dictAt(a: Attribute | undefined, i: number): DictionaryAttr | null {
  const d = a instanceof ArrayAttr ? a.elements[i] : undefined;
  return d instanceof DictionaryAttr && d.entries.length ? d : null;
}

/** `(t1 {attrs}, t2)` for results; a lone attribute-free non-function result prints bare. */
function printResults(p: OpAsmPrinter, types: readonly Type[], resAttrs: Attribute | undefined): void {
  const attrs = types.map((_, i) => dictAt(resAttrs, i));
  if (types.length === 1 && !attrs[0] && !(types[0] instanceof FunctionType)) {
    p.printType(types[0]!);
    return;
  }
  p.print('(');
  types.forEach((t, i) => {
    if (i) p.print(', ');
    p.printType(t);
    if (attrs[i]) {
      p.print(' ');
      p.printAttribute(attrs[i]!);
    }
  });
  p.print(')');
}

function parseResults(p: OpAsmParser): { types: Type[]; attrs: (DictionaryAttr | null)[] } {
  const types: Type[] = [];
  const attrs: (DictionaryAttr | null)[] = [];
  if (!p.parseOptionalPunct('(')) return { types: [p.parseType()], attrs: [null] };
  if (p.parseOptionalPunct(')')) return { types, attrs };
  do {
    types.push(p.parseType());
    const m = new Map<string, Attribute>();
    p.parseOptionalAttrDict(m);
    attrs.push(m.size ? new DictionaryAttr(m) : null);
  } while (p.parseOptionalPunct(','));
  p.parsePunct(')');
  return { types, attrs };
}

function attrArray(attrs: readonly (DictionaryAttr | null)[]): ArrayAttr | null {
  if (attrs.every((a) => a === null)) return null;
  return new ArrayAttr(attrs.map((a) => a ?? new DictionaryAttr([])));
}

export const funcOp: OpDef = {
  name: 'func.func',
  summary: 'A function: a symbol with a signature and a single-block body (empty for declarations)',
  operands: [],
  results: [],
  attributes: [
    { name: 'sym_name', constraint: stringAttr },
    { name: 'function_type', constraint: functionTypeAttr },
    { name: 'sym_visibility', constraint: enumString('public', 'private', 'nested'), optional: true },
    { name: 'arg_attrs', constraint: arrayOf(dictionaryAttr), optional: true },
    { name: 'res_attrs', constraint: arrayOf(dictionaryAttr), optional: true },
  ],
  regions: 1,
  traits: ['IsolatedFromAbove', 'Symbol'],
  verify(op) {
    const type = functionTypeOf(op);
    // As MLIR's function interface: one dictionary per argument and result,
    // holding dialect attributes only (names with a dialect prefix).
    for (const [key, what, count] of [
      ['arg_attrs', 'argument', type.inputs.length],
      ['res_attrs', 'result', type.results.length],
    ] as const) {
      const all = op.attr(key);
      if (!(all instanceof ArrayAttr)) continue;
      if (all.elements.length !== count) {
        return `expects ${what} attribute array to have the same number of elements as the number of function ${what}s, got ${all.elements.length}, but expected ${count}`;
      }
      for (const d of all.elements) {
        if (d instanceof DictionaryAttr && d.entries.some(([name]) => !name.includes('.'))) {
          return `${what}s may only have dialect attributes`;
        }
      }
    }
    const body = op.regions[0]!;
    if (body.isEmpty) {
      const vis = op.attr('sym_visibility');
      if (!(vis instanceof StringAttr) || vis.value === 'public') return 'symbol declaration cannot have public visibility';
      return null;
    }
    const entry = body.blocks[0]!;
    if (entry.args.length !== type.inputs.length) {
      return `entry block must have ${type.inputs.length} arguments to match function signature`;
    }
    for (const a of entry.args) {
      if (a.type !== type.inputs[a.index]) {
        return `type of entry block argument #${a.index}(${a.type}) must match the type of the corresponding argument in function signature(${type.inputs[a.index]})`;
      }
    }
    return null;
  },
  assembly: {
    // func.func [private] @name(%arg0: t {attrs}, ...) [-> results] [attributes {...}] [{ body }]
    parse(p, state) {
      const vis = p.peekKeyword();
      if (vis === 'private' || vis === 'public' || vis === 'nested') {
        p.parseKeyword(vis);
        state.properties.set('sym_visibility', new StringAttr(vis));
      }
      state.properties.set('sym_name', new StringAttr(p.parseSymbolName()));
      // Declarations list bare types; definitions name their arguments.
      let args: RegionArgument[] = [];
      const inputTypes: Type[] = [];
      const argAttrs: (DictionaryAttr | null)[] = [];
      p.parsePunct('(');
      if (!p.parseOptionalPunct(')')) {
        const first = p.parseOptionalOperand();
        if (first) {
          args = parseArgumentsAfterFirst(p, first);
          for (const a of args) {
            inputTypes.push(a.type);
            argAttrs.push(a.attrs);
          }
        } else {
          do {
            inputTypes.push(p.parseType());
            const m = new Map<string, Attribute>();
            p.parseOptionalAttrDict(m);
            argAttrs.push(m.size ? new DictionaryAttr(m) : null);
          } while (p.parseOptionalPunct(','));
          p.parsePunct(')');
        }
      }
      let results: { types: Type[]; attrs: (DictionaryAttr | null)[] } = { types: [], attrs: [] };
      if (p.parseOptionalPunct('->')) results = parseResults(p);
      state.properties.set('function_type', new TypeAttr(FunctionType.get(inputTypes, results.types)));
      const aa = attrArray(argAttrs);
      if (aa) state.properties.set('arg_attrs', aa);
      const ra = attrArray(results.attrs);
      if (ra) state.properties.set('res_attrs', ra);
      p.parseOptionalAttrDictWithKeyword(state.attributes);
      const body = new Region();
      p.parseOptionalRegion(body, args, true);
      state.regions.push(body);
    },
    print(p, op) {
      const vis = op.attr('sym_visibility');
      if (vis instanceof StringAttr && vis.value !== 'public') p.print(` ${vis.value}`);
      p.print(' ');
      p.printSymbolName(symbolNameOf(op)!);
      const type = functionTypeOf(op);
      const body = op.regions[0]!;
      const argAttrs = op.attr('arg_attrs');
      p.print('(');
      type.inputs.forEach((t, i) => {
        if (i) p.print(', ');
        if (body.isEmpty) {
          p.printType(t);
          const d = dictAt(argAttrs, i);
          if (d) {
            p.print(' ');
            p.printAttribute(d);
          }
        } else {
          p.printRegionArgument(body.blocks[0]!.args[i]!, dictAt(argAttrs, i));
        }
      });
      p.print(')');
      if (type.results.length) {
        p.print(' -> ');
        printResults(p, type.results, op.attr('res_attrs'));
      }
      p.printOptionalAttrDictWithKeyword(
        [...op.properties, ...op.attributes],
        ['sym_name', 'function_type', 'sym_visibility', 'arg_attrs', 'res_attrs'],
      );
      if (!body.isEmpty) {
        p.print(' ');
        p.printRegion(body, { printEntryBlockArgs: false });
      }
    },
  },
};

/** Continues a `(%a: t, %b: t)` list whose first operand was already consumed. */
function parseArgumentsAfterFirst(p: OpAsmParser, first: RegionArgument['operand']): RegionArgument[] {
  const args: RegionArgument[] = [];
  let operand = first;
  for (;;) {
    p.parsePunct(':');
    const type = p.parseType();
    const m = new Map<string, Attribute>();
    p.parseOptionalAttrDict(m);
    const loc = p.parseOptionalLocation() ?? operand.loc;
    args.push({ operand, type, attrs: m.size ? new DictionaryAttr(m) : null, loc });
    if (!p.parseOptionalPunct(',')) break;
    operand = p.parseOperand();
  }
  p.parsePunct(')');
  return args;
}

export const returnOp: OpDef = {
  name: 'func.return',
  summary: 'Returns values from the enclosing function',
  operands: [{ name: 'operands', type: anyType, arity: 'variadic' }],
  results: [],
  traits: ['Pure', 'Terminator', 'ReturnLike'],
  parents: ['func.func'],
  verify(op) {
    const fn = op.parentOp!;
    const type = functionTypeOrNull(fn);
    if (!type) return null;
    const results = type.results;
    if (op.numOperands !== results.length) {
      return `has ${op.numOperands} operands, but enclosing function (@${symbolNameOf(fn)}) returns ${results.length}`;
    }
    for (let i = 0; i < results.length; i++) {
      if (op.operand(i).type !== results[i]) {
        return `type of return operand ${i} (${op.operand(i).type}) doesn't match function result type (${results[i]}) in function @${symbolNameOf(fn)}`;
      }
    }
    return null;
  },
  assembly: {
    // return %a, %b : t1, t2
    parse(p, state) {
      const operands = p.parseOperandList();
      if (operands.length === 0) return;
      const types = p.parseColonTypeList();
      if (types.length !== operands.length) p.emitError(`expected ${operands.length} types, got ${types.length}`);
      state.operands = operands.map((o, i) => p.resolveOperand(o, types[i]!));
    },
    print(p, op) {
      if (op.numOperands === 0) return;
      p.print(' ');
      p.printOperands(op.operands);
      p.print(' : ');
      p.printTypes(op.operands.map((v) => v.type));
    },
  },
};

/** The `func.func` a `func.call` names, looked up in the nearest enclosing symbol table; null when there is none. */
export function lookupCallee(call: Operation): Operation | null {
  const callee = call.attr('callee');
  if (!(callee instanceof SymbolRefAttr)) return null;
  let scope = call.parentOp;
  while (scope && !scope.hasTrait('SymbolTable')) scope = scope.parentOp;
  const body = scope?.regions[0]?.blocks[0];
  if (!body) return null;
  for (const o of body) if (o.name === 'func.func' && symbolNameOf(o) === callee.root) return o;
  return null;
}

/** Nesting of `func.call` evaluations, so that unbounded recursion is an error rather than a stack overflow. */
let callDepth = 0;
const MAX_CALL_DEPTH = 256;

export const callOp: OpDef = {
  name: 'func.call',
  summary: 'Calls a function of the enclosing module by symbol',
  operands: [{ name: 'operands', type: anyType, arity: 'variadic' }],
  results: [{ name: 'results', type: anyType, arity: 'variadic' }],
  attributes: [{ name: 'callee', constraint: flatSymbolRefAttr }],
  verify(op) {
    const callee = (op.attr('callee') as SymbolRefAttr).root;
    const fn = lookupCallee(op);
    if (!fn) return `'${callee}' does not reference a valid function`;
    const type = functionTypeOrNull(fn);
    if (!type) return null;
    const argTypes = op.operands.map((v) => v.type);
    const resTypes = op.results.map((v) => v.type);
    if (argTypes.length !== type.inputs.length || argTypes.some((t, i) => t !== type.inputs[i])) {
      return `operand types do not match the signature of @${callee}`;
    }
    if (resTypes.length !== type.results.length || resTypes.some((t, i) => t !== type.results[i])) {
      return `result types do not match the signature of @${callee}`;
    }
    return null;
  },
  // Runs the callee's body on the operand values; its return values are the
  // call's results. Errors inside the callee keep their own locations.
  eval(op, operands) {
    const fn = lookupCallee(op);
    if (!fn) throw new Error(`'${(op.attr('callee') as SymbolRefAttr).root}' does not reference a valid function`);
    if (fn.regions[0]!.isEmpty) throw new Error(`cannot call @${symbolNameOf(fn)}: it is a declaration without a body`);
    if (callDepth >= MAX_CALL_DEPTH) throw new Error(`call depth exceeds ${MAX_CALL_DEPTH} (unbounded recursion through @${symbolNameOf(fn)}?)`);
    callDepth++;
    try {
      return evalFunction(fn, operands);
    } finally {
      callDepth--;
    }
  },
  assembly: {
    // call @f(%a, %b) : (t1, t2) -> t3
    parse(p, state) {
      state.properties.set('callee', new SymbolRefAttr(p.parseSymbolName()));
      p.parsePunct('(');
      const operands = p.parseOperandList();
      p.parsePunct(')');
      p.parseOptionalAttrDict(state.attributes);
      const loc = p.currentLoc;
      const t: Type = p.parseColonType();
      if (!(t instanceof FunctionType)) return p.emitError('expected function type', loc);
      if (t.inputs.length !== operands.length) p.emitError(`expected ${operands.length} operand types, got ${t.inputs.length}`, loc);
      state.operands = operands.map((o, i) => p.resolveOperand(o, t.inputs[i]!));
      state.resultTypes = [...t.results];
    },
    print(p, op) {
      p.print(' ');
      p.printAttribute(op.attr('callee')!);
      p.print('(');
      p.printOperands(op.operands);
      p.print(')');
      p.printOptionalAttrDict([...op.properties, ...op.attributes], ['callee']);
      p.print(' : ');
      p.printType(FunctionType.get(op.operands.map((v) => v.type), op.results.map((v) => v.type)));
    },
  },
};

export const funcDialect: DialectDef = {
  name: 'func',
  summary: 'Functions, calls and returns',
  ops: [funcOp, returnOp, callOp],
};
