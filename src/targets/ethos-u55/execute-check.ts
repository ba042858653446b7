// Validation of one operation against a job, before anything runs
// (execute.ts): every byte an operation touches lies in an existing region
// (or in SHRAM), the weight stream and scale records are long enough, the
// block configuration fits SHRAM and agrees with IFM_IB_END / AB_START /
// IFM2_IB_START, and the work the operation costs is counted against the
// job's budget. Errors name the operation: `op N (KIND at byte X): ...`.

import { BackendError, type NpuJob } from '../../codegen/backend.js';
import { touchedRanges } from './feature-map-io.js';
import type { AddressRange, BlockOperation, FeatureMap, NpuOperation } from './operation.js';
import {
  ACTIVATION_FUNCTION,
  LUT_BANKS,
  SCALE_RECORD_BYTES,
  SHRAM_BANKS,
  SHRAM_BANK_BYTES,
  WEIGHT_BITS,
  fitsShram,
  shramNeed,
} from './registers.js';

export const SHRAM_BYTES = SHRAM_BANKS * SHRAM_BANK_BYTES;
/** Largest feature map or weight set the executor holds densely, in elements (a bound against hostile streams). */
export const MAX_DENSE_ELEMENTS = 2 ** 25;

/** An operation with the regions it reads and writes, checked. */
export interface CheckedBlock {
  readonly op: BlockOperation;
  readonly where: string;
  readonly ifm: Uint8Array;
  readonly ifm2: Uint8Array | null;
  readonly ofm: Uint8Array;
  readonly weights: Uint8Array | null;
  readonly scales: Uint8Array | null;
}
export interface CheckedDma {
  readonly op: Extract<NpuOperation, { kind: 'DMA' }>;
  readonly where: string;
  readonly src: Uint8Array;
  /** The destination region, or the job's SHRAM (`null` here: the executor supplies it). */
  readonly dst: Uint8Array | null;
}
export type CheckedOperation = CheckedBlock | CheckedDma;

export function describeOperation(op: NpuOperation): string {
  return `op ${op.index} (${op.kind} at byte ${op.offset})`;
}

class Checker {
  constructor(
    private readonly job: NpuJob,
    readonly where: string,
  ) {}

  fail(msg: string): never {
    throw new BackendError(`${this.where}: ${msg}`);
  }

  region(index: number, what: string): Uint8Array {
    const r = Number.isInteger(index) && index >= 0 ? this.job.regions[index] : undefined;
    if (!r) this.fail(`${what} region ${index} is not in the job`);
    return r;
  }

  /** [start, end) must lie in a space of `size` bytes called `name` (`region 2`, `SHRAM`). */
  range(size: number, name: string, start: number, end: number, what: string): void {
    if (!(start >= 0 && end <= size && start <= end)) this.fail(`${what} bytes [${start}, ${end}) outside ${name} (size ${size})`);
  }

  featureMap(fm: FeatureMap, what: string): Uint8Array {
    const bytes = this.region(fm.region, what);
    if (fm.height * fm.width * fm.depth > MAX_DENSE_ELEMENTS) {
      this.fail(`${what} ${fm.height}x${fm.width}x${fm.depth} has more than ${MAX_DENSE_ELEMENTS} elements`);
    }
    for (const t of touchedRanges(fm)) this.range(bytes.length, `region ${fm.region}`, t.start, t.end, t.tile === 0 ? what : `${what} tile ${t.tile}`);
    return bytes;
  }

  addressRange(r: AddressRange, what: string): Uint8Array {
    const bytes = this.region(r.region, what);
    this.range(bytes.length, `region ${r.region}`, r.address, r.address + r.length, what);
    return bytes;
  }
}

/** Weights an operation's stream holds. */
export function weightCount(op: BlockOperation): number {
  const taps = op.kernel.width * op.kernel.height;
  return op.kind === 'CONV' ? op.ofm.depth * taps * op.ifm.depth : taps * op.ofm.depth;
}

/** Work units of an operation: MACs (or kernel taps) plus the elements read and written; DMA: bytes. */
export function operationWork(op: NpuOperation): number {
  if (op.kind === 'DMA') return op.length;
  const n = (fm: FeatureMap | null): number => (fm ? fm.height * fm.width * fm.depth : 0);
  const ofm = n(op.ofm);
  const taps = op.kernel.width * op.kernel.height;
  const macs = op.kind === 'CONV' ? ofm * taps * op.ifm.depth : op.kind === 'ELEMENTWISE' ? ofm : ofm * taps;
  return macs + n(op.ifm) + n(op.ifm2) + ofm;
}

