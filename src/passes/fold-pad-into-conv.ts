// fold-pad-into-conv: an explicit tosa.pad in front of a convolution or a max
// pool becomes part of that op's own `pad` attribute, so the padded tensor is
// never materialized:
//
//   %p = tosa.pad %x, [0, 0, t, b, l, r, 0, 0], %v        (NHWC, H and W only)
//   tosa.conv2d %p, ... {pad = [T, B, L, R]}
//     -> tosa.conv2d %x, ... {pad = [T + t, B + b, L + l, R + r]}
//
// The rule, per consumer (operand 0 must be the pad's result):
//   - tosa.conv2d, tosa.depthwise_conv2d: the pad value must equal the conv's
//     input zero point. A padded tap then contributes (v - input_zp) * (w -
//     weight_zp) = 0 * (w - weight_zp) = 0, which is exactly what TOSA's own
//     padding contributes (the reference skips those taps). Integer results
//     are bit-identical: the accumulator runs through the same partial sums,
//     some repeated, so even the accumulator range check fails or passes alike.
//     Floats (pad value 0 or -0, input zero point 0): the explicit taps add
//     products that are +0 or -0; the accumulator starts at +0 and a
//     round-to-nearest sum is never -0 unless both addends are, so adding them
//     changes nothing and the remaining products keep their order. That needs
//     finite weights (Inf * 0 = NaN), so float weights must be constants with
//     no Inf or NaN.
//   - tosa.max_pool2d: the pad value must be the lowest value of the element
//     type (the integer minimum; -Inf for floats). That value never wins a
//     max (nor loses a NaN: PROPAGATE and IGNORE both come out the same), and
//     every window keeps at least one real element because TOSA requires each
//     pad to be less than the kernel size. The folded pads must still be, so a
//     fold that would break pad < kernel is skipped.
//   - tosa.avg_pool2d is never folded: its own padding is left out of the
//     divisor, an explicitly padded element is counted.
//
// The output shape cannot change: the output extent depends on
// in - 1 + pad_before + pad_after, and the fold moves t + b (l + r) from the
// input extent into the padding. Folded pads also stay within the TOSA level
// limit pad <= MAX_KERNEL (8192 at level 8K; the max-pad option).
//
// Left unchanged, with a remark: non-constant padding, pad value or input zero
// point; padding on N or C; a pad value other than the zero point (or the
// lowest value for max_pool2d); quantized element types; float convolutions
// whose weights are not constant or not finite; folds past max-pad or past
// the pool kernel; avg_pool2d. A pad with other users stays for them; one left
// without users is erased (with its constant operands).

import { DenseArrayAttr, type Attribute } from '../ir/attributes.js';
import type { Operation, Value } from '../ir/operation.js';
import type { PassContext, PassDef } from '../ir/pass.js';
import type { PatternRewriter, RewritePattern } from '../ir/rewrite.js';
import { applyToRoots } from './apply-to-roots.js';
import { FloatType, IntegerType, RankedTensorType } from '../ir/types.js';
import { constantInts, constantScalar, i64Array, rangeOf } from '../dialects/tosa/common.js';
import { constTensor } from './onnx-to-tosa/quant.js';

/** The TOSA 8K level's MAX_KERNEL, the largest pad a conv or pool may have. */
export const TOSA_MAX_KERNEL = 8192;

/** The explicit pad feeding `op` (operand 0), or null. */
function padProducer(op: Operation): Operation | null {
  const def = op.numOperands > 0 ? op.operand(0).definingOp : null;
  return def && def.name === 'tosa.pad' ? def : null;
}

/** The element type of a ranked tensor of integers or floats, or null (quantized, unranked). */
function plainElement(v: Value): IntegerType | FloatType | null {
  const t = v.type;
  if (!(t instanceof RankedTensorType) || t.rank !== 4) return null;
  const et = t.elementType;
  return et instanceof IntegerType || et instanceof FloatType ? et : null;
}

interface ExplicitPad {
  /** H and W padding of the tosa.pad, in TOSA attribute order: top, bottom, left, right. */
  readonly spatial: readonly [number, number, number, number];
  readonly value: number;
  readonly elementType: IntegerType | FloatType;
}

/** What the tosa.pad adds, or why it cannot fold into anything. */
function explicitPad(pad: Operation): ExplicitPad | string {
  const et = plainElement(pad.operand(0));
  if (!et) return 'the padded tensor is not a rank-4 tensor of integers or floats';
  const padding = constantInts(pad.operand(1));
  if (!padding || padding.length !== 8) return 'the padding is not a constant';
  const [n0, n1, t, b, l, r, c0, c1] = padding as [number, number, number, number, number, number, number, number];
  if (n0 !== 0 || n1 !== 0) return `the pad also pads N (${n0}, ${n1}); only H and W padding folds`;
  if (c0 !== 0 || c1 !== 0) return `the pad also pads C (${c0}, ${c1}); only H and W padding folds`;
  const value = constantScalar(pad.operand(2));
  if (value === null) return 'the pad value is not a constant';
  return { spatial: [t, b, l, r], value, elementType: et };
}

const show = (v: number): string => (Object.is(v, -0) ? '-0' : String(v));

/** The consumer's pad plus the explicit one, or why that breaks the level limit. */
function addPads(op: Operation, explicit: ExplicitPad, maxPad: number): number[] | string {
  const pad = i64Array(op, 'pad');
  const folded = pad.map((p, i) => p + explicit.spatial[i]!);
  if (folded.some((p) => p > maxPad)) return `the folded pad [${folded.join(', ')}] would exceed max-pad=${maxPad} (TOSA: pad <= MAX_KERNEL)`;
  return folded;
}

