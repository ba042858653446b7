// The JobContext (job.ts) of one segment being encoded: where views are, and
// the coefficients region (region 0) the encoder builds: weight streams and
// tables the job encoders add, copies of nir.constant buffers read as data
// (each constant copied once, on first use), then the descriptors. Every
// piece starts at a 64-byte boundary. The region is the encoder's own image,
// not the nir function's coefficients region.

import { BackendError } from '../../codegen/backend.js';
import type { Operation, Value } from '../../ir/operation.js';
import { viewInfoOf } from '../../dialects/nir/views.js';
import { constantBytes } from '../ethos-u55/coefficient-image.js';
import { ADDRESS_OFFSET_MASK, REGION, packAddress, type JobContext } from './job.js';

export const COEFFICIENT_ALIGN = 64;

export class SegmentContext implements JobContext {
  private readonly chunks: { offset: number; bytes: Uint8Array }[] = [];
  private size = 0;
  private readonly constants = new Map<Operation, number>();

  /** Appends at the next 64-byte boundary; returns the region-0 offset. */
  appendBytes(bytes: Uint8Array): number {
    const offset = Math.ceil(this.size / COEFFICIENT_ALIGN) * COEFFICIENT_ALIGN;
    if (offset + bytes.length > ADDRESS_OFFSET_MASK + 1) throw new BackendError(`the coefficients region would exceed ${ADDRESS_OFFSET_MASK + 1} bytes`);
    this.chunks.push({ offset, bytes });
    this.size = offset + bytes.length;
    return offset;
  }

  addCoefficients(bytes: Uint8Array): number {
    return packAddress(REGION.coefficients, this.appendBytes(bytes));
  }

  addressOf(view: Value): number {
    const def = view.definingOp;
    const info = def && def.name === 'nir.view' ? viewInfoOf(def) : 'not defined by nir.view';
    if (typeof info === 'string') throw new BackendError(`a view operand is ${info}`);
    const buffer = info.buffer;
    if (!buffer) throw new BackendError('a view is not in a placed buffer');
    if (buffer.isConstant) {
      let at = this.constants.get(buffer.op);
      if (at === undefined) {
        at = this.appendBytes(constantBytes(buffer.op));
        this.constants.set(buffer.op, at);
      }
      return packAddress(REGION.coefficients, at + info.offset);
    }
    const kind = buffer.region?.kind;
    if (kind !== 'io' && kind !== 'scratch') throw new BackendError(`a view is in a ${kind ?? 'missing'} region buffer that is not a constant`);
    const offset = buffer.offset + info.offset;
    if (offset > ADDRESS_OFFSET_MASK) throw new BackendError(`${kind} offset ${offset} exceeds the 28-bit address offset`);
    return packAddress(REGION[kind], offset);
  }

  /** The region's bytes so far, padded to a 64-byte multiple. */
  bytes(): Uint8Array {
    const out = new Uint8Array(Math.ceil(this.size / COEFFICIENT_ALIGN) * COEFFICIENT_ALIGN);
    for (const c of this.chunks) out.set(c.bytes, c.offset);
    return out;
  }
}
