// tosa elementwise ops: arithmetic with broadcasting, comparisons, select,
// clamp, cast, rescale, table and the float activation functions, with TOSA
// 1.0 reference semantics (integer results exact, REQUIRE violations thrown
// as TosaRequireError).

import { DenseElementsAttr, FloatAttr, IntegerAttr, type Attribute } from '../../ir/attributes.js';
import { enumCase } from '../../ir/assembly-format.js';
import type { OpDef } from '../../ir/op-def.js';
import type { Operation } from '../../ir/operation.js';
import type { Tensor } from '../../ir/tensor.js';
import { FloatType, IntegerType, QuantUniformType, type Type } from '../../ir/types.js';
import {
  ROUNDING_MODE,
  boolAttr,
  boolOf,
  broadcastIndex,
  broadcastShape,
  constantScalar,
  elementOf,
  enumConstraint,
  floatRounder,
  input,
  intOrFloatAttr,
  intWidth,
  isFloatElement,
  isIntegerElement,
  known,
  nanIgnore,
  nanModeSpec,
  newTensor,
  numbers,
  output,
  rangeOf,
  require,
  resultElement,
  shapeOf,
  storageOf,
  tensorArg,
  tosaI1Tensor,
  tosaOp,
  tosaScalarI8Tensor,
  tosaScalarTensor,
  tosaTensor1D,
} from './common.js';
import { applyMax, applyMin } from './data-layout.js';
import { TosaRequireError, applyScale16, applyScale32 } from './numerics.js';

// ---------------------------------------------------------------------------
// Verification helpers.

function sameElementTypes(op: Operation, values: readonly number[], withResult: boolean): string | null {
  const ts = values.map((i) => elementOf(op.operand(i).type));
  if (withResult) ts.push(elementOf(op.result().type));
  return ts.every((t) => t === ts[0]) ? null : withResult ? 'requires the same element type for all operands and results' : 'requires the same element type for all operands';
}

/** TOSA broadcasting: equal ranks, dims equal or 1; the result has the broadcast shape. */
function verifyBroadcast(op: Operation, operands: readonly number[]): string | null {
  const shapes = operands.map((i) => shapeOf(op.operand(i).type)).filter((s): s is readonly number[] => s !== null);
  if (shapes.length === 0) return null;
  if (shapes.some((s) => s.length !== shapes[0]!.length)) return "operands don't have matching ranks";
  let b: number[] | null = [...shapes[0]!];
  for (const s of shapes.slice(1)) {
    b = broadcastShape(b, s);
    if (!b) return "operands don't have broadcast-compatible shapes";
  }
  const out = shapeOf(op.result().type);
  if (out) {
    if (out.length !== b.length) return `result type '${op.result().type}' not broadcast compatible with broadcasted operands's shapes`;
    for (let d = 0; d < b.length; d++) {
      if (known(out[d]) && known(b[d]) && out[d] !== b[d]) {
        return `result type '${op.result().type}' not broadcast compatible with broadcasted operands's shapes`;
      }
    }
  }
  return null;
}

function verifySameShape(op: Operation): string | null {
  const a = shapeOf(op.operand(0).type);
  const b = shapeOf(op.result().type);
  if (!a || !b) return null;
  if (a.length !== b.length || a.some((d, i) => known(d) && known(b[i]) && d !== b[i])) {
    return 'requires the same shape for all operands and results';
  }
  return null;
}

// ---------------------------------------------------------------------------
// Broadcasting evaluation.

type Fn2 = (a: number, b: number) => number;

function evalBinary(op: Operation, xs: readonly unknown[], et: Type, fn: Fn2): Tensor {
  const a = tensorArg(xs[0], op.name);
  const b = tensorArg(xs[1], op.name);
  const shape = broadcastShape(a.shape, b.shape);
  require(shape !== null, op, `shapes ${a.shape} and ${b.shape} do not broadcast`);
  const out = newTensor(shape, et);
  const A = numbers(a, op.name);
  const B = numbers(b, op.name);
  const O = numbers(out, op.name);
  const ia = broadcastIndex(shape, a.shape);
  const ib = broadcastIndex(shape, b.shape);
  const n = out.size;
  if (!ia && !ib) for (let i = 0; i < n; i++) O[i] = fn(A[i]!, B[i]!);
  else for (let i = 0; i < n; i++) O[i] = fn(A[ia ? ia[i]! : i]!, B[ib ? ib[i]! : i]!);
  return out;
}

