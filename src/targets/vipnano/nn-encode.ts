// The vipnano NN encoder: one nir intrinsic -> one NN job (nn-job.ts,
// docs/vipnano.md). Errors are BackendErrors naming the op.
//
// - nir.conv2d (stride 1, dilation 1, 8-bit ifm, weights and ofm, one
//   requantization for every channel): CONV with the input, kernel and
//   output images, in_image_x/y_offset = -pad left / -pad top (the right
//   and bottom padding follow from the output size), border constant =
//   the input zero point, coef_zero_point = the weight zero point, and a
//   weight stream (zrl.ts) holding per kernel the raw weights in the order
//   [z][x][y] (Mesa's weights_map[oc][z][x][y]), the corrected bias
//   bias - sum(w - w_zp) * in_zp and the output offset k * X * Y.
// - nir.eltwise copy (8-bit, equal shapes, one multiplier): CONV 1x1 with
//   identity weights (kernel k: 1 at z = k, 0 elsewhere, zero point 0) and
//   corrected bias -in_zp, so acc = in - in_zp.
// - nir.pool max, kernel 2x2, stride 2, no padding: the same identity CONV
//   with zero points 0 and the unit post scale (acc = in, v = in) and
//   pooling MAX.
// - nir.eltwise add (8-bit, equal shapes, no broadcast, input B with the
//   strides of input A): CONV 1x1 flagged ADD, input B and the two input
//   scales in npuc's fields.
// Requantization: SINGLE_ROUND only; the multiplier / 2^shift of the output
// and of each add input must be exact for the core (requant.ts exactFor),
// else BackendError. Clamps: the output type's range -> nothing; [out_zp,
// type max] -> relu; anything else -> npuc's CLAMP bounds.

import { BackendError } from '../../codegen/backend.js';
import type { Operation } from '../../ir/operation.js';
import { arrayProp, stringProp } from '../../dialects/nir/views.js';
import { MAX_ZRL_BITS, NN_CORES, type EncodedJob, type JobContext } from './job.js';
import { dataTypeRange, packNnJob, type NnImage, type NnJob } from './nn-job.js';
import { nnTiling } from './nn-tiling.js';
import { constantViewValues, dataTypeOf, planarImage, viewsOf, type OpView } from './nn-views.js';
import { inexactReason, postScaleFromFloat, postScaleFromNir, type PostScale } from './requant.js';
import { encodeWeights } from './zrl.js';

const I32_MIN = -(2 ** 31);
const I32_MAX = 2 ** 31 - 1;

/** in_image_x/y_offset: a signed 4-bit field. */
const MAX_PAD = 8;

function exactScale(m: number, s: number, what: string): PostScale {
  const why = inexactReason(m, s);
  if (why) throw new BackendError(`${what} scale ${m} / 2^${s} has no exact NN encoding: ${why}`);
  return postScaleFromNir(m, s);
}

function checkRounding(op: Operation): void {
  const rounding = stringProp(op, 'rounding') ?? 'SINGLE_ROUND';
  if (rounding !== 'SINGLE_ROUND') throw new BackendError(`rounding ${rounding} has no NN encoding (the core rounds once, half up)`);
}

/** The op's output requantization: one multiplier and shift for every channel. */
function outputScale(op: Operation): PostScale {
  const m = arrayProp(op, 'multiplier');
  const s = arrayProp(op, 'shift');
  if (!m || !s || !m.length) throw new BackendError('no requantization (an i32 output) has no NN encoding');
  checkRounding(op);
  if (m.some((x) => x !== m[0]) || s.some((x) => x !== s[0])) throw new BackendError('per-channel requantization has no NN encoding (one post scale per job)');
  return exactScale(m[0]!, s[0]!, 'output');
}

/** relu or npuc's clamp for the op's `clamp`, given the output's zero point as the job writes it. */
function activation(op: Operation, out: NnImage, zp: number): Pick<NnJob, 'relu' | 'clamp'> {
  const c = arrayProp(op, 'clamp');
  const [lo, hi] = dataTypeRange(out.dataType);
  if (!c || (c[0]! <= lo && c[1]! >= hi)) return { relu: false, clamp: null };
  if (c[0] === zp && c[1]! >= hi) return { relu: true, clamp: null };
  return { relu: false, clamp: [c[0]!, c[1]!] };
}

function outputImage(v: OpView, ctx: JobContext): NnImage {
  if (v.info.buffer?.isConstant) throw new BackendError(`${v.what} is a constant: the coefficients region is read-only`);
  return planarImage(v, ctx.addressOf(v.value));
}

function sameShape(a: OpView, b: OpView): void {
  const s = (v: OpView): string => `[${v.info.shape.join(', ')}]`;
  if (s(a) !== s(b)) throw new BackendError(`${a.what} ${s(a)} and ${b.what} ${s(b)} differ: no broadcast on the NN core`);
}