function checkShram(c: Checker, op: BlockOperation): void {
  const usesLut = op.activation.fn >= ACTIVATION_FUNCTION.LUT_START;
  const k = op.kernel;
  const need = shramNeed(
    op.kind,
    op.block,
    { kernelH: k.height, kernelW: k.width, strideY: k.strideY, strideX: k.strideX, dilationY: k.dilationY, dilationX: k.dilationX },
    op.ifm.depth,
    // shramNeed sizes the IFM2 buffer like the IFM's: the wider element decides.
    Math.max(op.ifm.bits, op.ifm2?.bits ?? 0) >> 3,
    op.ifm2 !== null,
  );
  const b = op.block;
  const top = SHRAM_BANKS - (usesLut ? LUT_BANKS : 0);
  if (!fitsShram(need, usesLut)) {
    c.fail(
      `block config ${b.height}x${b.width}x${b.depth} needs ${need.ifmBanks} IFM + ${need.ifm2Banks} IFM2 + ${need.accBanks} accumulator SHRAM banks, more than the ${top} available`,
    );
  }
  // Input buffers from bank 0 to IFM_IB_END: the IFM's, then (from
  // IFM2_IB_START) the IFM2's; the accumulators from AB_START to the top.
  const { ibEnd, abStart, ib2Start } = op.shram;
  const cfg = `block config ${b.height}x${b.width}x${b.depth}`;
  if (need.ifm2Banks > 0) {
    if (ib2Start < need.ifmBanks || ibEnd - ib2Start < need.ifm2Banks) {
      c.fail(`IFM2_IB_START ${ib2Start} and IFM_IB_END ${ibEnd} do not hold the ${need.ifmBanks} IFM and ${need.ifm2Banks} IFM2 banks of ${cfg}`);
    }
  } else if (ibEnd < need.ifmBanks) {
    c.fail(`IFM_IB_END ${ibEnd} does not hold the ${need.ifmBanks} IFM banks of ${cfg}`);
  }
  if (abStart < ibEnd || top - abStart < need.accBanks) {
    c.fail(`AB_START ${abStart} does not place the ${need.accBanks} accumulator banks of ${cfg} between IFM_IB_END ${ibEnd} and bank ${top}`);
  }
}

function checkBlock(c: Checker, op: BlockOperation): CheckedBlock {
  if ((op.kind === 'CONV' || op.kind === 'DEPTHWISE') && op.ifm.bits === 32) c.fail(`a 32-bit IFM is not modelled for ${op.kind}`);
  if (op.activation.fn >= ACTIVATION_FUNCTION.LUT_START && op.ofm.bits !== 8) c.fail(`a LUT activation needs an 8-bit OFM, not ${op.ofm.bits}-bit`);
  const ifm = c.featureMap(op.ifm, 'IFM');
  const ifm2 = op.ifm2 ? c.featureMap(op.ifm2, 'IFM2') : null;
  const ofm = c.featureMap(op.ofm, 'OFM');
  let weights: Uint8Array | null = null;
  let scales: Uint8Array | null = null;
  if (op.weights && op.scales) {
    weights = c.addressRange(op.weights, 'weight stream');
    const count = weightCount(op);
    if (count > MAX_DENSE_ELEMENTS) c.fail(`${count} weights are more than the ${MAX_DENSE_ELEMENTS} the executor holds`);
    const needed = Math.ceil((count * WEIGHT_BITS) / 8);
    if (op.weights.length < needed) c.fail(`weight stream length ${op.weights.length} is shorter than the ${needed} bytes of its ${count} weights`);
    scales = c.addressRange(op.scales, 'scale records');
    const want = SCALE_RECORD_BYTES * op.ofm.depth;
    if (op.scales.length < want) c.fail(`scale length ${op.scales.length} is less than ${SCALE_RECORD_BYTES} * OFM depth ${op.ofm.depth} = ${want}`);
  }
  if (op.kind === 'POOL') checkPoolWindows(c, op);
  checkShram(c, op);
  return { op, where: c.where, ifm, ifm2, ofm, weights, scales };
}

/** Every pooling window must hold at least one IFM element (an empty window has no maximum or average). */
function checkPoolWindows(c: Checker, op: BlockOperation): void {
  const k = op.kernel;
  const empty = (outDim: number, inDim: number, kSize: number, stride: number, dilation: number, pad: number): number => {
    for (let o = 0; o < outDim; o++) {
      let inside = false;
      for (let t = 0; t < kSize && !inside; t++) {
        const i = o * stride - pad + t * dilation;
        inside = i >= 0 && i < inDim;
      }
      if (!inside) return o;
    }
    return -1;
  };
  const oy = empty(op.ofm.height, op.ifm.height, k.height, k.strideY, k.dilationY, op.pad.top);
  const ox = empty(op.ofm.width, op.ifm.width, k.width, k.strideX, k.dilationX, op.pad.left);
  if (oy >= 0 || ox >= 0) c.fail(`pooling window at OFM ${oy >= 0 ? `row ${oy}` : `column ${ox}`} covers no IFM element`);
}

/** Checks one operation against the job (see the file comment). */
export function checkOperation(job: NpuJob, op: NpuOperation): CheckedOperation {
  const c = new Checker(job, describeOperation(op));
  if (op.kind !== 'DMA') return checkBlock(c, op);
  const src = c.region(op.srcRegion, 'DMA source');
  c.range(src.length, `region ${op.srcRegion}`, op.src, op.src + op.length, 'DMA source');
  if (op.dstRegion === 'shram') {
    c.range(SHRAM_BYTES, 'SHRAM', op.dst, op.dst + op.length, 'DMA destination');
    return { op, where: c.where, src, dst: null };
  }
  const dst = c.region(op.dstRegion, 'DMA destination');
  c.range(dst.length, `region ${op.dstRegion}`, op.dst, op.dst + op.length, 'DMA destination');
  return { op, where: c.where, src, dst };
}
