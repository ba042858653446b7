// nir data movement -> one vipnano TP job (the model: tp-execute.ts).
//
// - nir.transpose and nir.dma of 8-bit data: a permutation of elements. The
//   dimensions (of size > 1) go in input-stride order; runs contiguous in the
//   input become the image's x (stride 1), y and z axes; the window is the
//   whole image; the output loops step through the output view in the read
//   order (tp-plan.ts). This covers Mesa's transpose (NHWC -> NCHW) and
//   detranspose (NCHW -> NHWC) at graph edges and any other transpose whose
//   views fit.
// - nir.reshuffle (space-to-depth with padding): x = W (stride 1), y = H,
//   z = C (and N when it continues C's planes); the window starts at
//   (-pad_left, -pad_top) and spans OW*bx x OH*by, padding read as in_zp =
//   the ifm's zero point; the loops, innermost first: j (bx), ox, i (by), oy,
//   c, n, with output channel (i*bx + j)*C + c (nir's order; Mesa's driver
//   uses channel-major 4c + 2i + j for its own convolution weights).
// Other fields are written as Mesa's set_default_tp_config writes them
// (global memory, i2f/f2i, rounding modes 1, `last`, no circular buffers).
// A view the fields cannot express (brick layouts, an ifm x axis not
// contiguous, strides or sizes beyond the fields, an output view whose
// elements overlap) and non-8-bit data are a BackendError naming the op.

import { BackendError } from '../../codegen/backend.js';
import type { Operation } from '../../ir/operation.js';
import { arrayProp, viewOperand, type ViewInfo } from '../../dialects/nir/views.js';
import { TP_FIELDS, packDescriptor } from './descriptors.js';
import type { EncodedJob, JobContext } from './job.js';
import { TP_COUNTED_LOOPS } from './tp-execute.js';
import { U16, U32, outputLoops, permutationPlan, type TpDim, type TpPlan } from './tp-plan.js';

/** The nir ops the TP core runs. */
export const TP_OPS: ReadonlySet<string> = new Set(['nir.transpose', 'nir.reshuffle', 'nir.dma']);

const NO_CIRCULAR_BUFFER = 0xffffffff >>> 6;

function fail(op: Operation, msg: string): never {
  throw new BackendError(`${op.name}: ${msg}`);
}

function viewOf(op: Operation, i: number, name: string): ViewInfo {
  const v = viewOperand(op, i, name);
  if (typeof v === 'string') fail(op, v);
  if (v.layout !== 'NHWC' || !v.strides) fail(op, `the ${name}'s ${v.layout} layout has no vipnano TP encoding`);
  if (v.kind !== 'i8' && v.kind !== 'ui8') fail(op, `${v.kind} data has no vipnano TP encoding (8-bit elements only)`);
  return v;
}

/** True when no two elements of the view share a byte (a sufficient test: sorted strides each step over the previous dimension). */
function injective(v: ViewInfo): boolean {
  const dims = v.shape.map((n, i) => ({ n, s: v.strides![i]! })).filter((d) => d.n > 1).sort((a, b) => a.s - b.s);
  let reach = 1;
  for (const d of dims) {
    if (d.s < reach) return false;
    reach = d.s * d.n;
  }
  return true;
}

function permutationDims(ifm: ViewInfo, ofm: ViewInfo, perms: readonly number[]): TpDim[] {
  const outStride = new Array<number>(ifm.shape.length).fill(0);
  perms.forEach((p, k) => (outStride[p] = ofm.strides![k]!));
  return ifm.shape.map((count, i) => ({ count, inStride: ifm.strides![i]!, outStride: outStride[i]! }));
}

function reshufflePlan(op: Operation, ifm: ViewInfo, ofm: ViewInfo): TpPlan {
  const [N, IH, IW, C] = ifm.shape as [number, number, number, number];
  const [, OH, OW] = ofm.shape as [number, number, number, number];
  const [sN, sH, sW, sC] = ifm.strides as [number, number, number, number];
  const [oN, oH, oW, oC] = ofm.strides as [number, number, number, number];
  const [by, bx] = arrayProp(op, 'block') as [number, number];
  const [pt, , pl] = arrayProp(op, 'pad') as [number, number, number, number];
  if (IW > 1 && sW !== 1) fail(op, `the ifm's W stride ${sW} is not 1: the TP image's x axis must be contiguous (a planar view)`);
  if (IH > 1 && sH > U16) fail(op, `the ifm's H stride ${sH} exceeds in_image_stride's 16 bits`);
  const z = [
    { count: C, stride: sC },
    { count: N, stride: sN },
  ].filter((d) => d.count > 1);
  if (z.length === 2 && z[1]!.stride !== z[0]!.stride * z[0]!.count) fail(op, `the ifm's batch stride ${sN} does not continue its ${C} channel planes of stride ${sC}`);
  const zSize = N * C;
  const slice = z.length ? z[0]!.stride : IW * IH;
  const window = { x0: -pl, x1: OW * bx - 1 - pl, y0: -pt, y1: OH * by - 1 - pt };
  if (IW > U16 || IH > U16 || zSize > U16 || slice > U32) fail(op, `the ifm ${IW}x${IH}x${zSize} (slice ${slice}) exceeds the TP image fields`);
  if (pl > 0x8000 || pt > 0x8000 || window.x1 > U16 || window.y1 > U16 || OW * bx > U16 || OH * by > U16) fail(op, `the padded window exceeds the TP window fields`);
  const dims: TpDim[] = [
    { count: bx, inStride: 0, outStride: oC * C },
    { count: OW, inStride: 0, outStride: oW },
    { count: by, inStride: 0, outStride: oC * C * bx },
    { count: OH, inStride: 0, outStride: oH },
    { count: C, inStride: 0, outStride: oC },
    { count: N, inStride: 0, outStride: oN },
  ].filter((d) => d.count > 1);
  const loops = outputLoops(dims);
  if (!loops) fail(op, `the ofm strides [${ofm.strides!.join(', ')}] need more than ${TP_COUNTED_LOOPS + 1} output loops`);
  return { xSize: IW, ySize: IH, zSize, stride: IH > 1 ? sH : IW, slice, window, loops };
}