/** Integer add/sub: apply_add_s / apply_sub_s REQUIRE the exact result to fit the type. */
function checkedInt(op: Operation, et: Type, f: Fn2): Fn2 {
  const [lo, hi] = rangeOf(et);
  return (a, b) => {
    const c = f(a, b);
    if (c < lo || c > hi) throw new TosaRequireError(`${op.name}: result ${c} overflows ${et}`);
    return c;
  };
}

function arithmetic(mnemonic: string, summary: string, f: Fn2, commutative: boolean): OpDef {
  return tosaOp({
    name: `tosa.${mnemonic}`,
    summary,
    operands: [input('input1'), input('input2')],
    results: [output()],
    traits: commutative ? ['Pure', 'Commutative'] : ['Pure'],
    verify: (op) => sameElementTypes(op, [0, 1], true) ?? verifyBroadcast(op, [0, 1]),
    fold(op, [, rhs]) {
      // x + 0, x - 0 -> x (integer zero splat, or +0.0 for sub; x + -0.0 is x for floats too).
      if (!(rhs instanceof DenseElementsAttr) || !rhs.allElementsEqual || op.operand(0).type !== op.result().type) return null;
      const et = rhs.elementType;
      const zero = et instanceof FloatType ? Object.is(rhs.getFloat(0), mnemonic === 'add' ? -0 : 0) : rhs.getInt(0) === 0n;
      return zero ? [op.operand(0)] : null;
    },
    eval(op, xs) {
      const et = resultElement(op);
      const fn = isFloatElement(et) ? roundFn(et, f) : checkedInt(op, et, f);
      return [evalBinary(op, xs, et, fn)];
    },
  });
}

function roundFn(et: Type, f: Fn2): Fn2 {
  const r = floatRounder(et);
  return (a, b) => r(f(a, b));
}

export const addOp = arithmetic('add', 'Elementwise addition', (a, b) => a + b, true);
export const subOp = arithmetic('sub', 'Elementwise subtraction', (a, b) => a - b, false);

/** floor((a * b + 2^(shift-1)) / 2^shift) for |a|, |b| <= 2^31, exact in doubles (b split in 16-bit halves). */
export function mulRoundShift(a: number, b: number, shift: number): number {
  const bh = Math.floor(b / 65536);
  const bl = b - bh * 65536;
  const round = 2 ** (shift - 1);
  const rh = Math.floor(round / 65536);
  const rl = round - rh * 65536;
  const c = a * bl + rl;
  const cHigh = Math.floor(c / 65536);
  const q = a * bh + rh + cHigh;
  const rem = c - cHigh * 65536;
  if (shift >= 16) return Math.floor(q / 2 ** (shift - 16));
  return q * 2 ** (16 - shift) + Math.floor(rem / 2 ** shift);
}

export const mulOp: OpDef = tosaOp({
  name: 'tosa.mul',
  summary: 'Elementwise multiplication with a result shift for int32',
  operands: [input('input1'), input('input2'), input('shift', tosaScalarI8Tensor)],
  results: [output()],
  traits: ['Pure', 'Commutative'],
  verify(op) {
    const a = elementOf(op.operand(0).type);
    const r = elementOf(op.result().type);
    if (a !== elementOf(op.operand(1).type)) return 'requires the same element type for all operands';
    if (isFloatElement(a) && r !== a) return 'requires the same element type for all operands and results';
    if (isIntegerElement(a) && !(r instanceof IntegerType || r instanceof QuantUniformType)) return 'requires integer result for integer operands';
    const shift = constantScalar(op.operand(2));
    if (shift !== null) {
      if (isFloatElement(a) && shift !== 0) return 'require shift to be 0 for float type';
      if (shift < 0 || shift > 63) return `expect shift to be in the range [0, 63], got ${shift}`;
    }
    return verifyBroadcast(op, [0, 1]);
  },
  eval(op, xs) {
    const et = resultElement(op);
    const shift = tensorArg(xs[2], op.name).at(0);
    if (isFloatElement(et)) return [evalBinary(op, xs, et, roundFn(et, (a, b) => a * b))];
    const inT = elementOf(op.operand(0).type);
    require(shift === 0 || intWidth(inT) === 32, op, 'shift must be 0 unless the inputs are i32');
    require(shift >= 0 && shift <= 63, op, `shift ${shift} out of range`);
    const [lo, hi] = rangeOf(et);
    const fn: Fn2 =
      shift > 0
        ? (a, b) => {
            const p = mulRoundShift(a, b, shift);
            if (p < lo || p > hi) throw new TosaRequireError(`${op.name}: product overflows ${et}`);
            return p;
          }
        : (a, b) => {
            const p = a * b; // beyond 2^53 it is inexact but certainly out of range
            if (p < lo || p > hi) throw new TosaRequireError(`${op.name}: product overflows ${et}`);
            return p;
          };
    return [evalBinary(op, xs, et, fn)];
  },
});

