// OFM block choice: the block the NPU computes at a time, sized so that its
// IFM and accumulator buffers fit SHRAM (registers.ts `shramNeed`, `fitsShram`).
//
// Candidates: widths and heights powers of two up to 64 and not larger than
// needed (no larger than the OFM dimension rounded up to a power of two),
// depths multiples of 8 up to 128 and not larger than the OFM depth rounded
// up to 8. Among those that fit: the fewest blocks, then the smallest SHRAM
// need (banks), then (for determinism) the widest, then the tallest, then
// the deepest.

import { BackendError } from '../../codegen/backend.js';
import { LUT_BANKS, SHRAM_BANKS, fitsShram, shramNeed, type BlockKind, type BlockShape, type ShramNeed } from './registers.js';

export interface BlockKernel {
  readonly kernelH: number;
  readonly kernelW: number;
  readonly strideY: number;
  readonly strideX: number;
  readonly dilationY: number;
  readonly dilationX: number;
}

export interface BlockConfigRequest {
  readonly kind: BlockKind;
  readonly ofm: { readonly height: number; readonly width: number; readonly depth: number };
  readonly kernel: BlockKernel;
  readonly ifmDepth: number;
  readonly ifmElementBytes: number;
  readonly hasIfm2: boolean;
  readonly usesLut: boolean;
}

export interface BlockConfig {
  readonly block: BlockShape;
  readonly need: ShramNeed;
  /** IFM_IB_END: the IFM (and IFM2) buffers end here. */
  readonly ibEnd: number;
  /** IFM2_IB_START (meaningful with an IFM2). */
  readonly ib2Start: number;
  /** AB_START: the accumulators end at the last bank, less the LUT banks. */
  readonly abStart: number;
}

const MAX_WH = 64;
const MAX_DEPTH = 128;

function powersUpTo(n: number): number[] {
  const out: number[] = [];
  for (let p = 1; p <= MAX_WH; p *= 2) {
    out.push(p);
    if (p >= n) break;
  }
  return out;
}

function depthsUpTo(n: number): number[] {
  const out: number[] = [];
  for (let d = 8; d <= MAX_DEPTH; d += 8) {
    out.push(d);
    if (d >= n) break;
  }
  return out;
}

const banks = (n: ShramNeed): number => n.ifmBanks + n.ifm2Banks + n.accBanks;

export function chooseBlockConfig(r: BlockConfigRequest): BlockConfig {
  const { height: H, width: W, depth: D } = r.ofm;
  let best: { block: BlockShape; need: ShramNeed; blocks: number } | null = null;
  // Largest first, so that on a full tie the earlier (larger) candidate stays.
  for (const width of powersUpTo(W).reverse()) {
    for (const height of powersUpTo(H).reverse()) {
      for (const depth of depthsUpTo(D).reverse()) {
        const block = { width, height, depth };
        const need = shramNeed(r.kind, block, r.kernel, r.ifmDepth, r.ifmElementBytes, r.hasIfm2);
        if (!fitsShram(need, r.usesLut)) continue;
        const blocks = Math.ceil(W / width) * Math.ceil(H / height) * Math.ceil(D / depth);
        if (!best || blocks < best.blocks || (blocks === best.blocks && banks(need) < banks(best.need))) best = { block, need, blocks };
      }
    }
  }
  if (!best) {
    const k = r.kernel;
    throw new BackendError(
      `no OFM block fits SHRAM (kernel ${k.kernelH}x${k.kernelW}, stride ${k.strideY}x${k.strideX}, dilation ${k.dilationY}x${k.dilationX}, ifm depth ${r.ifmDepth})`,
    );
  }
  const { need } = best;
  return {
    block: best.block,
    need,
    ibEnd: need.ifmBanks + need.ifm2Banks,
    ib2Start: need.ifmBanks,
    abStart: SHRAM_BANKS - (r.usesLut ? LUT_BANKS : 0) - need.accBanks,
  };
}
