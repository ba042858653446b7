// A subset of upstream MLIR's `arith` dialect: integer constants and wrapping
// add/sub/mul. It is the scalar testbed for the folder, the canonicalizer and
// CSE: upstream `mlir-opt -canonicalize` runs on the same files, so our results
// can be checked against an independent implementation.

import { IntegerAttr, OpaqueAttr, type Attribute } from '../../ir/attributes.js';
import { anyAttr, signlessIntegerLike, typedAttr } from '../../ir/constraints.js';
import type { DialectDef, FoldResult, OpDef } from '../../ir/op-def.js';
import { Operation } from '../../ir/operation.js';
import type { RewritePattern } from '../../ir/rewrite.js';
import { constantValueOf } from '../../ir/rewrite.js';
import { IndexType, IntegerType, type Type } from '../../ir/types.js';

/** Wraps an integer to the two's complement range of `t` (index is 64-bit). */
function wrap(v: bigint, t: Type): bigint {
  const width = t instanceof IntegerType ? t.width : 64;
  return width === 1 ? v & 1n : BigInt.asIntN(width, v);
}

function intAttr(v: bigint, t: Type): IntegerAttr {
  return new IntegerAttr(wrap(v, t), t as IntegerType | IndexType);
}

function constInt(a: Attribute | null): bigint | null {
  return a instanceof IntegerAttr ? a.value : null;
}

export const constantOp: OpDef = {
  name: 'arith.constant',
  summary: 'An integer, float or elements constant',
  operands: [],
  results: [{ name: 'result', type: { description: 'any type', check: () => true } }],
  attributes: [{ name: 'value', constraint: typedAttr }],
  traits: ['Pure', 'ConstantLike'],
  verify(op) {
    const v = op.attr('value')!;
    const t = 'type' in v ? (v.type as Type) : null;
    return t === op.result().type ? null : `value type ${t} must match return type: ${op.result().type}`;
  },
  fold: (op) => [op.attr('value')!],
  eval: (op) => [constInt(op.attr('value')!) ?? op.attr('value')],
  assembly: {
    // arith.constant 42 : i32
    parse(p, state) {
      p.parseOptionalAttrDict(state.attributes);
      const value = p.parseAttribute();
      const type = 'type' in value ? value.type : null;
      if (!type || !typedAttr.check(value)) return p.emitError('expected a typed constant value');
      state.properties.set('value', value);
      state.resultTypes = [type as Type];
    },
    print(p, op) {
      p.printOptionalAttrDict([...op.properties, ...op.attributes], ['value']);
      p.print(' ');
      p.printAttribute(op.attr('value')!);
    },
  },
};

const overflowNone = '#arith.overflow<none>';

/** A wrapping integer binary op: `arith.addi %a, %b [overflow<nsw>] : i32`. */
function binaryOp(
  mnemonic: string,
  summary: string,
  compute: (a: bigint, b: bigint) => bigint,
  foldIdentity: (op: Operation, lhs: bigint | null, rhs: bigint | null) => FoldResult | null,
  commutative: boolean,
  canonicalize: RewritePattern[] = [],
): OpDef {
  const name = `arith.${mnemonic}`;
  return {
    name,
    summary,
    operands: [
      { name: 'lhs', type: signlessIntegerLike },
      { name: 'rhs', type: signlessIntegerLike },
    ],
    results: [{ name: 'result', type: signlessIntegerLike }],
    attributes: [{ name: 'overflowFlags', constraint: anyAttr, optional: true }],
    traits: commutative ? ['Pure', 'Commutative', 'SameOperandsAndResultType'] : ['Pure', 'SameOperandsAndResultType'],
    fold(op, operands) {
      const t = op.result().type;
      const lhs = constInt(operands[0] ?? null);
      const rhs = constInt(operands[1] ?? null);
      if (lhs !== null && rhs !== null) return [intAttr(compute(lhs, rhs), t)];
      const r = foldIdentity(op, lhs, rhs);
      return r ? [r] : null;
    },
    canonicalize: [...(commutative ? [constantToRhs(name)] : []), ...canonicalize],
    eval: (op, [a, b]) => [wrap(compute(a as bigint, b as bigint), op.result().type)],
    assembly: {
      parse(p, state) {
        const lhs = p.parseOperand();
        p.parsePunct(',');
        const rhs = p.parseOperand();
        if (p.parseOptionalKeyword('overflow')) {
          // overflow<nsw, nuw>: kept as the upstream attribute's text.
          p.parsePunct('<');
          const flags = [p.peekKeyword() ?? p.emitError('expected overflow flag')];
          p.parseKeyword(flags[0]!);
          while (p.parseOptionalPunct(',')) {
            const f = p.peekKeyword() ?? p.emitError('expected overflow flag');
            p.parseKeyword(f);
            flags.push(f);
          }
          p.parsePunct('>');
          state.properties.set('overflowFlags', new OpaqueAttr(`#arith.overflow<${flags.join(', ')}>`));
        }
        p.parseOptionalAttrDict(state.attributes);
        const t = p.parseColonType();
        state.operands = [p.resolveOperand(lhs, t), p.resolveOperand(rhs, t)];
        state.resultTypes = [t];
      },
      print(p, op) {
        p.print(' ');
        p.printOperands(op.operands);
        const flags = op.attr('overflowFlags');
        if (flags && flags.toString() !== overflowNone) p.print(` overflow${flags.toString().slice('#arith.overflow'.length)}`);
        p.printOptionalAttrDict([...op.properties, ...op.attributes], ['overflowFlags']);
        p.print(' : ');
        p.printType(op.result().type);
      },
    },
  };
}