/** Appends the weight stream of `kernels` (raw bytes) and returns kernel_address's byte address. */
function weightStream(ctx: JobContext, kernels: Uint8Array[], zeroPoint: number, bias: number[], out: NnImage): number {
  const plane = out.xStride * out.yStride;
  const offsets = kernels.map((_, k) => k * plane);
  if (offsets[offsets.length - 1]! > I32_MAX) throw new BackendError(`the output offset ${offsets[offsets.length - 1]} does not fit 32 bits`);
  for (const b of bias) if (b < I32_MIN || b > I32_MAX) throw new BackendError(`corrected bias ${b} does not fit 32 bits`);
  const { bytes } = encodeWeights(kernels, { zeroPoint: zeroPoint & 0xff, cores: NN_CORES, maxZrlBits: MAX_ZRL_BITS, bias: Int32Array.from(bias), outputOffset: Int32Array.from(offsets) });
  return ctx.addCoefficients(bytes);
}

function job(parts: Omit<NnJob, 'tiling' | 'add'> & Partial<Pick<NnJob, 'add'>>): NnJob {
  const { output: o, kernel: k } = parts;
  return { add: null, ...parts, tiling: nnTiling(o.xSize, o.ySize, o.zSize, k.xSize, k.ySize) };
}

function identityKernels(channels: number): Uint8Array[] {
  return Array.from({ length: channels }, (_, k) => {
    const w = new Uint8Array(channels);
    w[k] = 1;
    return w;
  });
}

function encodeConv(op: Operation, ctx: JobContext): NnJob {
  const [ifm, w, bias, ofm] = viewsOf(op, ['ifm', 'weights', 'bias', 'ofm']) as [OpView, OpView, OpView, OpView];
  const stride = arrayProp(op, 'stride') ?? [1, 1];
  const dilation = arrayProp(op, 'dilation') ?? [1, 1];
  if (stride.some((s) => s !== 1)) throw new BackendError(`stride [${stride.join(', ')}] has no NN encoding (stride 1 only; unstride-conv rewrites the others)`);
  if (dilation.some((d) => d !== 1)) throw new BackendError(`dilation [${dilation.join(', ')}] has no NN encoding`);
  const [pt, , pl] = arrayProp(op, 'pad') ?? [0, 0, 0, 0];
  if (pt! > MAX_PAD || pl! > MAX_PAD) throw new BackendError(`padding top ${pt}, left ${pl}: in_image_x/y_offset reach ${MAX_PAD} at most`);
  const input = planarImage(ifm, ctx.addressOf(ifm.value));
  const output = outputImage(ofm, ctx);
  if (w.info.shape.length !== 4) throw new BackendError(`weights shape [${w.info.shape.join(', ')}] must have rank 4`);
  const [OC, KH, KW, IC] = w.info.shape as [number, number, number, number];
  if (KW > 15 || KH > 15) throw new BackendError(`a ${KH}x${KW} kernel does not fit kernel_xy_size / kernel_y_size (15 at most)`);
  if (IC !== input.zSize || OC !== output.zSize) throw new BackendError(`weights [${w.info.shape.join(', ')}] do not match ${input.zSize} input and ${output.zSize} output channels`);
  const kType = dataTypeOf(w);
  const wv = constantViewValues(w);
  const bv = constantViewValues(bias);
  if (bias.info.kind !== 'i32' || bv.length !== OC) throw new BackendError(`bias must be i32 [${OC}]`);
  const wzp = w.info.zeroPoint;
  const izp = ifm.info.zeroPoint;
  const kernels: Uint8Array[] = [];
  const corrected: number[] = [];
  for (let oc = 0; oc < OC; oc++) {
    const k = new Uint8Array(IC * KW * KH);
    let sum = 0;
    for (let z = 0; z < IC; z++) {
      for (let x = 0; x < KW; x++) {
        for (let y = 0; y < KH; y++) {
          const v = wv[((oc * KH + y) * KW + x) * IC + z]!;
          k[(z * KW + x) * KH + y] = v & 0xff;
          sum += v - wzp;
        }
      }
    }
    kernels.push(k);
    corrected.push(bv[oc]! - sum * izp);
  }
  const address = weightStream(ctx, kernels, wzp, corrected, output);
  const outZeroPoint = ofm.info.zeroPoint;
  return job({
    input,
    borderConst: izp,
    offsetX: -pl!,
    offsetY: -pt!,
    kernel: { address, xSize: KW, ySize: KH, dataType: kType, zeroPoint: wzp },
    output,
    outZeroPoint,
    post: outputScale(op),
    maxPool: false,
    ...activation(op, output, outZeroPoint),
  });
}

/** A 1x1 identity convolution from `a` into `out`: acc = a - inZeroPoint. */
function identityConv(ctx: JobContext, input: NnImage, output: NnImage, inZeroPoint: number): Pick<NnJob, 'input' | 'borderConst' | 'offsetX' | 'offsetY' | 'kernel' | 'output'> {
  const address = weightStream(ctx, identityKernels(input.zSize), 0, new Array<number>(input.zSize).fill(-inZeroPoint), output);
  return { input, borderConst: inZeroPoint, offsetX: 0, offsetY: 0, kernel: { address, xSize: 1, ySize: 1, dataType: 'UINT8', zeroPoint: 0 }, output };
}

