// Zero-run-length weight streams of the vipnano NN core (shared/targets/vipnano.md,
// "Descriptors and weights"). The format follows Mesa's v7 weight encoder
// (etnaviv_ml_nn_v7.c: append_bits, wb_stream_*, write_core_sequential,
// etna_ml_create_coeffs_v7) with one superblock and each kernel's values
// contiguous; where Mesa leaves details open, "npuc" says so.
//
// Bits: every field is written least significant bit first into a bit stream
// that fills each byte from bit 0, bytes in order (Mesa fills 32-bit
// little-endian words from bit 0, which is the same byte sequence).
//
// Layout of the whole buffer:
//   header   ceil(cores * 4 / 64) * 64 bytes: for each core c < cores a
//            little-endian uint32, the byte length of core c's block (a
//            multiple of 64; 0 for a core without kernels); the rest zero.
//   blocks   the cores' blocks in core order, each starting at a 64-byte
//            boundary (the header and every block are multiples of 64).
// Kernels go to cores in blocks (Mesa's order with one superblock): with
// U = min(kernels, cores) cores used and P = ceil(kernels / U) kernels per
// core, core c holds kernels [c*P, min(kernels, (c+1)*P)). A trailing core
// can be left without kernels (npuc: Mesa writes P for every used core).
//
// A core's block, as a bit stream:
//   zrl_bits       8 bits
//   kernel count   16 bits (npuc: the kernels this core holds)
//   per kernel, in order:
//     code for value 0 (its run is always 0)
//     bias           32 bits, two's complement (the corrected bias)
//     codes for values 1 .. n-1
//     output offset  32 bits, two's complement
//   zero bits up to a 32-bit boundary, then zero bytes up to a 64-byte one.
// A code is a run r (zrl_bits bits) and a value v (8 bits): r zero-point
// values followed by v. With zrl_bits = 0 a code is just v. Runs never cross
// the bias or a kernel's end. The encoder writes Mesa's codes: zero-point
// values accumulate until a different value comes (code (run, value)), or
// until the run holds 2^zrl_bits - 1 of them, when the next value, whatever
// it is, closes the code (saturation); a run pending where a kernel ends (or
// before the bias) is written as (run - 1, zero point). The decoder accepts
// any code sequence that fits (e.g. (0, zp) codes too).
//
// zrl_bits is chosen in [0, maxZrlBits] (the core's maximum, NN_ZRL_BITS in
// the hardware database Mesa reads) to minimise the buffer's bytes; among
// equal sizes the fewest coded bits, then the smallest zrl_bits (npuc: Mesa
// stops its search at the first size increase and compares unpadded sizes).

import { BackendError } from '../../codegen/backend.js';

/** npuc's bound on zrl_bits (the stream's field is 8 bits wide; runs of 255 zero points). */
export const ZRL_BITS_LIMIT = 8;
/** npuc's bound on the core count (bounds the header). */
export const MAX_CORES = 256;
/** Width of the per-block kernel count. */
const MAX_KERNELS_PER_CORE = 0xffff;
const ALIGN = 64;
const BLOCK_HEADER_BITS = 8 + 16;
/** Bias and output offset. */
const KERNEL_EXTRA_BITS = 64;

export interface ZrlOptions {
  readonly zeroPoint: number;
  readonly cores: number;
  readonly maxZrlBits: number;
  /** One corrected bias per kernel. */
  readonly bias: Int32Array;
  /** One output offset per kernel. */
  readonly outputOffset: Int32Array;
}

export interface ZrlLayout {
  readonly kernels: number;
  readonly kernelSize: number;
  readonly cores: number;
  readonly zrlBits: number;
  readonly zeroPoint: number;
}

export interface EncodedWeights {
  readonly bytes: Uint8Array;
  readonly zrlBits: number;
  /** The weights uncoded, one byte each: kernels * kernelSize. */
  readonly rawBytes: number;
}

export interface DecodedWeights {
  readonly kernels: Uint8Array[];
  readonly bias: Int32Array;
  readonly outputOffset: Int32Array;
}

const alignUp = (n: number, a: number): number => Math.ceil(n / a) * a;

export function headerBytes(cores: number): number {
  return alignUp(cores * 4, ALIGN);
}

/** The kernels core c holds: [first, first + count). One entry per core. */
export function coreKernels(kernels: number, cores: number): { first: number; count: number }[] {
  const used = Math.min(kernels, cores);
  const per = Math.ceil(kernels / used);
  const out: { first: number; count: number }[] = [];
  for (let c = 0; c < cores; c++) {
    const first = Math.min(c * per, kernels);
    out.push({ first, count: Math.min(kernels, first + per) - first });
  }
  return out;
}