// For commutative ops: constants go to the right-hand side, so later folds look in one place.
function constantToRhs(name: string): RewritePattern {
  return {
    name: `${name}.constant-to-rhs`,
    root: name,
    rewrite(op, rewriter) {
      if (constantValueOf(op.operand(0)) === null || constantValueOf(op.operand(1)) !== null) return false;
      rewriter.modifyInPlace(op, () => op.setOperands([op.operand(1), op.operand(0)]));
      return true;
    },
  };
}

/** The overflow flags of an op (`nsw`, `nuw`), from its `#arith.overflow<...>` attribute. */
function overflowFlagsOf(op: Operation): string[] {
  const a = op.attr('overflowFlags');
  const m = a ? /^#arith\.overflow<(.*)>$/s.exec(a.toString()) : null;
  return m ? m[1]!.split(',').map((f) => f.trim()).filter((f) => f && f !== 'none') : [];
}

// (x op c1) op c2 -> x op (c1 op c2), for associative add and mul.
function reassociateConstants(name: string, compute: (a: bigint, b: bigint) => bigint): RewritePattern {
  return {
    name: `${name}.reassociate-constants`,
    root: name,
    rewrite(op, rewriter) {
      const c2 = constInt(constantValueOf(op.operand(1)));
      const inner = op.operand(0).definingOp;
      if (c2 === null || !inner || inner.name !== name) return false;
      const c1 = constInt(constantValueOf(inner.operand(1)));
      if (c1 === null) return false;
      const t = op.result().type;
      const c = rewriter.create({
        name: 'arith.constant',
        resultTypes: [t],
        properties: [['value', intAttr(compute(c1, c2), t)]],
        loc: op.loc,
      });
      // The new op keeps only the overflow flags both ops had (upstream's MergeOverflow).
      const outer = overflowFlagsOf(op);
      const flags = overflowFlagsOf(inner).filter((f) => outer.includes(f));
      const folded = rewriter.create({
        name,
        operands: [inner.operand(0), c.result()],
        resultTypes: [t],
        properties: flags.length ? [['overflowFlags', new OpaqueAttr(`#arith.overflow<${flags.join(', ')}>`)]] : [],
        loc: op.loc,
      });
      rewriter.replaceOp(op, [folded.result()]);
      return true;
    },
  };
}

const add = (a: bigint, b: bigint): bigint => a + b;
const mul = (a: bigint, b: bigint): bigint => a * b;

export const addiOp = binaryOp(
  'addi',
  'Integer addition, wrapping',
  add,
  // x + 0 -> x
  (op, _l, r) => (r === 0n ? op.operand(0) : null),
  true,
  [reassociateConstants('arith.addi', add)],
);

export const subiOp = binaryOp(
  'subi',
  'Integer subtraction, wrapping',
  (a, b) => a - b,
  (op, _l, r) => {
    if (r === 0n) return op.operand(0); // x - 0 -> x
    if (op.operand(0) === op.operand(1)) return intAttr(0n, op.result().type); // x - x -> 0
    return null;
  },
  false,
);

export const muliOp = binaryOp(
  'muli',
  'Integer multiplication, wrapping',
  mul,
  (op, _l, r) => {
    if (r === 1n) return op.operand(0); // x * 1 -> x
    if (r === 0n) return op.operand(1); // x * 0 -> 0 (the zero operand itself, as upstream)
    return null;
  },
  true,
  [reassociateConstants('arith.muli', mul)],
);

export const arithDialect: DialectDef = {
  name: 'arith',
  summary: 'Scalar integer arithmetic (a subset of upstream arith)',
  ops: [constantOp, addiOp, subiOp, muliOp],
  materializeConstant(value, type) {
    if (!(value instanceof IntegerAttr) || value.type !== type) return null;
    return new Operation({ name: 'arith.constant', resultTypes: [type], properties: [['value', value]] });
  },
};