/** The folded pad of a conv2d/depthwise_conv2d, or why it stays. */
function planConv(op: Operation, explicit: ExplicitPad, maxPad: number): number[] | string {
  const zp = constantScalar(op.operand(3));
  if (zp === null) return 'the input zero point is not a constant';
  if (explicit.value !== zp) return `the pad value ${show(explicit.value)} differs from the input zero point ${show(zp)}`;
  if (explicit.elementType instanceof FloatType) {
    const w = constTensor(op.operand(1));
    if (!w) return 'float weights are not a constant: a non-finite weight times an explicit zero gives NaN, a skipped tap does not';
    for (let i = 0; i < w.size; i++) {
      if (!Number.isFinite(Number(w.data[i]))) return 'float weights hold Inf or NaN: such a weight times an explicit zero gives NaN, a skipped tap does not';
    }
  }
  return addPads(op, explicit, maxPad);
}

/** The folded pad of a max_pool2d, or why it stays. */
function planMaxPool(op: Operation, explicit: ExplicitPad, maxPad: number): number[] | string {
  const lowest = explicit.elementType instanceof FloatType ? -Infinity : rangeOf(explicit.elementType)[0];
  if (explicit.value !== lowest) return `the pad value ${show(explicit.value)} is not the lowest ${explicit.elementType} value (${lowest})`;
  const folded = addPads(op, explicit, maxPad);
  if (typeof folded === 'string') return folded;
  const [ky, kx] = i64Array(op, 'kernel') as [number, number];
  const [t, b, l, r] = folded as [number, number, number, number];
  if (t >= ky || b >= ky || l >= kx || r >= kx) {
    return `the folded pad [${folded.join(', ')}] would not be less than the ${ky}x${kx} kernel, as TOSA requires for max_pool2d`;
  }
  return folded;
}

/** Replaces `op` by a copy that reads the pad's input directly with pad attribute `folded`; erases the pad once unused. */
function rebuild(op: Operation, pad: Operation, folded: readonly number[], rewriter: PatternRewriter): void {
  rewriter.setInsertionPointBefore(op);
  const properties: [string, Attribute][] = [...op.properties].map(([k, v]) => [k, k === 'pad' ? DenseArrayAttr.i64([...folded]) : v]);
  const next = rewriter.create({
    name: op.name,
    operands: [pad.operand(0), ...op.operands.slice(1)],
    resultTypes: op.results.map((r) => r.type),
    properties,
    attributes: [...op.attributes],
    loc: op.loc,
  });
  rewriter.replaceOp(op, next.results);
  if (pad.results.some((r) => r.hasUses)) return;
  const defs = new Set(pad.operands.map((v) => v.definingOp));
  rewriter.eraseOp(pad);
  for (const d of defs) if (d && d.parent && d.hasTrait('ConstantLike') && d.results.every((r) => !r.hasUses)) rewriter.eraseOp(d);
}

function foldPatterns(ctx: PassContext): RewritePattern[] {
  const maxPad = ctx.options['max-pad'] as number;
  const skip = (op: Operation, why: string): false => {
    ctx.remark(op, `pad left unchanged: ${why}`);
    ctx.stat('num-skipped');
    return false;
  };
  const fold = (plan: (op: Operation, explicit: ExplicitPad, maxPad: number) => number[] | string) => (op: Operation, rewriter: PatternRewriter) => {
    const pad = padProducer(op);
    if (!pad) return false;
    const explicit = explicitPad(pad);
    if (typeof explicit === 'string') return skip(op, explicit);
    const folded = plan(op, explicit, maxPad);
    if (typeof folded === 'string') return skip(op, folded);
    const shared = pad.results.some((r) => r.users.some((u) => u !== op));
    rebuild(op, pad, folded, rewriter);
    ctx.remark(op, `folded tosa.pad [${explicit.spatial.join(', ')}] into pad = [${folded.join(', ')}]${shared ? ' (the pad stays for its other users)' : ''}`);
    ctx.stat('num-folded');
    return true;
  };
  return [
    // conv(pad(x, input_zp)) -> conv(x) with the padding in its pad attribute.
    { name: 'fold-pad-into-conv2d', root: 'tosa.conv2d', rewrite: fold(planConv) },
    { name: 'fold-pad-into-depthwise-conv2d', root: 'tosa.depthwise_conv2d', rewrite: fold(planConv) },
    // max_pool2d(pad(x, lowest)) -> max_pool2d(x) with the padding in its pad attribute.
    { name: 'fold-pad-into-max-pool2d', root: 'tosa.max_pool2d', rewrite: fold(planMaxPool) },
    {
      // Only explains itself: see the file comment.
      name: 'pad-before-avg-pool2d',
      root: 'tosa.avg_pool2d',
      rewrite(op) {
        if (!padProducer(op)) return false;
        return skip(op, 'avg_pool2d leaves its own padding out of the divisor, but counts explicitly padded elements');
      },
    },
  ];
}

export const foldPadIntoConvPass: PassDef = {
  name: 'fold-pad-into-conv',
  summary: 'Fold an explicit tosa.pad into the pad attribute of the conv2d, depthwise_conv2d or max_pool2d it feeds',
  anchor: 'builtin.module',
  options: {
    'max-pad': { type: 'int', default: TOSA_MAX_KERNEL, description: 'Largest folded pad per side (TOSA level 8K: pad <= MAX_KERNEL = 8192)' },
  },
  statistics: {
    'num-folded': 'Pads folded into the padding of the op they feed',
    'num-skipped': 'Pads feeding a convolution or pool left in place (see --pass-remarks)',
  },
  run(module, ctx) {
    return applyToRoots(module, foldPatterns(ctx));
  },
};
