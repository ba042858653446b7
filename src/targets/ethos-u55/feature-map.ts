// An nir view as an ethos-u55 feature map (IFM, IFM2 or OFM registers).
//
// A view of rank r is H x W x C = its last three dimensions (missing leading
// dimensions are 1); any dimension before them must be 1. Strides are bytes:
//   NHWC:    stride_x = strides[W] * eb, stride_y = strides[H] * eb, stride_c = strides[C] * eb
//            (a dimension the view does not have gets stride 0: its only index is 0);
//   NHCWB16: stride_x = 16 * eb, stride_c = W * 16 * eb, stride_y = ceil(C / 16) * W * 16 * eb.
// Only tile 0 is used: HEIGHT0_M1 = HEIGHT1_M1 = H - 1, WIDTH0_M1 = W - 1 and
// BASE1..3 = BASE0.

import { BackendError } from '../../codegen/backend.js';
import { elementBytes } from '../../dialects/nir/memory.js';
import type { ViewInfo } from '../../dialects/nir/views.js';
import type { ViewAddress } from './coefficient-image.js';
import type { CommandWriter } from './command-writer.js';
import { packIfm2Broadcast, packIfmPrecision, packOfmPrecision, type Ifm2Broadcast } from './registers.js';

export interface FeatureMapRegs {
  readonly region: number;
  readonly base: number;
  readonly height: number;
  readonly width: number;
  readonly depth: number;
  /** Byte strides. */
  readonly strideX: number;
  readonly strideY: number;
  readonly strideC: number;
  readonly format: 'NHWC' | 'NHCWB16';
  readonly signed: boolean;
  readonly bits: 8 | 16 | 32;
  readonly elementBytes: number;
  readonly zeroPoint: number;
}

const PRECISIONS = {
  i8: { signed: true, bits: 8 },
  ui8: { signed: false, bits: 8 },
  i16: { signed: true, bits: 16 },
  i32: { signed: true, bits: 32 },
} as const;

/** The register values of `view` at `at`; `zeroPoint` overrides the view's (operations that ignore it write 0). */
export function featureMap(view: ViewInfo, at: ViewAddress, what: string, zeroPoint = view.zeroPoint): FeatureMapRegs {
  const precision = (PRECISIONS as Record<string, (typeof PRECISIONS)[keyof typeof PRECISIONS]>)[view.kind];
  if (!precision) throw new BackendError(`${what} element type ${view.elementType} has no ethos-u55 precision (i8, ui8, i16, i32)`);
  if (view.layout !== 'NHWC' && view.layout !== 'NHCWB16') throw new BackendError(`${what} layout ${view.layout} has no ethos-u55 format (NHWC, NHCWB16)`);
  const r = view.shape.length;
  for (let i = 0; i < r - 3; i++) {
    if (view.shape[i] !== 1) throw new BackendError(`${what} shape [${view.shape.join(', ')}] is not a feature map: dimensions before the last three must be 1`);
  }
  if (zeroPoint < -32768 || zeroPoint > 32767) throw new BackendError(`${what} zero point ${zeroPoint} does not fit 16 bits`);
  const dim = (k: number): number => (r - 3 + k >= 0 ? view.shape[r - 3 + k]! : 1);
  const [height, width, depth] = [dim(0), dim(1), dim(2)];
  if (height < 1 || width < 1 || depth < 1) throw new BackendError(`${what} shape [${view.shape.join(', ')}] is empty`);
  const eb = elementBytes(view.kind);
  let strideX: number;
  let strideY: number;
  let strideC: number;
  if (view.layout === 'NHWC') {
    const stride = (k: number): number => (r - 3 + k >= 0 ? view.strides![r - 3 + k]! * eb : 0);
    [strideY, strideX, strideC] = [stride(0), stride(1), stride(2)];
  } else {
    strideX = 16 * eb;
    strideC = width * 16 * eb;
    strideY = Math.ceil(depth / 16) * width * 16 * eb;
  }
  return { region: at.region, base: at.base, height, width, depth, strideX, strideY, strideC, format: view.layout, ...precision, elementBytes: eb, zeroPoint };
}

