// Conversions between JS numbers and the bit patterns of narrow float formats.
// f16 and bf16 round to nearest, ties to even, as IEEE 754 conversion does.

const f32Buf = new Float32Array(1);
const u32Buf = new Uint32Array(f32Buf.buffer);
const f64Buf = new Float64Array(1);
const u64Buf = new BigUint64Array(f64Buf.buffer);

export function f32ToBits(x: number): number {
  f32Buf[0] = x;
  return u32Buf[0]!;
}

export function bitsToF32(bits: number): number {
  u32Buf[0] = bits >>> 0;
  return f32Buf[0]!;
}

export function f64ToBits(x: number): bigint {
  f64Buf[0] = x;
  return u64Buf[0]!;
}

export function bitsToF64(bits: bigint): number {
  u64Buf[0] = BigInt.asUintN(64, bits);
  return f64Buf[0]!;
}

export function bf16ToBits(x: number): number {
  const b = f32ToBits(x);
  if ((b & 0x7f800000) === 0x7f800000 && (b & 0x7fffff) !== 0) return ((b >>> 16) | 0x40) & 0xffff; // quiet NaN
  // Round to nearest even on the 16 dropped bits.
  const lsb = (b >>> 16) & 1;
  return ((b + 0x7fff + lsb) >>> 16) & 0xffff;
}

export function bitsToBf16(bits: number): number {
  return bitsToF32((bits & 0xffff) << 16);
}

export function f16ToBits(x: number): number {
  const b = f32ToBits(x);
  const sign = (b >>> 16) & 0x8000;
  const exp = (b >>> 23) & 0xff;
  const mant = b & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant !== 0 ? 0x200 : 0);
  // Unbiased exponent, rebased to f16's bias of 15.
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    // Subnormal: shift the full significand (with its implicit 1) into place.
    const m = mant | 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    const rest = m & ((1 << shift) - 1);
    let r = m >>> shift;
    if (rest > half || (rest === half && (r & 1) === 1)) r += 1;
    return sign | r;
  }
  let r = (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && (r & 1) === 1)) r += 1; // may carry into the exponent: correct
  return sign | r;
}

export function bitsToF16(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >>> 10) & 0x1f;
  const mant = bits & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

/** Rounds a JS number to the nearest value of the given float format. */
export function roundToFloat(x: number, kind: string): number {
  switch (kind) {
    case 'f32':
    case 'tf32':
      return Math.fround(x);
    case 'f16':
      return bitsToF16(f16ToBits(x));
    case 'bf16':
      return bitsToBf16(bf16ToBits(x));
    default:
      return x;
  }
}

/** Bit pattern of `x` in the given format, as a bigint (for hex printing). */
export function floatToBits(x: number, kind: string): bigint {
  switch (kind) {
    case 'f16':
      return BigInt(f16ToBits(x));
    case 'bf16':
      return BigInt(bf16ToBits(x));
    case 'f32':
    case 'tf32':
      return BigInt(f32ToBits(x));
    default:
      return f64ToBits(x);
  }
}

export function bitsToFloat(bits: bigint, kind: string): number {
  switch (kind) {
    case 'f16':
      return bitsToF16(Number(bits & 0xffffn));
    case 'bf16':
      return bitsToBf16(Number(bits & 0xffffn));
    case 'f32':
    case 'tf32':
      return bitsToF32(Number(bits & 0xffffffffn));
    default:
      return bitsToF64(bits);
  }
}

export function floatByteWidth(kind: string): number {
  return kind === 'f16' || kind === 'bf16' ? 2 : kind === 'f64' ? 8 : 4;
}
