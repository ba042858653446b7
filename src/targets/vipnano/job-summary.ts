// What the listing and the cost model say about one kicked job, read from
// its descriptor (and, for an NN convolution, its weight stream's header in
// region 0): geometry, bytes moved and, for NN jobs, the weight stream's
// zrl_bits and size. Reading never runs the job; a descriptor the model
// rejects gives `error` instead of numbers.

import { BackendError } from '../../codegen/backend.js';
import { NN_CORES, unpackAddress, type JobKind } from './job.js';
import { unpackNnJob } from './nn-job.js';
import { decodeTpJob } from './tp-execute.js';
import { coreKernels, headerBytes } from './zrl.js';

export interface WeightStreamStats {
  readonly zrlBits: number;
  /** The weights uncoded: kernels x kernel size bytes. */
  readonly rawBytes: number;
  /** The coded stream: header and per-core blocks (with bias and output offsets). */
  readonly codedBytes: number;
}

export interface JobSummary {
  readonly kind: JobKind;
  /** CONV, ADD, CONV+MAXPOOL (NN) or TP. */
  readonly op: string;
  readonly macs: number;
  readonly bytes: { ifm: number; ifm2: number; weights: number; ofm: number };
  /** Elements the TP core moves. */
  readonly elements: number;
  readonly weights: WeightStreamStats | null;
  readonly error: string | null;
}

/** zrl_bits and sizes of the weight stream at `address`, from its header and first block (zrl.ts format); throws BackendError when unreadable. */
export function weightStreamStats(address: number, kernels: number, kernelSize: number, regions: readonly (Uint8Array | undefined)[]): WeightStreamStats {
  const { region, offset } = unpackAddress(address);
  const bytes = regions[region];
  const header = headerBytes(NN_CORES);
  if (!bytes || offset + header > bytes.length) throw new BackendError(`weight stream at 0x${address.toString(16)} is outside region ${region}`);
  const d = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let total = header;
  let firstBlock = -1;
  const parts = coreKernels(kernels, NN_CORES);
  for (let c = 0; c < NN_CORES; c++) {
    if (firstBlock < 0 && parts[c]!.count > 0) firstBlock = offset + total;
    total += d.getUint32(offset + 4 * c, true);
  }
  if (firstBlock < 0 || offset + total > bytes.length || firstBlock >= offset + total) throw new BackendError(`weight stream at 0x${address.toString(16)}: its ${total} bytes do not fit region ${region}`);
  return { zrlBits: bytes[firstBlock]!, rawBytes: kernels * kernelSize, codedBytes: total };
}

export function summarizeJob(kind: JobKind, descriptor: Uint32Array, regions: readonly (Uint8Array | undefined)[] | null): JobSummary {
  const none = { kind, op: kind === 'TP' ? 'TP' : 'CONV', macs: 0, bytes: { ifm: 0, ifm2: 0, weights: 0, ofm: 0 }, elements: 0, weights: null };
  try {
    if (kind === 'TP') {
      const tp = decodeTpJob(descriptor);
      const w = tp.window;
      const inImage = Math.max(0, Math.min(w.x1, tp.input.xSize - 1) - Math.max(w.x0, 0) + 1) * Math.max(0, Math.min(w.y1, tp.input.ySize - 1) - Math.max(w.y0, 0) + 1) * tp.input.zSize;
      return { ...none, op: 'TP', elements: tp.elements, bytes: { ifm: inImage, ifm2: 0, weights: 0, ofm: tp.elements }, error: null };
    }
    const nn = unpackNnJob(descriptor);
    const o = nn.output;
    const i = nn.input;
    const pool = nn.maxPool ? 2 : 1;
    const ofm = (o.xSize / pool) * (o.ySize / pool) * o.zSize;
    const ifm = i.xSize * i.ySize * i.zSize;
    if (nn.add) return { ...none, op: 'ADD', bytes: { ifm, ifm2: ifm, weights: 0, ofm }, error: null };
    const kernelSize = nn.kernel.xSize * nn.kernel.ySize * i.zSize;
    const macs = o.xSize * o.ySize * o.zSize * kernelSize;
    let weights: WeightStreamStats | null = null;
    let error: string | null = null;
    if (regions) {
      try {
        weights = weightStreamStats(nn.kernel.address, o.zSize, kernelSize, regions);
      } catch (e) {
        if (!(e instanceof BackendError)) throw e;
        error = e.message;
      }
    }
    return { ...none, op: nn.maxPool ? 'CONV+MAXPOOL' : 'CONV', macs, weights, bytes: { ifm, ifm2: 0, weights: weights?.codedBytes ?? 0, ofm }, error };
  } catch (e) {
    if (!(e instanceof BackendError)) throw e;
    return { ...none, error: e.message };
  }
}
