// The vipnano NN executor: one NN job run from its descriptor's words and
// the job's regions alone (it shares nothing with the compiler's IR; its
// results must equal the nir evaluator's on every job nn-encode.ts emits).
// docs/vipnano.md is the full model; in short:
//
// Decoding (nn-job.ts unpackNnJob): layer_type CONV; data types INT8 (0) or
// UINT8 (2), 8-bit images only; pooling NON, or MAX with pooling_xy_size 0
// (2x2 windows, stride 2, even output size); npuc's flags in unused13
// (CLAMP: bounds in unused12; ADD: input B and the input scales in unused14,
// unused16, further1, further2); post_multiplier (15 bits, v7) and
// post_shift. Anything else a field may hold: BackendError.
//
// Memory, checked before anything is read or written (BackendError, regions
// untouched): addresses are `region << 28 | offset` (job.ts); the input
// image (kernel_z_size planes of in_image_x/y_size), input B (ADD: the same
// shape at further1), the output image (out_image_z_size planes of
// out_image_x/y_size, halved by pooling) and the weight stream
// (kernel_address << 6, its length from its header) must each lie inside one
// existing region; the weight stream must decode (zrl.ts decodeWeights:
// out_image_z_size kernels of kernel_xy_size * kernel_y_size *
// kernel_z_size values) and kernel k's output offset must be
// k * out_image_x_stride * out_image_y_stride, the planar layout; a
// convolution may do at most MAX_NN_MACS multiply-accumulates.
// The job reads all its inputs before it writes its output.
//
// Arithmetic (exact integers):
//   CONV  for output (ox, oy) of kernel k: the taps (kx, ky, z) read input
//         (ox + in_image_x_offset + kx, oy + in_image_y_offset + ky, z), or
//         in_image_border_const outside the input;
//         acc = bias[k] + sum of value * (w - coef_zero_point), bias[k] the
//         stream's (corrected) bias, w the stream's weights ([z][x][y]).
//   ADD   a' = post(a - border_const, scale A), b' = post(b - zp B, scale B)
//         per element (input B at the input's sizes and strides);
//         acc = a' + b'.
//   then  v = post(acc, post_multiplier / post_shift) + out_zero_point,
//         post = requant.ts applyPostScale (round half up); relu: v =
//         max(v, out_zero_point); saturate to the output data type; CLAMP:
//         v < lo ? lo : v > hi ? hi : v.
//   pooling MAX: the output image holds the maximum of each 2x2 window of
//         those values.

import { BackendError } from '../../codegen/backend.js';
import { readImage, resolveImage, writeImage, type ResolvedImage } from './nn-image.js';
import { dataTypeRange, unpackNnJob, type NnJob } from './nn-job.js';
import { maxPool2x2, runConv } from './nn-execute-conv.js';
import { readWeights } from './nn-execute-weights.js';
import { applyPostScale } from './requant.js';

/** Bound on one convolution's multiply-accumulates (a hostile descriptor cannot hang the executor). */
export const MAX_NN_MACS = 2 ** 32;

type Regions = readonly (Uint8Array | undefined)[];

function outputStage(job: NnJob): (acc: number) => number {
  const [tlo, thi] = dataTypeRange(job.output.dataType);
  const zp = job.outZeroPoint;
  const post = job.post;
  const relu = job.relu;
  const [lo, hi] = job.clamp ?? [tlo, thi];
  return (acc) => {
    let v = applyPostScale(acc, post) + zp;
    if (relu && v < zp) v = zp;
    v = v < tlo ? tlo : v > thi ? thi : v;
    return v < lo ? lo : v > hi ? hi : v;
  };
}

function runAdd(job: NnJob, a: ResolvedImage, regions: Regions, stage: (acc: number) => number): Int32Array {
  const add = job.add!;
  const b = resolveImage({ ...job.input, address: add.bAddress, dataType: add.bDataType }, regions, 'ADD input B');
  const av = readImage(a);
  const bv = readImage(b);
  const out = new Int32Array(av.length);
  const azp = job.borderConst;
  for (let i = 0; i < av.length; i++) {
    out[i] = stage(applyPostScale(av[i]! - azp, add.aScale) + applyPostScale(bv[i]! - add.bZeroPoint, add.bScale));
  }
  return out;
}

/** Runs one NN job over `regions` (indexed as job.ts REGION); BackendError for anything outside npuc's model. */
export function executeNnJob(descriptor: Uint32Array, regions: Regions): void {
  const job = unpackNnJob(descriptor);
  const pool = job.maxPool ? 2 : 1;
  const o = job.output;
  const out = resolveImage({ ...o, xSize: o.xSize / pool, ySize: o.ySize / pool }, regions, 'output image');
  const input = resolveImage(job.input, regions, 'input image');
  const stage = outputStage(job);
  if (job.add) {
    writeImage(out, runAdd(job, input, regions, stage));
    return;
  }
  const macs = o.xSize * o.ySize * o.zSize * job.kernel.xSize * job.kernel.ySize * job.input.zSize;
  if (macs > MAX_NN_MACS) throw new BackendError(`vipnano NN job: ${macs} multiply-accumulates, above the executor's bound of 2^32`);
  const weights = readWeights(job, regions);
  const plane = o.xStride * o.yStride;
  weights.outputOffset.forEach((off, k) => {
    if (off !== k * plane) throw new BackendError(`vipnano NN job: kernel ${k}'s output offset is ${off}, the planar output needs ${k * plane}`);
  });
  const values = runConv(job, weights, readImage(input), stage);
  writeImage(out, job.maxPool ? maxPool2x2(values, o.xSize, o.ySize, o.zSize) : values);
}