function checkCommon(kernels: number, kernelSize: number, cores: number, zeroPoint: number, zrlBits: number, what: string): void {
  const int = (v: number, lo: number, hi: number, name: string): void => {
    if (!Number.isInteger(v) || v < lo || v > hi) throw new BackendError(`vipnano weights: ${name} ${v} is outside [${lo}, ${hi}]`);
  };
  int(kernels, 1, Number.MAX_SAFE_INTEGER, 'kernel count');
  int(kernelSize, 1, Number.MAX_SAFE_INTEGER, 'kernel size');
  int(cores, 1, MAX_CORES, 'core count');
  int(zeroPoint, 0, 255, 'zero point');
  int(zrlBits, 0, ZRL_BITS_LIMIT, what);
  const per = Math.ceil(kernels / Math.min(kernels, cores));
  if (per > MAX_KERNELS_PER_CORE) throw new BackendError(`vipnano weights: ${per} kernels per core do not fit the 16-bit count`);
}

/**
 * Calls emit(run, value) for the codes of values[from..] (the encoder's
 * rule, see the file comment). Returns the number of codes.
 */
function forEachCode(values: Uint8Array, from: number, zp: number, zrlBits: number, emit: ((run: number, value: number) => void) | null): number {
  let codes = 0;
  if (zrlBits === 0) {
    for (let i = from; i < values.length; i++) emit?.(0, values[i]!);
    return values.length - from;
  }
  const maxRun = 2 ** zrlBits - 1;
  let run = 0;
  for (let i = from; i < values.length; i++) {
    const v = values[i]!;
    if (run === maxRun) {
      emit?.(run, v);
      codes++;
      run = 0;
    } else if (v === zp) {
      run++;
    } else {
      emit?.(run, v);
      codes++;
      run = 0;
    }
  }
  if (run > 0) {
    emit?.(run - 1, zp);
    codes++;
  }
  return codes;
}

/** Coded bits of one kernel: its codes, bias and output offset. */
function kernelBits(kernel: Uint8Array, zp: number, zrlBits: number): number {
  return (1 + forEachCode(kernel, 1, zp, zrlBits, null)) * (zrlBits + 8) + KERNEL_EXTRA_BITS;
}

interface SizeAt {
  readonly bytes: number;
  readonly bits: number;
}

function sizeAt(kernels: readonly Uint8Array[], zp: number, cores: number, zrlBits: number): SizeAt {
  let bytes = headerBytes(cores);
  let bits = 0;
  for (const { first, count } of coreKernels(kernels.length, cores)) {
    if (count === 0) continue;
    let b = BLOCK_HEADER_BITS;
    for (let k = first; k < first + count; k++) b += kernelBits(kernels[k]!, zp, zrlBits);
    bits += b;
    bytes += alignUp(Math.ceil(b / 8), ALIGN);
  }
  return { bytes, bits };
}

class BitWriter {
  bit = 0;
  constructor(readonly bytes: Uint8Array) {}

  /** Writes the low `width` (<= 32) bits of `value`, least significant first. */
  write(value: number, width: number): void {
    let v = value >>> 0;
    while (width > 0) {
      const at = this.bit & 7;
      const n = Math.min(8 - at, width);
      this.bytes[this.bit >>> 3]! |= (v & ((1 << n) - 1)) << at;
      v >>>= n;
      this.bit += n;
      width -= n;
    }
  }
}

function checkEncodeInput(kernels: readonly Uint8Array[], opts: ZrlOptions): number {
  if (kernels.length === 0) throw new BackendError('vipnano weights: no kernels');
  const n = kernels[0]!.length;
  checkCommon(kernels.length, n, opts.cores, opts.zeroPoint, opts.maxZrlBits, 'maximum zrl_bits');
  for (let k = 0; k < kernels.length; k++) {
    if (kernels[k]!.length !== n) throw new BackendError(`vipnano weights: kernel ${k} has ${kernels[k]!.length} values, kernel 0 has ${n}`);
  }
  if (opts.bias.length !== kernels.length) throw new BackendError(`vipnano weights: ${opts.bias.length} biases for ${kernels.length} kernels`);
  if (opts.outputOffset.length !== kernels.length) throw new BackendError(`vipnano weights: ${opts.outputOffset.length} output offsets for ${kernels.length} kernels`);
  return n;
}

