// The ethos-u55 executor: npuc's model of the NPU, run from the command
// stream's bytes alone (it shares nothing with the compiler's IR; its
// results must equal the nir evaluator's on every stream the encoder emits).
//
// npuc's model of the NPU
// -----------------------
// Sequential. The stream is decoded (decode.ts), the register file is
// tracked from all-zero at the start, and each NPU_OP_CONV / DEPTHWISE /
// POOL / ELEMENTWISE / DMA_START runs to completion before the next; waits,
// IRQ and PMU commands do nothing. SHRAM is a 48 KiB byte array per job,
// zeroed at the start; only DMA (to a destination region with
// DMA_REGION_SHRAM) writes it and only LUT activations read it.
//
// Before anything runs, every operation is checked (execute-check.ts): each
// feature map's bytes over its tiles, the weight stream, the scale records
// and DMA ranges must lie inside an existing region of the job; the weight
// stream must hold the weights the operation needs and the scale records
// 10 bytes per OFM channel; the block configuration must fit SHRAM
// (registers.ts shramNeed/fitsShram) and IFM_IB_END, IFM2_IB_START and
// AB_START must place the IFM, IFM2 and accumulator buffers consistently
// with it; and the job's total work (MACs or kernel taps plus elements read
// and written, DMA bytes) must stay within 2^34 units, so a hostile stream
// cannot hang the executor. A failed check is a BackendError and the regions
// are left untouched.
//
// An operation reads all its inputs before it writes its output. Elements
// are little-endian, 8/16/32-bit, signed or unsigned as the precision
// registers say, addressed per registers.ts (feature-map-io.ts).
//
// Arithmetic, exact (rounding.ts for scale()):
//   CONV        acc[oc] = sum over the taps inside the IFM (padding
//               contributes nothing) of (ifm - IFM_ZERO_POINT) * w, w the
//               9-bit stored weights; v = scale(acc + bias, record scale,
//               record shift, rounding).
//   DEPTHWISE   the same, output channel c reading input channel c.
//   POOL        MAX: max over the taps inside the IFM of (ifm - IFM_ZP);
//               AVERAGE: scale(sum of (ifm - IFM_ZP), reciprocal_scale(count
//               of those taps)) (OFM_SCALE ignored); REDUCE_SUM:
//               scale(sum, OFM_SCALE).
//   ELEMENTWISE a' = sat32(scale(a, OPA_SCALE)), b' = sat32(scale(b,
//               OPB_SCALE)) with a = ifm - IFM_ZP and b = ifm2 - IFM2_ZP
//               (broadcast per IFM2_BROADCAST) or IFM2_SCALAR, swapped when
//               `reversed`; r = sat32(a' op b'); v = scale(r, OFM_SCALE).
//   then, every block operation (output-stage.ts): v = sat32(v) + OFM_ZP;
//   8/16-bit OFMs: clamp to [ACTIVATION_MIN, ACTIVATION_MAX] then to the
//   precision's range, then the LUT when the activation is LUT slot s
//   (8-bit OFMs only: v = lut[v + 128] signed, lut[v] unsigned, from SHRAM
//   at lutAddress(s)); 32-bit OFMs: sat32 only.
//   scale(v, m, s): TFL floor((v*m + 2^(s-1) [+-2^30 when s > 31]) / 2^s)
//   (TOSA double rounding); NATURAL floor((v*m + 2^(s-1)) / 2^s); TRUNCATE
//   v*m / 2^s towards zero; round 0 when s = 0.
//   DMA         copies DMA0_LEN bytes from (DMA0_SRC_REGION, DMA0_SRC) to
//               (DMA0_DST_REGION, DMA0_DST) or SHRAM (memmove semantics).

import { BackendError, type NpuJob } from '../../codegen/backend.js';
import { decodeCommands, decodeOperations } from './decode.js';
import { SHRAM_BYTES, checkOperation, describeOperation, operationWork, type CheckedBlock, type CheckedDma, type CheckedOperation } from './execute-check.js';
import { runConv, runDepthwise } from './execute-conv.js';
import { runElementwise } from './execute-eltwise.js';
import { runPool } from './execute-pool.js';
import { OutputStage } from './output-stage.js';

/** Work units a job may cost (see the file comment). */
export const MAX_JOB_WORK = 2 ** 34;

/** Decodes, checks and runs a job, updating its regions in place. */
export function executeJob(job: NpuJob): void {
  const ops = decodeOperations(decodeCommands(job.commandStream));
  const checked: CheckedOperation[] = [];
  let work = 0;
  for (const op of ops) {
    checked.push(checkOperation(job, op));
    work += operationWork(op);
    if (work > MAX_JOB_WORK) {
      throw new BackendError(`${describeOperation(op)}: the job's work reaches ${work} units, more than the budget of 2^34`);
    }
  }
  const shram = new Uint8Array(SHRAM_BYTES);
  for (const c of checked) {
    if ('src' in c) runDma(c, shram);
    else runBlock(c, shram);
  }
}

function runDma(c: CheckedDma, shram: Uint8Array): void {
  const { op } = c;
  const dst = c.dst ?? shram;
  // TypedArray#set copies as if through a temporary when both views share a buffer (memmove).
  dst.set(c.src.subarray(op.src, op.src + op.length), op.dst);
}

function runBlock(c: CheckedBlock, shram: Uint8Array): void {
  const out = new OutputStage(c.op, shram);
  switch (c.op.kind) {
    case 'CONV':
      return runConv(c, out);
    case 'DEPTHWISE':
      return runDepthwise(c, out);
    case 'POOL':
      return runPool(c, out);
    case 'ELEMENTWISE':
      return runElementwise(c, out);
  }
}
