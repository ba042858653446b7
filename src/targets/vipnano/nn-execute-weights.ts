// The NN executor's reading of a convolution's weight stream (zrl.ts) at
// kernel_address: its length comes from the stream's own header (the
// per-core block lengths), its zrl_bits from the first block's header; the
// whole stream must lie in the region, and decodeWeights checks the rest
// (kernel count, kernel size, codes, padding) before anything runs.

import { BackendError } from '../../codegen/backend.js';
import { MAX_ZRL_BITS, NN_CORES, unpackAddress } from './job.js';
import type { NnJob } from './nn-job.js';
import { coreKernels, decodeWeights, headerBytes, type DecodedWeights } from './zrl.js';

export interface NnWeights {
  /** Per kernel, its weights minus the weight zero point, in the stream's order [z][x][y]. */
  readonly centered: Int32Array[];
  /** The corrected bias of each kernel. */
  readonly bias: Int32Array;
  readonly outputOffset: Int32Array;
}

export function readWeights(job: NnJob, regions: readonly (Uint8Array | undefined)[]): NnWeights {
  const k = job.kernel;
  const { region, offset } = unpackAddress(k.address);
  const bytes = regions[region];
  const at = `weight stream at 0x${k.address.toString(16)}`;
  if (!bytes) throw new BackendError(`vipnano NN job: ${at} is in region ${region}, which the job does not have`);
  const header = headerBytes(NN_CORES);
  if (offset + header > bytes.length) throw new BackendError(`vipnano NN job: ${at}: its ${header}-byte header passes the end of region ${region} (${bytes.length} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let total = header;
  for (let c = 0; c < NN_CORES; c++) total += view.getUint32(offset + c * 4, true);
  if (offset + total > bytes.length) throw new BackendError(`vipnano NN job: ${at}: its ${total} bytes pass the end of region ${region} (${bytes.length} bytes)`);
  const kernels = job.output.zSize;
  const kernelSize = k.xSize * k.ySize * job.input.zSize;
  // zrl_bits: the first byte of the first core's block (zrl.ts).
  const first = coreKernels(kernels, NN_CORES).findIndex((p) => p.count > 0);
  let blockAt = offset + header;
  for (let c = 0; c < first; c++) blockAt += view.getUint32(offset + c * 4, true);
  if (blockAt >= offset + total) throw new BackendError(`vipnano NN job: ${at}: core ${first} has an empty block`);
  const zrlBits = bytes[blockAt]!;
  if (zrlBits > MAX_ZRL_BITS) throw new BackendError(`vipnano NN job: ${at}: zrl_bits ${zrlBits} is above the core's ${MAX_ZRL_BITS}`);
  const stream = bytes.subarray(offset, offset + total);
  const zeroPoint = k.zeroPoint & 0xff;
  const decoded: DecodedWeights = decodeWeights(stream, { kernels, kernelSize, cores: NN_CORES, zrlBits, zeroPoint });
  const signed = k.dataType === 'INT8';
  const centered = decoded.kernels.map((raw) => {
    const out = new Int32Array(raw.length);
    for (let i = 0; i < raw.length; i++) {
      const b = raw[i]!;
      out[i] = (signed && b >= 128 ? b - 256 : b) - k.zeroPoint;
    }
    return out;
  });
  return { centered, bias: decoded.bias, outputOffset: decoded.outputOffset };
}