/** The sizes at every zrl_bits in [0, maxZrlBits] and the chosen one. */
function choose(kernels: readonly Uint8Array[], opts: ZrlOptions): { sizes: SizeAt[]; best: number } {
  const sizes: SizeAt[] = [];
  let best = 0;
  for (let b = 0; b <= opts.maxZrlBits; b++) {
    const s = sizeAt(kernels, opts.zeroPoint, opts.cores, b);
    sizes.push(s);
    const cur = sizes[best]!;
    // Strictly smaller only: among ties the smallest zrl_bits stays.
    if (s.bytes < cur.bytes || (s.bytes === cur.bytes && s.bits < cur.bits)) best = b;
  }
  return { sizes, best };
}

/** The weight buffer of a layer (format in the file comment), at the zrl_bits that minimises its size. */
export function encodeWeights(kernels: readonly Uint8Array[], opts: ZrlOptions): EncodedWeights {
  const n = checkEncodeInput(kernels, opts);
  const { sizes, best: zrlBits } = choose(kernels, opts);
  const out = new Uint8Array(sizes[zrlBits]!.bytes);
  const view = new DataView(out.buffer);
  const zp = opts.zeroPoint;
  let at = headerBytes(opts.cores);
  coreKernels(kernels.length, opts.cores).forEach(({ first, count }, core) => {
    if (count === 0) return;
    const w = new BitWriter(out.subarray(at));
    const code = (run: number, value: number): void => {
      w.write(run, zrlBits);
      w.write(value, 8);
    };
    w.write(zrlBits, 8);
    w.write(count, 16);
    for (let k = first; k < first + count; k++) {
      const kernel = kernels[k]!;
      code(0, kernel[0]!);
      w.write(opts.bias[k]!, 32);
      forEachCode(kernel, 1, zp, zrlBits, code);
      w.write(opts.outputOffset[k]!, 32);
    }
    const size = alignUp(Math.ceil(w.bit / 8), ALIGN);
    view.setUint32(core * 4, size, true);
    at += size;
  });
  return { bytes: out, zrlBits, rawBytes: kernels.length * n };
}

/** Sizes for a report: raw weight bytes, the coded buffer, and the buffer at every zrl_bits. */
export interface ZrlStats {
  readonly rawBytes: number;
  readonly codedBytes: number;
  readonly zrlBits: number;
  /** bytesByZrlBits[b]: the buffer's size at zrl_bits = b, for b in [0, maxZrlBits]. */
  readonly bytesByZrlBits: number[];
  /** Fraction of the weights equal to the zero point. */
  readonly zeroPointFraction: number;
}

export function zrlStats(kernels: readonly Uint8Array[], opts: ZrlOptions): ZrlStats {
  const n = checkEncodeInput(kernels, opts);
  const { sizes, best } = choose(kernels, opts);
  let zeros = 0;
  for (const k of kernels) for (const v of k) if (v === opts.zeroPoint) zeros++;
  const rawBytes = kernels.length * n;
  return { rawBytes, codedBytes: sizes[best]!.bytes, zrlBits: best, bytesByZrlBits: sizes.map((s) => s.bytes), zeroPointFraction: zeros / rawBytes };
}

/** Reads fields of a block [start, end) of `bytes`; throws BackendError, with the byte offset, past its end. */
class BitReader {
  private bit: number;
  private readonly endBit: number;

  constructor(
    private readonly bytes: Uint8Array,
    start: number,
    end: number,
  ) {
    this.bit = start * 8;
    this.endBit = end * 8;
  }

  get byteOffset(): number {
    return this.bit >>> 3;
  }

  get bitOffset(): number {
    return this.bit;
  }

  /** `width` (<= 32) bits as an unsigned value. */
  read(width: number, what: string): number {
    if (this.bit + width > this.endBit) throw new BackendError(`vipnano weights: stream truncated in ${what} at byte ${this.byteOffset}`);
    let v = 0;
    let got = 0;
    while (got < width) {
      const at = this.bit & 7;
      const n = Math.min(8 - at, width - got);
      v += ((this.bytes[this.bit >>> 3]! >>> at) & ((1 << n) - 1)) * 2 ** got;
      got += n;
      this.bit += n;
    }
    return v;
  }
}

/** Smallest block bits that can hold `count` kernels of `n` values (each code yields at most 2^zrl_bits values). */
function minBlockBits(count: number, n: number, zrlBits: number): number {
  const codes = 1 + Math.ceil((n - 1) / 2 ** zrlBits);
  return BLOCK_HEADER_BITS + count * (codes * (zrlBits + 8) + KERNEL_EXTRA_BITS);
}

/**
 * Reads values into `out[from .. to)` from codes; a run past `to` is an
 * error. Every code yields at least one value: at most to - from iterations.
 */