/** No elements: an image without planes. */
const EMPTY: TpPlan = { xSize: 1, ySize: 1, zSize: 0, stride: 1, slice: 1, window: { x0: 0, x1: 0, y0: 0, y1: 0 }, loops: [{ count: 1, inc: 0 }] };

function descriptorOf(op: Operation, plan: TpPlan, inAddress: number, outAddress: number, zeroPoint: number): Uint32Array {
  const { window: w } = plan;
  const values: Record<string, number> = {
    in_image_x_size: plan.xSize,
    in_image_y_size: plan.ySize,
    in_image_z_size: plan.zSize,
    in_image_stride: plan.stride,
    in_image_slice: plan.slice,
    in_window_x_start: w.x0,
    in_window_y_start: w.y0,
    in_window_x_end: w.x1,
    in_window_y_end: w.y1,
    in_image_global_mem: 1,
    alu_i2f_enable: 1,
    alu_f2i_enable: 1,
    in_tile_x_size: w.x1 - w.x0 + 1,
    in_tile_x_inc: w.x1 - w.x0 + 1,
    in_tile_y_size: w.y1 - w.y0 + 1,
    in_tile_y_inc: w.y1 - w.y0 + 1,
    in_image_base_address: inAddress,
    out_image_global_mem: 1,
    last: 1,
    out_image_base_address: outAddress,
    flat_rounding_mode: 1,
    integer_rounding_mode: 1,
    in_image_circular_buf_end_address_plus_1: NO_CIRCULAR_BUFFER,
    out_image_circular_buf_end_address_plus_1: NO_CIRCULAR_BUFFER,
    in_zp: zeroPoint & 0xff,
    out_zp: zeroPoint & 0xff,
  };
  for (let k = 0; k < TP_COUNTED_LOOPS; k++) {
    const l = plan.loops[k];
    values[`out_loop_${k}_count`] = l ? l.count : 1;
    values[`out_loop_${k}_inc`] = l ? l.inc : 0;
  }
  values.out_loop_6_inc = plan.loops[TP_COUNTED_LOOPS]?.inc ?? 0;
  try {
    return packDescriptor(TP_FIELDS, values);
  } catch (e) {
    fail(op, (e as Error).message);
  }
}

/** One TP job for nir.transpose, nir.reshuffle or nir.dma of 8-bit views; BackendError naming the op otherwise. */
export function encodeTpJob(op: Operation, ctx: JobContext): EncodedJob {
  if (!TP_OPS.has(op.name)) fail(op, 'has no vipnano TP encoding');
  const ifm = viewOf(op, 0, op.name === 'nir.dma' ? 'src' : 'ifm');
  const ofm = viewOf(op, 1, op.name === 'nir.dma' ? 'dst' : 'ofm');
  if (!injective(ofm)) fail(op, `the output view's strides [${ofm.strides!.join(', ')}] make elements overlap`);
  let plan: TpPlan | null;
  if (ifm.shape.includes(0)) plan = EMPTY;
  else if (op.name === 'nir.reshuffle') plan = reshufflePlan(op, ifm, ofm);
  else {
    const perms = op.name === 'nir.transpose' ? (arrayProp(op, 'perms') ?? fail(op, 'no perms')) : ifm.shape.map((_, i) => i);
    plan = permutationPlan(permutationDims(ifm, ofm, perms));
    if (!plan) {
      fail(op, `views of shapes [${ifm.shape.join(', ')}] strides [${ifm.strides!.join(', ')}] -> [${ofm.shape.join(', ')}] strides [${ofm.strides!.join(', ')}] do not fit the TP image (x, y, z) and its ${TP_COUNTED_LOOPS + 1} output loops`);
    }
  }
  const descriptor = descriptorOf(op, plan, ctx.addressOf(op.operand(0)), ctx.addressOf(op.operand(1)), ifm.zeroPoint);
  return { kind: 'TP', descriptor, location: op.loc.toString() };
}