function minMax(mnemonic: 'maximum' | 'minimum'): OpDef {
  return tosaOp({
    name: `tosa.${mnemonic}`,
    summary: `Elementwise ${mnemonic}`,
    operands: [input('input1'), input('input2')],
    results: [output()],
    attributes: [nanModeSpec],
    traits: ['Pure', 'Commutative'],
    verify: (op) => sameElementTypes(op, [0, 1], true) ?? verifyBroadcast(op, [0, 1]),
    fold: (op) => (op.operand(0) === op.operand(1) && op.operand(0).type === op.result().type ? [op.operand(0)] : null),
    eval(op, xs) {
      const ignore = nanIgnore(op);
      const f = mnemonic === 'maximum' ? applyMax : applyMin;
      return [evalBinary(op, xs, resultElement(op), (a, b) => f(a, b, ignore))];
    },
  });
}
export const maximumOp = minMax('maximum');
export const minimumOp = minMax('minimum');

function comparison(mnemonic: string, f: (a: number, b: number) => boolean, commutative: boolean): OpDef {
  return tosaOp({
    name: `tosa.${mnemonic}`,
    summary: `Elementwise comparison (${mnemonic})`,
    operands: [input('input1'), input('input2')],
    results: [output('output', tosaI1Tensor)],
    traits: commutative ? ['Pure', 'Commutative'] : ['Pure'],
    verify: (op) => sameElementTypes(op, [0, 1], false) ?? verifyBroadcast(op, [0, 1]),
    eval: (op, xs) => [evalBinary(op, xs, resultElement(op), (a, b) => (f(a, b) ? 1 : 0))],
  });
}
export const equalOp = comparison('equal', (a, b) => a === b, true);
export const greaterOp = comparison('greater', (a, b) => a > b, false);

export const selectOp: OpDef = tosaOp({
  name: 'tosa.select',
  summary: 'Elementwise select',
  operands: [input('input1', tosaI1Tensor), input('input2'), input('input3')],
  results: [output()],
  verify: (op) => sameElementTypes(op, [1, 2], true) ?? verifyBroadcast(op, [0, 1, 2]),
  fold(op, [c]) {
    if (op.operand(1) === op.operand(2) && op.operand(1).type === op.result().type) return [op.operand(1)];
    if (c instanceof DenseElementsAttr && c.allElementsEqual) {
      const pick = op.operand(c.getInt(0) !== 0n ? 1 : 2);
      return pick.type === op.result().type ? [pick] : null;
    }
    return null;
  },
  eval(op, xs) {
    const [c, a, b] = xs.map((x) => tensorArg(x, op.name));
    const shape = broadcastShape(broadcastShape(c!.shape, a!.shape) ?? [], b!.shape);
    require(shape !== null, op, 'shapes do not broadcast');
    const out = newTensor(shape, resultElement(op));
    const C = c!.data;
    const A = a!.data as Float64Array; // any element kind; copied as is
    const B = b!.data as Float64Array;
    const O = out.data as Float64Array;
    const ic = broadcastIndex(shape, c!.shape);
    const ia = broadcastIndex(shape, a!.shape);
    const ib = broadcastIndex(shape, b!.shape);
    for (let i = 0; i < out.size; i++) {
      O[i] = C[ic ? ic[i]! : i] ? A[ia ? ia[i]! : i]! : B[ib ? ib[i]! : i]!;
    }
    return [out];
  },
});

