// Quantization of a model's float inputs and outputs, recovered from the
// target-legal tosa module: a float input that is quantized at once (the
// form QuantizeLinear legalizes to: `mul` by 1/scale, `cast` to i32, `add`
// of the zero point, `clamp` to the integer range, `cast`) has a real range
// the integers can represent; a float output that is a dequantized integer
// (`cast` to float, `sub` of the zero point, `mul` by the scale, then only
// layout ops) has a scale, which is what one LSB of it is. `npuc golden`
// draws random inputs over that range and records the scale for `check`.

import { DenseElementsAttr, IntegerAttr } from '../ir/attributes.js';
import { functionsOf } from '../ir/interpreter.js';
import type { Operation, Value } from '../ir/operation.js';
import { FloatType, IntegerType, RankedTensorType } from '../ir/types.js';

/** The value of a one-element float or integer `tosa.const`, else null. */
function scalarConst(v: Value): number | null {
  const op = v.definingOp;
  if (!op || op.name !== 'tosa.const') return null;
  const a = op.attr('values');
  if (!(a instanceof DenseElementsAttr) || !(a.isSplat || a.numElements === 1)) return null;
  if (a.elementType instanceof FloatType) return a.getFloat(0);
  if (a.elementType instanceof IntegerType) return Number(a.getInt(0));
  return null;
}

/** The only user of `v`, when it has exactly one. */
const soleUser = (v: Value): Operation | null => (v.uses.size === 1 ? v.users[0]! : null);

const isFloatTensor = (v: Value): boolean => v.type instanceof RankedTensorType && v.type.elementType instanceof FloatType;
const isIntTensor = (v: Value): boolean => v.type instanceof RankedTensorType && v.type.elementType instanceof IntegerType;

/** The other operand of a binary op whose one operand is `v`, as a scalar constant. */
function otherScalar(op: Operation, v: Value): number | null {
  if (op.operands.length < 2) return null;
  const [a, b] = [op.operand(0), op.operand(1)];
  return a === v ? scalarConst(b) : b === v ? scalarConst(a) : null;
}

/** The real interval a quantized float input `arg` can represent, or null when it is not quantized that way. */
function inputRange(arg: Value): [number, number] | null {
  if (!isFloatTensor(arg)) return null;
  const mul = soleUser(arg);
  if (!mul || mul.name !== 'tosa.mul') return null;
  const inv = otherScalar(mul, arg);
  if (inv === null || !(inv > 0) || !Number.isFinite(inv)) return null;
  const cast = soleUser(mul.result());
  if (!cast || cast.name !== 'tosa.cast' || !isIntTensor(cast.result())) return null;
  let v = cast.result();
  let zp = 0;
  let next = soleUser(v);
  if (next && next.name === 'tosa.add') {
    const z = otherScalar(next, v);
    if (z === null) return null;
    zp = z;
    v = next.result();
    next = soleUser(v);
  }
  if (!next || next.name !== 'tosa.clamp') return null;
  const lo = next.attr('min_val');
  const hi = next.attr('max_val');
  if (!(lo instanceof IntegerAttr) || !(hi instanceof IntegerAttr)) return null;
  const [qmin, qmax] = [Number(lo.value), Number(hi.value)];
  return [(qmin - zp) / inv, (qmax - zp) / inv];
}

const LAYOUT_OPS = new Set(['tosa.transpose', 'tosa.reshape', 'tosa.identity']);

/** The scale and zero point of a dequantized float result `v`, or null. */
function outputQuantization(v: Value): { scale: number; zeroPoint: number } | null {
  let op = v.definingOp;
  while (op && LAYOUT_OPS.has(op.name)) op = op.operand(0).definingOp;
  if (!op || op.name !== 'tosa.mul' || !isFloatTensor(op.result())) return null;
  const [a, b] = [op.operand(0), op.operand(1)];
  const scale = scalarConst(b) ?? scalarConst(a);
  const x = scalarConst(b) !== null ? a : b;
  if (scale === null || !(scale > 0) || !Number.isFinite(scale)) return null;
  let src = x.definingOp;
  let zp = 0;
  if (src && src.name === 'tosa.sub' && scalarConst(src.operand(1)) !== null) {
    zp = scalarConst(src.operand(1))!;
    src = src.operand(0).definingOp;
  }
  if (!src || src.name !== 'tosa.cast' || !isIntTensor(src.operand(0))) return null;
  return { scale, zeroPoint: zp };
}

export interface ModelQuantization {
  /** Per @main argument: the real range of a quantized float input, else null. */
  readonly inputRanges: readonly ([number, number] | null)[];
  /** Per @main result: the quantization of a dequantized float output, else null. */
  readonly outputs: readonly ({ scale: number; zeroPoint: number } | null)[];
}

/** What the tosa-level `module`'s @main reveals about the quantization of its float inputs and outputs. */
export function modelQuantization(module: Operation): ModelQuantization {
  const main = functionsOf(module).get('main');
  const body = main?.regions[0]?.blocks[0];
  const ret = body?.terminator;
  if (!body || !ret) return { inputRanges: [], outputs: [] };
  return { inputRanges: body.args.map(inputRange), outputs: ret.operands.map(outputQuantization) };
}