function readCodes(r: BitReader, out: Uint8Array, from: number, to: number, zrlBits: number, zp: number, what: string): void {
  let i = from;
  while (i < to) {
    const codeAt = r.byteOffset;
    const run = r.read(zrlBits, what);
    const value = r.read(8, what);
    if (run >= to - i) throw new BackendError(`vipnano weights: run of ${run} zero points in ${what} passes its end (${to - i} values left) at byte ${codeAt}`);
    out.fill(zp, i, i + run);
    i += run;
    out[i++] = value;
  }
}

function decodeBlock(bytes: Uint8Array, start: number, size: number, first: number, count: number, layout: ZrlLayout, out: DecodedWeights): void {
  const { kernelSize: n, zrlBits, zeroPoint: zp } = layout;
  const r = new BitReader(bytes, start, start + size);
  const zrl = r.read(8, 'block header');
  if (zrl !== zrlBits) throw new BackendError(`vipnano weights: block zrl_bits ${zrl}, expected ${zrlBits}, at byte ${start}`);
  const c = r.read(16, 'block header');
  if (c !== count) throw new BackendError(`vipnano weights: block holds ${c} kernels, expected ${count}, at byte ${start + 1}`);
  for (let k = first; k < first + count; k++) {
    const kernel = new Uint8Array(n);
    const what = `kernel ${k}`;
    readCodes(r, kernel, 0, 1, zrlBits, zp, `${what} (before its bias)`);
    out.bias[k] = r.read(32, `${what} bias`) | 0;
    readCodes(r, kernel, 1, n, zrlBits, zp, what);
    out.outputOffset[k] = r.read(32, `${what} output offset`) | 0;
    out.kernels[k] = kernel;
  }
  // The padding: zero bits, and exactly up to the 64-byte boundary after the content.
  const contentEnd = Math.ceil(r.bitOffset / 8);
  const tail = r.bitOffset & 7;
  if (tail !== 0 && bytes[r.byteOffset]! >>> tail !== 0) throw new BackendError(`vipnano weights: nonzero padding bits at byte ${r.byteOffset}`);
  const expected = alignUp(contentEnd - start, ALIGN);
  if (size !== expected) throw new BackendError(`vipnano weights: block of ${size} bytes, its content needs ${expected}, at byte ${start}`);
  for (let i = contentEnd; i < start + size; i++) if (bytes[i] !== 0) throw new BackendError(`vipnano weights: nonzero padding at byte ${i}`);
}

/** Reads and validates a weight buffer (format in the file comment); BackendError, with the byte offset, on anything malformed. */
export function decodeWeights(bytes: Uint8Array, layout: ZrlLayout): DecodedWeights {
  const { kernels, kernelSize, cores, zrlBits, zeroPoint } = layout;
  checkCommon(kernels, kernelSize, cores, zeroPoint, zrlBits, 'zrl_bits');
  const header = headerBytes(cores);
  if (bytes.length < header) throw new BackendError(`vipnano weights: ${bytes.length} bytes cannot hold the ${header}-byte header at byte 0`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts = coreKernels(kernels, cores);
  const sizes: number[] = [];
  let total = header;
  for (let c = 0; c < cores; c++) {
    const size = view.getUint32(c * 4, true);
    const used = parts[c]!.count > 0;
    if (!used && size !== 0) throw new BackendError(`vipnano weights: core ${c} has no kernels but a ${size}-byte block at byte ${c * 4}`);
    if (used && (size === 0 || size % ALIGN !== 0)) throw new BackendError(`vipnano weights: core ${c} block length ${size} is not a positive multiple of ${ALIGN} at byte ${c * 4}`);
    sizes.push(size);
    total += size;
  }
  for (let i = cores * 4; i < header; i++) if (bytes[i] !== 0) throw new BackendError(`vipnano weights: nonzero header padding at byte ${i}`);
  if (total !== bytes.length) throw new BackendError(`vipnano weights: header lengths sum to ${total} bytes, the buffer has ${bytes.length}, at byte 0`);
  // Before allocating anything for the layout: the blocks must be able to hold it.
  for (let c = 0; c < cores; c++) {
    const { count } = parts[c]!;
    if (count > 0 && sizes[c]! * 8 < minBlockBits(count, kernelSize, zrlBits)) {
      throw new BackendError(`vipnano weights: core ${c} block of ${sizes[c]} bytes cannot hold ${count} kernels of ${kernelSize} values at byte ${c * 4}`);
    }
  }
  const out: DecodedWeights = { kernels: new Array<Uint8Array>(kernels), bias: new Int32Array(kernels), outputOffset: new Int32Array(kernels) };
  let at = header;
  for (let c = 0; c < cores; c++) {
    const { first, count } = parts[c]!;
    if (count > 0) decodeBlock(bytes, at, sizes[c]!, first, count, layout, out);
    at += sizes[c]!;
  }
  return out;
}
