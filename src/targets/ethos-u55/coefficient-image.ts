// Where an nir view lives in an ethos-u55 job, and the job's coefficients
// region (region 0), which the encoder builds itself: it is not the nir
// function's coefficients region. It holds, each at a 16-byte aligned offset
// in the order the encoder asks for them, the weight streams and scale
// records of the convolutions and the LUT tables (each stored once however
// many operations share it), and a copy of every nir.constant that an
// operation reads as a feature map. Constants that are only
// convolution weights or biases are read at compile time and not copied.

import { BackendError } from '../../codegen/backend.js';
import type { Operation } from '../../ir/operation.js';
import { MemBuffer, MemRegion, MemView, elementBytes, writeElement } from '../../dialects/nir/memory.js';
import { constantLayout, constantValues, type ViewInfo } from '../../dialects/nir/views.js';
import { REGION } from './registers.js';

const ALIGN = 16;

/** The bytes of an nir.constant as the nir evaluator stores them (row-major, little-endian, i48 as 8 bytes). */
export function constantBytes(op: Operation): Uint8Array {
  const values = constantValues(op);
  const layout = constantLayout(op);
  if (!values || !layout) throw new BackendError('constant values are not available');
  const out = new Uint8Array(layout.size);
  const w = elementBytes(layout.kind);
  const n = values.numElements;
  if (!values.isSplat && values.elementBytes === w) out.set(values.raw);
  else {
    const data = new DataView(out.buffer);
    for (let i = 0; i < n; i++) {
      if (layout.kind === 'i64') data.setBigInt64(i * w, values.getInt(i), true);
      else writeElement(data, layout.kind, i * w, Number(values.getInt(i)));
    }
  }
  return out;
}

/** The values a view over an nir.constant reads, row-major over its logical shape. */
export function constantViewValues(view: ViewInfo, what: string): Float64Array {
  const buffer = view.buffer;
  if (!buffer?.isConstant) throw new BackendError(`${what} must be a view of an nir.constant`);
  const bytes = constantBytes(buffer.op);
  const region = new MemRegion('coefficients', bytes.length);
  region.bytes.set(bytes);
  try {
    const mem = new MemView(new MemBuffer(region, 0, bytes.length), view);
    return mem.read();
  } catch (e) {
    if (e instanceof RangeError) throw new BackendError(`${what}: ${e.message}`);
    throw e;
  }
}

export class CoefficientImage {
  private readonly chunks: { offset: number; bytes: Uint8Array }[] = [];
  private size = 0;
  private readonly constants = new Map<Operation, number>();
  /** Contents (hex) -> offset of the blobs appended with `appendShared`. */
  private readonly shared = new Map<string, number>();

  /** Appends `bytes` at the next 16-byte aligned offset; returns that offset. */
  append(bytes: Uint8Array): number {
    const offset = Math.ceil(this.size / ALIGN) * ALIGN;
    this.chunks.push({ offset, bytes });
    this.size = offset + bytes.length;
    return offset;
  }

  /**
   * Like `append`, but bytes equal to an earlier shared blob are not stored
   * twice (identical weight streams, scale records or tables).
   */
  appendShared(bytes: Uint8Array): number {
    const key = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
    let at = this.shared.get(key);
    if (at === undefined) {
      at = this.append(bytes);
      this.shared.set(key, at);
    }
    return at;
  }

  /** The offset of a copy of constant `op` in the image (copied on first use). */
  constantOffset(op: Operation): number {
    let at = this.constants.get(op);
    if (at === undefined) {
      at = this.append(constantBytes(op));
      this.constants.set(op, at);
    }
    return at;
  }

  get byteLength(): number {
    return Math.ceil(this.size / ALIGN) * ALIGN;
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.byteLength);
    for (const c of this.chunks) out.set(c.bytes, c.offset);
    return out;
  }
}

/** Region index and byte address of a view's first element in the job. */
export interface ViewAddress {
  readonly region: number;
  readonly base: number;
}

/**
 * Where the view's element 0 is: constants in the encoder's coefficients
 * image (copied there), other buffers at their nir offset in the io or
 * scratch region.
 */
export function locateView(view: ViewInfo, image: CoefficientImage, what: string): ViewAddress {
  const buffer = view.buffer;
  if (!buffer) throw new BackendError(`${what} is not a view of a placed buffer`);
  if (buffer.isConstant) return { region: REGION.coefficients, base: image.constantOffset(buffer.op) + view.offset };
  const kind = buffer.region?.kind;
  if (kind !== 'io' && kind !== 'scratch') throw new BackendError(`${what} is in a ${kind ?? 'missing'} region buffer that is not a constant`);
  return { region: REGION[kind], base: buffer.offset + view.offset };
}