/** REGION, BASE0..3 and the tile-0 extents (HEIGHT0/HEIGHT1/WIDTH0) of the IFM, IFM2 or OFM. */
function writePlacement(w: CommandWriter, prefix: 'IFM' | 'IFM2' | 'OFM', fm: FeatureMapRegs): void {
  w.set0(`NPU_SET_${prefix}_REGION`, fm.region);
  for (let i = 0; i < 4; i++) w.setAddress(`NPU_SET_${prefix}_BASE${i}`, fm.base);
  w.set0(`NPU_SET_${prefix}_HEIGHT0_M1`, fm.height - 1);
  w.set0(`NPU_SET_${prefix}_HEIGHT1_M1`, fm.height - 1);
  w.set0(`NPU_SET_${prefix}_WIDTH0_M1`, fm.width - 1);
}

/** STRIDE_C/Y/X and ZERO_POINT of the IFM, IFM2 or OFM. */
function writeStrides(w: CommandWriter, prefix: 'IFM' | 'IFM2' | 'OFM', fm: FeatureMapRegs): void {
  w.setAddress(`NPU_SET_${prefix}_STRIDE_C`, fm.strideC);
  w.setAddress(`NPU_SET_${prefix}_STRIDE_Y`, fm.strideY);
  w.setAddress(`NPU_SET_${prefix}_STRIDE_X`, fm.strideX);
  w.set0(`NPU_SET_${prefix}_ZERO_POINT`, fm.zeroPoint);
}

/** The IFM registers; `pad` is [top, bottom, left, right]. */
export function writeIfm(w: CommandWriter, fm: FeatureMapRegs, pad: readonly number[]): void {
  writePlacement(w, 'IFM', fm);
  w.set0('NPU_SET_IFM_DEPTH_M1', fm.depth - 1);
  writeStrides(w, 'IFM', fm);
  w.set0('NPU_SET_IFM_PRECISION', packIfmPrecision({ signed: fm.signed, bits: fm.bits, format: fm.format, opToScale: 0 }));
  w.set0('NPU_SET_IFM_UPSCALE', 0);
  w.set0('NPU_SET_IFM_PAD_TOP', pad[0]!);
  w.set0('NPU_SET_IFM_PAD_LEFT', pad[2]!);
  w.set0('NPU_SET_IFM_PAD_BOTTOM', pad[1]!);
  w.set0('NPU_SET_IFM_PAD_RIGHT', pad[3]!);
}

/** The IFM2 registers (elementwise second operand) and IFM2_BROADCAST. */
export function writeIfm2(w: CommandWriter, fm: FeatureMapRegs, broadcast: Ifm2Broadcast): void {
  writePlacement(w, 'IFM2', fm);
  writeStrides(w, 'IFM2', fm);
  w.set0('NPU_SET_IFM2_PRECISION', packIfmPrecision({ signed: fm.signed, bits: fm.bits, format: fm.format, opToScale: 0 }));
  w.set0('NPU_SET_IFM2_BROADCAST', packIfm2Broadcast(broadcast));
}

/** The OFM registers; OFM_PRECISION also carries the scaling mode and the rounding. */
export function writeOfm(w: CommandWriter, fm: FeatureMapRegs, globalScale: boolean, rounding: number): void {
  writePlacement(w, 'OFM', fm);
  w.set0('NPU_SET_OFM_HEIGHT_M1', fm.height - 1);
  w.set0('NPU_SET_OFM_WIDTH_M1', fm.width - 1);
  w.set0('NPU_SET_OFM_DEPTH_M1', fm.depth - 1);
  writeStrides(w, 'OFM', fm);
  w.set0('NPU_SET_OFM_PRECISION', packOfmPrecision({ signed: fm.signed, bits: fm.bits, format: fm.format, globalScale, rounding }));
}