// ---------------------------------------------------------------------------
// clamp.

function attrNumber(a: Attribute | undefined): number {
  if (a instanceof IntegerAttr) return Number(a.value);
  if (a instanceof FloatAttr) return a.value;
  return NaN;
}

export const clampOp: OpDef = tosaOp({
  name: 'tosa.clamp',
  summary: 'Clamp to [min_val, max_val]',
  operands: [input('input')],
  results: [output()],
  attributes: [
    { name: 'min_val', constraint: intOrFloatAttr },
    { name: 'max_val', constraint: intOrFloatAttr },
    nanModeSpec,
  ],
  verify(op) {
    const et = elementOf(op.operand(0).type);
    if (et !== elementOf(op.result().type)) return 'requires the same element type for all operands and results';
    const shape = verifySameShape(op);
    if (shape) return shape;
    const lo = op.attr('min_val')!;
    const hi = op.attr('max_val')!;
    const st = storageOf(et);
    const typeOk = (a: Attribute): boolean =>
      (a instanceof IntegerAttr && st instanceof IntegerType && a.type.toString() === `i${st.width}`) ||
      (a instanceof IntegerAttr && a.type === st) ||
      (a instanceof FloatAttr && a.type === st);
    if (!typeOk(lo) || !typeOk(hi)) return 'min/max attributes types are incompatible with input/output element types.';
    const l = attrNumber(lo);
    const h = attrNumber(hi);
    if (Number.isNaN(l) || Number.isNaN(h)) return 'expected min_val and max_val to not be NaN';
    if (!(l <= h)) return `expected min_val <= max_val, got min_val=${lo}, max_val=${hi}`;
    return null;
  },
  eval(op, [x]) {
    const t = tensorArg(x, op.name);
    const et = resultElement(op);
    const out = newTensor(t.shape, et);
    const src = numbers(t, op.name);
    const dst = numbers(out, op.name);
    const lo = attrNumber(op.attr('min_val'));
    const hi = attrNumber(op.attr('max_val'));
    if (isFloatElement(et)) {
      const ignore = nanIgnore(op);
      for (let i = 0; i < t.size; i++) dst[i] = applyMin(applyMax(src[i]!, lo, ignore), hi, ignore);
    } else {
      for (let i = 0; i < t.size; i++) {
        const v = src[i]!;
        dst[i] = v < lo ? lo : v > hi ? hi : v;
      }
    }
    return [out];
  },
});

// ---------------------------------------------------------------------------
// cast.

/** Two's complement wrap of an integer to `width` bits (unsigned: 0..2^w-1). */
export function wrapInt(v: number, width: number, unsigned: boolean): number {
  const m = 2 ** width;
  let r = v - Math.floor(v / m) * m;
  if (!unsigned && r >= m / 2) r -= m;
  return r;
}

/** Round half to even. */
function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d < 0.5) return f;
  if (d > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}

export const castOp: OpDef = tosaOp({
  name: 'tosa.cast',
  summary: 'Convert between element types',
  operands: [input('input')],
  results: [output()],
  verify: verifySameShape,
  fold: (op) => (op.operand(0).type === op.result().type ? [op.operand(0)] : null),
  eval(op, [x]) {
    const t = tensorArg(x, op.name);
    const inT = storageOf(t.elementType);
    const et = resultElement(op);
    const outT = storageOf(et);
    const out = newTensor(t.shape, et);
    const src = numbers(t, op.name);
    const dst = numbers(out, op.name);
    const n = t.size;
    const inBool = inT instanceof IntegerType && inT.width === 1;
    const outBool = outT instanceof IntegerType && outT.width === 1;
    if (outBool) for (let i = 0; i < n; i++) dst[i] = src[i] !== 0 ? 1 : 0;
    else if (outT instanceof FloatType) {
      const r = floatRounder(outT);
      for (let i = 0; i < n; i++) dst[i] = r(inBool ? (src[i] ? 1 : 0) : src[i]!);
    } else if (outT instanceof IntegerType) {
      const [lo, hi] = rangeOf(outT);
      if (inT instanceof FloatType) {
        // float -> int: round to nearest, ties to even, then saturate.
        for (let i = 0; i < n; i++) {
          const v = src[i]!;
          if (v !== v) throw new TosaRequireError(`${op.name}: cannot convert NaN to ${outT}`);
          const r = roundHalfEven(v);
          dst[i] = r < lo ? lo : r > hi ? hi : r;
        }
      } else {
        // int -> int: sign-extend or truncate (two's complement wrap).
        for (let i = 0; i < n; i++) dst[i] = wrapInt(src[i]!, outT.width, outT.isUnsigned);
      }
    } else throw new TosaRequireError(`${op.name}: unsupported cast to ${et}`);
    return [out];
  },
});

