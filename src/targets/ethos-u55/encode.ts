// The ethos-u55 encoder: one nir NPU segment function -> command stream,
// regions and per-operation locations (src/codegen/backend.ts). What follows
// is npuc's model of the NPU; the decoder and executor read the stream the
// same way (registers.ts has the fields, operation.ts what is decoded).
//
// Regions: 0 coefficients, 1 io, 2 scratch (registers.ts REGION). io and
// scratch keep the nir regions' sizes and are zeroed (contents null). The
// coefficients region is the encoder's own image (coefficient-image.ts):
// weight streams and scale records of every convolution and the LUT tables
// (identical blobs stored once), and a copy of every nir.constant read as a
// feature map, each 16-byte aligned. Constants used only as convolution
// weights or biases (or LUT tables) are not copied.
//
// Feature maps (feature-map.ts): H, W, C = a view's last three dimensions,
// earlier ones 1; base = buffer offset + view offset; byte strides from the
// view (NHWC) or the brick layout (NHCWB16); tile 0 only; precision i8, ui8,
// i16 or i32; zero points from the views, except where stated below.
//
// Intrinsics (intrinsic-encoders.ts):
// - nir.conv2d -> NPU_OP_CONV, nir.depthwise_conv2d (multiplier 1) ->
//   NPU_OP_DEPTHWISE: weights minus their zero point in the 9-bit stream
//   (weights.ts), one scale record per output channel (bias, multiplier,
//   shift; a single multiplier is repeated); kernel = dilated extent - 1,
//   stride and dilation in KERNEL_STRIDE, IFM_PAD_* from `pad`; OFM_PRECISION
//   rounding TFL for DOUBLE_ROUND, NATURAL for SINGLE_ROUND, per-channel
//   scaling (globalScale false). Without a multiplier (i32 ofm) the records
//   hold scale 1, shift 0 and the OFM zero point is 0: "unchanged".
// - nir.pool max -> NPU_OP_POOL MAX with zero points 0 (max pooling copies
//   values; nir ignores its zero points); avg -> AVERAGE, rounding NATURAL,
//   no OFM_SCALE (the executor applies TOSA's reciprocal-of-count scale).
// - nir.eltwise add/sub/mul/min/max -> NPU_OP_ELEMENTWISE: OPA_SCALE =
//   a's input scale, OPB_SCALE = b's (param = shift, payload = multiplier);
//   OFM_SCALE = (multiplier, shift), or (1, 0) with OFM zero point 0 when
//   there is no multiplier; globalScale. Operand b broadcast along H/W/C:
//   IFM2_BROADCAST bits. Operand a broadcast: b is the IFM, a the IFM2 and
//   `reversed` is set (the IFM2 is the first operand, operand A, so sub/min/
//   max still compute a op b, and OPA_SCALE, which scales operand A, stays
//   a's). Per-channel output multipliers: error.
// - nir.eltwise copy: one multiplier (or none) -> 1x1 POOL REDUCE_SUM with
//   OFM_SCALE; per-channel multipliers -> 1x1 DEPTHWISE with unit weights and
//   zero biases (not for i32 inputs: error).
// - nir.lut -> DMA of the 256-byte table (coefficients) into SHRAM LUT slot
//   0, DMA_WAIT, then a 1x1 REDUCE_SUM at scale (1, 0), zero points 0,
//   ACTIVATION = LUT_START + 0 with the full range; the LUT banks are kept
//   out of the SHRAM allocation. The ifm and the table must have one type.
// - nir.dma -> DMA_START + DMA_WAIT when both views are contiguous in the
//   same layout, else an identity 1x1 REDUCE_SUM (scale (1, 0), zero points 0).
// - nir.fill, nir.transpose, nir.reshuffle, nir.matmul and anything else:
//   "<op> has no ethos-u55 encoding".
// Requantization needs scale32 (error otherwise); shifts 0..63, multipliers
// below 2^32. Strides 1-3, dilations 1-2, kernels up to 64x64.
// ACTIVATION_MIN/MAX: the clamp, else the OFM precision's range; for a
// 32-bit OFM the int16 range ("no clamp"), and a clamp narrower than int32
// there is an error.
//
// SHRAM (block-config.ts): IFM_IB_END = IFM banks, or with an IFM2
// IFM2_IB_START = IFM banks and IFM_IB_END = IFM + IFM2 banks; AB_START =
// 48 - LUT banks (when a LUT is used) - accumulator banks.
//
// Every block operation writes (operation-writer.ts), skipping values a
// register already holds: IFM, IFM2, OFM, kernel, weights/scales, scales,
// activation, OFM block (block-config.ts), IFM_IB_END / IFM2_IB_START /
// AB_START / ACC_FORMAT 0, BLOCKDEP 0 (conservative: no overlap with the
// previous operation), then its NPU_OP_*. Each DMA is followed at once by
// NPU_OP_DMA_WAIT. The stream ends with NPU_OP_STOP 0xFFFF.
//
// opLocations: one entry per NPU_OP_CONV/DEPTHWISE/POOL/ELEMENTWISE/DMA_START,
// the nir op's location as MLIR prints it (`loc("conv1")`).

import { BackendError, type EncodedNpuSegment, type EncodedRegion } from '../../codegen/backend.js';
import type { Operation } from '../../ir/operation.js';
import { regionInfoOf } from '../../dialects/nir/views.js';
import { CoefficientImage } from './coefficient-image.js';
import { CommandWriter } from './command-writer.js';
import { INTRINSIC_ENCODERS, type EncodeContext } from './intrinsic-encoders.js';
import { REGION, STOP_PARAM } from './registers.js';

/** Ops that describe memory or graph edges: nothing to encode. */
const PASSIVE = new Set(['nir.region', 'nir.buffer', 'nir.constant', 'nir.view', 'nir.input', 'nir.output', 'func.return']);

export function encodeSegment(fn: Operation): EncodedNpuSegment {
  const body = fn.regions[0]?.entry;
  if (!body) throw new BackendError(`${fn.loc}: the NPU segment has no body`);
  const ctx: EncodeContext = { writer: new CommandWriter(), image: new CoefficientImage(), locations: [] };
  const sizes = new Map<'io' | 'scratch', number>();
  for (const op of body.ops) {
    if (op.name === 'nir.region') {
      const info = regionInfoOf(op);
      if (info && info.kind !== 'coefficients') sizes.set(info.kind, info.size);
    }
    if (PASSIVE.has(op.name)) continue;
    const encode = INTRINSIC_ENCODERS.get(op.name);
    if (!encode) throw new BackendError(`${op.loc}: ${op.name} has no ethos-u55 encoding`);
    try {
      encode(op, ctx);
    } catch (e) {
      if (e instanceof BackendError) throw new BackendError(`${op.loc}: ${op.name}: ${e.message}`);
      throw e;
    }
  }
  ctx.writer.op('NPU_OP_STOP', STOP_PARAM);

  const regions: EncodedRegion[] = [];
  if (ctx.image.byteLength > 0) {
    const contents = ctx.image.bytes();
    regions.push({ index: REGION.coefficients, kind: 'coefficients', size: contents.length, contents });
  }
  for (const kind of ['io', 'scratch'] as const) {
    const size = sizes.get(kind);
    if (size !== undefined) regions.push({ index: REGION[kind], kind, size, contents: null });
  }
  return { commandStream: ctx.writer.bytes(), regions, opLocations: ctx.locations };
}