function encodeCopy(op: Operation, ctx: JobContext): NnJob {
  const [a, ofm] = viewsOf(op, ['input', 'ofm']) as [OpView, OpView];
  sameShape(a, ofm);
  const input = planarImage(a, ctx.addressOf(a.value));
  const output = outputImage(ofm, ctx);
  const outZeroPoint = ofm.info.zeroPoint;
  return job({ ...identityConv(ctx, input, output, a.info.zeroPoint), outZeroPoint, post: outputScale(op), maxPool: false, ...activation(op, output, outZeroPoint) });
}

function encodeMaxPool(op: Operation, ctx: JobContext): NnJob {
  const kind = stringProp(op, 'kind');
  if (kind !== 'max') throw new BackendError(`pool kind '${kind}' has no NN encoding (max only)`);
  const kernel = arrayProp(op, 'kernel') ?? [];
  const stride = arrayProp(op, 'stride') ?? [];
  const pad = arrayProp(op, 'pad') ?? [0, 0, 0, 0];
  if (kernel.join() !== '2,2' || stride.join() !== '2,2' || pad.some((p) => p !== 0)) {
    throw new BackendError(`max pool kernel [${kernel.join(', ')}] stride [${stride.join(', ')}] pad [${pad.join(', ')}]: only 2x2 at stride 2 without padding fuses into an NN job`);
  }
  const [ifm, ofm] = viewsOf(op, ['ifm', 'ofm']) as [OpView, OpView];
  const input = planarImage(ifm, ctx.addressOf(ifm.value));
  const output = outputImage(ofm, ctx);
  if (input.xSize !== 2 * output.xSize || input.ySize !== 2 * output.ySize || input.zSize !== output.zSize) {
    throw new BackendError(`max pool from ${input.xSize}x${input.ySize}x${input.zSize} to ${output.xSize}x${output.ySize}x${output.zSize} is not a 2x2 reduction`);
  }
  // The convolution's output is the input's size; pooling halves it. Zero points 0: v = in.
  const convOut = { ...output, xSize: input.xSize, ySize: input.ySize };
  return job({ ...identityConv(ctx, input, convOut, 0), outZeroPoint: 0, post: postScaleFromFloat(1), maxPool: true, ...activation(op, output, 0) });
}

function encodeAdd(op: Operation, ctx: JobContext): NnJob {
  const [a, b, ofm] = viewsOf(op, ['a', 'b', 'ofm']) as [OpView, OpView, OpView];
  sameShape(a, ofm);
  sameShape(b, ofm);
  checkRounding(op);
  const input = planarImage(a, ctx.addressOf(a.value));
  const bImage = planarImage(b, ctx.addressOf(b.value));
  if (bImage.xStride !== input.xStride || bImage.yStride !== input.yStride) {
    throw new BackendError(`input B's strides ${bImage.xStride}x${bImage.yStride} differ from input A's ${input.xStride}x${input.yStride}: the ADD job reads both with A's`);
  }
  const output = outputImage(ofm, ctx);
  const im = arrayProp(op, 'input_multiplier') ?? [];
  const is = arrayProp(op, 'input_shift') ?? [];
  if (im.length !== 2 || is.length !== 2) throw new BackendError('add needs two input multipliers and shifts');
  const outZeroPoint = ofm.info.zeroPoint;
  return job({
    input,
    borderConst: a.info.zeroPoint,
    offsetX: 0,
    offsetY: 0,
    kernel: { address: 0, xSize: 1, ySize: 1, dataType: 'UINT8', zeroPoint: 0 },
    output,
    outZeroPoint,
    post: outputScale(op),
    maxPool: false,
    ...activation(op, output, outZeroPoint),
    add: {
      bAddress: bImage.address,
      bDataType: bImage.dataType,
      bZeroPoint: b.info.zeroPoint,
      aScale: exactScale(im[0]!, is[0]!, 'input A'),
      bScale: exactScale(im[1]!, is[1]!, 'input B'),
    },
  });
}

function build(op: Operation, ctx: JobContext): NnJob {
  switch (op.name) {
    case 'nir.conv2d':
      return encodeConv(op, ctx);
    case 'nir.pool':
      return encodeMaxPool(op, ctx);
    case 'nir.eltwise': {
      const kind = stringProp(op, 'op');
      if (kind === 'copy') return encodeCopy(op, ctx);
      if (kind === 'add') return encodeAdd(op, ctx);
      throw new BackendError(`eltwise ${kind} has no NN encoding (add and copy only)`);
    }
    default:
      throw new BackendError('no NN encoding');
  }
}

/** The NN job for `op` (nir.conv2d, nir.eltwise add/copy, nir.pool max). */
export function encodeNnJob(op: Operation, ctx: JobContext): EncodedJob {
  const location = op.loc.toString();
  try {
    return { kind: 'NN', descriptor: packNnJob(build(op, ctx)), location };
  } catch (e) {
    if (e instanceof BackendError) throw new BackendError(`${location}: ${op.name}: ${e.message}`);
    throw e;
  }
}