// ---------------------------------------------------------------------------
// rescale.

export const ROUNDING_MODES = ['SINGLE_ROUND', 'INEXACT_ROUND', 'DOUBLE_ROUND'] as const;

export const rescaleOp: OpDef = tosaOp({
  name: 'tosa.rescale',
  summary: 'Requantize: (x - input_zp) * multiplier >> shift + output_zp, saturated',
  operands: [
    input('input'),
    input('multiplier', tosaTensor1D),
    input('shift', tosaTensor1D),
    input('input_zp', tosaScalarTensor),
    input('output_zp', tosaScalarTensor),
  ],
  results: [output()],
  attributes: [
    { name: 'scale32', constraint: boolAttr },
    { name: 'rounding_mode', constraint: enumConstraint(ROUNDING_MODE, ROUNDING_MODES), enumOf: ROUNDING_MODE },
    { name: 'per_channel', constraint: boolAttr },
    { name: 'input_unsigned', constraint: boolAttr },
    { name: 'output_unsigned', constraint: boolAttr },
  ],
  verify(op) {
    const inT = storageOf(elementOf(op.operand(0).type));
    const outT = storageOf(elementOf(op.result().type));
    if (!(inT instanceof IntegerType)) return `expect input to have integer element type, got ${inT}`;
    if (!(outT instanceof IntegerType)) return `expect output to have integer element type, got ${outT}`;
    const shape = verifySameShape(op);
    if (shape) return shape;
    const izpT = storageOf(elementOf(op.operand(3).type));
    const ozpT = storageOf(elementOf(op.operand(4).type));
    if (!(izpT instanceof IntegerType) || izpT.width !== inT.width) {
      return `expected input and input_zp to both be integer of the same bitwidth, but got '${inT}' vs. '${izpT}'`;
    }
    if (!(ozpT instanceof IntegerType) || ozpT.width !== outT.width) {
      return `expected output and output_zp to both be integer of the same bitwidth, but got '${outT}' vs. '${ozpT}'`;
    }
    const scale32 = boolOf(op, 'scale32');
    const mT = elementOf(op.operand(1).type);
    if (mT !== IntegerType.get(scale32 ? 32 : 16)) return `expect i${scale32 ? 32 : 16} element type for multiplier for scale32=${scale32}, got ${mT}`;
    if (elementOf(op.operand(2).type) !== IntegerType.get(8)) return `expect i8 element type for shift, got ${elementOf(op.operand(2).type)}`;
    const inShape = shapeOf(op.operand(0).type);
    const perChannel = boolOf(op, 'per_channel');
    const channels = perChannel ? (inShape && inShape.length > 0 ? inShape[inShape.length - 1]! : -1) : 1;
    if (known(channels)) {
      for (const [i, what] of [[1, 'multiplier'], [2, 'shift']] as const) {
        const s = shapeOf(op.operand(i).type);
        if (s && known(s[0]) && s[0] !== channels) return `expect shape of { ${channels} } for ${what} input, got { ${s[0]} }`;
      }
    }
    const inUnsigned = boolOf(op, 'input_unsigned');
    const outUnsigned = boolOf(op, 'output_unsigned');
    const izp = constantScalar(op.operand(3));
    const ozp = constantScalar(op.operand(4));
    const zpOk = (zp: number, t: IntegerType, unsigned: boolean): boolean => {
      if (zp === 0 || t.width === 8) return true;
      // A 16-bit unsigned zero point of 32768 is stored as -32768 in i16.
      return t.width === 16 && unsigned && (zp === -32768 || zp === 32768);
    };
    if (izp !== null && !zpOk(izp, inT, inUnsigned)) return `expect input_zp of 0, got ${izp}`;
    if (ozp !== null && !zpOk(ozp, outT, outUnsigned)) return `expect output_zp of 0, got ${ozp}`;
    return null;
  },
  eval(op, xs) {
    const [x, mT, sT, izT, ozT] = xs.map((v) => tensorArg(v, op.name));
    const inT = storageOf(x!.elementType) as IntegerType;
    const et = resultElement(op);
    const outT = storageOf(et) as IntegerType;
    const scale32 = boolOf(op, 'scale32');
    const mode = enumCase(op.attr('rounding_mode'), ROUNDING_MODE);
    const doubleRound = mode === 'DOUBLE_ROUND';
    const perChannel = boolOf(op, 'per_channel');
    const inUnsigned = boolOf(op, 'input_unsigned');
    const outUnsigned = boolOf(op, 'output_unsigned');
    const inW = inT.width;
    const outW = outT.width;
    // TOSA 1.0 RESCALE ERROR_IFs that depend on types and attributes.
    require(!(scale32 && inW === 48), op, 'scale32 is not allowed with i48 input');
    require(!(!scale32 && doubleRound), op, 'DOUBLE_ROUND requires scale32');
    require(!(inUnsigned && outUnsigned), op, 'input_unsigned and output_unsigned are exclusive');
    require(!(outW === 32 && inUnsigned), op, 'input_unsigned is not allowed with i32 output');
    require(!((inW === 32 || inW === 48) && outUnsigned), op, 'output_unsigned is not allowed with i32/i48 input');
    const ext = (v: number, w: number, unsigned: boolean): number => wrapInt(v, w, unsigned);
    const izp = ext(izT!.at(0), inW, inUnsigned);
    const ozp = ext(ozT!.at(0), outW, outUnsigned);
    require(izp === 0 || inW === 8 || (inW === 16 && inUnsigned && izp === 32768), op, `input_zp ${izp} not allowed`);
    require(ozp === 0 || outW === 8 || (outW === 16 && outUnsigned && ozp === 32768), op, `output_zp ${ozp} not allowed`);
    const M = numbers(mT!, op.name);
    const S = numbers(sT!, op.name);
    const src = numbers(x!, op.name);
    const out = newTensor(x!.shape, et);
    const dst = numbers(out, op.name);
    const [lo, hi] = outUnsigned ? [0, 2 ** outW - 1] : [-(2 ** (outW - 1)), 2 ** (outW - 1) - 1];
    const C = perChannel ? x!.shape[x!.shape.length - 1]! : 1;
    require(M.length >= C && S.length >= C, op, 'multiplier/shift have fewer entries than channels');
    const n = x!.size;
    const inMod = 2 ** inW;
    const inHalf = inMod / 2;
    for (let i = 0; i < n; i++) {
      const c = perChannel ? i % C : 0;
      // Re-read the stored value as unsigned or signed of the input width.
      let v = src[i]!;
      if (inUnsigned) {
        if (v < 0) v += inMod;
      } else if (v >= inHalf) v -= inMod;
      v -= izp;
      const m = M[c]!;
      const s = S[c]!;
      let r: number;
      if (scale32) {
        if (v < -(2 ** (s - 1)) || v >= 2 ** (s - 1)) throw new TosaRequireError(`${op.name}: value ${v} out of range for shift ${s}`);
        r = applyScale32(v, m, s, doubleRound);
      } else r = applyScale16(v, m, s);
      r += ozp;
      if (r < -(2 ** 31) || r >= 2 ** 31) throw new TosaRequireError(`${op.name}: adding output_zp overflows int32`);
      dst[i] = r < lo ? lo : r > hi ? hi : r;
    }
    // Unsigned results stored in signless storage keep their bit pattern (static_cast).
    if (outUnsigned && !outT.isUnsigned && !(dst instanceof Float64Array)) {
      for (let i = 0; i < n; i++) dst[i] = wrapInt(dst[i]!, outW, false);
    }
    return [out];
  },
});

