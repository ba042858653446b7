// depthwise-to-conv: a tosa.depthwise_conv2d (weights [KH, KW, C, M], output
// channel c*M + m reads input channel c) becomes a tosa.conv2d with the
// block-diagonal kernel [C*M, KH, KW, C]:
//   w'[c*M + m, ky, kx, c'] = w[ky, kx, c, m]   if c' == c
//                           = weight_zp         otherwise,
// so every off-diagonal tap contributes (x - x_zp) * (weight_zp - weight_zp) = 0.
// Bias, zero points, padding, stride, dilation, accumulator type and the
// result type carry over unchanged: the output channel order of conv2d
// ([.., OC]) is the depthwise order c*M + m. For NPUs without a depthwise mode
// (vipnano's NN core runs depthwise this way).
//
// Exactness: integer results are bit-identical. For floats the nonzero
// products are summed in the same order (the off-diagonal ones add a zero),
// so results are bit-identical for finite inputs; a non-finite value in
// another channel gives NaN (Inf * 0).
//
// Left unchanged, with a remark: non-constant weights or weight zero point,
// dynamic shapes, quantized element types, and kernels that would grow past
// max-channels (input channels C) or max-weight-elements (C*M*KH*KW*C).
// `min-multiplier=N` converts only channel multipliers M >= N: for an NPU
// whose native depthwise takes M up to N - 1 (ethos-u55: M = 1), silently.

import type { Operation, Value } from '../ir/operation.js';
import type { PassContext, PassDef } from '../ir/pass.js';
import type { RewritePattern } from '../ir/rewrite.js';
import { applyToRoots } from './apply-to-roots.js';
import { Tensor } from '../ir/tensor.js';
import { FloatType, IntegerType, RankedTensorType } from '../ir/types.js';
import { constantScalar } from '../dialects/tosa/common.js';
import { constTensor } from './onnx-to-tosa/quant.js';
import { TosaBuilder } from './onnx-to-tosa/tosa-builder.js';

/** The block-diagonal conv2d kernel [C*M, KH, KW, C] of depthwise weights [KH, KW, C, M]. */
export function blockDiagonalWeights(w: Tensor, weightZp: number): Tensor {
  const [KH, KW, C, M] = w.shape as [number, number, number, number];
  const out = Tensor.zeros([C * M, KH, KW, C], w.elementType);
  const src = w.data as Float64Array;
  const dst = out.data as Float64Array;
  dst.fill(weightZp);
  for (let c = 0; c < C; c++) {
    for (let m = 0; m < M; m++) {
      const oc = c * M + m;
      for (let ky = 0; ky < KH; ky++) {
        for (let kx = 0; kx < KW; kx++) dst[((oc * KH + ky) * KW + kx) * C + c] = src[((ky * KW + kx) * C + c) * M + m]!;
      }
    }
  }
  return out;
}

function plainStatic(v: Value): boolean {
  const t = v.type;
  return t instanceof RankedTensorType && t.hasStaticShape && (t.elementType instanceof IntegerType || t.elementType instanceof FloatType);
}

/** The new kernel, or why the op stays. */
function planDepthwise(op: Operation, maxChannels: number, maxElements: number): Tensor | string {
  if (![0, 1].every((i) => plainStatic(op.operand(i))) || !plainStatic(op.result())) {
    return 'input, weight and result need static shapes and integer or float elements';
  }
  const [KH, KW, C, M] = (op.operand(1).type as RankedTensorType).shape as [number, number, number, number];
  if (maxChannels > 0 && C > maxChannels) return `${C} input channels exceed max-channels=${maxChannels}`;
  const elements = C * M * KH * KW * C;
  if (elements > maxElements) return `the block-diagonal kernel would have ${elements} elements (C*M*KH*KW*C), more than max-weight-elements=${maxElements}`;
  const w = constTensor(op.operand(1));
  if (!w) return 'weights are not a constant';
  const weightZp = constantScalar(op.operand(4));
  if (weightZp === null) return 'the weight zero point is not a constant';
  return blockDiagonalWeights(w, weightZp);
}

function depthwisePatterns(ctx: PassContext): RewritePattern[] {
  const maxChannels = ctx.options['max-channels'] as number;
  const maxElements = ctx.options['max-weight-elements'] as number;
  const minMultiplier = ctx.options['min-multiplier'] as number;
  return [
    {
      // depthwise_conv2d(x, w[KH, KW, C, M]) -> conv2d(x, blockdiag(w)[C*M, KH, KW, C])
      name: 'depthwise-to-conv2d',
      root: 'tosa.depthwise_conv2d',
      rewrite(op, rewriter) {
        const wT = op.operand(1).type;
        if (minMultiplier > 1 && wT instanceof RankedTensorType && wT.rank === 4 && wT.shape[3]! < minMultiplier) return false;
        const plan = planDepthwise(op, maxChannels, maxElements);
        if (typeof plan === 'string') {
          ctx.remark(op, `left unchanged: ${plan}`);
          ctx.stat('num-skipped');
          return false;
        }
        rewriter.setInsertionPointBefore(op);
        const w = new TosaBuilder(rewriter, op.loc).const(plan);
        const conv = rewriter.create({
          name: 'tosa.conv2d',
          operands: [op.operand(0), w, op.operand(2), op.operand(3), op.operand(4)],
          resultTypes: [op.result().type],
          properties: [...op.properties],
          attributes: [...op.attributes],
          loc: op.loc,
        });
        const [OC, KH, KW, C] = plan.shape;
        ctx.remark(op, `converted to conv2d with a block-diagonal ${OC}x${KH}x${KW}x${C} kernel`);
        ctx.stat('num-converted');
        rewriter.replaceOp(op, [conv.result(0)]);
        return true;
      },
    },
  ];
}

export const depthwiseToConvPass: PassDef = {
  name: 'depthwise-to-conv',
  summary: 'Rewrite tosa.depthwise_conv2d as tosa.conv2d with a block-diagonal kernel',
  anchor: 'builtin.module',
  options: {
    'max-channels': { type: 'int', default: 0, description: 'Largest input channel count C to convert (0: no limit)' },
    'max-weight-elements': { type: 'int', default: 1 << 24, description: 'Largest block-diagonal kernel to create, in elements (C*M*KH*KW*C)' },
    'min-multiplier': { type: 'int', default: 1, description: 'Convert only depthwise convolutions with channel multiplier >= this (1: all)' },
  },
  statistics: {
    'num-converted': 'Depthwise convolutions rewritten as conv2d',
    'num-skipped': 'Depthwise convolutions left unchanged (see --pass-remarks)',
  },
  run(module, ctx) {
    return applyToRoots(module, depthwisePatterns(ctx));
  },
};