// ---------------------------------------------------------------------------
// table.

export const tableOp: OpDef = tosaOp({
  name: 'tosa.table',
  summary: 'Table lookup (i8: 256 entries; i16: 513 entries, interpolated)',
  operands: [input('input1'), input('table', tosaTensor1D)],
  results: [output()],
  verify(op) {
    const inT = storageOf(elementOf(op.operand(0).type));
    const tT = storageOf(elementOf(op.operand(1).type));
    const outT = storageOf(elementOf(op.result().type));
    const ts = shapeOf(op.operand(1).type);
    const shape = verifySameShape(op);
    if (shape) return shape;
    if (inT instanceof IntegerType && inT.width === 8) {
      if (tT !== inT || outT !== inT) return 'expected i8 table and i8 output for i8 input';
      if (ts && known(ts[0]) && ts[0] !== 256) return `expected table of 256 entries for i8 input, got ${ts[0]}`;
    } else if (inT instanceof IntegerType && inT.width === 16) {
      if (tT !== inT || outT !== IntegerType.get(32)) return 'expected i16 table and i32 output for i16 input';
      if (ts && known(ts[0]) && ts[0] !== 513) return `expected table of 513 entries for i16 input, got ${ts[0]}`;
    }
    return null;
  },
  eval(op, [x, tb]) {
    const t = tensorArg(x, op.name);
    const table = numbers(tensorArg(tb, op.name), op.name);
    const out = newTensor(t.shape, resultElement(op));
    const src = numbers(t, op.name);
    const dst = numbers(out, op.name);
    const w = intWidth(t.elementType);
    if (w === 8) {
      require(table.length === 256, op, 'i8 table needs 256 entries');
      for (let i = 0; i < t.size; i++) dst[i] = table[src[i]! + 128]!;
    } else if (w === 16) {
      require(table.length === 513, op, 'i16 table needs 513 entries');
      for (let i = 0; i < t.size; i++) {
        const v = src[i]!;
        const index = (v + 32768) >> 7;
        const fraction = v & 0x7f;
        const base = table[index]!;
        const slope = table[index + 1]! - base;
        if (slope < -32768 || slope > 32767) throw new TosaRequireError(`${op.name}: table slope ${slope} out of int16 range`);
        dst[i] = base * 128 + slope * fraction;
      }
    } else throw new TosaRequireError(`${op.name}: table lookup needs i8 or i16 input`);
    return [out];
  },
});

// ---------------------------------------------------------------------------
// Float activations.

function floatUnary(mnemonic: string, summary: string, f: (x: number) => number): OpDef {
  return tosaOp({
    name: `tosa.${mnemonic}`,
    summary,
    operands: [input('input1')],
    results: [output()],
    verify: (op) => sameElementTypes(op, [0], true) ?? verifySameShape(op),
    eval(op, [x]) {
      const t = tensorArg(x, op.name);
      const et = resultElement(op);
      require(et instanceof FloatType, op, `${mnemonic} is defined for floating-point tensors only`);
      const r = floatRounder(et);
      const out = newTensor(t.shape, et);
      const src = numbers(t, op.name);
      const dst = numbers(out, op.name);
      for (let i = 0; i < t.size; i++) dst[i] = r(f(src[i]!));
      return [out];
    },
  });
}

export const sigmoidOp = floatUnary('sigmoid', 'Elementwise logistic function', (x) => 1 / (1 + Math.exp(-x)));
export const tanhOp = floatUnary('tanh', 'Elementwise hyperbolic tangent', Math.tanh);
export const expOp = floatUnary('exp', 'Elementwise e^x', Math.exp);
export const reciprocalOp = floatUnary('reciprocal', 'Elementwise 1/x', (x) => 1 / x);

export const elementwiseOps: OpDef[] = [
  addOp,
  subOp,
  mulOp,
  maximumOp,
  minimumOp,
  equalOp,
  greaterOp,
  selectOp,
  clampOp,
  castOp,
  rescaleOp,
  tableOp,
  sigmoidOp,
  tanhOp,
  expOp,
  reciprocalOp,
];
